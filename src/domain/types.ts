// Plain data shared by the domain core, the parsers and the store. No I/O, no SDK types.

/** The four moves of the daily check. There is no fifth. */
export type Move = 'stocked' | 'watch' | 'reorder' | 'urgent_reorder';

/** One row of the stock sheet: one item at one location. */
export interface StockItem {
  sku: string;
  name: string;
  /** Defaults to `main`. */
  location: string;
  supplier: string | null;
  category: string | null;
  onHand: number;
  dailySalesRate: number;
  leadTimeDays: number;
  safetyBuffer: number | null;
  packSize: number | null;
  unitCost: number | null;
  pointOverride: number | null;
  /** An order-up-to level; replaces reorder point + days of cover as the target. */
  targetLevel: number | null;
  /** Barcodes or supplier codes. */
  aliases: string[];
  /**
   * The sheet says `auto` for daily_sales_rate, in this file and row: the till's measured rate is used
   * (`dailySalesRate` is 0 until the daily check fills it in), and a row without one is named when it is skipped.
   */
  salesRateFromTill?: { file: string; row: number };
}

/** "N units and P%, or V": material if (|units| > N and |pct| > P) or |value| > V. */
export interface Materiality {
  units: number;
  /** A fraction: 1% is 0.01. */
  percent: number;
  value: number;
}

/** A time of day, minutes after local midnight (0..1439). */
export type MinuteOfDay = number;

export interface QuietHours {
  start: MinuteOfDay;
  end: MinuteOfDay;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** The rules doc, every key resolved to a value (defaults applied). Map keys are lower-cased. */
export interface Rules {
  timezone: string;
  /** null when the rules doc says `quiet hours: none`. */
  quietHours: QuietHours | null;
  urgentIgnoresQuietHours: boolean;
  businessDays: Weekday[];
  /** Local dates, `yyyy-MM-dd`. */
  holidays: string[];
  /** A fraction: 10% is 0.1. */
  watchMargin: number;
  daysOfCover: number;
  /** null when the rules doc says `order cap: none`. */
  orderCap: number | null;
  defaultSafetyBuffer: number;
  skipCooldownDays: number;
  fallbackSupplier: string | null;
  /** category (lower-case) → buffer */
  categoryBuffers: Record<string, number>;
  /** category (lower-case) → supplier name */
  categorySuppliers: Record<string, string>;
  /** sku (lower-case) → supplier name */
  backupSuppliers: Record<string, string>;
  owner: string | null;
  ownerEmail: string | null;
  digestChannel: string | null;
  materiality: Materiality;
  /** location (lower-case) → Slack user id */
  locationApprovers: Record<string, string>;
  /** location (lower-case) → Slack channel id */
  locationChannels: Record<string, string>;
  /** A till's location id (lower-case; `*` for any other, or none) → our location, as written. */
  posLocations: Record<string, string>;
  countReminderDays: number;
  agedVarianceDays: number;
  /** A draft nobody decided within this many days expires, so the item can be drafted afresh. */
  draftExpiryDays: number;
  /** ISO 4217 code, e.g. GBP. */
  currency: string;
  /** Who may mail documents in (`*@your-shop.example`, `alex@gmail.com`), lower-cased; empty means nobody. */
  intakeSenders: string[];
  /** Who gets the monthly summary by email. */
  summaryRecipients: string[];
}

/** One `## Name` section of the supplier doc. */
export interface Supplier {
  name: string;
  email: string | null;
  packSize: number | null;
  minimumOrder: number | null;
  leadTimeDays: number | null;
  /** The PO template; null means the built-in one. */
  template: string | null;
}

/** Suppliers by lower-cased name. */
export type SupplierBook = Record<string, Supplier>;

/**
 * pending (a draft) → approved → on-order (PO emailed) → partly-received → received; or skipped, or expired (a draft
 * nobody decided within the rules doc's `draft expiry days`).
 */
export type OrderStatus = 'pending' | 'approved' | 'on-order' | 'partly-received' | 'received' | 'skipped' | 'expired';

/** An order that keeps the item out of a fresh draft: still awaiting a decision, or approved and in flight. */
export interface OpenOrder {
  orderId: string;
  status: 'pending' | 'approved' | 'on-order' | 'partly-received';
  qty: number;
  supplier: string | null;
  draftDate: string;
  /** Local date the pending draft was last re-surfaced, `yyyy-MM-dd`. */
  resurfacedOn: string | null;
  expectedDate: string | null;
}

/** What the check remembers per item between runs. */
export interface ItemState {
  lastMove: Move | null;
  /** When the item entered `lastMove` (ISO instant). */
  moveSince: string | null;
  /** A skip holds a non-urgent item without a draft until this instant (ISO). */
  skipUntil: string | null;
}

export const itemKey = (location: string, sku: string): string => `${location}#${sku}`;

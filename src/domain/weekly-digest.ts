import { cents } from './numbers';
import type { OrderRecord } from './order-record';
import { localDate } from './quiet-hours';
import { isOverdue } from './receipt';
import type { WatchRow } from './watch-list';

// The weekly digest: what happened to stock this week and what is waiting on someone, computed from stored records.
// Pure: the job gathers the records, this decides what the digest says.

/** A draft skipped this many times in a row suggests its reorder point is wrong. */
export const SKIP_STREAK = 4;

/** A count variance still waiting for its approver, as the digest reads it. */
export interface WaitingVarianceFact {
  sku: string;
  name: string;
  location: string;
  /** The gap's value in the business's currency; null when the item has no unit cost. */
  gapValue: number | null;
  /** When it started waiting (ISO instant). */
  since: string;
  /** The card's permalink, where Approve and Reject are; null when Slack gave none. */
  link: string | null;
  /** The channel the card is in, named when there is no permalink. */
  channel?: string;
}

/** A till line parked because its code or location could not be placed. */
export interface ParkedTillFact {
  code: string;
  qty: number;
  reason: string;
  /** The location the till named, when it named one. */
  location?: string;
  /** When it was parked (ISO instant). */
  since?: string;
}

/** A forwarded mail's proposal waiting for the owner. */
export interface InboxWaitingFact {
  /** The sender's address. */
  from: string;
  subject: string;
  /** Rows proposed. */
  rows: number;
  /** The proposal card's permalink; null when Slack gave none. */
  link: string | null;
  /** The attachments the rows were read from. */
  files?: readonly string[];
}

/** An item whose till-measured sales rate and stock-sheet rate disagree by more than the draft's threshold. */
export interface RateGapFact {
  sku: string;
  name: string;
  location: string;
  /** The stock sheet's `daily_sales_rate`. */
  sheet: number;
  /** The rate the till measured, per day. */
  till: number;
  /** Days of till history the measured rate covers. */
  days: number;
}

/** An item the morning check drafted on the rules doc's fallback supplier (it has no supplier of its own). */
export interface FallbackFact {
  sku: string;
  name: string;
  location: string;
  supplier: string;
}

/** Everything the digest reads: stored records, or plain data taken straight from them. */
export interface DigestFacts {
  /** The week, local dates `yyyy-MM-dd`, Monday to Sunday. */
  from: string;
  to: string;
  /** Today, local: what "overdue" and a variance's age are measured against. */
  today: string;
  /** The business's timezone, so a variance's age is counted in the shop's calendar days (UTC when absent). */
  timezone?: string;
  /** Every order and draft that is or was open (approved, on order, partly received, received, skipped). */
  orders: readonly OrderRecord[];
  /** Skipped streaks per item (its drafts newest first), from the items with a skipped draft. */
  skipHistories: readonly { itemKey: string; name: string; orders: readonly Pick<OrderRecord, 'status'>[] }[];
  /** The last morning check's watch list. */
  watch: readonly WatchRow[];
  /** The last morning check's drafts on the fallback supplier. */
  fallback: readonly FallbackFact[];
  /** The last morning check's till/sheet rate gaps. */
  rateGaps: readonly RateGapFact[];
  /** Count variances waiting for their approver, open and closed counts alike. */
  variances: readonly WaitingVarianceFact[];
  /** Till lines parked, waiting for someone to say which SKU their code is. */
  tillParked: readonly ParkedTillFact[];
  /** Mailed-in proposals waiting for the owner. */
  inboxWaiting: readonly InboxWaitingFact[];
}

/** One order placed this week, as its supplier's line shows it. */
export interface PlacedOrder {
  /** `PO-000123`, else the order's id. */
  po: string;
  sku: string;
  name: string;
  qty: number;
  /** qty × unit cost; null when the draft had no unit cost. */
  total: number | null;
}

/** What was ordered from one supplier this week. */
export interface SupplierSpend {
  supplier: string;
  orders: number;
  /** Priced lines only: an order without a unit cost is counted, not summed. */
  total: number;
  unpriced: number;
  /** The orders themselves, in the order they were placed. */
  placed: PlacedOrder[];
}

/** An order past its expected date with something still to come. */
export interface OverdueDelivery {
  po: string;
  supplier: string;
  sku: string;
  name: string;
  /** The expected local date, `yyyy-MM-dd`. */
  expected: string;
  /** Whole days past the expected date, today included: expected yesterday is 1 day late. */
  daysLate: number;
}

/** An item skipped at least {@link SKIP_STREAK} times in a row. */
export interface SkipStreak {
  itemKey: string;
  sku: string;
  location: string;
  name: string;
  skips: number;
}

/** A waiting variance with its age. */
export type WaitingVariance = WaitingVarianceFact & {
  /** Calendar days it has waited, in the business's timezone. */
  ageDays: number;
};

/** The week's digest: each section as the view lists it, with its totals computed. */
export interface WeeklyDigest {
  from: string;
  to: string;
  /** Spend by supplier, most first. */
  placed: SupplierSpend[];
  /** The week's spend across suppliers (priced orders only). */
  placedTotal: number;
  watch: readonly WatchRow[];
  /** Longest streak first. */
  skipStreaks: SkipStreak[];
  fallback: readonly FallbackFact[];
  /** Most overdue first. */
  overdue: OverdueDelivery[];
  /** Longest waiting first. */
  variances: WaitingVariance[];
  tillParked: readonly ParkedTillFact[];
  inboxWaiting: readonly InboxWaitingFact[];
  rateGaps: readonly RateGapFact[];
  /** Nothing at all to report: the digest is one line. */
  quiet: boolean;
}

const PLACED: readonly OrderRecord['status'][] = ['approved', 'on-order', 'partly-received', 'received'];
const DAY_MS = 86_400_000;
const inWeek = (iso: string | undefined, from: string, to: string) => !!iso && iso.slice(0, 10) >= from && iso.slice(0, 10) <= to;
/** Whole days from one local date to another (negative when `to` is earlier). */
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** The local date an instant falls on; an unreadable instant reads as today (age 0), never as a huge age. */
function dayOf(iso: string, timezone: string, today: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? today : localDate(new Date(t), timezone);
}

/** The digest for one week. */
export function weeklyDigest(f: DigestFacts): WeeklyDigest {
  const bySupplier = new Map<string, SupplierSpend>();
  const placedThisWeek = f.orders
    .filter((o) => PLACED.includes(o.status) && inWeek(o.decided_at, f.from, f.to))
    .sort((a, b) => (a.decided_at ?? '').localeCompare(b.decided_at ?? ''));
  for (const o of placedThisWeek) {
    const supplier = o.supplier ?? 'no supplier';
    const s = bySupplier.get(supplier) ?? { supplier, orders: 0, total: 0, unpriced: 0, placed: [] };
    const total = o.draft.unitCost === null ? null : cents(o.qty * o.draft.unitCost);
    s.orders += 1;
    if (total === null) s.unpriced += 1;
    else s.total = cents(s.total + total);
    s.placed.push({ po: o.po_number ?? o.order_id, sku: o.sku, name: o.draft.name, qty: o.qty, total });
    bySupplier.set(supplier, s);
  }
  const placed = [...bySupplier.values()].sort((a, b) => b.total - a.total || a.supplier.localeCompare(b.supplier));

  const skipStreaks = f.skipHistories
    .map((h) => {
      // Drafts still waiting or expired do not break a streak; anything the owner approved does.
      const decided = h.orders.filter((o) => o.status !== 'pending' && o.status !== 'expired');
      const skips = decided.findIndex((o) => o.status !== 'skipped');
      const [location = '', sku = h.itemKey] = h.itemKey.split('#');
      return { itemKey: h.itemKey, sku, location, name: h.name, skips: skips < 0 ? decided.length : skips };
    })
    .filter((s) => s.skips >= SKIP_STREAK)
    .sort((a, b) => b.skips - a.skips || a.itemKey.localeCompare(b.itemKey));

  const overdue = f.orders
    .filter((o) => isOverdue(o, f.today))
    .map((o) => ({
      po: o.po_number ?? o.order_id,
      supplier: o.supplier ?? 'no supplier',
      sku: o.sku,
      name: o.draft.name,
      expected: o.expected_date ?? '',
      daysLate: daysBetween(o.expected_date ?? f.today, f.today),
    }))
    .sort((a, b) => b.daysLate - a.daysLate || a.po.localeCompare(b.po));

  const timezone = f.timezone ?? 'UTC';
  const variances = f.variances
    .map((v) => ({ ...v, ageDays: Math.max(0, daysBetween(dayOf(v.since, timezone, f.today), f.today)) }))
    .sort((a, b) => b.ageDays - a.ageDays || a.since.localeCompare(b.since));

  const digest: WeeklyDigest = {
    from: f.from,
    to: f.to,
    placed,
    placedTotal: cents(placed.reduce((sum, s) => sum + s.total, 0)),
    watch: f.watch,
    skipStreaks,
    fallback: f.fallback,
    overdue,
    variances,
    tillParked: f.tillParked,
    inboxWaiting: f.inboxWaiting,
    rateGaps: f.rateGaps,
    quiet: false,
  };
  digest.quiet = [placed, f.watch, skipStreaks, f.fallback, overdue, variances, f.tillParked, f.inboxWaiting, f.rateGaps].every(
    (list) => list.length === 0,
  );
  return digest;
}

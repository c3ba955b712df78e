import { cents } from './numbers';
import type { OrderRecord } from './order-record';
import { isOverdue } from './receipt';
import type { WatchRow } from './watch-list';

// The weekly digest: what happened to stock this week and what is waiting on someone, computed from stored records.
// Pure: the job gathers the records, this decides what the digest says.

/** A draft skipped this many times in a row suggests its reorder point is wrong. */
export const SKIP_STREAK = 4;

export interface DigestFacts {
  /** The week, local dates `yyyy-MM-dd`, Monday to Sunday. */
  from: string;
  to: string;
  /** Today, local: what "overdue" is measured against. */
  today: string;
  /** Every order and draft that is or was open (approved, on order, partly received, received, skipped). */
  orders: readonly OrderRecord[];
  /** Skipped streaks per item (its drafts newest first), from the items with a skipped draft. */
  skipHistories: readonly { itemKey: string; name: string; orders: readonly Pick<OrderRecord, 'status'>[] }[];
  watch: readonly WatchRow[];
  fallback: readonly { sku: string; name: string; location: string; supplier: string }[];
  rateGaps: readonly { sku: string; name: string; location: string; sheet: number; till: number; days: number }[];
  variances: readonly { sku: string; name: string; location: string; gapValue: number | null; since: string; link: string | null }[];
  tillParked: readonly { code: string; qty: number; reason: string }[];
  inboxWaiting: readonly { from: string; subject: string; rows: number; link: string | null }[];
}

export interface SupplierSpend {
  supplier: string;
  orders: number;
  /** Priced lines only: an order without a unit cost is counted, not summed. */
  total: number;
  unpriced: number;
}

export interface WeeklyDigest {
  from: string;
  to: string;
  placed: SupplierSpend[];
  placedTotal: number;
  watch: readonly WatchRow[];
  skipStreaks: { itemKey: string; name: string; skips: number }[];
  fallback: DigestFacts['fallback'];
  overdue: { po: string; supplier: string; sku: string; expected: string }[];
  variances: DigestFacts['variances'];
  tillParked: DigestFacts['tillParked'];
  inboxWaiting: DigestFacts['inboxWaiting'];
  rateGaps: DigestFacts['rateGaps'];
  /** Nothing at all to report: the digest is one line. */
  quiet: boolean;
}

const PLACED: readonly OrderRecord['status'][] = ['approved', 'on-order', 'partly-received', 'received'];
const inWeek = (iso: string | undefined, from: string, to: string) => !!iso && iso.slice(0, 10) >= from && iso.slice(0, 10) <= to;

/** The digest for one week. */
export function weeklyDigest(f: DigestFacts): WeeklyDigest {
  const bySupplier = new Map<string, SupplierSpend>();
  for (const o of f.orders) {
    if (!PLACED.includes(o.status) || !inWeek(o.decided_at, f.from, f.to)) continue;
    const supplier = o.supplier ?? 'no supplier';
    const s = bySupplier.get(supplier) ?? { supplier, orders: 0, total: 0, unpriced: 0 };
    s.orders += 1;
    if (o.draft.unitCost === null) s.unpriced += 1;
    else s.total = cents(s.total + o.qty * o.draft.unitCost);
    bySupplier.set(supplier, s);
  }
  const placed = [...bySupplier.values()].sort((a, b) => b.total - a.total || a.supplier.localeCompare(b.supplier));
  const skipStreaks = f.skipHistories
    .map((h) => {
      // Drafts still waiting or expired do not break a streak; anything the owner approved does.
      const decided = h.orders.filter((o) => o.status !== 'pending' && o.status !== 'expired');
      const skips = decided.findIndex((o) => o.status !== 'skipped');
      return { itemKey: h.itemKey, name: h.name, skips: skips < 0 ? decided.length : skips };
    })
    .filter((s) => s.skips >= SKIP_STREAK)
    .sort((a, b) => b.skips - a.skips);
  const overdue = f.orders
    .filter((o) => isOverdue(o, f.today))
    .map((o) => ({ po: o.po_number ?? o.order_id, supplier: o.supplier ?? 'no supplier', sku: o.sku, expected: o.expected_date ?? '' }))
    .sort((a, b) => a.expected.localeCompare(b.expected));
  const digest: WeeklyDigest = {
    from: f.from,
    to: f.to,
    placed,
    placedTotal: cents(placed.reduce((sum, s) => sum + s.total, 0)),
    watch: f.watch,
    skipStreaks,
    fallback: f.fallback,
    overdue,
    variances: f.variances,
    tillParked: f.tillParked,
    inboxWaiting: f.inboxWaiting,
    rateGaps: f.rateGaps,
    quiet: false,
  };
  digest.quiet = [placed, f.watch, skipStreaks, f.fallback, overdue, f.variances, f.tillParked, f.inboxWaiting, f.rateGaps].every(
    (list) => list.length === 0,
  );
  return digest;
}

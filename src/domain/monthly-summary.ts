import { cents } from './numbers';
import type { CountLine } from './count-records';
import type { OrderRecord } from './order-record';

// The monthly summary: what the month cost and how honest the stock stayed, computed from stored records. Pure.

/** What one month's summary reads: stored records, or plain data taken straight from them. */
export interface MonthFacts {
  /** `yyyy-MM`. */
  month: string;
  /** Every order placed or received in the last six months (approved, on order, partly received, received). */
  orders: readonly OrderRecord[];
  /** Drafts of the month, any status: urgent ones say which items hit urgent. */
  drafts: readonly OrderRecord[];
  /** Each morning's items at or below zero on hand, by local date, for the month and the days before it. */
  outOfStock: ReadonlyMap<string, readonly { sku: string; location: string }[]>;
  /** Count lines of sessions opened in the month. */
  countedLines: readonly CountLine[];
  /** Count lines of the last six months, each with when its session opened: for SKUs that keep coming back short. */
  recentLines: readonly (CountLine & { opened_at: string })[];
  /** Names by `location#sku`, for messages. */
  names: ReadonlyMap<string, string>;
}

/** One calendar month's figures: every number the summary states is here or a count or sum of these lists. */
export interface MonthlySummary {
  /** `yyyy-MM`. */
  month: string;
  /** Orders approved in the month, by supplier, most spent first; an order without a unit cost adds nothing. */
  spend: { supplier: string; orders: number; total: number }[];
  spendTotal: number;
  /** The last six months, month by month and supplier by supplier, for the chart. */
  spendHistory: { month: string; supplier: string; amount: number }[];
  /** Items with an urgent draft in the month, one each. */
  urgent: { sku: string; location: string; name: string }[];
  /**
   * Items whose urgent order was received in the month with no morning at zero on hand between the draft and the
   * delivery: the order arrived before the shelf emptied.
   */
  stockoutsAvoided: { sku: string; location: string; name: string }[];
  /** Item-days at or below zero on hand, per item, most first. */
  daysOutOfStock: { sku: string; location: string; name: string; days: number }[];
  /** Lines counted in sessions opened in the month (a line nobody counted is not one). */
  linesCounted: number;
  /** Material variances by likely cause: how many, and their net value (shortages negative). */
  variancesByCause: { cause: string; count: number; value: number }[];
  /** The value of the gaps approvers approved: stock the sheet had wrong, now right. */
  valueCaught: number;
  /** SKUs short in at least 3 of their last 4 counts. */
  repeatShort: { sku: string; location: string; name: string; short: number; of: number }[];
}

const PLACED: readonly OrderRecord['status'][] = ['approved', 'on-order', 'partly-received', 'received'];
const key = (location: string, sku: string) => `${location}#${sku}`;
const byName = (a: { name: string; location: string }, b: { name: string; location: string }) =>
  a.name.localeCompare(b.name) || a.location.localeCompare(b.location);

/** The six months ending with `month`, oldest first. */
export function sixMonths(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return Array.from({ length: 6 }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - (5 - i), 1));
    return d.toISOString().slice(0, 7);
  });
}

/** The month before the local date `today`, `yyyy-MM`. */
export function previousMonth(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
}

/** The summary of one month. */
export function monthlySummary(f: MonthFacts): MonthlySummary {
  const name = (location: string, sku: string) => f.names.get(key(location, sku)) ?? sku;
  const months = sixMonths(f.month);
  const placed = f.orders.filter((o) => PLACED.includes(o.status) && o.decided_at);
  const amount = (o: OrderRecord) => (o.draft.unitCost === null ? 0 : o.qty * o.draft.unitCost);

  const history = new Map<string, number>();
  for (const o of placed) {
    const month = o.decided_at!.slice(0, 7);
    if (!months.includes(month)) continue;
    const k = `${month}\u0000${o.supplier ?? 'No supplier'}`;
    history.set(k, cents((history.get(k) ?? 0) + amount(o)));
  }
  const spendHistory = [...history].map(([k, a]) => {
    const [month, supplier] = k.split('\u0000') as [string, string];
    return { month, supplier, amount: a };
  });
  const bySupplier = new Map<string, { supplier: string; orders: number; total: number }>();
  for (const o of placed.filter((x) => x.decided_at!.startsWith(f.month))) {
    const supplier = o.supplier ?? 'No supplier';
    const s = bySupplier.get(supplier) ?? { supplier, orders: 0, total: 0 };
    s.orders += 1;
    s.total = cents(s.total + amount(o));
    bySupplier.set(supplier, s);
  }
  const spend = [...bySupplier.values()].sort((a, b) => b.total - a.total || a.supplier.localeCompare(b.supplier));

  const urgentDrafts = f.drafts.filter((o) => o.draft.urgent && o.draft_date.startsWith(f.month));
  const urgent = [
    ...new Map(urgentDrafts.map((o) => [o.item_key, { sku: o.sku, location: o.location, name: o.draft.name }])).values(),
  ].sort(byName);
  const ranOut = (o: OrderRecord) => {
    const until = (o.received_at ?? '').slice(0, 10);
    return [...f.outOfStock].some(
      ([date, items]) => date >= o.draft_date && date <= until && items.some((i) => i.sku === o.sku && i.location === o.location),
    );
  };
  // One per item, like `urgent`: two urgent orders for the same item that both arrived in time avoided one stockout.
  const stockoutsAvoided = [
    ...new Map(
      f.orders
        .filter((o) => o.draft.urgent && o.status === 'received' && o.received_at?.startsWith(f.month) && !ranOut(o))
        .map((o) => [o.item_key, { sku: o.sku, location: o.location, name: o.draft.name }]),
    ).values(),
  ].sort(byName);

  const days = new Map<string, number>();
  for (const [date, items] of f.outOfStock) {
    if (!date.startsWith(f.month)) continue;
    for (const i of items) days.set(key(i.location, i.sku), (days.get(key(i.location, i.sku)) ?? 0) + 1);
  }
  const daysOutOfStock = [...days]
    .map(([k, n]) => {
      const [location, sku] = k.split('#') as [string, string];
      return { sku, location, name: name(location, sku), days: n };
    })
    .sort((a, b) => b.days - a.days || a.sku.localeCompare(b.sku));

  const counted = f.countedLines.filter((l) => l.counted !== null);
  const causes = new Map<string, { cause: string; count: number; value: number }>();
  for (const l of counted.filter((x) => x.state === 'material')) {
    const cause = l.cause ?? 'unknown';
    const c = causes.get(cause) ?? { cause, count: 0, value: 0 };
    c.count += 1;
    c.value = cents(c.value + (l.gap_value ?? 0));
    causes.set(cause, c);
  }
  const valueCaught = cents(
    counted.filter((l) => l.variance_status === 'approved').reduce((sum, l) => sum + Math.abs(l.gap_value ?? 0), 0),
  );

  const bySku = new Map<string, (CountLine & { opened_at: string })[]>();
  for (const l of f.recentLines.filter((x) => x.counted !== null))
    bySku.set(key(l.location, l.sku), [...(bySku.get(key(l.location, l.sku)) ?? []), l]);
  const repeatShort = [...bySku]
    .map(([k, lines]) => {
      const last = lines.sort((a, b) => b.opened_at.localeCompare(a.opened_at)).slice(0, 4);
      const [location, sku] = k.split('#') as [string, string];
      return { sku, location, name: name(location, sku), short: last.filter((l) => (l.gap_units ?? 0) < 0).length, of: last.length };
    })
    .filter((r) => r.of >= 3 && r.short >= 3)
    .sort((a, b) => b.short - a.short || a.sku.localeCompare(b.sku));

  return {
    month: f.month,
    spend,
    spendTotal: cents(spend.reduce((s, x) => s + x.total, 0)),
    spendHistory,
    urgent,
    stockoutsAvoided,
    daysOutOfStock,
    linesCounted: counted.length,
    variancesByCause: [...causes.values()].sort((a, b) => b.count - a.count || a.cause.localeCompare(b.cause)),
    valueCaught,
    repeatShort,
  };
}

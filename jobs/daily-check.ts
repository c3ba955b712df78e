import type { DocumentSource } from '../src/adapters/documents';
import type { DeliveryScheduler } from '../src/adapters/scheduler';
import { type Problem, skippedRowLines } from '../src/config/errors';
import type { Deps } from '../src/services/deps';
import { deliverDueDrafts, quietHoursNotifier } from '../src/services/draft-delivery';
import type { DraftNotifier } from '../src/services/owner-notices';
import { moveCountsLine } from '../views/check-report';
import type { JobResult } from './job';
import { decideAll, type CheckResult } from '../src/domain/check';
import { withUnwrittenChanges } from '../src/domain/on-hand';
import { localDate } from '../src/domain/quiet-hours';
import { type DaySales, measuredRate, RATE_MIN_HISTORY_DAYS, ratesDisagree } from '../src/domain/sales-rate';
import type { DraftOrder } from '../src/domain/draft-order';
import { missingSupplierWarnings } from '../src/domain/supplier';
import { watchList } from '../src/domain/watch-list';
import { itemKey, type ItemState, type OpenOrder, type Rules, type StockItem } from '../src/domain/types';
import { mapLimit } from '../src/store/map-limit';
import type { MoveChange } from '../src/store/item-state';
import type { OrderRecord } from '../src/domain/order-record';
import type { Store } from '../src/store/open-store';

export interface DailyCheckDeps {
  documents: DocumentSource;
  /** Not needed for a dry run, which reads and writes no state. */
  store?: Pick<Store, 'orders' | 'state' | 'inventory' | 'pos'>;
  notifier: DraftNotifier;
}

export interface DailyCheckOptions {
  /** Decide every move from the documents alone: no state read, nothing written, nobody notified. */
  dryRun?: boolean;
}

export interface DailyCheckReport extends CheckResult {
  today: string;
  rules: Rules;
  dryRun: boolean;
  /** Drafts this run wrote (a second run the same day writes none). */
  created: OrderRecord[];
  resurfaced: OrderRecord[];
  /** Drafts that were stored but could not be delivered; they stay pending and visible in the store. */
  notifyFailures: { order: OrderRecord; error: string }[];
  /**
   * The problems of the stock sheet rows this check skipped (each row's every problem, in row order): those items
   * were not decided. Every other row was. Empty when the whole sheet was read.
   */
  skippedRows: Problem[];
  /** One line per skipped row first (`stock.csv row 14 skipped: column "on_hand": …`), then the rest. */
  warnings: string[];
}

/** Urgent drafts first, so they sort to the top of the owner's queue. */
const urgentFirst = (a: OrderRecord, b: OrderRecord) => Number(b.draft.urgent) - Number(a.draft.urgent);

/**
 * The daily check: every row of the stock sheet gets one of four moves; reorder and urgent
 * reorder rows get a pending draft, written with a conditional put so a re-run creates nothing twice.
 * Called alike by the Lambda handler, the local scheduler, the CLI and the demo.
 */
export async function dailyCheck(deps: DailyCheckDeps, now: Date, options: DailyCheckOptions = {}): Promise<DailyCheckReport> {
  const dryRun = options.dryRun ?? false;
  // A row with a problem of its own is skipped and reported, so one typo does not stop every other item's order.
  const [sheet, rules, suppliers] = await Promise.all([
    deps.documents.readStockSheetReport(),
    deps.documents.readRules(),
    deps.documents.readSuppliers(),
  ]);
  const today = localDate(now, rules.timezone);
  const store = dryRun ? undefined : deps.store;
  if (!dryRun && !store) throw new Error('the daily check needs a store unless it is a dry run');
  // On hand is the sheet's plus what approved counts and receipts have changed since, not yet written into it.
  const unwritten = store ? withUnwrittenChanges(sheet.items, await store.inventory.pendingSheetWrites()) : sheet.items;
  const sales = store ? await store.pos.salesHistory(today) : new Map<string, SalesHistory>();
  const rated = withTillRates(unwritten, sales, today);
  const items = rated.items;
  const skippedRows = [...sheet.skipped, ...rated.skipped];

  const keys = items.map((i) => itemKey(i.location, i.sku));
  const [openOrders, states] = store
    ? await Promise.all([store.orders.listOpen(), store.state.getMany(keys)])
    : [new Map<string, OpenOrder>(), new Map<string, ItemState>()];

  const result = decideAll({ items, rules, suppliers, openOrders, states, now, today });
  const report: DailyCheckReport = {
    ...result,
    today,
    rules,
    dryRun,
    created: [],
    resurfaced: [],
    notifyFailures: [],
    skippedRows,
    warnings: [...skippedRowLines(skippedRows), ...missingSupplierWarnings(items, rules, suppliers)],
  };
  if (!store) return report;

  // What the till measured goes beside the sheet's rate on a draft, where the two disagree.
  const drafts = result.checks.flatMap((c) => (c.draft ? [withTillRate(c.draft, sales, today)] : []));
  const created = await mapLimit(drafts, 16, (draft) => store.orders.createDraft(draft, today, now));
  report.created = created.filter((o): o is OrderRecord => o !== null).sort(urgentFirst);

  const toResurface = result.checks.flatMap((c) =>
    c.resurfaced ? [{ key: itemKey(c.item.location, c.item.sku), order: c.resurfaced }] : [],
  );
  const resurfaced = await mapLimit(toResurface, 16, ({ key, order }) => store.orders.markResurfaced(key, order.orderId, today));
  report.resurfaced = resurfaced.filter((o): o is OrderRecord => o !== null);

  // An item without a state row is stocked: most items are, most days, so a first check of a big catalogue writes
  // rows only for the few that need watching or ordering, and later checks only for moves that changed.
  const changes: MoveChange[] = result.checks.flatMap((c) => {
    const key = itemKey(c.item.location, c.item.sku);
    const state = states.get(key);
    return (state?.lastMove ?? 'stocked') === c.decision.move ? [] : [{ key, move: c.decision.move, existing: state !== undefined }];
  });
  await store.state.recordMoves(changes, now.toISOString());
  await store.state.recordRun({
    date: today,
    checked_at: now.toISOString(),
    items: items.length,
    counts: result.counts,
    drafts: report.created.length,
    resurfaced: report.resurfaced.length,
    watch: watchList(result.checks),
    ...runFacts(result.checks, sales, today),
  });

  // Notify last: every draft is already stored, so a failed delivery loses nothing and is reported, not dropped.
  const deliveries = [
    ...report.created.map((order) => ({ order, send: () => deps.notifier.draftCreated(order, rules) })),
    ...report.resurfaced.map((order) => ({ order, send: () => deps.notifier.draftResurfaced(order, rules) })),
  ];
  for (const { order, send } of deliveries) {
    try {
      await send();
    } catch (err) {
      report.notifyFailures.push({ order, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return report;
}

export interface OwnersDailyCheckDeps {
  documents: DocumentSource;
  store: Pick<Store, 'orders' | 'state' | 'inventory' | 'pos'>;
  /** The owner's channel: DM, or email when the rules doc has no owner Slack ID. */
  drafts: DraftNotifier;
  /** Wakes the delivery of drafts held over quiet hours (EventBridge on AWS; `stockbot serve` checks every minute). */
  scheduler?: DeliveryScheduler;
}

/**
 * The daily check as the schedule runs it (the `daily-check` function, `stockbot check` with Slack configured):
 * new drafts reach the owner unless quiet hours hold them, and held drafts whose time has come go out too.
 */
export async function ownersDailyCheck(deps: OwnersDailyCheckDeps, now: Date): Promise<{ report: DailyCheckReport; delivered: number }> {
  const clock = () => now;
  const notifier = quietHoursNotifier(deps.drafts, deps.store, clock, deps.scheduler);
  const report = await dailyCheck({ documents: deps.documents, store: deps.store, notifier }, now);
  const delivered = await deliverDueDrafts({ store: deps.store, notifier: deps.drafts }, report.rules, now);
  return { report, delivered };
}

/** Rows listed in the owner's message about skipped rows; the rest are counted. */
const SKIPPED_ROWS_LISTED = 10;
/** A row's line in that message is cut here: a cell can hold thousands of characters, and a DM should stay short. */
const SKIPPED_ROW_CHARS = 300;

/** The owner's message about the stock sheet rows a check skipped: which, why, and that every other item was checked. */
export function skippedRowsMessage(skipped: readonly Problem[], today: string): string {
  const lines = skippedRowLines(skipped);
  const shown = lines
    .slice(0, SKIPPED_ROWS_LISTED)
    .map((line) => `• ${line.length > SKIPPED_ROW_CHARS ? `${line.slice(0, SKIPPED_ROW_CHARS - 1)}…` : line}`);
  if (lines.length > shown.length) shown.push(`…and ${lines.length - shown.length} more`);
  const rows = lines.length === 1 ? '1 row' : `${lines.length} rows`;
  return [`The daily check for ${today} skipped ${rows} of the stock sheet; every other item was checked. To fix:`, ...shown].join('\n');
}

/**
 * The registry's daily check: the owner's drafts, held over quiet hours, and the day in one line. Stock sheet rows
 * the check skipped are told to the owner in one DM (when the rules doc names an owner), since nobody reads a
 * scheduled job's warnings; a DM that fails is a warning, never a failed check.
 */
export async function dailyCheckJob(
  deps: Pick<Deps, 'documents' | 'store' | 'drafts' | 'scheduler' | 'chat'>,
  now: Date,
): Promise<JobResult> {
  const { report, delivered } = await ownersDailyCheck(deps, now);
  const drafts = `${report.created.length} new draft${report.created.length === 1 ? '' : 's'}`;
  const held = delivered > 0 ? `; ${delivered} held draft${delivered === 1 ? '' : 's'} sent` : '';
  const warnings = [
    ...report.warnings,
    ...report.notifyFailures.map((f) => `draft ${f.order.item_key} is stored but was not delivered: ${f.error}`),
  ];
  const owner = report.rules.owner;
  if (report.skippedRows.length > 0 && owner !== null) {
    try {
      await deps.chat.dm(owner, { text: skippedRowsMessage(report.skippedRows, report.today) });
    } catch (err) {
      warnings.push(`the owner was not told about the skipped stock sheet rows: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { summary: `Daily check for ${report.today}: ${moveCountsLine(report.counts)}; ${drafts}${held}.`, warnings };
}

type SalesHistory = { days: DaySales[]; firstSale: string | null };

/** Rows kept per list in a run's record: a digest names a few dozen; a catalogue gone wrong must not fill the row. */
const RUN_LIST_MAX = 500;

/** What the weekly digest and the monthly summary read back from each morning's run. */
function runFacts(checks: CheckResult['checks'], sales: Map<string, SalesHistory>, today: string) {
  const fallback = checks.flatMap((c) =>
    c.draft?.supplierSource === 'fallback' && c.draft.supplier
      ? [{ sku: c.item.sku, name: c.item.name, location: c.item.location, supplier: c.draft.supplier }]
      : [],
  );
  const rateGaps = checks.flatMap((c) => {
    if (c.item.salesRateFromTill) return [];
    const history = sales.get(itemKey(c.item.location, c.item.sku));
    const till = history ? measuredRate(history.days, history.firstSale, today) : null;
    return till && ratesDisagree(c.item.dailySalesRate, till.perDay)
      ? [
          {
            sku: c.item.sku,
            name: c.item.name,
            location: c.item.location,
            sheet: c.item.dailySalesRate,
            till: till.perDay,
            days: till.days,
          },
        ]
      : [];
  });
  const out = checks.filter((c) => c.item.onHand <= 0).map((c) => ({ sku: c.item.sku, location: c.item.location }));
  return {
    fallback: fallback.slice(0, RUN_LIST_MAX),
    rate_gaps: rateGaps.slice(0, RUN_LIST_MAX),
    out_of_stock: out.slice(0, RUN_LIST_MAX),
  };
}

/**
 * Rows whose daily_sales_rate says `auto` take the till's measured rate. One without enough till history is skipped
 * and told, like a row with a bad cell: deciding it on a rate of 0 would never reorder it.
 */
function withTillRates(
  items: readonly StockItem[],
  sales: Map<string, SalesHistory>,
  today: string,
): { items: StockItem[]; skipped: Problem[] } {
  const skipped: Problem[] = [];
  const rated = items.flatMap((item) => {
    if (!item.salesRateFromTill) return [item];
    const history = sales.get(itemKey(item.location, item.sku));
    const till = history ? measuredRate(history.days, history.firstSale, today) : null;
    if (till) return [{ ...item, dailySalesRate: till.perDay }];
    skipped.push({
      ...item.salesRateFromTill,
      field: 'daily_sales_rate',
      message: `"auto" needs ${RATE_MIN_HISTORY_DAYS} days of ${item.sku}'s sales from the till, which has fewer; type a daily rate until it has`,
    });
    return [];
  });
  return { items: rated, skipped };
}

/** The draft, with the till's measured rate when it has one that differs from the sheet's by more than a quarter. */
function withTillRate(draft: DraftOrder, sales: Map<string, SalesHistory>, today: string): DraftOrder {
  const history = sales.get(itemKey(draft.location, draft.sku));
  const till = history ? measuredRate(history.days, history.firstSale, today) : null;
  return till && ratesDisagree(draft.dailySalesRate, till.perDay) ? { ...draft, tillRate: till } : draft;
}

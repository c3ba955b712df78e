import type { KnownBlock, View } from '@slack/types';
import { cents, showQty } from '../src/domain/numbers';
import { localDate } from '../src/domain/quiet-hours';
import { formatMoney } from '../src/domain/money';
import type { WatchRow } from '../src/domain/watch-list';
import type { CountLine, SessionMeta } from '../src/domain/count-records';
import type { OrderRecord } from '../src/domain/order-record';
import { clip, escapeMrkdwn } from './mrkdwn';
import { fitMrkdwn, formatLocalDate, formatWhen } from './mrkdwn';
import { coverLeft, orderLine } from './po-draft-text';
import { causeLabel } from './variance-card';

/** A count not yet closed, with how many of its variances wait for a decision. */
export interface OpenCountRow {
  meta: SessionMeta;
  waiting: number;
}

export interface AppHomeData {
  watch: WatchRow[];
  pending: OrderRecord[];
  onOrder: OrderRecord[];
  /** Counts not yet closed. */
  counts?: OpenCountRow[];
  /** Material variances waiting for this user's sign-off (the locations they approve). */
  variances?: CountLine[];
  currency: string;
  timezone: string;
  now: Date;
}

/** Slack allows 100 blocks in a Home tab. */
const MAX_BLOCKS = 100;

const esc = (text: string, max = 200): string => escapeMrkdwn(clip(text, max));
const count = (n: number): string => n.toLocaleString('en-GB');

interface List<T> {
  title: string;
  rows: T[];
  line: (row: T) => string;
  empty: string;
  /** "…and 12 more drafts" */
  more: (n: number) => string;
}

/**
 * How many rows each list may show within `capacity` blocks: as many as it has, and when that is too many, the
 * room is shared out evenly, a short list's unused share going to the longer ones.
 */
export function shareRows(sizes: number[], capacity: number): number[] {
  const shown = sizes.map(() => 0);
  let left = Math.max(0, capacity);
  let open = sizes.map((_, i) => i).filter((i) => (sizes[i] ?? 0) > 0);
  while (left > 0 && open.length > 0) {
    const each = Math.max(1, Math.floor(left / open.length));
    for (const i of open) {
      const take = Math.min(each, (sizes[i] ?? 0) - (shown[i] ?? 0), left);
      shown[i] = (shown[i] ?? 0) + take;
      left -= take;
    }
    open = open.filter((i) => (shown[i] ?? 0) < (sizes[i] ?? 0));
  }
  return shown;
}

function listBlocks<T>(list: List<T>, shown: number): KnownBlock[] {
  const title = list.rows.length > 0 ? `${list.title} (${count(list.rows.length)})` : list.title;
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: title, emoji: true } }];
  if (list.rows.length === 0) return [...blocks, { type: 'context', elements: [{ type: 'mrkdwn', text: list.empty }] }];
  for (const row of list.rows.slice(0, shown))
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(list.line(row), 3000) } });
  const hidden = list.rows.length - shown;
  if (hidden > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: list.more(hidden) }] });
  return blocks;
}

function draftLine(o: OrderRecord, currency: string): string {
  const d = o.draft;
  const unitCost = d.unitCost;
  const line = orderLine(
    { qty: o.qty, unitCost, total: unitCost === null ? null : cents(o.qty * unitCost), supplier: o.supplier },
    currency,
  );
  const head = `${d.urgent ? ':rotating_light: *Urgent* · ' : ''}*${esc(d.name)}* (${esc(o.sku, 100)}, ${esc(o.location, 100)})`;
  const cover = d.urgent ? ` · ${coverLeft(d.daysOfCoverLeft)}` : '';
  const problem = d.supplierEmail === null ? '\n:warning: Needs a supplier with an email before it can be approved.' : '';
  return `${head}\n${esc(line, 400)} · drafted ${formatLocalDate(o.draft_date)}${cover}${problem}`;
}

function onOrderLine(o: OrderRecord, today: string): string {
  const po = o.po_number ? esc(o.po_number, 40) : 'PO';
  let expected = '';
  if (o.expected_date) {
    const when = formatLocalDate(o.expected_date);
    expected =
      o.expected_date < today
        ? ` · :warning: overdue, expected ${when}`
        : o.expected_date === today
          ? ' · expected today'
          : ` · expected ${when}`;
  }
  return `*${esc(o.draft.name)}* (${esc(o.sku, 100)}, ${esc(o.location, 100)})\n${po}: ${o.qty} from ${esc(o.supplier ?? 'no supplier')}${expected}`;
}

function countLine(c: OpenCountRow, timezone: string): string {
  const where = c.meta.channel ? ` in <#${c.meta.channel}>` : '';
  const waiting = c.waiting > 0 ? ` · ${c.waiting} variance${c.waiting === 1 ? '' : 's'} waiting` : '';
  return `*${esc(c.meta.location, 100)}*: count ${esc(c.meta.session_id, 60)}${where}, ${c.meta.session_status}, opened ${formatWhen(c.meta.opened_at, timezone)}${waiting}`;
}

function varianceLine(l: CountLine, currency: string): string {
  const value = l.gap_value === null || l.gap_value === undefined ? '' : `, ${formatMoney(l.gap_value, currency).replace('-', '−')}`;
  const held = l.variance_status === 'held' ? ' · :warning: stock moved since the count: choose on the card' : '';
  return `*${esc(l.name)}* (${esc(l.sku, 100)}, ${esc(l.location, 100)}): counted ${showQty(l.counted ?? 0)} vs ${showQty(l.system)}${value} · ${esc(causeLabel(l.cause))}${held}`;
}

const watchLine = (w: WatchRow): string =>
  `*${esc(w.name)}* (${esc(w.sku, 100)}, ${esc(w.location, 100)}): ${showQty(w.onHand)} on hand, reorder point ${showQty(w.reorderPoint)}`;

/** Urgent first; within that the order given (the store lists newest first). */
const urgentFirst = (orders: OrderRecord[]): OrderRecord[] =>
  orders
    .map((o, i) => ({ o, i }))
    .sort((a, b) => Number(b.o.draft.urgent) - Number(a.o.draft.urgent) || a.i - b.i)
    .map(({ o }) => o);

/** Earliest expected first (overdue at the top); orders with no expected date last. */
const byExpected = (orders: OrderRecord[]): OrderRecord[] =>
  [...orders].sort((a, b) => (a.expected_date ?? '9999').localeCompare(b.expected_date ?? '9999'));

/** Closest to the reorder point first. */
const closestFirst = (rows: WatchRow[]): WatchRow[] => [...rows].sort((a, b) => a.onHand - a.reorderPoint - (b.onHand - b.reorderPoint));

/**
 * App Home: drafts waiting for the owner (urgent first), orders on order with their PO and expected date, items on
 * watch, the count variances waiting for this user's sign-off, and the counts open. Long lists are cut to keep within Slack's 100 blocks, each saying how many it left out.
 */
export function appHomeView(data: AppHomeData): View {
  const today = localDate(data.now, data.timezone);
  const lists = [
    {
      title: 'Drafts waiting for you',
      rows: urgentFirst(data.pending),
      line: (o: OrderRecord) => draftLine(o, data.currency),
      empty: 'Nothing waiting — every item is stocked or on order.',
      more: (n: number) => `…and ${count(n)} more draft${n === 1 ? '' : 's'}: each one is in your DMs with Approve / Edit / Skip.`,
    } satisfies List<OrderRecord>,
    {
      title: 'On order',
      rows: byExpected(data.onOrder),
      line: (o: OrderRecord) => onOrderLine(o, today),
      empty: 'Nothing on order right now.',
      more: (n: number) => `…and ${count(n)} more order${n === 1 ? '' : 's'} on the way.`,
    } satisfies List<OrderRecord>,
    {
      title: 'On watch',
      rows: closestFirst(data.watch),
      line: watchLine,
      empty: 'Nothing on watch — every item is comfortably above its reorder point.',
      more: (n: number) => `…and ${count(n)} more item${n === 1 ? '' : 's'} close to the reorder point.`,
    } satisfies List<WatchRow>,
    {
      title: 'Variances waiting for your sign-off',
      rows: data.variances ?? [],
      line: (l: CountLine) => varianceLine(l, data.currency),
      empty: 'No count variance waits for you.',
      more: (n: number) => `…and ${count(n)} more: each has a card in its count's thread.`,
    } satisfies List<CountLine>,
    {
      title: 'Counts open',
      rows: data.counts ?? [],
      line: (c: OpenCountRow) => countLine(c, data.timezone),
      empty: 'No counts open. Type `/count` in any channel to start one.',
      more: (n: number) => `…and ${count(n)} more: \`/count status\` lists them all.`,
    } satisfies List<OpenCountRow>,
  ] as const;

  // Besides the rows: the "updated" line, a header per list, the dividers, and per list at most one more line
  // (its empty state or its "…and N more").
  const fixed = 1 + lists.length + (lists.length - 1) + lists.length;
  const sizes = lists.map((l) => l.rows.length);
  const total = sizes.reduce((a, b) => a + b, 0);
  const shown = total + fixed <= MAX_BLOCKS ? sizes : shareRows(sizes, MAX_BLOCKS - fixed);

  const [drafts, onOrder, watch, variances, counts] = lists;
  // The order people act in: decisions first (drafts, variances), then what is in flight, then what to keep an eye on.
  const sections = [
    listBlocks(drafts, shown[0] ?? 0),
    listBlocks(variances, shown[3] ?? 0),
    listBlocks(onOrder, shown[1] ?? 0),
    listBlocks(counts, shown[4] ?? 0),
    listBlocks(watch, shown[2] ?? 0),
  ];
  return {
    type: 'home',
    blocks: [
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Updated ${formatWhen(data.now.toISOString(), data.timezone)}` }] },
      ...sections.flatMap((blocks, i): KnownBlock[] => (i > 0 ? [{ type: 'divider' }, ...blocks] : blocks)),
    ],
  };
}

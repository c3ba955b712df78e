import type { Button, KnownBlock, View } from '@slack/types';
import { cents, showQty } from '../src/domain/numbers';
import { localDate } from '../src/domain/quiet-hours';
import { formatMoney } from '../src/domain/money';
import type { WatchRow } from '../src/domain/watch-list';
import type { CountLine, SessionMeta } from '../src/domain/count-records';
import type { OrderRecord } from '../src/domain/order-record';
import type { ParkedTillLine } from '../src/domain/pos';
import { ACTION, encodeOrderRef } from './ids';
import { button, clip, escapeMrkdwn, fitMrkdwn, formatLocalDate, formatWhen } from './mrkdwn';
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
  /** The owner's: till lines stockbot could not place, oldest first. */
  parkedTill?: (ParkedTillLine & { sk: string })[];
  /** Material variances waiting for this user's sign-off (the locations they approve). */
  variances?: CountLine[];
  currency: string;
  timezone: string;
  now: Date;
  /** Whether the person looking is the owner (only the owner records deliveries); true when not given. */
  isOwner?: boolean;
}

/** Slack allows 100 blocks in a Home tab. */
const MAX_BLOCKS = 100;

const esc = (text: string, max = 200): string => escapeMrkdwn(clip(text, max));
const count = (n: number): string => n.toLocaleString('en-GB');

interface List<T> {
  title: string;
  rows: T[];
  line: (row: T) => string;
  /** One button beside the row (a section accessory). */
  accessory?: (row: T) => Button | null;
  /** Buttons under the row (one more block per row). */
  actions?: (row: T) => Button[];
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
  for (const row of list.rows.slice(0, shown)) {
    const accessory = list.accessory?.(row) ?? null;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(list.line(row), 3000) }, ...(accessory ? { accessory } : {}) });
    const buttons = list.actions?.(row) ?? [];
    if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });
  }
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
  const received = o.received_qty ? ` · ${showQty(o.received_qty)} received so far` : '';
  return `*${esc(o.draft.name)}* (${esc(o.sku, 100)}, ${esc(o.location, 100)})\n${po}: ${o.qty} from ${esc(o.supplier ?? 'no supplier')}${received}${expected}`;
}

function countLine(c: OpenCountRow, timezone: string): string {
  const where = c.meta.channel ? ` in <#${c.meta.channel}>` : '';
  const waiting = c.waiting > 0 ? ` · ${c.waiting} variance${c.waiting === 1 ? '' : 's'} waiting` : '';
  return `*${esc(c.meta.location, 100)}*: count ${esc(c.meta.session_id, 60)}${where}, ${c.meta.session_status}, opened ${formatWhen(c.meta.opened_at, timezone)}${waiting}`;
}

function varianceLine(l: CountLine, currency: string): string {
  const value = l.gap_value === null || l.gap_value === undefined ? '' : `, ${formatMoney(l.gap_value, currency).replace('-', '−')}`;
  const held = l.variance_status === 'held' ? ' · :warning: stock moved since the count: choose on the card' : '';
  const where = l.card
    ? l.card.link
      ? `\n<${l.card.link}|Open its card> to approve or reject (count ${esc(l.session_id, 60)}, <#${l.card.channel}>).`
      : `\nIts card, with Approve and Reject, is in <#${l.card.channel}> (count ${esc(l.session_id, 60)}).`
    : '';
  return `*${esc(l.name)}* (${esc(l.sku, 100)}, ${esc(l.location, 100)}): counted ${showQty(l.counted ?? 0)} vs ${showQty(l.system)}${value} · ${esc(causeLabel(l.cause))}${held}${where}`;
}

const watchLine = (w: WatchRow): string =>
  `*${esc(w.name)}* (${esc(w.sku, 100)}, ${esc(w.location, 100)}): ${showQty(w.onHand)} on hand, reorder point ${showQty(w.reorderPoint)}`;

const refOf = (o: OrderRecord): string => encodeOrderRef({ itemKey: o.item_key, orderId: o.order_id });

/** The same three decisions as the draft's DM (Skip asks first), so the owner can work through the list here. */
function draftButtons(o: OrderRecord): Button[] {
  const value = refOf(o);
  return [
    ...(o.draft.supplierEmail === null ? [] : [button(ACTION.approvePo, 'Approve', value, 'primary')]),
    button(ACTION.editPo, 'Edit', value),
    button(ACTION.skipPo, 'Skip', value, undefined, {
      title: 'Skip this order?',
      text: `Nothing is ordered, and ${esc(o.draft.name, 100)} is not drafted again until the skip cooldown ends.`,
      confirm: 'Skip',
    }),
  ];
}

const INTRO_BLOCKS = 2;

/** What stockbot does, in two lines, and the way to start a count from here. */
function intro(): KnownBlock[] {
  return [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text:
          '*stockbot keeps your stock honest.* Every business morning it checks each item and drafts purchase orders ' +
          "for the owner to approve; counts are reconciled against the stock sheet for each location's manager to sign " +
          'off. Nothing is ordered or adjusted without a tap.',
      },
    },
    { type: 'actions', elements: [button(ACTION.openCount, 'Open a count', 'home')] },
  ];
}

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
      actions: (o: OrderRecord) => draftButtons(o),
      empty: 'Nothing waiting — every item is stocked or on order.',
      more: (n: number) => `…and ${count(n)} more draft${n === 1 ? '' : 's'}: each one is in your DMs with Approve / Edit / Skip.`,
    } satisfies List<OrderRecord>,
    {
      title: 'On order',
      rows: byExpected(data.onOrder),
      line: (o: OrderRecord) => onOrderLine(o, today),
      // Only the owner records deliveries: anyone else sees the list without the button.
      accessory: (o: OrderRecord) => (data.isOwner === false ? null : button(ACTION.markReceived, 'Mark received', refOf(o))),
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
      title: 'Till lines that need you',
      // The owner's alone, and only when there is something to fix: most shops never see this list.
      rows: data.isOwner === false ? [] : (data.parkedTill ?? []),
      line: (p: ParkedTillLine & { sk: string }) => parkedTillLine(p, data.timezone),
      accessory: (p: ParkedTillLine & { sk: string }) => button(ACTION.fixTill, 'Fix', p.sk),
      empty: 'Every line the tills sent was applied.',
      more: (n: number) => `…and ${count(n)} more till line${n === 1 ? '' : 's'} waiting.`,
    } satisfies List<ParkedTillLine & { sk: string }>,
    {
      title: 'Counts open',
      rows: data.counts ?? [],
      line: (c: OpenCountRow) => countLine(c, data.timezone),
      empty: 'No counts open. Type `/count` in any channel to start one.',
      more: (n: number) => `…and ${count(n)} more: \`/count status\` lists them all.`,
    } satisfies List<OpenCountRow>,
  ] as const;

  // Besides the rows: the intro and its button, the "updated" line, a header per list, the dividers, and per list at
  // most one more line (its empty state or its "…and N more"). A row with buttons under it takes two blocks.
  // The till lines' heading is shown only when there are some.
  const tillShown = lists[4].rows.length > 0;
  const showing = lists.length - (tillShown ? 0 : 1);
  const fixed = INTRO_BLOCKS + 1 + showing + (showing - 1) + showing;
  const sizes = lists.map((l) => l.rows.length);
  const cost = lists.map((l) => ('actions' in l ? 2 : 1));
  const blocksFor = (rows: number[]) => rows.reduce((sum, n, i) => sum + n * (cost[i] ?? 1), 0);
  const shown = blocksFor(sizes) + fixed <= MAX_BLOCKS ? sizes : shareRows(sizes, MAX_BLOCKS - fixed);
  // shareRows counts one block a row: give back rows from the longest two-block list until the blocks fit.
  while (blocksFor(shown) + fixed > MAX_BLOCKS) {
    const i = shown.reduce(
      (best, n, j) => ((cost[j] ?? 1) > 1 && n > (shown[best] ?? 0) ? j : best),
      cost.findIndex((c) => c > 1),
    );
    if (i < 0 || (shown[i] ?? 0) === 0) break;
    shown[i] = (shown[i] ?? 0) - 1;
  }

  const [drafts, onOrder, watch, variances, parkedTill, counts] = lists;
  // The order people act in: decisions first (drafts, variances), then what is in flight, then what to keep an eye on.
  const sections = [
    listBlocks(drafts, shown[0] ?? 0),
    listBlocks(variances, shown[3] ?? 0),
    listBlocks(onOrder, shown[1] ?? 0),
    listBlocks(counts, shown[5] ?? 0),
    listBlocks(watch, shown[2] ?? 0),
    ...(tillShown ? [listBlocks(parkedTill, shown[4] ?? 0)] : []),
  ];
  return {
    type: 'home',
    blocks: [
      ...intro(),
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Updated ${formatWhen(data.now.toISOString(), data.timezone)}` }] },
      ...sections.flatMap((blocks, i): KnownBlock[] => (i > 0 ? [{ type: 'divider' }, ...blocks] : blocks)),
    ],
  };
}

const TILL_NAME: Record<ParkedTillLine['format'], string> = { generic: 'the till', shopify: 'Shopify', square: 'Square' };

/** `*NOT-A-SKU* × 2 sold, from Shopify at 10:00 on 23 Nov: no item in the stock sheet has the SKU or alias "NOT-A-SKU"` */
function parkedTillLine(p: ParkedTillLine, timezone: string): string {
  const what = { sale: 'sold', refund: 'returned', received: 'received', count: 'counted', cancel: 'cancelled' }[p.line.kind];
  return `*${escapeMrkdwn(clip(p.line.code, 80))}* × ${p.line.qty} ${what}, from ${TILL_NAME[p.format]} at ${formatWhen(p.at, timezone)}: ${escapeMrkdwn(clip(p.reason, 300))}`;
}

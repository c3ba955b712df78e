import type { KnownBlock, View } from '@slack/types';
import { showQty } from '../src/domain/numbers';
import type { OrderRecord } from '../src/store/orders';
import { clip, escapeMrkdwn as esc } from './mrkdwn';
import { orderLine } from './po-draft-text';

export interface AppHomeData {
  watch: { sku: string; name: string; location: string; onHand: number; reorderPoint: number }[];
  pending: OrderRecord[];
  onOrder: OrderRecord[];
  currency: string;
  timezone: string;
  now: Date;
}

/** Slack allows 100 blocks in a Home tab; each list keeps to its share and says how many it left out. */
const PER_LIST = 28;

function list<T>(title: string, rows: T[], line: (row: T) => string, empty: string): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: title } }];
  if (rows.length === 0) return [...blocks, { type: 'context', elements: [{ type: 'mrkdwn', text: empty }] }];
  for (const row of rows.slice(0, PER_LIST)) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(line(row), 3000) } });
  if (rows.length > PER_LIST) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${rows.length - PER_LIST} more` }] });
  return blocks;
}

/** App Home: drafts waiting, orders on order with expected dates, items on watch. */
export function appHomeView(data: AppHomeData): View {
  const pending = [...data.pending].sort((a, b) => Number(b.draft.urgent) - Number(a.draft.urgent));
  const priced = (o: OrderRecord) => ({ qty: o.qty, unitCost: o.draft.unitCost, total: o.draft.unitCost === null ? null : Math.round(o.qty * o.draft.unitCost * 100) / 100, supplier: o.supplier });
  return {
    type: 'home',
    blocks: [
      ...list(
        'Drafts waiting for you',
        pending,
        (o) => `${o.draft.urgent ? ':rotating_light: ' : ''}*${esc(o.draft.name)}* (${esc(o.sku)}, ${esc(o.location)}): ${esc(orderLine(priced(o), data.currency))}`,
        'Nothing waiting: every item is stocked, on watch or on order.',
      ),
      { type: 'divider' },
      ...list(
        'On order',
        data.onOrder,
        (o) => `*${esc(o.draft.name)}* (${esc(o.sku)}): ${o.po_number ?? 'PO'} for ${o.qty} from ${esc(o.supplier ?? '—')}${o.expected_date ? `, expected ${o.expected_date}` : ''}`,
        'No orders on the way.',
      ),
      { type: 'divider' },
      ...list(
        'On watch',
        data.watch,
        (w) => `*${esc(w.name)}* (${esc(w.sku)}, ${esc(w.location)}): ${showQty(w.onHand)} on hand, reorder point ${showQty(w.reorderPoint)}`,
        'Nothing close to its reorder point.',
      ),
    ],
  };
}

import type { KnownBlock } from '@slack/types';
import { formatMoney } from '../src/domain/money';
import { showQty } from '../src/domain/numbers';
import type { OrderRecord } from '../src/store/orders';
import { ACTION, encodeOrderRef } from './ids';
import { clip, escapeMrkdwn as esc } from './mrkdwn';
import { coverLeft, orderLine } from './po-draft-text';

export interface PoDraftOptions {
  currency: string;
  timezone: string;
  ownerId?: string | null;
}

const timeIn = (iso: string, timezone: string): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'short', hour12: false })
    .format(new Date(iso))
    .replace(',', '');

function editedLine(order: OrderRecord): string | null {
  const e = order.edited;
  if (!e) return null;
  const parts = [
    e.qty !== undefined ? `qty ${order.draft.qty} → ${e.qty}` : null,
    e.supplier !== undefined ? `supplier ${esc(order.draft.supplier ?? 'none')} → ${esc(e.supplier)}` : null,
    e.note !== undefined ? 'note added' : null,
  ].filter(Boolean);
  return parts.length ? `Edited: ${parts.join(', ')}` : null;
}

/** The state line under a decided draft: who did what, and what happened to the PO. */
function statusLine(order: OrderRecord, opts: PoDraftOptions): string | null {
  const by = order.decided_by ? (order.decided_by.includes('@') ? esc(order.decided_by) : `<@${order.decided_by}>`) : 'the owner';
  switch (order.status) {
    case 'approved':
      return order.send_error
        ? `:warning: Approved by ${by}, but the PO email has not gone yet: ${esc(order.send_error)}`
        : `:hourglass_flowing_sand: Approved by ${by} — sending the PO…`;
    case 'on-order':
      return (
        `:white_check_mark: PO ${order.po_number ?? ''} emailed to ${esc(order.sent_to ?? 'the supplier')}` +
        (order.sent_at ? ` at ${timeIn(order.sent_at, opts.timezone)}` : '') +
        (order.expected_date ? `; expected ${order.expected_date}` : '') +
        ` (approved by ${by})`
      );
    case 'skipped':
      return order.draft.urgent
        ? `:fast_forward: Skipped by ${by}. Urgent items are drafted again at the next check.`
        : `:fast_forward: Skipped by ${by}; no new draft before ${order.skip_until ? timeIn(order.skip_until, opts.timezone) : 'the cooldown ends'}.`;
    case 'received':
      return `:package: Received.`;
    default:
      return null;
  }
}

/**
 * The owner's DM for one draft (seed 000 part 4): item, quantity, cost, supplier, on hand, sales rate, the arithmetic,
 * and, while pending, Approve / Edit / Skip. After a decision the same message is redrawn without live buttons.
 */
export function poDraftMessage(order: OrderRecord, opts: PoDraftOptions): { text: string; blocks: KnownBlock[] } {
  const d = order.draft;
  const value = encodeOrderRef({ itemKey: order.item_key, orderId: order.order_id });
  const priced = { qty: order.qty, unitCost: d.unitCost, total: d.unitCost === null ? null : Math.round(order.qty * d.unitCost * 100) / 100, supplier: order.supplier };
  const text = clip(`${d.urgent ? 'URGENT reorder' : 'Reorder'}: ${d.name} — ${orderLine(priced, opts.currency)}`, 3000);

  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(`${d.urgent ? ':rotating_light: *Urgent reorder*' : '*Reorder*'} — *${esc(d.name)}* (\`${esc(d.sku)}\`) at ${esc(d.location)}`, 3000),
      },
      fields: [
        { type: 'mrkdwn', text: `*Quantity*\n${order.qty}` },
        { type: 'mrkdwn', text: `*Unit cost*\n${d.unitCost === null ? 'not set' : formatMoney(d.unitCost, opts.currency)}` },
        { type: 'mrkdwn', text: `*Total*\n${priced.total === null ? '—' : formatMoney(priced.total, opts.currency)}` },
        { type: 'mrkdwn', text: clip(`*Supplier*\n${esc(order.supplier ?? 'none')}${d.supplierEmail && order.supplier === d.supplier ? `\n${esc(d.supplierEmail)}` : ''}`, 2000) },
        { type: 'mrkdwn', text: `*On hand*\n${showQty(d.onHand)}${d.urgent ? ` (${coverLeft(d.daysOfCoverLeft)})` : ''}` },
        { type: 'mrkdwn', text: `*Sells*\n~${showQty(d.dailySalesRate)}/day` },
      ],
    },
    {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: clip(`Reorder point: ${esc(d.pointArithmetic)}`, 2000) },
        { type: 'mrkdwn', text: clip(`Quantity: ${esc(d.quantityArithmetic)}${d.capped ? ' — *capped* by the order cap' : ''}`, 2000) },
      ],
    },
  ];
  const edited = editedLine(order);
  if (edited) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(edited, 2000) }] });

  if (order.status === 'pending') {
    const blocking = d.supplierEmail === null;
    if (d.problems.length > 0) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(`:warning: ${d.problems.map(esc).join('\n:warning: ')}`, 3000) } });
    }
    blocks.push({
      type: 'actions',
      elements: [
        ...(blocking ? [] : [{ type: 'button' as const, action_id: ACTION.approvePo, text: { type: 'plain_text' as const, text: 'Approve' }, style: 'primary' as const, value }]),
        { type: 'button', action_id: ACTION.editPo, text: { type: 'plain_text', text: 'Edit' }, value },
        { type: 'button', action_id: ACTION.skipPo, text: { type: 'plain_text', text: 'Skip' }, value },
      ],
    });
  } else {
    const line = statusLine(order, opts);
    if (line) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(line, 3000) } });
    if (order.status === 'approved' && order.send_error) {
      blocks.push({ type: 'actions', elements: [{ type: 'button', action_id: ACTION.retryPo, text: { type: 'plain_text', text: 'Retry sending' }, value }] });
    }
  }
  return { text, blocks };
}

import type { KnownBlock } from '@slack/types';
import { chaseEmailText } from '../src/domain/chase-text';
import type { OrderRecord } from '../src/domain/order-record';
import { stillToCome } from '../src/domain/receipt';
import { ACTION, encodeOrderRef } from './ids';
import { button, clip, escapeMrkdwn, fitMrkdwn, formatLocalDate } from './mrkdwn';

const esc = (text: string, max = 200): string => escapeMrkdwn(clip(text, max));

/**
 * The owner's reminder about an order past its expected date: what is late and by how much, Mark received for a
 * delivery that came but was not booked in, and a ready "where is my order?" email to the supplier, sent only on a
 * tap (the dialog shows it first).
 */
export function overdueReminder(order: OrderRecord, supplierName: string | null): { text: string; blocks: KnownBlock[] } {
  const po = order.po_number ?? 'PO';
  const value = encodeOrderRef({ itemKey: order.item_key, orderId: order.order_id });
  const expected = order.expected_date ? formatLocalDate(order.expected_date) : 'by now';
  const text = `Overdue: ${po}, ${stillToCome(order)} x ${order.draft.name} from ${order.supplier ?? 'the supplier'}, expected ${expected}`;
  const lines =
    `:warning: *Overdue*: ${esc(po, 40)}, *${esc(order.draft.name)}* (${esc(order.sku, 100)}, ${esc(order.location, 100)})\n` +
    `${stillToCome(order)} of ${order.qty} still to come from ${esc(order.supplier ?? 'the supplier')}, expected ${expected}.\n` +
    'Arrived already? Mark it received. Otherwise, ask the supplier where it is.';
  const chase = supplierName ? chaseEmailText(order, supplierName) : null;
  return {
    text: fitMrkdwn(esc(text, 400), 3000),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(lines, 3000) } },
      {
        type: 'actions',
        elements: [
          button(ACTION.markReceived, 'Mark received', value, 'primary'),
          ...(chase
            ? [
                button(ACTION.chasePo, 'Ask the supplier', value, undefined, {
                  title: 'Email the supplier?',
                  text: `stockbot emails ${esc(supplierName ?? '', 80)}: “${esc(chase.subject, 150)}”`,
                  confirm: 'Send the email',
                }),
              ]
            : []),
        ],
      },
    ],
  };
}

import type { View } from '@slack/types';
import type { OrderRecord } from '../src/domain/order-record';
import { stillToCome } from '../src/domain/receipt';
import { encodeOrderRef, RECEIVE_BLOCK, RECEIVE_INPUT, VIEW } from './ids';
import { clip } from './mrkdwn';

/** The Mark received modal: how many arrived (what is still to come, by default) and an optional note. */
export function receiveModal(order: OrderRecord): View {
  const remaining = stillToCome(order);
  const po = order.po_number ?? 'this order';
  return {
    type: 'modal',
    callback_id: VIEW.receiveOrder,
    private_metadata: encodeOrderRef({ itemKey: order.item_key, orderId: order.order_id }),
    title: { type: 'plain_text', text: 'Mark received' },
    submit: { type: 'plain_text', text: 'Record receipt' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: clip(
            `*${order.draft.name}* (${order.sku}, ${order.location}), ${po}: ${order.qty} ordered` +
              (order.received_qty ? `, ${order.received_qty} already received` : '') +
              '. What arrived is added to on hand in the stock sheet.',
            3000,
          ),
        },
      },
      {
        type: 'input',
        block_id: RECEIVE_BLOCK.qty,
        label: { type: 'plain_text', text: 'Quantity received (eaches)' },
        element: { type: 'plain_text_input', action_id: RECEIVE_INPUT.qty, initial_value: String(remaining || order.qty) },
      },
      {
        type: 'input',
        block_id: RECEIVE_BLOCK.note,
        optional: true,
        label: { type: 'plain_text', text: 'Note' },
        element: {
          type: 'plain_text_input',
          action_id: RECEIVE_INPUT.note,
          max_length: 500,
          placeholder: { type: 'plain_text', text: 'e.g. two boxes damaged, rest to follow' },
        },
      },
    ],
  };
}

/** What was typed, pulled out of `view.state.values`: missing fields come back empty, never throw. */
export function readReceiveSubmission(values: unknown): { qty: string; note: string } {
  const field = (block: string, action: string): string => {
    const v = (values as Record<string, Record<string, { value?: unknown }>> | undefined)?.[block]?.[action]?.value;
    return typeof v === 'string' ? v.trim() : '';
  };
  return { qty: field(RECEIVE_BLOCK.qty, RECEIVE_INPUT.qty), note: field(RECEIVE_BLOCK.note, RECEIVE_INPUT.note) };
}

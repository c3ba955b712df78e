import type { View } from '@slack/types';
import type { OrderRecord } from '../src/store/orders';
import { EDIT_BLOCK, EDIT_INPUT, VIEW, encodeOrderRef } from './ids';
import { clip } from './mrkdwn';

/** The Edit modal: quantity, supplier (the resolved one, plus the rules doc's faster backup) and a note. */
export function poEditModal(order: OrderRecord, opts: { currency: string; backupSupplier?: string | null; suppliers: string[] }): View {
  const g = order.draft.gates;
  const rules = [`packs of ${g.packSize}`, g.minimumOrder ? `minimum ${g.minimumOrder}` : null, g.orderCap ? `cap ${g.orderCap}` : null].filter(Boolean).join(', ');
  const names = [...new Set([order.supplier, ...opts.suppliers, opts.backupSupplier].filter((s): s is string => Boolean(s)))].slice(0, 100);
  const option = (name: string) => ({
    text: { type: 'plain_text' as const, text: clip(name === opts.backupSupplier ? `${name} (faster backup)` : name, 75) },
    value: clip(name, 150),
  });
  return {
    type: 'modal',
    callback_id: VIEW.editPo,
    private_metadata: encodeOrderRef({ itemKey: order.item_key, orderId: order.order_id }),
    title: { type: 'plain_text', text: 'Edit purchase order' },
    submit: { type: 'plain_text', text: 'Approve & send' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: clip(`*${order.draft.name}* (${order.sku}) at ${order.location}`, 3000) } },
      {
        type: 'input',
        block_id: EDIT_BLOCK.qty,
        label: { type: 'plain_text', text: 'Quantity' },
        hint: { type: 'plain_text', text: clip(`Order in ${rules}.`, 150) },
        element: { type: 'plain_text_input', action_id: EDIT_INPUT.qty, initial_value: String(order.qty) },
      },
      ...(names.length > 0
        ? [
            {
              type: 'input' as const,
              block_id: EDIT_BLOCK.supplier,
              label: { type: 'plain_text' as const, text: 'Supplier' },
              element: {
                type: 'static_select' as const,
                action_id: EDIT_INPUT.supplier,
                options: names.map(option),
                ...(order.supplier ? { initial_option: option(order.supplier) } : {}),
              },
            },
          ]
        : []),
      {
        type: 'input',
        block_id: EDIT_BLOCK.note,
        optional: true,
        label: { type: 'plain_text', text: 'Note to the supplier' },
        element: { type: 'plain_text_input', action_id: EDIT_INPUT.note, multiline: true, max_length: 500 },
      },
    ],
  };
}

type StateValues = Record<string, Record<string, { value?: string | null; selected_option?: { value?: string } | null }>>;

/** What the owner typed, pulled out of `view.state.values`; missing fields come back empty, never throw. */
export function readEditSubmission(values: StateValues): { qty: string; supplier: string | null; note: string } {
  return {
    qty: values[EDIT_BLOCK.qty]?.[EDIT_INPUT.qty]?.value ?? '',
    supplier: values[EDIT_BLOCK.supplier]?.[EDIT_INPUT.supplier]?.selected_option?.value ?? null,
    note: values[EDIT_BLOCK.note]?.[EDIT_INPUT.note]?.value ?? '',
  };
}

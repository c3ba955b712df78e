import type { OrderRecord } from './order-record';

/** The "where is my order?" email to a supplier: plain words, the PO, what is still to come and when it was due. */
export function chaseEmailText(
  order: Pick<OrderRecord, 'po_number' | 'qty' | 'received_qty' | 'sku' | 'expected_date' | 'sent_at'> & { draft: { name: string } },
  supplierName: string,
): { subject: string; text: string } {
  const po = order.po_number ?? 'our purchase order';
  const remaining = order.qty - (order.received_qty ?? 0);
  const part = order.received_qty ? ` We have received ${order.received_qty} of the ${order.qty} so far.` : '';
  return {
    subject: `Where is ${po}? ${remaining} x ${order.draft.name} (${order.sku})`,
    text:
      `Hello ${supplierName},\n\n` +
      `${po} for ${order.qty} x ${order.draft.name} (${order.sku})` +
      (order.sent_at ? `, sent ${order.sent_at.slice(0, 10)}` : '') +
      (order.expected_date ? `, was expected by ${order.expected_date}` : '') +
      ` and has not arrived yet.${part}\n\n` +
      `Please let us know when ${remaining} x ${order.draft.name} will be delivered.\n\nThank you.`,
  };
}

import { formatMoney } from '../domain/money';
import { cents } from '../domain/numbers';
import { DEFAULT_PO_TEMPLATE, renderPo } from '../domain/po-text';
import type { Rules, Supplier } from '../domain/types';
import { localDate } from '../domain/quiet-hours';
import type { OutgoingMail } from '../adapters/mail';
import type { OrderRecord } from '../store/orders';

/** The purchase order as the supplier receives it: their own template, filled from the approved order. */
export function purchaseOrderEmail(
  order: OrderRecord,
  supplier: Supplier & { email: string },
  poNumber: string,
  rules: Rules,
  now: Date,
  from: string,
): OutgoingMail {
  const unitCost = order.draft.unitCost;
  const text = renderPo(supplier.template ?? DEFAULT_PO_TEMPLATE, {
    po_number: poNumber,
    date: localDate(now, rules.timezone),
    item: order.draft.name,
    sku: order.sku,
    qty: String(order.qty),
    unit_cost: unitCost === null ? 'the agreed price' : formatMoney(unitCost, rules.currency),
    line_total: unitCost === null ? 'at the agreed price' : formatMoney(cents(order.qty * unitCost), rules.currency),
    note: order.note ?? '',
    supplier: supplier.name,
  });
  return {
    to: supplier.email,
    from,
    ...(rules.ownerEmail ? { replyTo: rules.ownerEmail } : {}),
    subject: `Purchase order ${poNumber}: ${order.qty} x ${order.draft.name} (${order.sku})`,
    text,
    reference: poNumber,
  };
}

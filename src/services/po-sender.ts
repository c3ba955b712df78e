import type { DocumentSource } from '../adapters/documents';
import type { MailPort } from '../adapters/mail';
import { chaseEmailText } from '../domain/chase-text';
import { localDate } from '../domain/quiet-hours';
import { findSupplier } from '../domain/supplier';
import type { OrderRecord } from '../store/orders';
import type { Store } from '../store/open-store';
import { purchaseOrderEmail } from './po-email';
import type { OrderRef } from '../domain/order-record';

export interface PoSenderDeps {
  store: Pick<Store, 'orders'>;
  documents: DocumentSource;
  mail: MailPort;
  /** The verified sender address, e.g. orders@your-company.example. */
  from: string;
}

export type SendOutcome =
  | { kind: 'sent'; order: OrderRecord }
  /** Not approved any more (already sent, or never approved): a redelivered job changes nothing. */
  | { kind: 'nothing-to-send'; order: OrderRecord | null }
  /** Cannot succeed by retrying (no supplier email): parked on the order for the owner to see. */
  | { kind: 'parked'; order: OrderRecord; reason: string };

/** Thrown for a failure worth retrying; the error is already recorded on the order. */
export class SendFailed extends Error {}

/**
 * po-sender: the only code that emails a supplier. Renders the supplier's template, sends it through the mail port,
 * then moves the order approved → on-order with the expected date and an audit row. A failed send leaves the order
 * approved (never on-order) with the error recorded, and throws so the queue retries it.
 */
export async function sendPurchaseOrder(deps: PoSenderDeps, ref: OrderRef, now: Date, attempt = 1): Promise<SendOutcome> {
  const order = await deps.store.orders.get(ref.itemKey, ref.orderId);
  if (order?.status !== 'approved') return { kind: 'nothing-to-send', order };

  const [rules, suppliers] = await Promise.all([deps.documents.readRules(), deps.documents.readSuppliers()]);
  const supplier = findSupplier(suppliers, order.supplier);
  const email = supplier?.email ?? null;
  if (!supplier || !email) {
    const reason = !order.supplier
      ? 'the order has no supplier: use Edit to choose one'
      : !supplier
        ? `"${order.supplier}" is not in the supplier doc: add its section with an email, then Retry`
        : `"${supplier.name}" has no email in the supplier doc: add one, then Retry`;
    await deps.store.orders.annotate(ref.itemKey, ref.orderId, { send_error: reason, send_attempts: attempt });
    return { kind: 'parked', order: { ...order, send_error: reason }, reason };
  }

  const poNumber = order.po_number ?? (await assignPoNumber(deps, order));
  const mail = purchaseOrderEmail(order, { ...supplier, email }, poNumber, rules, now, deps.from);
  try {
    await deps.mail.send(mail);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await deps.store.orders.annotate(ref.itemKey, ref.orderId, { send_error: message, send_attempts: attempt });
    throw new SendFailed(`PO ${poNumber} to ${email} was not sent (attempt ${attempt}): ${message}`, { cause: err });
  }

  const leadTime = supplier.leadTimeDays ?? order.draft.leadTimeDays;
  const at = now.toISOString();
  const sent = await deps.store.orders.transition(ref.itemKey, ref.orderId, {
    from: ['approved'],
    set: {
      status: 'on-order',
      po_number: poNumber,
      sent_to: email,
      sent_at: at,
      send_attempts: attempt,
      expected_date: localDate(new Date(now.getTime() + leadTime * 86_400_000), rules.timezone),
    },
    remove: ['send_error'],
    audit: {
      subject: ref.itemKey,
      action: 'po-sent',
      by: 'stockbot',
      at,
      before: { status: 'approved' },
      after: { status: 'on-order', po_number: poNumber, to: email, qty: order.qty, supplier: supplier.name },
      detail: `approved by ${order.decided_by ?? 'unknown'}`,
    },
  });
  return sent ? { kind: 'sent', order: sent } : { kind: 'nothing-to-send', order: await deps.store.orders.get(ref.itemKey, ref.orderId) };
}

/** A PO number is taken only when a send is about to happen, so racing taps never burn numbers. */
async function assignPoNumber(deps: PoSenderDeps, order: OrderRecord): Promise<string> {
  return deps.store.orders.claimPoNumber(order.item_key, order.order_id, await deps.store.orders.nextPoNumber());
}

/**
 * The "where is my order?" email, sent only because the owner tapped for it: to the order's supplier, once a day at
 * most (a retried or doubled tap carries the same reference, so the mail port and the audit see one email).
 */
export async function chaseSupplier(
  deps: PoSenderDeps & { store: Pick<Store, 'orders' | 'audit'> },
  item: { itemKey: string; orderId: string; by: string },
  now: Date,
) {
  const order = await deps.store.orders.get(item.itemKey, item.orderId);
  if (order?.status !== 'on-order' && order?.status !== 'partly-received') return null;
  const [rules, suppliers] = await Promise.all([deps.documents.readRules(), deps.documents.readSuppliers()]);
  const supplier = findSupplier(suppliers, order.supplier);
  if (!supplier?.email) return null;
  const today = localDate(now, rules.timezone);
  const { subject, text } = chaseEmailText(order, supplier.name);
  const reference = `chase-${order.po_number ?? order.order_id}-${today}`;
  await deps.mail.send({
    to: supplier.email,
    from: deps.from,
    ...(rules.ownerEmail ? { replyTo: rules.ownerEmail } : {}),
    subject,
    text,
    reference,
  });
  await deps.store.audit.append({
    subject: order.item_key,
    action: 'chased',
    by: item.by,
    at: now.toISOString(),
    detail: `asked ${supplier.name} (${supplier.email}) where ${order.po_number ?? order.order_id} is`,
  });
  return order;
}

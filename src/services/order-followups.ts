import { overdueReminder } from '../../views/overdue-reminder';
import type { OrderRecord } from '../domain/order-record';
import { isQuiet, localDate } from '../domain/quiet-hours';
import { isOverdue, RECEIVABLE } from '../domain/receipt';
import { findSupplier } from '../domain/supplier';
import type { Deps } from './deps';
import { showOrder } from './owner-notices';

type FollowUpDeps = Pick<Deps, 'store' | 'documents' | 'chat' | 'queue'>;

/** `yyyy-MM-dd` plus `days` calendar days. */
const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Drafts nobody decided within the rules doc's `draft expiry days` expire, audited, and their DM loses its buttons:
 * the item is then free to be drafted afresh from today's numbers rather than sitting on a stale draft for ever.
 */
export async function expireStaleDrafts(deps: FollowUpDeps, now: Date): Promise<OrderRecord[]> {
  const rules = await deps.documents.readRules();
  const today = localDate(now, rules.timezone);
  const expired: OrderRecord[] = [];
  for (const order of await deps.store.orders.listByStatus('pending')) {
    if (addDays(order.draft_date, rules.draftExpiryDays) > today) continue;
    const done = await deps.store.orders.transition(order.item_key, order.order_id, {
      from: ['pending'],
      set: { status: 'expired' },
      audit: {
        subject: order.item_key,
        action: 'expired',
        by: 'stockbot',
        at: now.toISOString(),
        before: { status: 'pending' },
        after: { status: 'expired', order_id: order.order_id },
        detail: `nobody decided within ${rules.draftExpiryDays} days (drafted ${order.draft_date})`,
      },
    });
    if (!done) continue;
    await showOrder(deps, done, rules);
    expired.push(done);
  }
  if (expired.length > 0 && rules.owner) await deps.queue.enqueue({ kind: 'refresh-home', user: rules.owner });
  return expired;
}

/**
 * Orders past their expected date: the owner is reminded once a business day, inside business hours, with Mark
 * received and a ready "where is my order?" email to the supplier. A second run the same day reminds nobody again.
 */
export async function remindOverdueOrders(deps: FollowUpDeps, now: Date): Promise<OrderRecord[]> {
  const [rules, suppliers] = await Promise.all([deps.documents.readRules(), deps.documents.readSuppliers()]);
  // Quiet hours hold reminders: the next business day's run reminds instead.
  if (!rules.owner || isQuiet(now, rules)) return [];
  const today = localDate(now, rules.timezone);
  const reminded: OrderRecord[] = [];
  for (const status of RECEIVABLE) {
    for (const order of await deps.store.orders.listByStatus(status)) {
      if (!isOverdue(order, today)) continue;
      if (!(await deps.store.orders.claimOverdueReminder(order.item_key, order.order_id, today))) continue;
      const supplier = findSupplier(suppliers, order.supplier);
      await deps.chat.dm(rules.owner, overdueReminder(order, supplier?.email ? supplier.name : null));
      reminded.push(order);
    }
  }
  return reminded;
}

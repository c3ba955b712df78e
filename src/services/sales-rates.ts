import type { Deps } from './deps';
import { showOrder } from './owner-notices';

export type SalesRateDeps = Pick<Deps, 'store' | 'documents' | 'chat' | 'queue' | 'clock'>;

/**
 * The owner's "Use N/day" on a draft: the till's measured rate goes into the stock sheet's daily_sales_rate through
 * the write-back, like every other change to the sheet, and the draft says it was taken. Run on the stock poster,
 * the only function that writes the inventory table where the write-back's changes wait. A second tap, or a retried
 * message, finds the rate already taken and does nothing.
 */
export async function useTillRate(deps: SalesRateDeps, item: { itemKey: string; orderId: string; by: string }): Promise<void> {
  const order = await deps.store.orders.get(item.itemKey, item.orderId);
  const till = order?.draft.tillRate;
  if (!order || !till || order.rate_taken) return;
  const now = deps.clock();
  const at = now.toISOString();
  const row = await deps.store.inventory.get(order.location, order.sku);
  // Queued before the draft is marked: a retry after a failure in between queues the same value again, which is harmless,
  // where the other order could mark the draft and lose the rate.
  const onHand = row?.quantity ?? order.draft.onHand;
  await deps.store.inventory.queueCellSet(order.location, order.sku, 'set_rate', till.perDay, onHand, item.by, now);
  const rateTaken = { perDay: till.perDay, by: item.by, at };
  if (!(await deps.store.orders.takeRate(order.item_key, order.order_id, rateTaken))) return;
  await deps.store.audit.append({
    subject: order.item_key,
    action: 'sales-rate-set',
    by: item.by,
    at,
    detail: `daily_sales_rate ${order.draft.dailySalesRate} → ${till.perDay}/day, the till's rate over ${till.days} days`,
  });
  await showOrder(deps, { ...order, rate_taken: rateTaken }, await deps.documents.readRules());
  await deps.queue.enqueue({ kind: 'run-job', job: 'sheet-flush' });
}

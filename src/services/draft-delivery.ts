import type { DraftNotifier } from './owner-notices';
import { everyMinuteSweep, type DeliveryScheduler } from '../adapters/scheduler';
import { deliveryTime } from '../domain/quiet-hours';
import type { Rules } from '../domain/types';
import type { Store } from '../store/open-store';

/** A DM that failed (Slack down) is tried again this much later. */
const RETRY_DELIVERY_MS = 5 * 60_000;

/**
 * Quiet hours hold notifications: a draft made inside them is stored with the next business minute as its
 * deliver_at instead of pinging the owner, unless it is urgent and the rules doc lets urgent drafts through.
 * Nothing is held in memory, so a deferred draft survives the process that made it; the scheduler wakes
 * `deliverDueDrafts` at its time.
 */
export function quietHoursNotifier(
  inner: DraftNotifier,
  store: Pick<Store, 'orders'>,
  clock: () => Date,
  scheduler: DeliveryScheduler = everyMinuteSweep,
): DraftNotifier {
  return {
    draftCreated: async (order, rules) => {
      const now = clock();
      const at = deliveryTime(now, rules, order.draft.urgent);
      if (at.getTime() > now.getTime()) {
        await store.orders.annotate(order.item_key, order.order_id, { deliver_at: at.toISOString() });
        await scheduler.wakeAt(at);
        return;
      }
      try {
        await inner.draftCreated(order, rules);
      } catch (err) {
        // Slack is down or refused: the draft is stored, so queue it for the delivery sweep instead of losing the DM.
        await store.orders.annotate(order.item_key, order.order_id, { deliver_at: now.toISOString() });
        await scheduler.wakeAt(new Date(now.getTime() + RETRY_DELIVERY_MS)).catch(() => {});
        throw err;
      }
    },
    draftResurfaced: async (order, rules) => {
      const now = clock();
      if (deliveryTime(now, rules, order.draft.urgent).getTime() > now.getTime()) return; // tomorrow's check shows it again
      await inner.draftResurfaced(order, rules);
    },
  };
}

/** Sends every deferred draft whose time has come, each exactly once. Run by the scheduler and after every check. */
export async function deliverDueDrafts(
  deps: { store: Pick<Store, 'orders'>; notifier: DraftNotifier },
  rules: Rules,
  now: Date,
): Promise<number> {
  const pending = await deps.store.orders.listByStatus('pending');
  let delivered = 0;
  for (const order of pending) {
    if (!order.deliver_at || order.deliver_at > now.toISOString()) continue;
    if (!(await deps.store.orders.claimDelivery(order.item_key, order.order_id, now))) continue;
    try {
      await deps.notifier.draftCreated(order, rules);
      delivered += 1;
    } catch (err) {
      // Put it back in line so the next run tries again; a failed delivery is never dropped.
      await deps.store.orders.annotate(order.item_key, order.order_id, { deliver_at: now.toISOString() });
      throw err;
    }
  }
  return delivered;
}

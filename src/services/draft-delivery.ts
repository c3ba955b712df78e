import type { DraftNotifier } from './owner-notices';
import { everyMinuteSweep, type DeliveryScheduler } from '../adapters/scheduler';
import { deliveryTime, localDate } from '../domain/quiet-hours';
import type { Rules } from '../domain/types';
import type { Store } from '../store/open-store';

/** A DM that failed (Slack down) is tried again this much later. */
const RETRY_DELIVERY_MS = 5 * 60_000;

/**
 * Quiet hours hold notifications: a draft made inside them, or an urgent draft's daily reminder, is stored with the
 * next business minute as its deliver_at instead of pinging the owner, unless it is urgent and the rules doc lets
 * urgent drafts through.
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
    // The daily check has already marked today's reminder as shown, so inside quiet hours it is held like a new draft
    // (stored with its time, sent once by deliverDueDrafts) rather than dropped: tomorrow's check would be a day late.
    draftResurfaced: async (order, rules) => {
      const now = clock();
      const at = deliveryTime(now, rules, order.draft.urgent);
      if (at.getTime() > now.getTime()) {
        await store.orders.annotate(order.item_key, order.order_id, { deliver_at: at.toISOString(), deliver_reminder: true });
        await scheduler.wakeAt(at);
        return;
      }
      try {
        await inner.draftResurfaced(order, rules);
      } catch (err) {
        // Slack is down or refused: today's reminder waits for the delivery sweep instead of being lost.
        await store.orders.annotate(order.item_key, order.order_id, { deliver_at: now.toISOString(), deliver_reminder: true });
        await scheduler.wakeAt(new Date(now.getTime() + RETRY_DELIVERY_MS)).catch(() => {});
        throw err;
      }
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
    if (order.deliver_reminder) {
      // A held urgent reminder: taken and marked as today's in one write (so that day's check does not show it
      // again), then shown again as a reminder.
      const taken = await deps.store.orders.markResurfaced(order.item_key, order.order_id, localDate(now, rules.timezone), now);
      if (!taken) continue;
      try {
        await deps.notifier.draftResurfaced(taken, rules);
        delivered += 1;
      } catch (err) {
        await deps.store.orders.annotate(order.item_key, order.order_id, { deliver_at: now.toISOString(), deliver_reminder: true });
        throw err;
      }
      continue;
    }
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

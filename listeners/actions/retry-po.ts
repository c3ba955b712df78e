import type { Services } from '../../src/app';
import { ownerAction } from './owner-action';

/** Retry: an approved PO whose email did not go out is handed to the queue again. */
export const retryPo = (s: Services) =>
  ownerAction(s, 'retry', async (ref) => {
    const order = await s.store.orders.get(ref.itemKey, ref.orderId);
    if (order?.status === 'approved') await s.queue.enqueue({ kind: 'send-po', ...ref });
  });

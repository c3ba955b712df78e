import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../src/app';
import { authorizeOwner } from '../../src/services/order-decisions';
import { decodeOrderRef } from '../../views/ids';
import { refuseNonOwner } from './refuse';

/** Retry: an approved PO whose email did not go out is handed to the queue again. */
export const retryPo =
  (s: Services) =>
  async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const ref = decodeOrderRef(action.value ?? '');
    if (!ref) return;
    const rules = await s.documents.readRules();
    if (!(await authorizeOwner(s, rules, body.user.id, ref, 'retry', s.clock()))) {
      return refuseNonOwner(client, body.channel?.id, body.user.id, rules);
    }
    const order = await s.store.orders.get(ref.itemKey, ref.orderId);
    if (order?.status === 'approved') await s.queue.enqueue({ kind: 'send-po', ...ref });
  };

import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../src/app';
import { authorizeOwner, skipOrder } from '../../src/services/order-decisions';
import { decodeOrderRef } from '../../views/ids';
import { refuseNonOwner } from './refuse';

/** Skip: nothing is ordered; the item waits out the skip cooldown. */
export const skipPo =
  (s: Services) =>
  async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const ref = decodeOrderRef(action.value ?? '');
    if (!ref) return;
    const rules = await s.documents.readRules();
    if (!(await authorizeOwner(s, rules, body.user.id, ref, 'skip', s.clock()))) {
      return refuseNonOwner(client, body.channel?.id, body.user.id, rules);
    }
    const outcome = await skipOrder(s, ref, body.user.id, s.clock());
    if ('order' in outcome) {
      await s.owner.orderChanged(outcome.order, rules);
      await s.owner.publishHome(body.user.id, rules);
    }
  };

import type { Services } from '../../src/app';
import { skipOrder } from '../../src/services/order-decisions';
import { ownerAction } from './owner-action';

/** Skip: nothing is ordered; the item waits out the skip cooldown. */
export const skipPo = (s: Services) =>
  ownerAction(s, 'skip', async (ref, rules, { body }) => {
    const outcome = await skipOrder(s, ref, body.user.id, s.clock());
    if ('order' in outcome) {
      await s.owner.orderChanged(outcome.order, rules);
      await s.owner.publishHome(body.user.id, rules);
    }
  });

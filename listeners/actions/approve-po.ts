import type { Services } from '../../src/app';
import { approveOrder } from '../../src/services/order-decisions';
import { ownerAction } from './owner-action';

/** Approve: one tap by the owner sends the PO (through the queue); the DM updates at once. */
export const approvePo = (s: Services) =>
  ownerAction(s, 'approve', async (ref, rules, { body }) => {
    const outcome = await approveOrder(s, ref, body.user.id, s.clock());
    if ('order' in outcome) await s.owner.orderChanged(outcome.order, rules);
  });

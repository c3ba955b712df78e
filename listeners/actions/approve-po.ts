import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../src/app';
import { approveOrder, authorizeOwner } from '../../src/services/order-decisions';
import { decodeOrderRef } from '../../views/ids';
import { refuseNonOwner } from './refuse';

/** Approve: one tap by the owner sends the PO (through the queue); the DM updates at once. */
export const approvePo =
  (s: Services) =>
  async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const ref = decodeOrderRef(action.value ?? '');
    if (!ref) return;
    const rules = await s.documents.readRules();
    if (!(await authorizeOwner(s, rules, body.user.id, ref, 'approve', s.clock()))) {
      return refuseNonOwner(client, body.channel?.id, body.user.id, rules);
    }
    const outcome = await approveOrder(s, ref, body.user.id, s.clock());
    if ('order' in outcome) await s.owner.orderChanged(outcome.order, rules);
  };

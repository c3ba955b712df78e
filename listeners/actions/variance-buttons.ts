import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../src/services/services';
import type { VarianceDecision } from '../../src/services/variance-decisions';
import { decodeVarianceRef } from '../../views/ids';
import { whereTapped } from '../tapped';

/** Approve, Reject and the held choices on a variance card: the same shape as an order's buttons. */
export const varianceButton =
  (s: Services, decision: VarianceDecision) =>
  async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const ref = decodeVarianceRef(action.value ?? '');
    if (ref) await s.tell(whereTapped(body), await s.variances.decide(ref, body.user.id, decision));
  };

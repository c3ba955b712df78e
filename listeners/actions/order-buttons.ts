import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { OrderDecision } from '../../src/services/order-decisions';
import type { Services } from '../../src/services/services';
import { decodeOrderRef } from '../../views/ids';
import { whereTapped } from '../tapped';

/** Approve, Skip and Retry on an order: ack, read which order, and let the service decide (the owner alone may). */
export const orderButton =
  (s: Services, decision: OrderDecision) =>
  async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const ref = decodeOrderRef(action.value ?? '');
    if (ref) await s.tell(whereTapped(body), await s.orders.decide(ref, body.user.id, decision));
  };

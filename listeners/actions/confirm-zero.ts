import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../src/services/services';
import { decodeVarianceRef } from '../../views/ids';
import { whereTapped } from '../tapped';

/** "Confirm zero" on a line nobody counted. */
export const confirmZeroAction =
  (s: Services) =>
  async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const ref = decodeVarianceRef(action.value ?? '');
    if (ref) await s.tell(whereTapped(body), await s.counts.confirmZero(ref, body.user.id));
  };

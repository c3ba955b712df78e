import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../src/services/services';
import { whereTapped } from '../tapped';

/** "Close count" on a count's summary. */
export const closeCountAction =
  (s: Services) =>
  async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    await s.tell(whereTapped(body), await s.counts.close(action.value ?? '', body.user.id));
  };

import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../src/services/services';
import { whereTapped } from '../tapped';

/** App Home's "Open a count": the same modal as `/count` (its trigger_id lives 3 s: one read first). */
export const openCountAction =
  (s: Services) =>
  async ({ ack, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const reply = await s.counts.command('', body.channel?.id ?? '', body.user.id);
    if (reply.kind === 'open') await client.views.open({ trigger_id: body.trigger_id, view: reply.view });
    else await s.tell(whereTapped(body), reply);
  };

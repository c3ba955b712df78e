import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../src/services/services';
import { whereTapped } from '../tapped';

/**
 * App Home's "Open a count", and a count reminder's "Start count" (whose value is the location): the same modal as
 * `/count` (its trigger_id lives 3 s: one read first).
 */
export const openCountAction =
  (s: Services, from: 'home' | 'reminder' = 'home') =>
  async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const location = from === 'reminder' && action.value && action.value.length <= 150 ? action.value : undefined;
    const reply = await s.counts.command('', body.channel?.id ?? '', body.user.id, location ? { location } : {});
    if (reply.kind === 'open') await client.views.open({ trigger_id: body.trigger_id, view: reply.view });
    else await s.tell(whereTapped(body), reply);
  };

import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../src/services/services';

/**
 * `/count` opens the count modal; `/count status`, `/count close [ID]` and `/count help` answer privately to whoever
 * typed them. The modal's trigger_id lives 3 seconds, so it opens right after the one read the service makes.
 */
export const countCommand =
  (s: Services) =>
  async ({ command, ack, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const reply = await s.counts.command(command.text, command.channel_id, command.user_id);
    if (reply.kind !== 'open') return ack(reply.kind === 'tell' ? { response_type: 'ephemeral', text: reply.text } : undefined);
    await ack();
    await client.views.open({ trigger_id: command.trigger_id, view: reply.view });
  };

import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../src/app';
import { closeCount } from '../../src/services/count-sessions';

/** "Close count": the counter, whoever opened it or the approver closes the session; anyone else is told privately. */
export const closeCountAction =
  (s: Services) =>
  async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const outcome = await closeCount(s, action.value ?? '', body.user.id, s.clock());
    if (!body.channel?.id) return;
    if (outcome.kind === 'not-allowed') {
      await s.channel.whisper(body.channel.id, body.user.id, `Only the counter (<@${outcome.meta.counter}>), whoever opened the count, or the location's approver can close it.`);
    }
    if (outcome.kind === 'already-closed') await s.channel.whisper(body.channel.id, body.user.id, 'This count is already closed. Type `/count` to open the next one.');
  };

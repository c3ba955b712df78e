import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../src/app';
import type { Rules } from '../../src/domain/types';
import { authorizeApprover } from '../../src/services/variance-decisions';
import type { CountLine } from '../../src/store/counts';
import { decodeVarianceRef } from '../../views/ids';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * What every variance button shares: ack at once, find the line, and let only the location's approver through
 * (anyone else gets a private refusal, and the attempt is audited). `act` then calls one service.
 */
export const approverAction =
  (s: Services, name: string, act: (line: CountLine, approver: string, rules: Rules, args: ButtonArgs) => Promise<void>) =>
  async (args: ButtonArgs): Promise<void> => {
    const { ack, body, action } = args;
    await ack();
    const ref = decodeVarianceRef(action.value ?? '');
    const line = ref ? await s.store.counts.line(ref.sessionId, ref.sku) : null;
    if (!line) return;
    const rules = await s.documents.readRules();
    const approver = await authorizeApprover(s, rules, body.user.id, line, name, s.clock());
    if (approver) return act(line, approver, rules, args);
    const who = rules.locationApprovers[line.location.toLowerCase()];
    if (body.channel?.id) {
      await s.channel.whisper(
        body.channel.id,
        body.user.id,
        `Only ${who ? `<@${who}>` : `${line.location}'s approver (none is set in the rules doc: location approver: ${line.location} = U…)`} can approve or reject ${line.location}'s count variances. Nothing was changed.`,
        (body as { message?: { thread_ts?: string } }).message?.thread_ts,
      );
    }
  };

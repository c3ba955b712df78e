import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../src/app';
import type { Rules } from '../../src/domain/types';
import { authorizeOwner, type OrderRef } from '../../src/services/order-decisions';
import { decodeOrderRef } from '../../views/ids';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * What every draft button shares: ack at once, read which order it is about, and let only the owner through
 * (anyone else gets a private refusal, and the attempt is audited). `act` then calls one service.
 */
export const ownerAction =
  (s: Services, name: string, act: (ref: OrderRef, rules: Rules, args: ButtonArgs) => Promise<void>) =>
  async (args: ButtonArgs): Promise<void> => {
    const { ack, body, action, client } = args;
    await ack();
    const ref = decodeOrderRef(action.value ?? '');
    if (!ref) return;
    const rules = await s.documents.readRules();
    if (await authorizeOwner(s, rules, body.user.id, ref, name, s.clock())) return act(ref, rules, args);
    const who = rules.owner ? `<@${rules.owner}>` : 'the owner named in the rules doc (no owner is set yet)';
    if (body.channel?.id) {
      await client.chat.postEphemeral({
        channel: body.channel.id,
        user: body.user.id,
        text: `Only ${who} can approve, edit or skip purchase orders. Nothing was changed.`,
      });
    }
  };

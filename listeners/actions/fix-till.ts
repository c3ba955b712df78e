import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../src/services/services';
import { whereTapped } from '../tapped';

/** Fix on a parked till line (App Home) opens its modal, or says why not. */
export const fixTillAction =
  (s: Services) =>
  async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const ref = action.value ?? '';
    if (!ref || ref.length > 2000) return;
    const reply = await s.tills.fixForm(ref, body.user.id);
    if (reply.kind === 'open') await client.views.open({ trigger_id: body.trigger_id, view: reply.view });
    else await s.tell(whereTapped(body), reply);
  };

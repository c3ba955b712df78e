import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../src/services/services';
import { decodeOrderRef } from '../../views/ids';
import { whereTapped } from '../tapped';

/** Mark received opens the modal that records what arrived (the trigger_id lives 3 s: one read first). */
export const markReceived =
  (s: Services) =>
  async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const ref = decodeOrderRef(action.value ?? '');
    if (!ref) return;
    const reply = await s.orders.receiveForm(ref, body.user.id);
    if (reply.kind === 'open') await client.views.open({ trigger_id: body.trigger_id, view: reply.view });
    else await s.tell(whereTapped(body), reply);
  };

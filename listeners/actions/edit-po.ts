import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../src/services/services';
import { decodeOrderRef } from '../../views/ids';
import { whereTapped } from '../tapped';

/** Edit opens the modal pre-filled from the draft (the trigger_id lives 3 s, so the service does one read first). */
export const editPo =
  (s: Services) =>
  async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const ref = decodeOrderRef(action.value ?? '');
    if (!ref) return;
    const reply = await s.orders.editForm(ref, body.user.id);
    if (reply.kind === 'open') await client.views.open({ trigger_id: body.trigger_id, view: reply.view });
    else await s.tell(whereTapped(body), reply);
  };

import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../src/services/services';
import { decodeParkedRef } from '../../views/ids';
import { whereTapped } from '../tapped';

/** Fix on a parked row opens its modal, or says it was already fixed. */
export const fixParkedAction =
  (s: Services) =>
  async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const ref = decodeParkedRef(action.value ?? '');
    if (!ref) return;
    const reply = await s.counts.fixForm(ref);
    if (reply.kind === 'open') await client.views.open({ trigger_id: body.trigger_id, view: reply.view });
    else await s.tell(whereTapped(body), reply);
  };

import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../src/services/services';
import { whereTapped } from '../tapped';

/** A mail id as the card's buttons carry it: hex, nothing else. */
const mailIdOf = (value: string | undefined): string | null => (value && /^[0-9a-f]{8,64}$/.test(value) ? value : null);

/** Approve or Discard on a mailed-in proposal: ack, read which mail, let the service decide (the owner alone may). */
export const intakeButton =
  (s: Services, decision: 'approve' | 'discard') =>
  async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const mailId = mailIdOf(action.value);
    if (mailId) await s.tell(whereTapped(body), await s.intake.decide(mailId, body.user.id, decision));
  };

/** Edit on a mailed-in proposal opens its rows in a modal, or says why not. */
export const editIntake =
  (s: Services) =>
  async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const mailId = mailIdOf(action.value);
    if (!mailId) return;
    const reply = await s.intake.editForm(mailId, body.user.id);
    if (reply.kind === 'open') await client.views.open({ trigger_id: body.trigger_id, view: reply.view });
    else await s.tell(whereTapped(body), reply);
  };

import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../../src/services/services';
import { INTAKE_EDIT_BLOCK, INTAKE_EDIT_INPUT } from '../../views/ids';
import { formAck } from './form-ack';

/** The intake Edit modal's Approve: the lines as typed go to the service, which checks them like the proposal. */
export const intakeEditSubmitted =
  (s: Services) =>
  async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const rows = view.state.values[INTAKE_EDIT_BLOCK.rows]?.[INTAKE_EDIT_INPUT.rows]?.value ?? '';
    await formAck(ack, await s.intake.submitEdit(view.private_metadata, body.user.id, rows));
  };

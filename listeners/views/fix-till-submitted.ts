import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../../src/services/services';
import { readTillFixSubmission } from '../../views/till-fix-modal';
import { formAck } from './form-ack';

/** The till Fix modal's "Apply it": a field error until the SKU is one the sheet has there, then applied. */
export const fixTillSubmitted =
  (s: Services) =>
  async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    await formAck(ack, await s.tills.submitFix(view.private_metadata, readTillFixSubmission(view.state.values as never), body.user.id));
  };

import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../../src/services/services';
import { decodeParkedRef } from '../../views/ids';
import { readFixSubmission } from '../../views/parked-fix-modal';
import { formAck } from './form-ack';

/** The Fix modal's "Count it": field errors until the SKU and quantity make sense, then queued. */
export const fixParkedSubmitted =
  (s: Services) =>
  async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const ref = decodeParkedRef(view.private_metadata);
    if (!ref) return ack();
    await formAck(ack, await s.counts.submitFix(ref, readFixSubmission(view.state.values), body.user.id));
  };

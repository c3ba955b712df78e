import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../../src/services/services';
import { decodeOrderRef } from '../../views/ids';
import { readReceiveSubmission } from '../../views/receive-modal';
import { formAck } from './form-ack';

/** The Mark received modal's "Record receipt": a quantity that is not one keeps the modal open with the reason. */
export const receiveSubmitted =
  (s: Services) =>
  async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const ref = decodeOrderRef(view.private_metadata);
    if (!ref) return ack();
    await formAck(ack, await s.orders.submitReceipt(ref, body.user.id, readReceiveSubmission(view.state.values), view.id));
  };

import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../../src/services/services';
import { decodeOrderRef } from '../../views/ids';
import { readEditSubmission } from '../../views/po-edit-modal';
import { formAck } from './form-ack';

/** The Edit modal's "Approve & send": the same gates as the draft, field errors until the input passes. */
export const editPoSubmitted =
  (s: Services) =>
  async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const ref = decodeOrderRef(view.private_metadata);
    if (!ref) return ack();
    await formAck(ack, await s.orders.submitEdit(ref, body.user.id, readEditSubmission(view.state.values)));
  };

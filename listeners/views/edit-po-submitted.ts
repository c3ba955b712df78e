import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../../src/app';
import { approveOrder, authorizeOwner } from '../../src/services/order-decisions';
import { decodeOrderRef, EDIT_BLOCK } from '../../views/ids';
import { readEditSubmission } from '../../views/po-edit-modal';

/**
 * The Edit modal's "Approve & send": the same gates as the draft. A bad value keeps the modal open with the reason
 * under the field (response_action: errors); nothing changes until the input passes.
 */
export const editPoSubmitted =
  (s: Services) =>
  async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const ref = decodeOrderRef(view.private_metadata);
    if (!ref) return ack();
    const rules = await s.documents.readRules();
    if (!(await authorizeOwner(s, rules, body.user.id, ref, 'edit', s.clock()))) {
      return ack({ response_action: 'errors', errors: { [EDIT_BLOCK.qty]: 'Only the owner can edit purchase orders.' } });
    }
    const outcome = await approveOrder(s, ref, body.user.id, s.clock(), readEditSubmission(view.state.values));
    if (outcome.kind === 'invalid') {
      return ack({ response_action: 'errors', errors: { [EDIT_BLOCK[outcome.field]]: outcome.message } });
    }
    await ack();
    if ('order' in outcome) await s.owner.orderChanged(outcome.order, rules);
  };

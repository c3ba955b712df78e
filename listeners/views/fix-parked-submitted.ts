import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../../src/app';
import { checkFix } from '../../src/services/count-fixes';
import { FIX_BLOCK, decodeParkedRef } from '../../views/ids';
import { readFixSubmission } from '../../views/parked-fix-modal';

/**
 * The Fix modal's "Count it": a SKU the stock sheet does not know, or a quantity that is not one, keeps the modal open
 * with the reason under the field. A good fix is queued (it may ask for a likely cause) and said in the thread.
 */
export const fixParkedSubmitted =
  (s: Services) =>
  async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const ref = decodeParkedRef(view.private_metadata);
    if (!ref) return ack();
    const checked = await checkFix(s, ref, readFixSubmission(view.state.values));
    if ('field' in checked) return ack({ response_action: 'errors', errors: { [FIX_BLOCK[checked.field]]: checked.message } });
    await ack();
    await s.queue.enqueue({ kind: 'fix-parked', sessionId: ref.sessionId, sk: ref.sk, sku: checked.sku, qty: checked.qty, by: body.user.id });
  };

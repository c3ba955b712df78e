import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../src/app';
import { decodeVarianceRef } from '../../views/ids';

/** "Confirm zero" on a line nobody counted: queued, because the new variance asks for a likely cause (a model call). */
export const confirmZeroAction =
  (s: Services) =>
  async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const ref = decodeVarianceRef(action.value ?? '');
    if (!ref) return;
    await s.queue.enqueue({ kind: 'confirm-zero', sessionId: ref.sessionId, sku: ref.sku, by: body.user.id });
  };

import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../src/app';
import { decodeParkedRef } from '../../views/ids';
import { parkedFixModal } from '../../views/parked-fix-modal';

/**
 * Fix on a parked row opens its modal. The trigger_id lives 3 seconds, so the only work before views.open is one
 * read of the parked row; a row already fixed gets a private note instead.
 */
export const fixParkedAction =
  (s: Services) =>
  async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const ref = decodeParkedRef(action.value ?? '');
    const parked = ref ? await s.store.counts.parkedRow(ref.sessionId, ref.sk) : null;
    if (!parked) return;
    if (parked.fixed) {
      if (body.channel?.id) await s.channel.whisper(body.channel.id, body.user.id, `That row was already fixed by <@${parked.fixed.by}>: ${parked.fixed.qty} × ${parked.fixed.sku}.`);
      return;
    }
    await client.views.open({ trigger_id: body.trigger_id, view: parkedFixModal(parked, { sku: parked.code }) });
  };

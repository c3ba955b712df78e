import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../src/app';
import { authorizeOwner } from '../../src/services/order-decisions';
import { decodeOrderRef } from '../../views/ids';
import { poEditModal } from '../../views/po-edit-modal';
import { refuseNonOwner } from './refuse';

/**
 * Edit opens a modal pre-filled from the draft. The trigger_id expires 3 s after the click, so the only work before
 * views.open is one order read and the (cached or local) rules doc.
 */
export const editPo =
  (s: Services) =>
  async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const ref = decodeOrderRef(action.value ?? '');
    if (!ref) return;
    const [rules, order] = await Promise.all([s.documents.readRules(), s.store.orders.get(ref.itemKey, ref.orderId)]);
    if (!(await authorizeOwner(s, rules, body.user.id, ref, 'edit', s.clock()))) {
      return refuseNonOwner(client, body.channel?.id, body.user.id, rules);
    }
    if (!order || order.status !== 'pending') {
      if (order) await s.owner.orderChanged(order, rules);
      return;
    }
    const suppliers = [order.supplier, order.draft.backupSupplier].filter((x): x is string => Boolean(x));
    await client.views.open({
      trigger_id: body.trigger_id,
      view: poEditModal(order, { currency: rules.currency, backupSupplier: order.draft.backupSupplier, suppliers }),
    });
  };

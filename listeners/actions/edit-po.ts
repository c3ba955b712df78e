import type { Services } from '../../src/app';
import { poEditModal } from '../../views/po-edit-modal';
import { ownerAction } from './owner-action';

/**
 * Edit opens a modal pre-filled from the draft. The trigger_id expires 3 s after the click, so the only work before
 * views.open is the rules doc (local or cached) and one order read.
 */
export const editPo = (s: Services) =>
  ownerAction(s, 'edit', async (ref, rules, { body, client }) => {
    const order = await s.store.orders.get(ref.itemKey, ref.orderId);
    if (!order || order.status !== 'pending') {
      if (order) await s.owner.orderChanged(order, rules);
      return;
    }
    const suppliers = [order.supplier, order.draft.backupSupplier].filter((x): x is string => Boolean(x));
    await client.views.open({
      trigger_id: body.trigger_id,
      view: poEditModal(order, { currency: rules.currency, backupSupplier: order.draft.backupSupplier, suppliers }),
    });
  });

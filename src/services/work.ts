import type { DocumentSource } from '../adapters/documents';
import type { MailPort } from '../adapters/mail';
import type { WorkHandler, WorkItem } from '../adapters/queue';
import type { OwnerMessages } from '../adapters/slack/owner-messages';
import type { Store } from '../store/open-store';
import { sendPurchaseOrder } from './po-sender';

export interface WorkDeps {
  store: Pick<Store, 'orders'>;
  documents: DocumentSource;
  mail: MailPort;
  mailFrom: string;
  owner: OwnerMessages;
  clock: () => Date;
}

/** Runs one queued item (the `worker` function on AWS, the in-process queue locally) and shows the result to the owner. */
export function workHandler(deps: WorkDeps): WorkHandler {
  return async (item, attempt) => {
    const outcome = await sendPurchaseOrder({ ...deps, from: deps.mailFrom }, item, deps.clock(), attempt);
    if (outcome.kind === 'nothing-to-send' || !outcome.order) return;
    const rules = await deps.documents.readRules();
    await deps.owner.orderChanged(outcome.order, rules);
    if (rules.owner) await deps.owner.publishHome(rules.owner, rules);
  };
}

/** After the last attempt: the order stays approved with its error, and the DM offers Retry. Nothing is dropped. */
export function workGaveUp(deps: Pick<WorkDeps, 'store' | 'documents' | 'owner'>) {
  return async (item: WorkItem): Promise<void> => {
    const order = await deps.store.orders.get(item.itemKey, item.orderId);
    if (order) await deps.owner.orderChanged(order, await deps.documents.readRules());
  };
}

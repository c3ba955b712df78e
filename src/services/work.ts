import type { DocumentSource } from '../adapters/documents';
import type { MailPort } from '../adapters/mail';
import type { DraftNotifier } from '../adapters/notifier';
import type { WorkHandler, WorkItem } from '../adapters/queue';
import type { CountChannel } from '../adapters/slack/count-channel';
import type { OwnerMessages } from '../adapters/slack/owner-messages';
import type { Store } from '../store/open-store';
import { deliverDueDrafts } from './draft-delivery';
import { openCount } from './count-sessions';
import { postVariance } from './variance-decisions';
import { sendPurchaseOrder } from './po-sender';

export interface WorkDeps {
  store: Store;
  documents: DocumentSource;
  mail: MailPort;
  mailFrom: string;
  owner: OwnerMessages;
  /** Where held drafts go when their time comes: the owner's DM, or email when the rules doc has no Slack ID. */
  drafts: DraftNotifier;
  /** Count sessions' messages in their location channels. */
  channel: CountChannel;
  clock: () => Date;
}

/**
 * Runs one queued item and shows the result to the owner: the `po-sender` and `worker` functions on AWS (each
 * reads only its own queue), the in-process queue locally.
 */
export function workHandler(deps: WorkDeps): WorkHandler {
  return async (item, attempt) => {
    switch (item.kind) {
      case 'send-po': {
        const outcome = await sendPurchaseOrder({ ...deps, from: deps.mailFrom }, item, deps.clock(), attempt);
        if (outcome.kind === 'nothing-to-send' || !outcome.order) return;
        const rules = await deps.documents.readRules();
        await deps.owner.orderChanged(outcome.order, rules);
        if (rules.owner) await deps.owner.publishHome(rules.owner, rules);
        return;
      }
      case 'deliver-drafts':
        await deliverDueDrafts({ store: deps.store, notifier: deps.drafts }, await deps.documents.readRules(), deps.clock());
        return;
      case 'post-variance': {
        const line = await deps.store.counts.line(item.sessionId, item.sku);
        if (line) await postVariance(deps, line, item.choice, item.by, deps.clock());
        return;
      }
      case 'open-count': {
        const outcome = await openCount(deps, item, deps.clock());
        const where = outcome.kind === 'nothing-to-count' ? null : outcome.meta.channel;
        const said =
          outcome.kind === 'opened'
            ? `Count ${outcome.meta.session_id} is open in <#${where}> with ${outcome.skus} SKUs: upload the count in its thread.`
            : outcome.kind === 'already-open'
              ? `${outcome.meta.location} already has an open count, ${outcome.meta.session_id}${where ? ` in <#${where}>` : ''}: upload into its thread, or finish it first.`
              : `No count was opened: ${outcome.reason}`;
        await deps.channel.tell(item.by, said);
        return;
      }
    }
  };
}

/**
 * After the last attempt. A purchase order stays approved with its error, and the DM offers Retry; held drafts
 * stay held with their delivery time, and the next run sends them. Nothing is dropped.
 */
export function workGaveUp(deps: Pick<WorkDeps, 'store' | 'documents' | 'owner'>) {
  return async (item: WorkItem): Promise<void> => {
    if (item.kind !== 'send-po') return;
    const order = await deps.store.orders.get(item.itemKey, item.orderId);
    if (order) await deps.owner.orderChanged(order, await deps.documents.readRules());
  };
}

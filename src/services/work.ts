import type { DocumentSource } from '../adapters/documents';
import type { MailPort } from '../adapters/mail';
import type { DraftNotifier } from '../adapters/notifier';
import type { WorkHandler, WorkItem } from '../adapters/queue';
import type { FileStore } from '../adapters/files';
import type { CauseSuggester } from '../adapters/model';
import type { CountChannel } from '../adapters/slack/count-channel';
import type { OwnerMessages } from '../adapters/slack/owner-messages';
import type { Store } from '../store/open-store';
import { flushSheetWrites } from '../../jobs/sheet-flush';
import { deliverDueDrafts } from './draft-delivery';
import { captureCount } from './count-capture';
import { confirmZero, fixParked } from './count-fixes';
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
  /** Where uploaded count files are kept. */
  files: FileStore;
  /** Who suggests a material variance's likely cause. */
  suggester: CauseSuggester;
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
        // Straight into the stock sheet where it can be written from here; a failure retries the job, whose post is a no-op.
        await flushSheetWrites(deps, deps.clock());
        return;
      }
      case 'flush-sheet':
        await flushSheetWrites(deps, deps.clock());
        return;
      case 'capture-count':
        await captureCount(deps, item, deps.clock());
        return;
      case 'confirm-zero': {
        const outcome = await confirmZero(deps, item.sessionId, item.sku, item.by, deps.clock());
        const said: Record<typeof outcome, string | null> = {
          confirmed: null,
          'not-allowed': "Only the count's counter, whoever opened it, or the location's approver can confirm a line as zero. Nothing was changed.",
          'already-counted': `${item.sku} already has a count in this session, so there is nothing to confirm.`,
          closed: 'That count is closed; type `/count` to open a new one.',
          unknown: null,
        };
        if (said[outcome]) await deps.channel.tell(item.by, said[outcome]!);
        return;
      }
      case 'fix-parked': {
        const outcome = await fixParked(deps, item, deps.clock());
        if (outcome.kind === 'locked') await deps.channel.tell(item.by, `${outcome.line.sku}'s variance in this count was already decided, so the fixed row was not added. Count it again in a new session.`);
        if (outcome.kind === 'not-found') await deps.channel.tell(item.by, `The parked row was not fixed: ${outcome.reason}`);
        if (outcome.kind === 'closed') await deps.channel.tell(item.by, 'That count is closed, so the parked row was not added. Type `/count` to open a new one.');
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

import { findJob } from '../../jobs';
import { runJob } from '../../jobs/run';
import type { WorkHandler, WorkItem } from '../adapters/queue';
import { publishHome } from '../services/app-home';
import { captureCountFile, confirmZeroAndSay, fixParkedAndSay, openCountAndSay, postApprovedVariance } from '../services/count-work';
import type { Deps } from '../services/deps';
import { showOrder } from '../services/owner-notices';
import { applyPosEvent } from '../services/pos-intake';
import { chaseSupplier, sendPurchaseOrder } from '../services/po-sender';
import { applyIntake, discardMail } from '../services/intake-apply';
import { useTillRate } from '../services/sales-rates';

/**
 * Runs one queued item, whichever queue it came through (`log` takes a line saying what a job did): the `po-sender`, `stock-poster` and `worker` functions on
 * AWS (each reads only its own queue), the in-process queue locally. One case per kind of work, one service each.
 */
export function workHandler(deps: Deps, log: (line: string) => void = () => {}): WorkHandler {
  return async (item, attempt) => {
    switch (item.kind) {
      case 'send-po': {
        const outcome = await sendPurchaseOrder({ ...deps, from: deps.mailFrom }, item, deps.clock(), attempt);
        if (outcome.kind === 'nothing-to-send' || !outcome.order) return;
        const rules = await deps.documents.readRules();
        await showOrder(deps, outcome.order, rules);
        if (rules.owner) await deps.queue.enqueue({ kind: 'refresh-home', user: rules.owner });
        return;
      }
      case 'send-chase':
        await chaseSupplier({ ...deps, from: deps.mailFrom }, item, deps.clock());
        return;
      case 'run-job': {
        const job = findJob(item.job);
        if (!job) throw new Error(`there is no job "${item.job}" in this version's registry (jobs/index.ts)`);
        const result = await runJob(deps, job, deps.clock());
        if (result && !result.idle) log(JSON.stringify({ job: job.name, ...result }));
        return;
      }
      case 'post-variance':
        return postApprovedVariance(deps, item);
      case 'capture-count':
        return captureCountFile(deps, item);
      case 'confirm-zero':
        return confirmZeroAndSay(deps, item);
      case 'fix-parked':
        return fixParkedAndSay(deps, item);
      case 'open-count':
        return openCountAndSay(deps, item);
      case 'refresh-home':
        return publishHome(deps, item.user);
      case 'apply-intake':
        return applyIntake(deps, item);
      case 'discard-mail':
        return discardMail(deps, item);
      case 'use-till-rate':
        return useTillRate(deps, item);
      case 'pos-event': {
        const outcome = await applyPosEvent(deps, item.event);
        log(JSON.stringify({ pos: item.event.format, event: item.event.eventId, ...outcome }));
        return;
      }
    }
  };
}

/**
 * After the last attempt. A purchase order stays approved with its error, and the DM offers Retry; held drafts
 * stay held with their delivery time, and the next run sends them. Nothing is dropped.
 */
export function workGaveUp(deps: Pick<Deps, 'store' | 'documents' | 'chat'>) {
  return async (item: WorkItem): Promise<void> => {
    if (item.kind !== 'send-po') return;
    const order = await deps.store.orders.get(item.itemKey, item.orderId);
    if (order) await showOrder(deps, order, await deps.documents.readRules());
  };
}

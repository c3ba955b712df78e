import type { Services } from '../../src/app';
import { rejectVariance } from '../../src/services/variance-decisions';
import { approverAction } from './variance-action';

/** Approve: stock-poster posts it (as counted). The card is redrawn once the post lands or is held. */
export const approveVariance = (s: Services) =>
  approverAction(s, 'approve', async (line, approver) => {
    await s.queue.enqueue({ kind: 'post-variance', sessionId: line.session_id, sku: line.sku, by: approver, choice: 'counted' });
  });

/** A held variance, set to the counted quantity whatever today's is. */
export const setCounted = (s: Services) =>
  approverAction(s, 'set to counted', async (line, approver) => {
    await s.queue.enqueue({ kind: 'post-variance', sessionId: line.session_id, sku: line.sku, by: approver, choice: 'counted' });
  });

/** A held variance: the counted difference applied to today's quantity. */
export const applyDifference = (s: Services) =>
  approverAction(s, 'apply difference', async (line, approver) => {
    await s.queue.enqueue({ kind: 'post-variance', sessionId: line.session_id, sku: line.sku, by: approver, choice: 'difference' });
  });

/** Reject: recorded, stock untouched. */
export const rejectVarianceAction = (s: Services) =>
  approverAction(s, 'reject', async (line, approver) => {
    await rejectVariance(s, line, approver, s.clock());
  });

/** Recount: this count of the item is set aside (stock untouched) and a fresh count is asked for in the thread. */
export const recount = (s: Services) =>
  approverAction(s, 'recount', async (line, approver) => {
    const decided = await rejectVariance(s, line, approver, s.clock(), 'recount requested');
    const meta = decided ? await s.store.counts.meta(line.session_id) : null;
    if (meta?.channel && meta.ts) {
      await s.channel.reply(meta.channel, meta.ts, { text: `<@${meta.counter}>, please count ${line.name} (${line.sku}) again and upload the new count in this thread.` });
    }
  });

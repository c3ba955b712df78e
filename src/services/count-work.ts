import type { WorkItem } from '../adapters/queue';
import { captureCount } from './count-capture';
import { confirmZero, fixParked } from './count-fixes';
import { openCount } from './count-sessions';
import type { Deps } from './deps';
import { postVariance } from './variance-decisions';

// The queued half of the count taps: each does the work, then tells whoever asked how it went (a DM), since the
// modal or button they used closed long ago.

type CountWorkDeps = Pick<Deps, 'store' | 'documents' | 'chat' | 'files' | 'suggester' | 'queue' | 'clock' | 'scheduler'>;
type Item<K extends WorkItem['kind']> = Extract<WorkItem, { kind: K }>;

export async function openCountAndSay(deps: CountWorkDeps, item: Item<'open-count'>): Promise<void> {
  const outcome = await openCount(deps, item, deps.clock());
  const where = outcome.kind === 'nothing-to-count' ? null : outcome.meta.channel;
  const said =
    outcome.kind === 'opened'
      ? `Count ${outcome.meta.session_id} is open in <#${where}> with ${outcome.skus} SKUs: upload the count in its thread.`
      : outcome.kind === 'already-open'
        ? `${outcome.meta.location} already has an open count, ${outcome.meta.session_id}${where ? ` in <#${where}>` : ''}: upload into its thread, or finish it first.`
        : `No count was opened: ${outcome.reason}`;
  await deps.chat.dm(item.by, { text: said });
}

export async function captureCountFile(deps: CountWorkDeps, item: Item<'capture-count'>): Promise<void> {
  await captureCount(deps, item, deps.clock());
}

export async function confirmZeroAndSay(deps: CountWorkDeps, item: Item<'confirm-zero'>): Promise<void> {
  const outcome = await confirmZero(deps, item.sessionId, item.sku, item.by, deps.clock());
  const said: Record<typeof outcome, string | null> = {
    confirmed: null,
    'not-allowed':
      "Only the count's counter, whoever opened it, or the location's approver can confirm a line as zero. Nothing was changed.",
    'already-counted': `${item.sku} already has a count in this session, so there is nothing to confirm.`,
    closed: 'That count is closed; type `/count` to open a new one.',
    unknown: null,
  };
  const text = said[outcome];
  if (text) await deps.chat.dm(item.by, { text });
}

export async function fixParkedAndSay(deps: CountWorkDeps, item: Item<'fix-parked'>): Promise<void> {
  const outcome = await fixParked(deps, item, deps.clock());
  const text =
    outcome.kind === 'locked'
      ? `${outcome.line.sku}'s variance in this count was already decided, so the fixed row was not added. Count it again in a new session.`
      : outcome.kind === 'not-found'
        ? `The parked row was not fixed: ${outcome.reason}`
        : outcome.kind === 'closed'
          ? 'That count is closed, so the parked row was not added. Type `/count` to open a new one.'
          : null;
  if (text) await deps.chat.dm(item.by, { text });
}

/**
 * The stock poster's work: the approved variance posted in one transaction (its change queued for the stock sheet in
 * the same transaction), then the write-back asked for at once. A failure retries the whole item, whose post is then
 * a no-op.
 */
export async function postApprovedVariance(deps: CountWorkDeps, item: Item<'post-variance'>): Promise<void> {
  const line = await deps.store.counts.line(item.sessionId, item.sku);
  if (line) await postVariance(deps, line, item.choice, item.by, deps.clock());
  await deps.queue.enqueue({ kind: 'run-job', job: 'sheet-flush' });
  // The approver's App Home lists the variances waiting for them: this one no longer does.
  await deps.queue.enqueue({ kind: 'refresh-home', user: item.by });
}

import { varianceCard } from '../../views/variance-card';
import type { Chat } from '../adapters/slack/chat';
import type { DocumentSource } from '../adapters/documents';
import type { WorkQueue } from '../adapters/queue';
import type { Rules } from '../domain/types';
import type { CountLine } from '../domain/count-records';
import type { Store } from '../store/open-store';
import { DONE, tell, type Reply } from './replies';

export interface VarianceDeps {
  store: Pick<Store, 'counts' | 'audit' | 'inventory'>;
  documents: DocumentSource;
  chat: Chat;
}

/** How an approved variance reaches stock: as counted (the normal case, or a held one set to counted), or as the counted difference applied to today's quantity. */
export type PostChoice = 'counted' | 'difference';

/**
 * Only the location's approver (rules doc `location approver`) may decide on its variances. Refusals are audited.
 */
export async function authorizeApprover(
  deps: Pick<VarianceDeps, 'store'>,
  rules: Rules,
  userId: string,
  line: CountLine,
  action: string,
  now: Date,
): Promise<string | null> {
  const approver = rules.locationApprovers[line.location.toLowerCase()] ?? null;
  if (approver !== null && userId === approver) return approver;
  await deps.store.audit.append({
    subject: `${line.location}#${line.sku}`,
    action: 'refused',
    by: userId,
    at: now.toISOString(),
    detail: `${action} on the ${line.sku} variance (session ${line.session_id}) refused: only ${line.location}'s approver (${approver ?? 'none set in the rules doc'}) may decide`,
  });
  return null;
}

/** Redraws a variance card in place from the stored line. */
export async function redrawCard(deps: Pick<VarianceDeps, 'chat' | 'documents'>, line: CountLine): Promise<void> {
  if (!line.card) return;
  const rules = await deps.documents.readRules();
  const approver = rules.locationApprovers[line.location.toLowerCase()] ?? null;
  await deps.chat.update(line.card, varianceCard(line, { currency: rules.currency, timezone: rules.timezone, approver }));
}

/** Reject: recorded once, stock untouched, the card redrawn. */
export async function rejectVariance(
  deps: VarianceDeps,
  line: CountLine,
  by: string,
  now: Date,
  detail = 'rejected',
): Promise<CountLine | null> {
  const decided = await deps.store.counts.decide(line, 'rejected', by, now, detail);
  if (decided) await redrawCard(deps, decided);
  return decided;
}

/**
 * stock-poster (the only code that writes an inventory quantity): posts an approved variance in one transaction.
 * `counted` sets the quantity to what was counted, provided it still equals the snapshot's (or, for a held variance,
 * the quantity found when it was held); `difference` applies the counted gap to today's quantity. A second tap or a
 * redelivered job changes nothing; a quantity that moved holds the variance for the approver's choice.
 */
export async function postVariance(
  deps: VarianceDeps,
  line: CountLine,
  choice: PostChoice,
  by: string,
  now: Date,
): Promise<CountLine | null> {
  if (line.variance_status !== 'queued' && line.variance_status !== 'held') return null;
  // The stock sheet is the source of truth: a sale typed into it since the count opened must hold the post too.
  const item = (await deps.documents.readStockSheet()).find(
    (i) => i.sku === line.sku && i.location.toLowerCase() === line.location.toLowerCase(),
  );
  if (item && deps.documents.readsLive) await deps.store.inventory.syncFromSheet([item], now);
  let current = line;
  for (let attempt = 1; ; attempt++) {
    if (current.counted === null || (current.variance_status !== 'queued' && current.variance_status !== 'held')) return null;
    const today = current.variance_status === 'held' ? (current.held_quantity ?? current.system) : current.system;
    const gap = current.gap_units ?? current.counted - current.system;
    const outcome = await deps.store.counts.postAdjustment({
      line: current,
      expected: today,
      after: choice === 'difference' ? today + gap : current.counted,
      by,
      now,
      cause: current.cause ?? 'unknown',
      detail:
        choice === 'difference'
          ? `counted difference ${gap} applied to ${today}`
          : (current.arithmetic ?? `${current.counted} counted, ${current.system} in the system`),
    });
    // Another file of the count changed the line between the read and the post: post what the card now says.
    if (outcome.kind === 'stale' && attempt < 5) {
      current = outcome.line;
      continue;
    }
    if (outcome.line) await redrawCard(deps, outcome.line);
    return outcome.kind === 'posted' ? outcome.line : null;
  }
}

/** A tap on a variance card: Approve or Reject, or one of the three choices on a held one. */
export type VarianceDecision = 'approve' | 'reject' | 'set-counted' | 'apply-difference' | 'recount';

/** How each tap reads in the audit trail. */
const TAP_NAMES: Record<VarianceDecision, string> = {
  approve: 'approve',
  reject: 'reject',
  'set-counted': 'set to counted',
  'apply-difference': 'apply difference',
  recount: 'recount',
};

export interface VarianceTapDeps extends VarianceDeps {
  queue: WorkQueue;
  clock: () => Date;
}

/**
 * One tap on a variance card, shaped like a tap on a purchase order: only the location's approver may (anyone else
 * is refused, audited); Reject and Recount are recorded at once, stock untouched; an approval is handed to the stock
 * poster's queue, the one place a quantity is written, which redraws the card once the post lands or is held.
 */
export async function decideOnVariance(
  deps: VarianceTapDeps,
  ref: { sessionId: string; sku: string },
  user: string,
  decision: VarianceDecision,
): Promise<Reply> {
  const line = await deps.store.counts.line(ref.sessionId, ref.sku);
  if (!line) return DONE;
  const now = deps.clock();
  const rules = await deps.documents.readRules();
  const approver = await authorizeApprover(deps, rules, user, line, TAP_NAMES[decision], now);
  if (!approver) {
    const who = rules.locationApprovers[line.location.toLowerCase()];
    return tell(
      `Only ${who ? `<@${who}>` : `${line.location}'s approver (none is set in the rules doc: location approver: ${line.location} = U…)`} can approve or reject ${line.location}'s count variances. Nothing was changed.`,
    );
  }
  switch (decision) {
    case 'approve':
    case 'set-counted':
    case 'apply-difference':
      await deps.queue.enqueue({
        kind: 'post-variance',
        sessionId: line.session_id,
        sku: line.sku,
        by: approver,
        choice: decision === 'apply-difference' ? 'difference' : 'counted',
      });
      return DONE;
    case 'reject':
      await rejectVariance(deps, line, approver, now);
      await deps.queue.enqueue({ kind: 'refresh-home', user: approver });
      return DONE;
    case 'recount': {
      // This count of the item is set aside (stock untouched) and a fresh count is asked for in the thread.
      const decided = await rejectVariance(deps, line, approver, now, 'recount requested');
      const meta = decided ? await deps.store.counts.meta(line.session_id) : null;
      if (meta?.channel && meta.ts) {
        await deps.chat.post(
          meta.channel,
          { text: `<@${meta.counter}>, please count ${line.name} (${line.sku}) again and upload the new count in this thread.` },
          meta.ts,
        );
      }
      await deps.queue.enqueue({ kind: 'refresh-home', user: approver });
      return DONE;
    }
  }
}

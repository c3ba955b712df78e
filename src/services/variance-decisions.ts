import { varianceCard } from '../../views/variance-card';
import type { CountChannel } from '../adapters/slack/count-channel';
import type { DocumentSource } from '../adapters/documents';
import type { Rules } from '../domain/types';
import type { CountLine } from '../store/counts';
import type { Store } from '../store/open-store';

export interface VarianceDeps {
  store: Pick<Store, 'counts' | 'audit' | 'inventory'>;
  documents: DocumentSource;
  channel: CountChannel;
}

/** How an approved variance reaches stock: as counted (the normal case, or a held one set to counted), or as the counted difference applied to today's quantity. */
export type PostChoice = 'counted' | 'difference';

/**
 * Only the location's approver (rules doc `location approver`) may decide on its variances. Refusals are audited.
 */
export async function authorizeApprover(deps: Pick<VarianceDeps, 'store'>, rules: Rules, userId: string, line: CountLine, action: string, now: Date): Promise<string | null> {
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
export async function redrawCard(deps: Pick<VarianceDeps, 'channel' | 'documents'>, line: CountLine): Promise<void> {
  if (!line.card) return;
  const rules = await deps.documents.readRules();
  await deps.channel.update(line.card.channel, line.card.ts, varianceCard(line, { currency: rules.currency, timezone: rules.timezone }));
}

/** Reject: recorded once, stock untouched, the card redrawn. */
export async function rejectVariance(deps: VarianceDeps, line: CountLine, by: string, now: Date, detail = 'rejected'): Promise<CountLine | null> {
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
export async function postVariance(deps: VarianceDeps, line: CountLine, choice: PostChoice, by: string, now: Date): Promise<CountLine | null> {
  if (line.variance_status !== 'queued' && line.variance_status !== 'held') return null;
  // The stock sheet is the source of truth: a sale typed into it since the count opened must hold the post too.
  const item = (await deps.documents.readStockSheet()).find((i) => i.sku === line.sku && i.location.toLowerCase() === line.location.toLowerCase());
  if (item) await deps.store.inventory.syncFromSheet([item], now);
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
      detail: choice === 'difference' ? `counted difference ${gap} applied to ${today}` : (current.arithmetic ?? `${current.counted} counted, ${current.system} in the system`),
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

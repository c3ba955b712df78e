import { whoDecided } from '../../views/mrkdwn';
import { codeBook, eachesPer, inCategories, readQuantity, resolveCode } from '../domain/count-capture';
import { clean, showQty } from '../domain/numbers';
import type { Rules, StockItem } from '../domain/types';
import type { CountLine, SessionMeta } from '../store/counts';
import { changeLine, countCatalogue, sessionStatus, showCard, type CaptureDeps } from './count-capture';
import { confirmedZero, isLocked, unlistedLine, withContribution } from './count-lines';
import { mayActOnCount } from './count-sessions';

async function afterChange(deps: CaptureDeps, meta: SessionMeta, rules: Rules, line: CountLine): Promise<void> {
  if (line.state === 'material' || line.card) await showCard(deps, meta, line, rules);
  await deps.store.counts.setStatus(meta.session_id, sessionStatus(await deps.store.counts.lines(meta.session_id)));
}

export type ConfirmZeroOutcome = 'confirmed' | 'not-allowed' | 'already-counted' | 'closed' | 'unknown';

/**
 * "Confirm zero" on a line nobody counted: the counter (or the location's approver) says there were none. The line
 * becomes a counted zero and a material variance (a confirmed zero always goes to the approver: empty shelves are news).
 */
export async function confirmZero(deps: CaptureDeps, sessionId: string, sku: string, by: string, now: Date): Promise<ConfirmZeroOutcome> {
  const [meta, line, rules] = await Promise.all([
    deps.store.counts.meta(sessionId),
    deps.store.counts.line(sessionId, sku),
    deps.documents.readRules(),
  ]);
  if (!meta || !line) return 'unknown';
  if (meta.session_status === 'closed') return 'closed';
  if (!mayActOnCount(meta, rules, by)) return 'not-allowed';
  if (line.counted !== null || isLocked(line)) return 'already-counted';
  const items = await deps.documents.readStockSheet();
  const changed = await changeLine(deps, meta, rules, items, line, (l) => confirmedZero(l, rules));
  if (!changed) return 'already-counted';
  await deps.store.audit.append({
    subject: `${line.location}#${sku}`,
    action: 'count-confirmed-zero',
    by,
    at: now.toISOString(),
    detail: `session ${sessionId}: none on the shelf, system ${line.system}`,
  });
  await afterChange(deps, meta, rules, changed.after);
  return 'confirmed';
}

export interface ParkedFix {
  sessionId: string;
  /** The parked row's sort key. */
  sk: string;
  /** The SKU the row is (as typed in the Fix modal; matched like any code). */
  sku: string;
  /** Eaches counted on that row. */
  qty: number;
  by: string;
}

export type FixOutcome =
  | { kind: 'fixed'; line: CountLine; learned: string | null }
  | { kind: 'already-fixed' | 'closed' | 'unknown' }
  | { kind: 'locked'; line: CountLine }
  | { kind: 'not-found'; reason: string };

/** The SKU a person typed in the Fix modal, as the stock sheet spells it, or why it is not one here. */
export function resolveFixSku(
  items: readonly StockItem[],
  meta: Pick<SessionMeta, 'location' | 'scope'>,
  typed: string,
): { item: StockItem; here: boolean } | { problem: string } {
  const resolved = resolveCode(codeBook(items, meta.location), typed, meta.location);
  if ('problem' in resolved) return { problem: `${typed.trim() || 'That'} is not a SKU, barcode or supplier code in the stock sheet.` };
  return resolved;
}

/**
 * A parked row fixed by a person: the row's code mapped to a SKU and/or its quantity corrected. The fixed count
 * re-enters reconciliation like any other (its own contribution, so a double submit adds nothing twice), and an
 * unknown code is remembered as the SKU's alias at this location for the next count.
 */
export async function fixParked(deps: CaptureDeps, fix: ParkedFix, now: Date): Promise<FixOutcome> {
  const [meta, parked, rules] = await Promise.all([
    deps.store.counts.meta(fix.sessionId),
    deps.store.counts.parkedRow(fix.sessionId, fix.sk),
    deps.documents.readRules(),
  ]);
  if (!meta || !parked) return { kind: 'unknown' };
  if (meta.session_status === 'closed') return { kind: 'closed' };
  if (parked.fixed) return { kind: 'already-fixed' };
  const items = await countCatalogue(deps, meta.location);
  const resolved = resolveFixSku(items, meta, fix.sku);
  if ('problem' in resolved) return { kind: 'not-found', reason: resolved.problem };
  const sku = resolved.item.sku;
  const line = (await deps.store.counts.line(meta.session_id, sku)) ?? (resolved.here ? null : unlistedLine(meta, resolved.item));
  if (!line) return { kind: 'not-found', reason: `${sku} is not in this count's categories (${(meta.scope ?? []).join(', ')}).` };
  if (isLocked(line)) return { kind: 'locked', line };

  // The decision is recorded on the parked row first (once: a second submit, or a second person, finds it taken);
  // applying it is idempotent, so a retried job finishes what a failed one started.
  const decision = { by: fix.by, at: now.toISOString(), sku, qty: fix.qty };
  const first = await deps.store.counts.markFixed(meta.session_id, fix.sk, decision);
  if (!first) {
    const taken = (await deps.store.counts.parkedRow(meta.session_id, fix.sk))?.fixed;
    if (!taken || taken.by !== fix.by || taken.sku !== sku || taken.qty !== fix.qty) return { kind: 'already-fixed' };
  }
  // Only a code the stock sheet does not know is worth remembering; a corrected quantity teaches nothing.
  const codeKnown = parked.code === '' || !('problem' in resolveCode(codeBook(items, meta.location), parked.code, meta.location));
  const learned = codeKnown ? null : parked.code;
  if (first) {
    await deps.store.audit.append({
      subject: `SESSION#${meta.session_id}`,
      action: 'count-parked-fixed',
      by: fix.by,
      at: decision.at,
      before: { file: parked.file, row: parked.row, raw: parked.raw, reason: parked.reason },
      after: { sku, qty: fix.qty, ...(learned ? { alias: learned } : {}) },
    });
  }
  if (learned) await deps.store.inventory.learnAlias(meta.location, learned, sku, fix.by, now);
  const changed = await changeLine(deps, meta, rules, items, line, (l) =>
    withContribution(l, `FIX#${fix.sk}`, { qty: fix.qty, raw: [parked.raw] }, rules),
  );
  const after = changed?.after ?? line;
  if (meta.channel && meta.ts) {
    await deps.chat.post(
      meta.channel,
      {
        text:
          `${whoDecided(fix.by)} fixed ${parked.file} row ${parked.row}: ${showQty(fix.qty)} × ${sku} counted` +
          (learned
            ? `, and ${learned} is now known as ${sku} at ${meta.location} (add it to the stock sheet's aliases to keep it there too).`
            : '.'),
      },
      meta.ts,
    );
  }
  await afterChange(deps, meta, rules, after);
  return { kind: 'fixed', line: after, learned };
}

/**
 * The Fix modal's fields checked before anything is queued: a SKU the stock sheet knows (here, or elsewhere for an
 * item not in the system here), and a quantity of 0 or more, turned into eaches when counted in cases.
 */
export async function checkFix(
  deps: Pick<CaptureDeps, 'store' | 'documents'>,
  ref: { sessionId: string; sk: string },
  input: { sku: string; qty: string; unit: string },
): Promise<{ sku: string; qty: number } | { field: 'sku' | 'qty' | 'unit'; message: string }> {
  const meta = await deps.store.counts.meta(ref.sessionId);
  if (!meta || meta.session_status === 'closed') return { field: 'sku', message: 'This count is closed; open a new one with /count.' };
  const items = await countCatalogue(deps, meta.location);
  const resolved = resolveFixSku(items, meta, input.sku);
  if ('problem' in resolved) return { field: 'sku', message: resolved.problem };
  if (resolved.here && !inCategories(resolved.item, meta.scope)) {
    return { field: 'sku', message: `${resolved.item.sku} is not in this count's categories (${(meta.scope ?? []).join(', ')}).` };
  }
  const read = readQuantity(input.qty);
  if ('problem' in read) return { field: 'qty', message: `The ${read.problem}.` };
  const per = eachesPer(input.unit, resolved.item);
  if ('problem' in per) return { field: 'unit', message: `It was ${per.problem}; count it in eaches.` };
  return { sku: resolved.item.sku, qty: clean(read.qty * per.factor) };
}

import { formatProblem } from '../src/config/errors';
import type { Deps } from '../src/services/deps';
import { syncSheet } from '../src/services/sheet-sync';
import type { JobResult } from './job';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Takes the stock sheet and the two docs from where staff edit them: reads only what changed, mirrors the sheet into
 * the inventory, keeps the last good copies, books in deliveries typed into the sheet, and tells the owner about a
 * document that stopped reading.
 */
export async function sheetSyncJob(deps: Deps, now: Date): Promise<JobResult> {
  const result = await syncSheet(deps, now);
  if (result.skipped === 'no-originals') return { summary: 'Sheet sync: the documents cannot be reached from here.', idle: true };
  if (result.skipped === 'busy') return { summary: 'Sheet sync: a write-back holds the sheet; the next sync looks again.' };
  if (result.changed.length === 0) return { summary: 'Sheet sync: nothing changed.', idle: true };
  const names = deps.originals?.describe();
  const parts = [`changed: ${result.changed.map((k) => names?.[k] ?? k).join(', ')}`];
  if (result.mirror) {
    const m = result.mirror;
    parts.push(`${plural(m.moved, 'on-hand edit')}, ${plural(m.added, 'new item')}, ${plural(m.updated, 'other row edit')}`);
  }
  if (result.received.length > 0) parts.push(`${plural(result.received.length, 'delivery')} booked in from the sheet`);
  if (result.fixed.length > 0) parts.push(`reads again: ${result.fixed.map((k) => names?.[k] ?? k).join(', ')}`);
  const warnings = result.broken.flatMap(({ problems }) => problems.slice(0, 5).map(formatProblem));
  if (result.broken.length > 0) parts.push(`kept the last good ${result.broken.map((b) => names?.[b.kind] ?? b.kind).join(', ')}`);
  const m = result.mirror;
  // A save that changed nothing stockbot reads (a format, a comment) is not worth a line in `serve`'s output.
  const quiet = warnings.length === 0 && result.received.length + result.fixed.length === 0 && (!m || m.added + m.moved + m.updated === 0);
  return { summary: `Sheet sync: ${parts.join('; ')}.`, ...(warnings.length > 0 ? { warnings } : {}), ...(quiet ? { idle: true } : {}) };
}

import { formatMoney } from '../src/domain/money';
import { showQty } from '../src/domain/numbers';
import { showPct } from '../src/domain/variance';
import type { ReconcileFilesResult } from '../src/domain/reconcile';

const STATE: Record<string, string> = { agreement: 'in agreement', minor: 'minor', material: 'MATERIAL' };
const minus = (text: string) => text.replace(/^-/, '−');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const pad = (cells: string[], widths: number[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');

/** `stockbot reconcile` as a table: one line per SKU, then the parked rows and the totals. Pure. */
export function reconcileText(r: ReconcileFilesResult, currency: string): string {
  const rows = r.lines.map((l) => [
    l.sku,
    l.counted === null ? '—' : showQty(l.counted),
    showQty(l.system),
    l.gap ? (l.gap.units > 0 ? `+${showQty(l.gap.units)}` : minus(showQty(l.gap.units))) : '—',
    l.gap?.pct === null || l.gap?.pct === undefined ? '—' : showPct(l.gap.pct),
    l.gap?.value === null || l.gap?.value === undefined ? '—' : minus(formatMoney(l.gap.value, currency)),
    l.kind === 'not_counted'
      ? 'not counted'
      : `${STATE[l.state ?? ''] ?? ''}${l.kind === 'not_in_system' ? ' (not in the system here)' : ''}`,
  ]);
  const header = ['sku', 'counted', 'system', 'gap', '%', 'value', 'state'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const table = [pad(header, widths), ...rows.map((row) => pad(row, widths))].join('\n');
  const count = (state: string) => r.lines.filter((l) => l.state === state).length;
  const parked = r.parked.map((p) => `  ${p.file} row ${p.row} "${p.raw}": ${p.reason}`);
  return [
    `Count at ${r.location}: ${r.linesRead} rows read${r.rescans ? `, ${plural(r.rescans, 're-scan')} counted once` : ''}${r.blanks ? `, ${plural(r.blanks, 'blank row')} (not counted)` : ''}.`,
    '',
    table,
    '',
    `${count('agreement')} in agreement, ${count('minor')} minor, ${count('material')} material, ` +
      `${r.lines.filter((l) => l.kind === 'not_counted').length} not counted, ${r.parked.length} parked.`,
    ...(parked.length ? ['', 'Parked (not counted; fix and count again):', ...parked] : []),
  ].join('\n');
}

import type { ItemCheck } from '../src/domain/check';
import type { DraftOrder } from '../src/domain/draft-order';
import { showQty } from '../src/domain/numbers';
import type { Move } from '../src/domain/types';
import { orderLine } from './po-draft-text';

const MOVE_LABEL: Record<Move, string> = {
  urgent_reorder: 'URGENT REORDER',
  reorder: 'reorder',
  watch: 'watch',
  stocked: 'stocked',
};
const MOVE_ORDER: Move[] = ['urgent_reorder', 'reorder', 'watch', 'stocked'];

export const byMoveThenItem = (a: ItemCheck, b: ItemCheck): number =>
  MOVE_ORDER.indexOf(a.decision.move) - MOVE_ORDER.indexOf(b.decision.move) ||
  a.item.location.localeCompare(b.item.location) ||
  a.item.sku.localeCompare(b.item.sku);

export function moveCountsLine(counts: Record<Move, number>): string {
  return MOVE_ORDER.map((m) => `${counts[m]} ${m.replace('_', ' ')}`).join(' · ');
}

/** The four-move table, most urgent first. Pure: checks in, text out. */
export function moveTableText(checks: readonly ItemCheck[], currency: string): string {
  const rows = [...checks]
    .sort(byMoveThenItem)
    .map((c) => [
      MOVE_LABEL[c.decision.move],
      c.item.sku,
      c.item.location,
      showQty(c.item.onHand),
      showQty(c.point.point),
      showQty(c.point.urgentLine),
      c.draft ? orderLine(c.draft, currency) : c.decision.action === 'none' && c.decision.move === 'stocked' ? '' : c.decision.reason,
    ]);
  const header = ['move', 'sku', 'location', 'on hand', 'point', 'urgent', 'order / note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = new Set([3, 4, 5]);
  const format = (r: string[]) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : numeric.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [format(header), ...rows.map(format)].join('\n');
}

/** The CLI contract's JSON (README, "Commands"): one object, items in sheet order. */
export function checkJson(checks: readonly ItemCheck[]) {
  const order = (d: DraftOrder | null) =>
    d === null ? null : { qty: d.qty, supplier: d.supplier, unit_cost: d.unitCost, total: d.total, capped: d.capped };
  return {
    items: checks.map((c) => ({
      sku: c.item.sku,
      location: c.item.location,
      move: c.decision.move,
      reorder_point: c.point.point,
      urgent_line: c.point.urgentLine,
      on_hand: c.item.onHand,
      order: order(c.draft),
    })),
  };
}

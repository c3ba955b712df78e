import { clean, showQty } from './numbers';
import type { Rules, StockItem } from './types';

export interface ReorderPoint {
  /** How low on-hand may fall before ordering. */
  point: number;
  /** The safety buffer; at or below it the item is urgent: it may run out before a normal order arrives. */
  urgentLine: number;
  buffer: number;
  bufferSource: 'item' | 'category' | 'default';
  /** The arithmetic in one line, so nobody has to ask why: `8/day × 5 days + 20 buffer = 60`. */
  arithmetic: string;
}

/** Buffer: the item's own, else its category's, else the rules doc default. */
export function safetyBuffer(item: StockItem, rules: Rules): Pick<ReorderPoint, 'buffer' | 'bufferSource'> {
  if (item.safetyBuffer !== null) return { buffer: item.safetyBuffer, bufferSource: 'item' };
  const byCategory = item.category === null ? undefined : rules.categoryBuffers[item.category.toLowerCase()];
  if (byCategory !== undefined) return { buffer: byCategory, bufferSource: 'category' };
  return { buffer: rules.defaultSafetyBuffer, bufferSource: 'default' };
}

/** reorder point = point_override if set, else daily sales rate × lead time days + buffer. */
export function reorderPoint(item: StockItem, rules: Rules): ReorderPoint {
  const { buffer, bufferSource } = safetyBuffer(item, rules);
  if (item.pointOverride !== null) {
    return {
      point: item.pointOverride,
      urgentLine: buffer,
      buffer,
      bufferSource,
      arithmetic: `point override = ${showQty(item.pointOverride)}`,
    };
  }
  const point = clean(item.dailySalesRate * item.leadTimeDays + buffer);
  const bufferLabel = bufferSource === 'category' ? `${item.category} buffer` : 'buffer';
  return {
    point,
    urgentLine: buffer,
    buffer,
    bufferSource,
    arithmetic: `${showQty(item.dailySalesRate)}/day × ${showQty(item.leadTimeDays)} days + ${showQty(buffer)} ${bufferLabel} = ${showQty(point)}`,
  };
}

/** Days of cover left at the current sales rate; null when nothing sells (cover never runs out). */
export function daysOfCoverLeft(item: Pick<StockItem, 'onHand' | 'dailySalesRate'>): number | null {
  if (item.dailySalesRate <= 0) return null;
  return clean(item.onHand / item.dailySalesRate);
}

import type { ItemCheck } from './check';

/** An item on watch: close to its reorder point, no order yet. */
export interface WatchRow {
  sku: string;
  name: string;
  location: string;
  onHand: number;
  reorderPoint: number;
}

/**
 * The most rows a watch list keeps. The daily check stores the list with its run (a DynamoDB item holds 400 KB), and
 * App Home shows a few dozen at most; a catalogue with more items on watch than this has a buffer to fix.
 */
export const MAX_WATCH_ROWS = 500;

/** The items a check put on watch, closest to their reorder point first. */
export function watchList(checks: readonly ItemCheck[]): WatchRow[] {
  return checks
    .filter((c) => c.decision.move === 'watch')
    .map((c) => ({ sku: c.item.sku, name: c.item.name, location: c.item.location, onHand: c.item.onHand, reorderPoint: c.point.point }))
    .sort((a, b) => a.onHand - a.reorderPoint - (b.onHand - b.reorderPoint))
    .slice(0, MAX_WATCH_ROWS);
}

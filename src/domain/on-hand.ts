import type { StockItem } from './types';

/** A change the stock sheet has not been told yet: an approved count, a receipt, a sale. */
export interface UnwrittenChange {
  location: string;
  sku: string;
  delta: number;
}

/**
 * On hand as the app knows it: the stock sheet's value plus the changes still on their way into the sheet, so a
 * count approved a minute ago counts in this morning's check even before the write-back has run.
 */
export function withUnwrittenChanges(items: readonly StockItem[], changes: readonly UnwrittenChange[]): StockItem[] {
  if (changes.length === 0) return [...items];
  const byItem = new Map<string, number>();
  for (const c of changes) {
    const key = `${c.location.toLowerCase()}#${c.sku.toLowerCase()}`;
    byItem.set(key, (byItem.get(key) ?? 0) + c.delta);
  }
  return items.map((item) => {
    const delta = byItem.get(`${item.location.toLowerCase()}#${item.sku.toLowerCase()}`) ?? 0;
    return delta === 0 ? item : { ...item, onHand: item.onHand + delta };
  });
}

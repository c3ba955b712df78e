import { withUnwrittenChanges } from '../../../src/domain/on-hand';
import type { StockItem } from '../../../src/domain/types';

const item = (sku: string, location: string, onHand: number): StockItem => ({
  sku,
  name: sku,
  location,
  supplier: null,
  category: null,
  onHand,
  dailySalesRate: 1,
  leadTimeDays: 1,
  safetyBuffer: null,
  packSize: null,
  unitCost: null,
  pointOverride: null,
  targetLevel: null,
  aliases: [],
});

describe('on hand with the changes the sheet has not been told yet', () => {
  const items = [item('BEAN-HB', 'main', 58), item('BEAN-HB', 'Kiosk', 10), item('MILK-WH', 'main', 40)];

  it('adds each item its own unwritten changes, matching location and SKU whatever their case', () => {
    const out = withUnwrittenChanges(items, [
      { location: 'MAIN', sku: 'bean-hb', delta: 120 },
      { location: 'main', sku: 'BEAN-HB', delta: -3 },
      { location: 'Kiosk', sku: 'MILK-WH', delta: 5 },
    ]);
    expect(out.map((i) => [i.location, i.sku, i.onHand])).toEqual([
      ['main', 'BEAN-HB', 175],
      ['Kiosk', 'BEAN-HB', 10],
      ['main', 'MILK-WH', 40],
    ]);
  });

  it('leaves the items as they were when nothing is waiting, and never changes the input', () => {
    expect(withUnwrittenChanges(items, [])).toEqual(items);
    withUnwrittenChanges(items, [{ location: 'main', sku: 'MILK-WH', delta: -40 }]);
    expect(items[2]!.onHand).toBe(40);
  });
});

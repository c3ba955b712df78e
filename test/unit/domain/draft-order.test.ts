import { decideAll } from '../../../src/domain/check';
import { draftOrder } from '../../../src/domain/draft-order';
import { reorderPoint } from '../../../src/domain/reorder-point';
import { book, item, rules, supplier } from '../../support/builders';

const suppliers = book(supplier(), supplier({ name: 'Acme Wholesale', email: 'po@acme.example', packSize: null, minimumOrder: null }));

describe('draft order', () => {
  it('worked example: 120 bags at 4.20 = 504 to Bayside Roasters with target_level 178', () => {
    const it58 = item({ targetLevel: 178 });
    const d = draftOrder(it58, reorderPoint(it58, rules()), false, rules(), suppliers);
    expect(d).toMatchObject({
      qty: 120,
      unitCost: 4.2,
      total: 504,
      supplier: 'Bayside Roasters',
      supplierEmail: 'orders@bayside.example',
      capped: false,
      problems: [],
    });
    expect(d.pointArithmetic).toBe('8/day × 5 days + 20 buffer = 60');
    expect(d.quantityArithmetic).toBe('target 178 − 58 on hand = 120');
  });

  it('without target_level the target is reorder point + rate × days of cover', () => {
    const d = draftOrder(item(), reorderPoint(item(), rules()), false, rules({ daysOfCover: 30 }), suppliers);
    expect(d.quantityArithmetic).toBe('target 300 − 58 on hand = 242 → 252 (rounded up to packs of 12)');
  });

  it("the item's pack size beats the supplier's", () => {
    const i = item({ packSize: 10, targetLevel: 100 });
    expect(draftOrder(i, reorderPoint(i, rules()), false, rules(), suppliers).qty).toBe(50);
  });

  it('a draft of exactly one pack under a cap below one pack is capped and its arithmetic names the cap', () => {
    const i = item({ packSize: 50, targetLevel: 108 });
    const d = draftOrder(i, reorderPoint(i, rules()), false, rules({ orderCap: 30 }), suppliers);
    expect(d).toMatchObject({ qty: 50, capped: true });
    expect(d.quantityArithmetic).toBe('target 108 − 58 on hand = 50 → 50 (order cap 30 is below one pack, so one pack of 50)');
  });

  it('money is rounded to cents', () => {
    const i = item({ unitCost: 0.35, packSize: 1, targetLevel: 61, supplier: 'Acme Wholesale' });
    expect(draftOrder(i, reorderPoint(i, rules()), false, rules(), suppliers).total).toBe(1.05);
  });

  it('lists what the owner must fix: no supplier, no unit cost', () => {
    const i = item({ supplier: null, category: null, unitCost: null });
    const d = draftOrder(i, reorderPoint(i, rules()), false, rules(), suppliers);
    expect(d.total).toBeNull();
    expect(d.problems).toEqual([
      'no supplier: set one in the stock sheet, a category supplier or a fallback supplier in the rules doc',
      'no unit cost in the stock sheet',
    ]);
  });

  it('urgent drafts carry days of cover left and the backup supplier', () => {
    const i = item({ onHand: 16 });
    const d = draftOrder(i, reorderPoint(i, rules()), true, rules({ backupSuppliers: { 'bean-hb': 'Speedy Beans' } }), suppliers);
    expect(d).toMatchObject({ urgent: true, daysOfCoverLeft: 2, backupSupplier: 'Speedy Beans' });
  });
});

describe('decideAll', () => {
  it('decides every item, counts the moves and lists fallback-supplier items', () => {
    const items = [
      item({ sku: 'A', onHand: 100 }),
      item({ sku: 'B', onHand: 64 }),
      item({ sku: 'C', onHand: 58, supplier: null, category: null }),
      item({ sku: 'D', onHand: 5 }),
    ];
    const result = decideAll({
      items,
      rules: rules({ fallbackSupplier: 'Acme Wholesale' }),
      suppliers,
      openOrders: new Map(),
      states: new Map(),
      now: new Date('2026-11-23T08:00:00Z'),
      today: '2026-11-23',
    });
    expect(result.counts).toEqual({ stocked: 1, watch: 1, reorder: 1, urgent_reorder: 1 });
    expect(result.checks.map((c) => c.draft?.sku ?? null)).toEqual([null, null, 'C', 'D']);
    expect(result.fallbackSupplierItems).toEqual(['main#C']);
  });
});

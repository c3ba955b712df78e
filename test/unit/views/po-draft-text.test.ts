import { draftOrder } from '../../../src/domain/draft-order';
import { reorderPoint } from '../../../src/domain/reorder-point';
import { coverLeft, poDraftText } from '../../../views/po-draft-text';
import { book, item, rules, supplier } from '../../support/builders';

const suppliers = book(supplier());
const draft = (overrides: Parameters<typeof item>[0], urgent = false, r = rules()) => {
  const i = item(overrides);
  return draftOrder(i, reorderPoint(i, r), urgent, r, suppliers);
};

describe('draft as text', () => {
  it('carries item, quantity, unit cost, total, supplier, on hand, rate and the arithmetic', () => {
    expect(poDraftText(draft({ targetLevel: 178 }), 'GBP')).toBe(
      [
        'Reorder: House Blend beans (BEAN-HB) at main',
        '  Order 120 × £4.20 = £504.00 from Bayside Roasters <orders@bayside.example>',
        '  On hand 58, sells ~8/day',
        '  Reorder point: 8/day × 5 days + 20 buffer = 60',
        '  Quantity: target 178 − 58 on hand = 120',
      ].join('\n'),
    );
  });

  it('shows the till’s measured rate beside the sheet’s when the check found them apart', () => {
    const text = poDraftText({ ...draft({ targetLevel: 178 }), tillRate: { perDay: 11.2, days: 28 } }, 'GBP');
    expect(text).toContain('  Sales rate: sheet 8/day · till 11.2/day over 28 days');
  });

  it('flags urgent drafts with days of cover left', () => {
    const text = poDraftText(draft({ onHand: 16, targetLevel: 160 }, true), 'USD');
    expect(text.split('\n')[0]).toBe('URGENT reorder: House Blend beans (BEAN-HB) at main');
    expect(text).toContain('On hand 16, sells ~8/day, ~2 days of cover left');
    expect(text).toContain('US$4.20');
  });

  it('says when the cap applied and what needs fixing', () => {
    const text = poDraftText(draft({ unitCost: null, dailySalesRate: 800 }, false, rules({ orderCap: 100 })), 'GBP');
    expect(text).toContain('Order 96 (no unit cost) from Bayside Roasters');
    expect(text).toContain('Capped by the order cap');
    expect(text).toContain('Needs attention: no unit cost in the stock sheet');
  });
});

describe('cover left', () => {
  it.each([
    [null, 'no recent sales'],
    [0.5, 'less than a day of cover left'],
    [1.9, '~1 day of cover left'],
    [7.25, '~7 days of cover left'],
  ])('%p → %s', (days, text) => expect(coverLeft(days)).toBe(text));
});

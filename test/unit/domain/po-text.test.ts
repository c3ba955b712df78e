import { DEFAULT_PO_TEMPLATE, renderPo, unknownPlaceholders, type PoValues } from '../../../src/domain/po-text';

const values: PoValues = {
  po_number: 'PO-000123',
  date: '2026-11-23',
  item: 'House Blend beans',
  sku: 'BEAN-HB',
  qty: '120',
  unit_cost: '£4.20',
  line_total: '£504.00',
  note: '',
  supplier: 'Bayside Roasters',
};

describe('PO text', () => {
  it("fills the supplier's template (the README's example)", () => {
    const template =
      'Please supply {qty} x {item} ({sku}) at {unit_cost} each, total {line_total}.\nPO {po_number}. {note}\nDeliver to 1 High St. ' +
      'Account 4471.';
    expect(renderPo(template, values)).toBe(
      'Please supply 120 x House Blend beans (BEAN-HB) at £4.20 each, total £504.00.\nPO PO-000123.\nDeliver to 1 High St. Account 4471.',
    );
  });

  it('includes a note when there is one', () => {
    expect(renderPo('PO {po_number}. {note}', { ...values, note: 'Please split into two deliveries.' })).toBe(
      'PO PO-000123. Please split into two deliveries.',
    );
  });

  it('the default template uses only known placeholders', () => {
    expect(unknownPlaceholders(DEFAULT_PO_TEMPLATE)).toEqual([]);
    expect(renderPo(DEFAULT_PO_TEMPLATE, values)).toContain('Please supply 120 x House Blend beans (BEAN-HB)');
  });

  it('finds unknown placeholders', () => {
    expect(unknownPlaceholders('{qty} {quantity} {sku} {price}')).toEqual(['quantity', 'price']);
  });
});

import { orderQuantity, quantityProblem } from '../../../src/domain/order-quantity';

const gates = (packSize = 1, minimumOrder: number | null = null, orderCap: number | null = 500) => ({ packSize, minimumOrder, orderCap });

describe('order quantity', () => {
  it('is ⌈target − on hand⌉ when no gate applies', () => {
    expect(orderQuantity(300, 58, gates())).toMatchObject({ qty: 242, raw: 242, capped: false, reasons: [] });
  });

  it('is at least 1 even when on hand already meets the target', () => {
    expect(orderQuantity(50, 58, gates()).qty).toBe(1);
  });

  it('rounds a fractional need up', () => {
    expect(orderQuantity(10.2, 5, gates()).raw).toBe(6);
  });

  it('does not add a unit for float noise (0.3 × 30 days)', () => {
    expect(orderQuantity(0.3 * 30, 0, gates()).raw).toBe(9);
  });

  it('rounds up to the pack size', () => {
    const q = orderQuantity(300, 58, gates(12));
    expect(q.qty).toBe(252);
    expect(q.reasons).toEqual(['rounded up to packs of 12']);
    expect(q.arithmetic).toBe('target 300 − 58 on hand = 242 → 252 (rounded up to packs of 12)');
  });

  it('leaves an exact pack multiple alone (120 bags in packs of 12)', () => {
    expect(orderQuantity(178, 58, gates(12)).qty).toBe(120);
  });

  it('raises to the supplier minimum', () => {
    const q = orderQuantity(70, 58, gates(1, 24));
    expect(q.qty).toBe(24);
    expect(q.reasons).toEqual(['raised to the supplier minimum of 24']);
  });

  it('rounds the supplier minimum itself up to a pack multiple', () => {
    expect(orderQuantity(61, 58, gates(12, 30)).qty).toBe(36);
  });

  it('caps at the order cap, rounded down to a pack multiple, and flags capped', () => {
    const q = orderQuantity(2000, 0, gates(12, null, 500));
    expect(q.qty).toBe(492);
    expect(q.capped).toBe(true);
    expect(q.reasons).toContain('capped at the order cap of 500');
  });

  it('a cap below one pack proposes one pack, flagged capped', () => {
    const q = orderQuantity(300, 0, gates(50, null, 30));
    expect(q).toMatchObject({ qty: 50, capped: true });
    expect(q.reasons).toContain('order cap 30 is below one pack, so one pack of 50');
  });

  it('a cap below one pack flags capped even when the need is exactly one pack, and the arithmetic says so', () => {
    const q = orderQuantity(50, 0, gates(50, null, 30));
    expect(q).toMatchObject({ qty: 50, raw: 50, capped: true });
    expect(q.arithmetic).toBe('target 50 − 0 on hand = 50 → 50 (order cap 30 is below one pack, so one pack of 50)');
  });

  it('a cap below one pack flags capped when the need rounds up to exactly one pack', () => {
    const q = orderQuantity(20, 0, gates(50, null, 30));
    expect(q).toMatchObject({ qty: 50, capped: true });
    expect(q.arithmetic).toBe(
      'target 20 − 0 on hand = 20 → 50 (rounded up to packs of 50, order cap 30 is below one pack, so one pack of 50)',
    );
  });

  it('the cap wins over a supplier minimum above it', () => {
    expect(orderQuantity(10, 0, gates(1, 600, 500))).toMatchObject({ qty: 500, capped: true });
  });

  it('no cap when the rules doc says none', () => {
    expect(orderQuantity(100000, 0, gates(1, null, null))).toMatchObject({ qty: 100000, capped: false });
  });

  it('a quantity exactly at the cap is not capped', () => {
    expect(orderQuantity(500, 0, gates(1, null, 500))).toMatchObject({ qty: 500, capped: false });
  });
});

describe('quantityProblem (the Edit modal uses the same gates)', () => {
  it('accepts a valid quantity', () => expect(quantityProblem(120, gates(12, 24, 500))).toBeNull());
  it('rejects off-pack quantities and suggests the nearest packs', () =>
    expect(quantityProblem(125, gates(12))).toBe('Order in packs of 12: try 120 or 132.'));
  it('suggests one pack when below the first pack', () => expect(quantityProblem(5, gates(12))).toBe('Order in packs of 12: try 12.'));
  it('rejects over the cap', () => expect(quantityProblem(504, gates(12, null, 500))).toBe('The order cap allows at most 492.'));
  it('accepts one pack when the cap is below one pack', () => expect(quantityProblem(50, gates(50, null, 30))).toBeNull());
  it('rejects below the supplier minimum', () => expect(quantityProblem(12, gates(12, 24))).toBe("The supplier's minimum order is 24."));
  it('rejects zero, negatives and fractions', () => {
    for (const q of [0, -12, 1.5, Number.NaN]) expect(quantityProblem(q, gates())).toBe('Enter a whole number of units, at least 1.');
  });
});

import { decideMove, levelMove, type MoveContext } from '../../../src/domain/move';
import { reorderPoint } from '../../../src/domain/reorder-point';
import type { OpenOrder } from '../../../src/domain/types';
import { item, rules } from '../../support/builders';

const point = reorderPoint(item(), rules()); // point 60, urgent line 20
const now = new Date('2026-11-23T08:00:00Z');
const ctx = (overrides: Partial<MoveContext> = {}): MoveContext => ({
  onHand: 58,
  point,
  watchMargin: 0.1,
  openOrder: null,
  skipUntil: null,
  now,
  today: '2026-11-23',
  ...overrides,
});
const order = (overrides: Partial<OpenOrder> = {}): OpenOrder => ({
  orderId: '2026-11-20',
  status: 'pending',
  qty: 120,
  supplier: 'Bayside Roasters',
  draftDate: '2026-11-20',
  resurfacedOn: null,
  expectedDate: null,
  ...overrides,
});

describe('the four moves by stock level', () => {
  it('worked example: 58 on hand with point 60 → reorder', () => {
    expect(levelMove(58, point, 0.1)).toBe('reorder');
  });
  it('exactly at the reorder point → reorder', () => expect(levelMove(60, point, 0.1)).toBe('reorder'));
  it('one above the point, inside the watch margin → watch', () => expect(levelMove(61, point, 0.1)).toBe('watch'));
  it('exactly at the watch margin edge (60 × 1.1 = 66) → watch', () => expect(levelMove(66, point, 0.1)).toBe('watch'));
  it('just past the watch margin → stocked', () => expect(levelMove(66.01, point, 0.1)).toBe('stocked'));
  it('exactly at the urgent line → urgent reorder', () => expect(levelMove(20, point, 0.1)).toBe('urgent_reorder'));
  it('one above the urgent line → reorder', () => expect(levelMove(21, point, 0.1)).toBe('reorder'));
  it('zero on hand → urgent reorder', () => expect(levelMove(0, point, 0.1)).toBe('urgent_reorder'));
  it('a zero watch margin means no watch band', () => expect(levelMove(61, point, 0)).toBe('stocked'));
  it('watch margin edge is exact with fractional points (0.3 × 1.1 = 0.33)', () => {
    const fractional = reorderPoint(item({ dailySalesRate: 0.1, leadTimeDays: 3, safetyBuffer: 0 }), rules());
    expect(levelMove(0.33, fractional, 0.1)).toBe('watch');
  });
});

describe('decideMove', () => {
  it('drafts a reorder when nothing is open', () => {
    expect(decideMove(ctx())).toMatchObject({ move: 'reorder', action: 'draft' });
  });

  it('drafts an urgent reorder', () => {
    expect(decideMove(ctx({ onHand: 10 }))).toMatchObject({ move: 'urgent_reorder', action: 'draft' });
  });

  it('an item with an on-order order is stocked, whatever the level', () => {
    const d = decideMove(ctx({ onHand: 0, openOrder: order({ status: 'on-order', expectedDate: '2026-11-25' }) }));
    expect(d).toMatchObject({ move: 'stocked', action: 'none' });
    expect(d.reason).toContain('expected 2026-11-25');
  });

  it('an item with a pending draft is stocked when not urgent', () => {
    expect(decideMove(ctx({ openOrder: order() }))).toMatchObject({ move: 'stocked', action: 'none' });
  });

  it('an approved order whose email is still being sent counts as open', () => {
    expect(decideMove(ctx({ onHand: 5, openOrder: order({ status: 'approved' }) }))).toMatchObject({ move: 'stocked' });
  });

  it('an urgent item with a pending draft from an earlier day is re-surfaced', () => {
    expect(decideMove(ctx({ onHand: 10, openOrder: order() }))).toMatchObject({ move: 'urgent_reorder', action: 'resurface' });
  });

  it('re-surfaces at most once a day', () => {
    expect(decideMove(ctx({ onHand: 10, openOrder: order({ resurfacedOn: '2026-11-23' }) }))).toMatchObject({
      move: 'urgent_reorder',
      action: 'none',
    });
    expect(decideMove(ctx({ onHand: 10, openOrder: order({ draftDate: '2026-11-23', orderId: '2026-11-23' }) }))).toMatchObject({
      action: 'none',
    });
  });

  it('a skip holds a non-urgent item at its move without a draft until the cooldown ends', () => {
    expect(decideMove(ctx({ skipUntil: '2026-11-24T08:00:00.000Z' }))).toMatchObject({ move: 'reorder', action: 'hold' });
  });

  it('drafts again once the cooldown has ended (the end instant itself is past the hold)', () => {
    expect(decideMove(ctx({ skipUntil: now.toISOString() }))).toMatchObject({ move: 'reorder', action: 'draft' });
  });

  it('an urgent item ignores the skip cooldown', () => {
    expect(decideMove(ctx({ onHand: 10, skipUntil: '2026-11-30T00:00:00.000Z' }))).toMatchObject({
      move: 'urgent_reorder',
      action: 'draft',
    });
  });

  it('watch and stocked items never draft', () => {
    expect(decideMove(ctx({ onHand: 64 }))).toMatchObject({ move: 'watch', action: 'none' });
    expect(decideMove(ctx({ onHand: 100 }))).toMatchObject({ move: 'stocked', action: 'none' });
  });
});

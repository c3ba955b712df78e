import { daysOfCoverLeft, reorderPoint } from '../../../src/domain/reorder-point';
import { item, rules } from '../../support/builders';

describe('reorder point', () => {
  it('is daily sales rate × lead time days + buffer (8 × 5 + 20 = 60)', () => {
    const p = reorderPoint(item(), rules());
    expect(p.point).toBe(60);
    expect(p.urgentLine).toBe(20);
    expect(p.arithmetic).toBe('8/day × 5 days + 20 buffer = 60');
  });

  it('uses point_override instead of the formula, and says so', () => {
    const p = reorderPoint(item({ pointOverride: 75 }), rules());
    expect(p.point).toBe(75);
    expect(p.urgentLine).toBe(20);
    expect(p.arithmetic).toBe('point override = 75');
  });

  it('takes the buffer from the item first', () => {
    expect(reorderPoint(item({ safetyBuffer: 5 }), rules({ categoryBuffers: { coffee: 30 }, defaultSafetyBuffer: 2 })).buffer).toBe(5);
  });

  it('falls back to the category buffer (case-insensitive category), naming it in the arithmetic', () => {
    const p = reorderPoint(item({ safetyBuffer: null, category: 'Coffee' }), rules({ categoryBuffers: { coffee: 30 } }));
    expect(p).toMatchObject({ buffer: 30, bufferSource: 'category', point: 70 });
    expect(p.arithmetic).toBe('8/day × 5 days + 30 Coffee buffer = 70');
  });

  it('falls back to the default safety buffer when neither item nor category sets one', () => {
    const p = reorderPoint(item({ safetyBuffer: null, category: null }), rules({ defaultSafetyBuffer: 4 }));
    expect(p).toMatchObject({ buffer: 4, bufferSource: 'default', point: 44, urgentLine: 4 });
  });

  it('handles a zero sales rate: the point is the buffer alone', () => {
    expect(reorderPoint(item({ dailySalesRate: 0 }), rules()).point).toBe(20);
  });

  it('handles a fractional sales rate without float noise', () => {
    const p = reorderPoint(item({ dailySalesRate: 0.1, leadTimeDays: 3, safetyBuffer: 0 }), rules());
    expect(p.point).toBe(0.3);
    expect(p.arithmetic).toBe('0.1/day × 3 days + 0 buffer = 0.3');
  });
});

describe('days of cover left', () => {
  it('is on hand ÷ daily sales rate', () => {
    expect(daysOfCoverLeft(item({ onHand: 18 }))).toBe(2.25);
  });
  it('is null when nothing sells', () => {
    expect(daysOfCoverLeft(item({ dailySalesRate: 0 }))).toBeNull();
  });
});

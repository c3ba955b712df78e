import { measuredRate, ratesDisagree } from '../../../src/domain/sales-rate';

// A replayed history with a known answer: 11 units a day for the four weeks before 2026-12-21, 3 a day before that.
const day = (offset: number) => new Date(Date.UTC(2026, 11, 21) - offset * 86_400_000).toISOString().slice(0, 10);
const history = Array.from({ length: 60 }, (_, i) => ({ date: day(i + 1), units: i < 28 ? 11 : 3 }));

describe('measured daily sales rate', () => {
  it('is the last 28 days’ net sales a day, today not counted', () => {
    expect(measuredRate(history, day(60), '2026-12-21')).toEqual({ perDay: 11, days: 28 });
    // Sales on the day itself are not in: the day is not over.
    expect(measuredRate([...history, { date: '2026-12-21', units: 500 }], day(60), '2026-12-21')).toEqual({ perDay: 11, days: 28 });
  });

  it('uses the whole history when it is between 14 and 28 days, and none before 14', () => {
    const short = Array.from({ length: 20 }, (_, i) => ({ date: day(i + 1), units: 4 }));
    expect(measuredRate(short, day(20), '2026-12-21')).toEqual({ perDay: 4, days: 20 });
    expect(measuredRate(short.slice(0, 13), day(13), '2026-12-21')).toBeNull();
    expect(measuredRate(short.slice(0, 14), day(14), '2026-12-21')).toEqual({ perDay: 4, days: 14 });
    expect(measuredRate([], null, '2026-12-21')).toBeNull();
  });

  it('counts refunds against sales and never goes below zero; rounds to one decimal', () => {
    const days = [
      { date: day(1), units: 10 },
      { date: day(2), units: -3 },
    ];
    expect(measuredRate(days, day(40), '2026-12-21')).toEqual({ perDay: 0.3, days: 28 });
    expect(measuredRate([{ date: day(1), units: -5 }], day(40), '2026-12-21')).toEqual({ perDay: 0, days: 28 });
  });

  it('shows both rates only when they differ by more than a quarter', () => {
    expect(ratesDisagree(8, 11.2)).toBe(true);
    expect(ratesDisagree(8, 9.9)).toBe(false);
    expect(ratesDisagree(8, 5.9)).toBe(true);
    expect(ratesDisagree(0, 0.01)).toBe(false);
    expect(ratesDisagree(0, 1)).toBe(true);
  });
});

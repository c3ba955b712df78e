import { arithmeticLine, gapOf, varianceState } from '../../../src/domain/variance';

/** The example shop's materiality (examples/rules.txt): 2 units and 1%, or £20. */
const M = { units: 2, percent: 0.01, value: 20 };
const state = (counted: number, system: number, cost: number | null) => varianceState(gapOf(counted, system, cost), M);
const line = (counted: number, system: number, cost: number | null) =>
  arithmeticLine(counted, system, gapOf(counted, system, cost), M, 'GBP');

describe('the three numbers', () => {
  it('BOLT-M6-50: 432 vs 480 at £0.35 → −48 units, −10%, −£16.80', () => {
    expect(gapOf(432, 480, 0.35)).toEqual({ units: -48, pct: -0.1, value: -16.8 });
  });
  it('an overage is positive', () => expect(gapOf(10, 8, 1.5)).toEqual({ units: 2, pct: 0.25, value: 3 }));
  it('against a system of 0 the percentage is undefined (null)', () => expect(gapOf(5, 0, 2)).toEqual({ units: 5, pct: null, value: 10 }));
  it('no unit cost → no value', () => expect(gapOf(1, 3, null).value).toBeNull());
  it('money is rounded to cents without float noise', () => expect(gapOf(3, 0, 0.1).value).toBe(0.3));
  it('fractional counts keep their fraction', () => expect(gapOf(2.5, 3, null).units).toBe(-0.5));
});

describe('the three states', () => {
  it('432 vs 480 is material (both the unit and the percent tests trip)', () => expect(state(432, 480, 0.35)).toBe('material'));
  it('479 vs 480 is in agreement (1 unit, 0.2%, £0.35)', () => expect(state(479, 480, 0.35)).toBe('agreement'));
  it('476 vs 480 is minor (4 units trips, 0.8% does not)', () => expect(state(476, 480, 0.35)).toBe('minor'));
  it('a 2-unit gap on a £45 item is material by value alone (£90 > £20)', () => expect(state(2, 4, 45)).toBe('material'));
  it('the percent test alone is minor: 1 short of 4 (25%) at £1', () => expect(state(3, 4, 1)).toBe('minor'));
  it('exactly 2 units is not over 2 units', () => expect(state(98, 100, 0.01)).toBe('minor'));
  it('exactly 1% is not over 1%', () => expect(state(297, 300, 0.01)).toBe('minor'));
  it('exactly £20 is not over £20', () => expect(state(0, 1, 20)).toBe('minor'));
  it('a penny over £20 is material', () => expect(state(0, 1, 20.01)).toBe('material'));
  it('no gap is agreement', () => expect(state(480, 480, 0.35)).toBe('agreement'));
  it('a gap against a system of 0 trips the percent test: 3 found → material, 1 found → minor', () => {
    expect(state(3, 0, null)).toBe('material');
    expect(state(1, 0, null)).toBe('minor');
  });
  it('without a unit cost only units and percent decide', () => expect(state(0, 100, null)).toBe('material'));
  it('a tolerance of 0 units and 0% flags any gap', () =>
    expect(varianceState(gapOf(1, 1000, 0), { units: 0, percent: 0, value: 1e9 })).toBe('material'));
});

describe('the arithmetic line says which test decided', () => {
  it('the line reads 432 − 480 = −48 (−10%, −£16.80) > 2 units and 1%', () =>
    expect(line(432, 480, 0.35)).toBe('432 − 480 = −48 (−10%, −£16.80) > 2 units and 1%'));
  it('by value', () => expect(line(2, 4, 45)).toBe('2 − 4 = −2 (−50%, −£90.00) > £20.00'));
  it('minor by units', () => expect(line(476, 480, 0.35)).toBe('476 − 480 = −4 (−0.8%, −£1.40): over 2 units but within 1%, so minor'));
  it('minor by percent', () => expect(line(3, 4, 1)).toBe('3 − 4 = −1 (−25%, −£1.00): over 1% but within 2 units, so minor'));
  it('agreement', () => expect(line(479, 480, 0.35)).toBe('479 − 480 = −1 (−0.2%, −£0.35): within 2 units, 1% and £20.00'));
  it('an overage against nothing, with no cost', () =>
    expect(line(3, 0, null)).toBe('3 − 0 = +3 (no system stock, no unit cost) > 2 units and 1%'));
});

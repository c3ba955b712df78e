import type { MonthlySummary } from '../../../src/domain/monthly-summary';
import { monthLabel, numbersWritten, staysWithFigures, templateNarrative } from '../../../src/domain/summary-narrative';

const SUMMARY: MonthlySummary = {
  month: '2026-11',
  spend: [
    { supplier: 'Bayside Roasters', orders: 3, total: 1512 },
    { supplier: 'Dairy Direct', orders: 2, total: 105.6 },
  ],
  spendTotal: 1617.6,
  spendHistory: [
    { month: '2026-10', supplier: 'Bayside Roasters', amount: 252 },
    { month: '2026-11', supplier: 'Bayside Roasters', amount: 1512 },
    { month: '2026-11', supplier: 'Dairy Direct', amount: 105.6 },
  ],
  urgent: [{ sku: 'MILK-OAT', location: 'main', name: 'Oat milk' }],
  stockoutsAvoided: [],
  daysOutOfStock: [{ sku: 'MILK-OAT', location: 'main', name: 'Oat milk', days: 2 }],
  linesCounted: 40,
  variancesByCause: [{ cause: 'shrinkage', count: 3, value: -42.5 }],
  valueCaught: 42.5,
  repeatShort: [{ sku: 'BOLT-M6-50', location: 'Bay 7', name: 'M6 x 50 bolts', short: 3, of: 4 }],
};
const check = (text: string, s: MonthlySummary = SUMMARY) => staysWithFigures(text, s, 'GBP');

describe('the monthly narrative', () => {
  it('the template states only the figures, and passes its own check', () => {
    const text = templateNarrative(SUMMARY, 'GBP');
    expect(text).toBe(
      'In November 2026 you spent £1,617.60 with 2 suppliers, the most with Bayside Roasters (£1,512.00). 1 item hit urgent, and ' +
        '0 urgent orders arrived before the shelf ran empty. Items were out of stock for 2 item-days in all. Counts checked 40 ' +
        'lines and found 3 variances; approved corrections came to £42.50. 1 SKU keeps coming back short: worth a look.',
    );
    expect(check(text)).toEqual({ ok: true });
  });

  it('a quiet month is said in words, and passes', () => {
    const quiet: MonthlySummary = {
      ...SUMMARY,
      spend: [],
      spendTotal: 0,
      spendHistory: [],
      urgent: [],
      daysOutOfStock: [],
      linesCounted: 0,
      variancesByCause: [],
      valueCaught: 0,
      repeatShort: [],
    };
    const text = templateNarrative(quiet, 'GBP');
    expect(text).toBe('In November 2026 no orders were placed. Nothing ran out.');
    expect(check(text, quiet)).toEqual({ ok: true });
  });

  it('refuses a paragraph with an invented number, naming it as written', () => {
    expect(check('You spent £1,617.60, 8% more than October.')).toEqual({ ok: false, invented: ['8'] });
    expect(check('You spent £1,617.61 with 2 suppliers.')).toEqual({ ok: false, invented: ['1,617.61'] });
    expect(check('Counts checked 41 lines.')).toEqual({ ok: false, invented: ['41'] });
    expect(check('Eleven items hit urgent.')).toEqual({ ok: false, invented: ['Eleven'] });
    expect(check('Spend rose by 0.5 on the month.')).toEqual({ ok: false, invented: ['0.5'] });
  });

  it('accepts the same figures written differently', () => {
    for (const text of [
      'Spend was 1617.6 pounds across 2 suppliers in 2026.',
      'You spent £1617.60 with two suppliers; Bayside Roasters took £1,512.',
      'Shrinkage came to -£42.50 over three variances, and 40 lines were counted.',
      'Bayside Roasters had £252.00 in October and £1,512.00 in November.',
      // The chart's own sums: six months with Bayside, and the six months in all.
      'Over six months Bayside Roasters came to £1,764.00 of £1,869.60.',
      'Oat milk was out for 2 days; one item hit urgent.',
    ])
      expect([text, check(text)]).toEqual([text, { ok: true }]);
  });

  it('money must be one of the amounts, and a percentage is never one of the figures', () => {
    // 2 is the number of suppliers, not an amount; 40 is lines counted, not a share of anything.
    expect(check('Dairy Direct cost £2 more.')).toEqual({ ok: false, invented: ['2'] });
    expect(check('40% of the lines were counted.')).toEqual({ ok: false, invented: ['40'] });
    expect(check('Forty per cent… no: 40 per cent.')).toEqual({ ok: false, invented: ['40'] });
  });

  it("the month's own dates and years, and the digits in names it lists, are not numbers", () => {
    for (const text of [
      'From 1 November to 30 November 2026, 40 lines were counted.',
      'Oat milk ran out on November 17th and again on 2026-11-18.',
      'M6 x 50 bolts at Bay 7 (BOLT-M6-50) were short in 3 of the last 4 counts.',
      'October 2026 was quieter; in 2026 you spent £1,617.60 in November alone.',
    ])
      expect([text, check(text)]).toEqual([text, { ok: true }]);
    // November has no 31st, and a date in a month the summary does not cover is a number like any other.
    expect(check('Oat milk ran out on 31 November.')).toEqual({ ok: false, invented: ['31'] });
    expect(check('Oat milk ran out on 17 March.')).toEqual({ ok: false, invented: ['17'] });
    // The month's year is a date, not a figure to count with.
    expect(check('2,026 lines were counted.')).toEqual({ ok: false, invented: ['2,026'] });
    // A different bolt is not a name the summary lists.
    expect(check('BOLT-M8-60 was short.')).toEqual({ ok: false, invented: ['60'] });
  });

  it('reads numbers as written: grouped, decimal, signed, money, percent and spelled out', () => {
    expect(numbersWritten('£1,234.50 and 3, 4 and -16.80 or −£2.10; 12% and 7 per cent; three lines. M6 stays a code.')).toEqual([
      { text: '1,234.50', value: 1234.5, kind: 'money' },
      { text: '3', value: 3, kind: 'plain' },
      { text: '4', value: 4, kind: 'plain' },
      { text: '16.80', value: 16.8, kind: 'plain' },
      { text: '2.10', value: 2.1, kind: 'money' },
      { text: '12', value: 12, kind: 'percent' },
      { text: '7', value: 7, kind: 'percent' },
      { text: 'three', value: 3, kind: 'plain' },
    ]);
    expect(monthLabel('2026-11')).toBe('November 2026');
  });
});

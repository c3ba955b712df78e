import type { MonthlySummary } from '../../../src/domain/monthly-summary';
import { previousMonth, sixMonths } from '../../../src/domain/monthly-summary';
import { numbersWritten, staysWithFigures, templateNarrative } from '../../../src/domain/summary-narrative';

const SUMMARY: MonthlySummary = {
  month: '2026-11',
  spend: [
    { supplier: 'Bayside Roasters', orders: 3, total: 1512 },
    { supplier: 'Dairy Direct', orders: 2, total: 105.6 },
  ],
  spendTotal: 1617.6,
  spendHistory: [],
  urgent: [{ sku: 'MILK-OAT', location: 'main', name: 'Oat milk' }],
  stockoutsAvoided: [],
  daysOutOfStock: [{ sku: 'MILK-OAT', location: 'main', name: 'Oat milk', days: 2 }],
  linesCounted: 40,
  variancesByCause: [{ cause: 'shrinkage', count: 3, value: -42.5 }],
  valueCaught: 42.5,
  repeatShort: [],
};

describe('the monthly narrative', () => {
  it('the template states only the figures, and passes its own check', () => {
    const text = templateNarrative(SUMMARY, 'GBP');
    expect(text).toBe(
      'In November 2026 you spent £1,617.60 with 2 suppliers, the most with Bayside Roasters (£1,512.00). 1 item hit urgent; 0 of them ' +
        'arrived before running out. Items were out of stock for 2 item-days in all. Counts checked 40 lines and found 3 variances; ' +
        'approved corrections came to £42.50.',
    );
    expect(staysWithFigures(text, SUMMARY, 'GBP')).toEqual({ ok: true });
  });

  it('refuses a paragraph with an invented number; accepts the same figures written differently', () => {
    expect(staysWithFigures('You spent £1,617.60, 8% more than October.', SUMMARY, 'GBP')).toEqual({ ok: false, invented: [8] });
    expect(staysWithFigures('Spend was 1617.6 pounds across 2 suppliers in 2026.', SUMMARY, 'GBP')).toEqual({ ok: true });
    expect(numbersWritten('£1,234.50 and 3 and -16.80')).toEqual([1234.5, 3, 16.8]);
  });

  it('the summary is of the month before, and its chart covers six months', () => {
    expect(previousMonth('2026-01-05')).toBe('2025-12');
    expect(sixMonths('2026-02')).toEqual(['2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02']);
  });
});

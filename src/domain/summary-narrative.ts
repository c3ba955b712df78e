import { formatMoney } from './money';
import type { MonthlySummary } from './monthly-summary';

// The monthly summary's one paragraph. The template writes it from the figures; a model may write it instead, but
// only if every number in its paragraph is one of the figures, so a reader can trust each number the summary states.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "November 2026" for `2026-11`. */
export const monthLabel = (month: string): string => `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/** The deterministic paragraph: every number in it is a figure of the summary. */
export function templateNarrative(s: MonthlySummary, currency: string): string {
  const parts: string[] = [];
  const top = s.spend[0];
  parts.push(
    s.spend.length === 0
      ? `In ${monthLabel(s.month)} no orders were placed.`
      : `In ${monthLabel(s.month)} you spent ${formatMoney(s.spendTotal, currency)} with ${plural(s.spend.length, 'supplier')}, the most with ${top!.supplier} (${formatMoney(top!.total, currency)}).`,
  );
  if (s.urgent.length > 0)
    parts.push(`${plural(s.urgent.length, 'item')} hit urgent; ${s.stockoutsAvoided.length} of them arrived before running out.`);
  const outDays = s.daysOutOfStock.reduce((n, d) => n + d.days, 0);
  parts.push(outDays === 0 ? 'Nothing ran out.' : `Items were out of stock for ${plural(outDays, 'item-day')} in all.`);
  if (s.linesCounted > 0) {
    const variances = s.variancesByCause.reduce((n, c) => n + c.count, 0);
    parts.push(
      `Counts checked ${plural(s.linesCounted, 'line')} and found ${plural(variances, 'variance')}; approved corrections came to ${formatMoney(s.valueCaught, currency)}.`,
    );
  }
  if (s.repeatShort.length > 0) parts.push(`${plural(s.repeatShort.length, 'SKU')} keep coming back short: worth a look.`);
  return parts.join(' ');
}

/** The numbers written in a text: "£1,234.50" → 1234.5, "3" → 3, "-16.80" → 16.8 (signs are words' business). */
export function numbersWritten(text: string): number[] {
  return [...text.matchAll(/\d[\d,]*(?:\.\d+)?/g)].map((m) => Number(m[0].replace(/,/g, '')));
}

/** Every number the summary states, however deep, and the numbers in its words (a month's year, a supplier's name). */
function figures(value: unknown, out: Set<number>): Set<number> {
  if (typeof value === 'number') {
    out.add(Math.round(Math.abs(value) * 100) / 100);
  } else if (typeof value === 'string') for (const n of numbersWritten(value)) out.add(n);
  else if (Array.isArray(value)) for (const v of value) figures(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) figures(v, out);
  return out;
}

/**
 * Whether a paragraph only restates the summary: every number in it must be a figure of the summary, one the
 * template itself states (a total of the figures it sums), or the month's own numbers. Otherwise the invented ones.
 */
export function staysWithFigures(text: string, s: MonthlySummary, currency: string): { ok: true } | { ok: false; invented: number[] } {
  const allowed = figures(s, new Set<number>());
  for (const n of numbersWritten(templateNarrative(s, currency))) allowed.add(n);
  for (const n of numbersWritten(monthLabel(s.month))) allowed.add(n);
  const invented = numbersWritten(text).filter((n) => !allowed.has(Math.round(n * 100) / 100));
  return invented.length === 0 ? { ok: true } : { ok: false, invented };
}

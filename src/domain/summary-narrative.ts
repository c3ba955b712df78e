import { formatMoney } from './money';
import { cents } from './numbers';
import { sixMonths, type MonthlySummary } from './monthly-summary';

// The monthly summary's one paragraph. The template writes it from the figures; a model may write it instead, but
// only if every number in its paragraph is one of the figures, so a reader can trust each number the summary states.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "November 2026" for `2026-11`. */
export const monthLabel = (month: string): string => `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** The deterministic paragraph: every number in it is a figure of the summary, or a count or sum of its lists. */
export function templateNarrative(s: MonthlySummary, currency: string): string {
  const parts: string[] = [];
  const top = s.spend[0];
  parts.push(
    s.spend.length === 0
      ? `In ${monthLabel(s.month)} no orders were placed.`
      : `In ${monthLabel(s.month)} you spent ${formatMoney(s.spendTotal, currency)} with ${plural(s.spend.length, 'supplier')}, the most with ${top!.supplier} (${formatMoney(top!.total, currency)}).`,
  );
  if (s.urgent.length > 0 || s.stockoutsAvoided.length > 0)
    parts.push(
      `${plural(s.urgent.length, 'item')} hit urgent, and ${plural(s.stockoutsAvoided.length, 'urgent order')} arrived before the shelf ran empty.`,
    );
  const outDays = sum(s.daysOutOfStock.map((d) => d.days));
  parts.push(outDays === 0 ? 'Nothing ran out.' : `Items were out of stock for ${plural(outDays, 'item-day')} in all.`);
  if (s.linesCounted > 0) {
    const variances = sum(s.variancesByCause.map((c) => c.count));
    parts.push(
      `Counts checked ${plural(s.linesCounted, 'line')} and found ${plural(variances, 'variance')}; approved corrections came to ${formatMoney(s.valueCaught, currency)}.`,
    );
  }
  if (s.repeatShort.length > 0)
    parts.push(`${plural(s.repeatShort.length, 'SKU')} ${s.repeatShort.length === 1 ? 'keeps' : 'keep'} coming back short: worth a look.`);
  return parts.join(' ');
}

/** What a number in a paragraph claims to be: money (a currency sign before it), a percentage, or a bare number. */
export type NumberKind = 'money' | 'percent' | 'plain';

/** A number as a paragraph writes it. */
export interface WrittenNumber {
  /** As written, without its sign or unit: `1,234.50`, `12`, `three`. */
  text: string;
  /** Its size, whatever its sign: the paragraph's words say whether a gap is short or over. */
  value: number;
  kind: NumberKind;
}

/** Every figure of the summary, by kind: a paragraph's money must be money here, its bare numbers anything here. */
export interface SummaryFigures {
  money: Set<number>;
  counts: Set<number>;
  /** The summary states no percentages, so a paragraph's percentage is always one it worked out itself. */
  percent: Set<number>;
}

// Spelled-out numbers up to twelve are checked like digits. "one" is left alone: it is as often a pronoun ("no one",
// "the one that ran out") as a number, and refusing every such paragraph would throw good ones away.
const WORDS: Record<string, number> = {
  zero: 0,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
};
const NUMBER = new RegExp(
  [
    // A sign may sit before the digits ("-£16.80", "£ 4.20"); a digit glued to a letter is part of a code ("M6"), not a number.
    '(?<![\\p{L}\\p{N}.])(?<unit>\\p{Sc}\\s?)?',
    // Thousands grouped by commas, or not; a decimal part only with digits after the point ("40 lines." is 40).
    '(?<digits>\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)',
    '(?<percent>\\s?%|\\s?[Pp]er\\s?[Cc]ent\\b)?',
  ].join(''),
  'gu',
);
const WORD = new RegExp(`\\b(?:${Object.keys(WORDS).join('|')})\\b`, 'gi');

/** The numbers written in a text, in order: "£1,234.50" → 1234.5 (money), "12%" → 12 (percent), "three" → 3. */
export function numbersWritten(text: string): WrittenNumber[] {
  const digits = [...text.matchAll(NUMBER)].map((m) => {
    const g = m.groups ?? {};
    const kind: NumberKind = g.percent ? 'percent' : g.unit ? 'money' : 'plain';
    return { at: m.index, n: { text: g.digits!, value: Number(g.digits!.replace(/,/g, '')), kind } };
  });
  const words = [...text.matchAll(WORD)].map((m) => ({
    at: m.index,
    n: { text: m[0], value: WORDS[m[0].toLowerCase()]!, kind: 'plain' as const },
  }));
  return [...digits, ...words].sort((a, b) => a.at - b.at).map((x) => x.n);
}

/** Every figure the summary states, and the counts and sums of its lists that the template and the charts state. */
export function summaryFigures(s: MonthlySummary): SummaryFigures {
  const money = [
    s.spendTotal,
    s.valueCaught,
    ...s.spend.map((x) => x.total),
    ...s.spendHistory.map((x) => x.amount),
    ...s.variancesByCause.map((c) => c.value),
    sum(s.variancesByCause.map((c) => c.value)),
    // The spend chart's month totals, supplier totals and total over six months.
    ...[...group(s.spendHistory, (h) => h.month).values(), ...group(s.spendHistory, (h) => h.supplier).values(), s.spendHistory].map(
      (rows) => sum(rows.map((r) => r.amount)),
    ),
  ];
  const counts = [
    s.spend.length,
    sum(s.spend.map((x) => x.orders)),
    ...s.spend.map((x) => x.orders),
    s.urgent.length,
    s.stockoutsAvoided.length,
    s.daysOutOfStock.length,
    sum(s.daysOutOfStock.map((d) => d.days)),
    ...s.daysOutOfStock.map((d) => d.days),
    s.linesCounted,
    s.variancesByCause.length,
    sum(s.variancesByCause.map((c) => c.count)),
    ...s.variancesByCause.map((c) => c.count),
    s.repeatShort.length,
    ...s.repeatShort.flatMap((r) => [r.short, r.of]),
    // The spend chart's span: "over six months".
    sixMonths(s.month).length,
  ];
  const size = (n: number) => cents(Math.abs(n));
  return { money: new Set(money.map(size)), counts: new Set(counts.map(size)), percent: new Set() };
}

function group<T>(rows: readonly T[], by: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) out.set(by(r), [...(out.get(by(r)) ?? []), r]);
  return out;
}

/** Names and codes the summary holds that have digits in them ("BOLT-M6-50"): their digits are not figures. */
function namesWithDigits(s: MonthlySummary): string[] {
  const items = [...s.urgent, ...s.stockoutsAvoided, ...s.daysOutOfStock, ...s.repeatShort];
  const names = [
    ...s.spend.map((x) => x.supplier),
    ...s.spendHistory.map((x) => x.supplier),
    ...items.flatMap((i) => [i.name, i.sku, i.location]),
    ...s.variancesByCause.map((c) => c.cause),
  ];
  // Longest first, so "Bay 12 Annex" is taken out whole before "Bay 12".
  return [...new Set(names.filter((n) => /\d/.test(n)))].sort((a, b) => b.length - a.length);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const daysIn = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();

/**
 * The text with what is not a quantity blanked out: the names and codes of the summary, and the dates of the months it
 * covers ("November 2026", "30 November", "Nov 30th", "2026-11-30"). A day that month does not have stays in, and fails.
 */
function withoutNamesAndDates(text: string, s: MonthlySummary): string {
  let out = text;
  for (const name of namesWithDigits(s)) out = out.replace(new RegExp(escapeRegExp(name), 'gi'), ' ');
  for (const month of sixMonths(s.month)) {
    const name = MONTHS[Number(month.slice(5, 7)) - 1]!;
    const year = month.slice(0, 4);
    const monthWord = `(?:${name}|${name.slice(0, 3)}\\.?)`;
    const day = `(?<day>\\d{1,2})(?:st|nd|rd|th)?`;
    const inMonth = (m: string, d: string | undefined) => (d === undefined || (Number(d) >= 1 && Number(d) <= daysIn(month)) ? ' ' : m);
    out = out
      .replace(new RegExp(`\\b${day}(?:\\s+of)?\\s+${monthWord}(?:,?\\s+${year})?\\b`, 'gi'), (m, ...a) => inMonth(m, groupsOf(a).day))
      .replace(new RegExp(`\\b${monthWord}\\s+${day}\\b(?:,?\\s+${year}\\b)?`, 'gi'), (m, ...a) => inMonth(m, groupsOf(a).day))
      .replace(new RegExp(`\\b${monthWord},?\\s+${year}\\b`, 'gi'), ' ')
      .replace(new RegExp(`\\b${year}-${month.slice(5, 7)}(?:-(?<day>\\d{2}))?\\b`, 'g'), (m, ...a) => inMonth(m, groupsOf(a).day));
  }
  // A year of the months covered, on its own ("in 2026"); not the same digits as an amount ("£2026.50").
  for (const year of new Set(sixMonths(s.month).map((m) => m.slice(0, 4))))
    out = out.replace(new RegExp(`(?<![\\p{Sc}\\d.,]\\s?)\\b${year}\\b(?![.,]\\d)`, 'gu'), ' ');
  return out;
}

/** The named groups a `replace` callback receives last. */
const groupsOf = (args: unknown[]): Record<string, string | undefined> => {
  const last = args[args.length - 1];
  return typeof last === 'object' && last !== null ? (last as Record<string, string | undefined>) : {};
};

/**
 * Whether a paragraph only restates the summary: every number in it must be one of the summary's figures (or a count
 * or sum of its lists), written any way ("£1,234.50", "1234.5", "three"); money must be one of its amounts; a
 * percentage is never one (the summary states none). The month's own dates and years, and digits inside the names it
 * lists, are not numbers. Otherwise the invented ones, as written.
 */
export function staysWithFigures(text: string, s: MonthlySummary, currency: string): { ok: true } | { ok: false; invented: string[] } {
  const figures = summaryFigures(s);
  // The template's numbers are the figures by construction; kept as a backstop so the template always passes.
  for (const n of numbersWritten(withoutNamesAndDates(templateNarrative(s, currency), s)))
    (n.kind === 'money' ? figures.money : figures.counts).add(cents(n.value));
  const allowed = (n: WrittenNumber) => {
    const v = cents(n.value);
    if (n.kind === 'percent') return figures.percent.has(v);
    if (n.kind === 'money') return figures.money.has(v);
    return figures.money.has(v) || figures.counts.has(v);
  };
  const invented = numbersWritten(withoutNamesAndDates(text, s))
    .filter((n) => !allowed(n))
    .map((n) => n.text);
  return invented.length === 0 ? { ok: true } : { ok: false, invented };
}

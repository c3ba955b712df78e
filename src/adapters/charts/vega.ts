import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { renderAsync } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { CAUSES } from '../../domain/cause';
import { formatMoney } from '../../domain/money';
import { cents } from '../../domain/numbers';
import type { CauseTally, Chart, ChartOptions, ChartRenderer, SpendByMonth } from '.';
import { fontMetrics, type FontMetrics } from './font-metrics';

/** The chart's size in CSS pixels, as laid out; the PNG is SCALE times larger so it stays sharp on a phone. */
export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 400;
export const SCALE = 2;
/** Suppliers named in the spend chart; the rest share one "Other" bar segment, so 300 suppliers still read. */
export const MAX_SUPPLIERS = 12;
/** Months shown in the spend chart (the latest ones): more would make bars too thin to label. */
export const MAX_MONTHS = 24;
/** Slack refuses an image block whose alt text is longer. */
const MAX_ALT_TEXT = 2000;

/** DejaVu Sans (dejavu-fonts-ttf): a free licence, and it has every currency sign and the true minus sign. */
export const FONT_FAMILY = 'DejaVu Sans';
/** The two faces the charts use: titles are bold, everything else regular. */
export const FONT_FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;

/** Paths of the font files a chart is drawn with. */
export interface ChartFonts {
  regular: string;
  bold: string;
}

/** Tableau 10 and two more, all told apart at a glance; grey is kept for "Other". */
const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#2f4b7c',
  '#a0cbe8',
  '#8cd17d',
];
const OTHER_COLOUR = '#bab0ac';
const TEXT = '#333333';
const MUTED = '#666666';
const BAR = '#4e79a7';

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * Where a font file is: in the Lambda bundle, which has no node_modules, `fonts/` beside the bundle (scripts/build-aws.mjs
 * copies the files there); in a checkout, the dejavu-fonts-ttf package.
 */
export function resolveFont(file: string, bundleDir: string = __dirname): string {
  const beside = join(bundleDir, 'fonts', file);
  if (existsSync(beside)) return beside;
  try {
    return require.resolve(`dejavu-fonts-ttf/ttf/${file}`);
  } catch {
    throw new Error(
      `Font ${file} not found: neither ${beside} (npm run build:aws copies it there) nor the dejavu-fonts-ttf package (npm install).`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Spend by supplier

/** The spend chart's figures after bounding: what is drawn and what the alt text says. */
export interface SpendSummary {
  /** Every month from the first to the last with spend (a month without any is still a bar slot), `yyyy-MM`. */
  months: string[];
  /** Named suppliers, largest total first, then the "Other …" name when some were folded into it. */
  suppliers: string[];
  /** The "Other (N suppliers)" name when suppliers were folded; null when every supplier is named. */
  other: string | null;
  /** One row per month and supplier with spend, in cents-rounded money. */
  rows: { month: string; supplier: string; amount: number }[];
  /** Per month, every supplier together. */
  monthTotals: { month: string; total: number }[];
  /** Per supplier (and "Other"), over the months shown. */
  supplierTotals: { supplier: string; total: number }[];
  total: number;
}

const nextMonth = (month: string): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};
/** `Jul 2026` on the axis; `July 2026` in the alt text. */
const monthShort = (month: string): string => `${MONTH_NAMES[Number(month.slice(5)) - 1]!.slice(0, 3)} ${month.slice(0, 4)}`;
const monthLong = (month: string): string => `${MONTH_NAMES[Number(month.slice(5)) - 1]} ${month.slice(0, 4)}`;

/**
 * Adds up the rows, keeps the latest MAX_MONTHS months, names the MAX_SUPPLIERS largest suppliers and folds the rest
 * into one "Other" so the legend stays readable. Throws on a malformed row: the caller built the rows, so a bad one is
 * a bug to fix, not data to guess at.
 */
export function summariseSpend(data: readonly SpendByMonth[]): SpendSummary {
  const byKey = new Map<string, number>();
  data.forEach((row, i) => {
    if (!MONTH_RE.test(row.month)) throw new Error(`spend row ${i + 1}: month "${row.month}" is not yyyy-MM (e.g. 2026-07)`);
    if (!Number.isFinite(row.amount)) throw new Error(`spend row ${i + 1}: amount ${row.amount} is not a number`);
    const supplier = row.supplier.trim() || 'No supplier';
    const key = JSON.stringify([row.month, supplier]);
    byKey.set(key, (byKey.get(key) ?? 0) + row.amount);
  });
  const entries = [...byKey].map(([key, amount]) => {
    const [month, supplier] = JSON.parse(key) as [string, string];
    return { month, supplier, amount: cents(amount) };
  });

  const present = [...new Set(entries.map((e) => e.month))].sort();
  const months: string[] = [];
  if (present.length > 0) {
    for (let m = present[0]!; m <= present[present.length - 1]!; m = nextMonth(m)) months.push(m);
  }
  const shown = new Set(months.slice(-MAX_MONTHS));
  const kept = entries.filter((e) => shown.has(e.month) && e.amount !== 0);

  const perSupplier = new Map<string, number>();
  for (const e of kept) perSupplier.set(e.supplier, (perSupplier.get(e.supplier) ?? 0) + e.amount);
  // Largest spend first (a credit note's size counts too); equal totals by name, so a re-run draws the same chart.
  const ranked = [...perSupplier.keys()].sort(
    (a, b) => Math.abs(perSupplier.get(b)!) - Math.abs(perSupplier.get(a)!) || a.localeCompare(b, 'en'),
  );
  const named = ranked.length > MAX_SUPPLIERS ? ranked.slice(0, MAX_SUPPLIERS) : ranked;
  const folded = ranked.length - named.length;
  const other = folded > 0 ? `Other (${folded} suppliers)` : null;
  const isNamed = new Set(named);

  const rowsByKey = new Map<string, { month: string; supplier: string; amount: number }>();
  for (const e of kept) {
    const supplier = isNamed.has(e.supplier) ? e.supplier : other!;
    const key = JSON.stringify([e.month, supplier]);
    const row = rowsByKey.get(key) ?? { month: e.month, supplier, amount: 0 };
    row.amount = cents(row.amount + e.amount);
    rowsByKey.set(key, row);
  }
  const rows = [...rowsByKey.values()];
  const suppliers = other ? [...named, other] : named;
  const sum = (xs: { amount: number }[]) => cents(xs.reduce((s, x) => s + x.amount, 0));
  return {
    months: months.slice(-MAX_MONTHS),
    suppliers,
    other,
    rows,
    monthTotals: months.slice(-MAX_MONTHS).map((month) => ({ month, total: sum(rows.filter((r) => r.month === month)) })),
    supplierTotals: suppliers.map((supplier) => ({ supplier, total: sum(rows.filter((r) => r.supplier === supplier)) })),
    total: sum(rows),
  };
}

/** `Spend by supplier, Jul 2026 – Dec 2026`, or without the range when nothing was spent. */
export function spendTitle(summary: SpendSummary): string {
  const { months } = summary;
  if (months.length === 0) return 'Spend by supplier';
  const first = monthShort(months[0]!);
  const last = monthShort(months[months.length - 1]!);
  return `Spend by supplier, ${first === last ? first : `${first} – ${last}`}`;
}

/** The spend chart as Vega-Lite: bars stacked by supplier, each month's total above its bar, money on the y axis. */
export function spendBySupplierSpec(summary: SpendSummary, currency: string): TopLevelSpec {
  const title = spendTitle(summary);
  if (summary.rows.length === 0) return emptySpec(title, 'No spend recorded', currency);
  const labels = summary.months.map(monthShort);
  const rank = new Map(summary.suppliers.map((s, i) => [s, i]));
  const colours = summary.suppliers.map((s, i) => (s === summary.other ? OTHER_COLOUR : PALETTE[i % PALETTE.length]!));
  const highest = Math.max(0, ...summary.monthTotals.map((t) => t.total));
  // Pence beside thousands of pounds are noise above a bar and crowd its neighbours; the alt text keeps them.
  const whole = highest >= 1000;
  const label = (x: number) => (whole ? wholeMoney(x, currency) : signedMoney(x, currency, false));
  // Credit notes stack below zero; the axis ends on a round number on both sides.
  const lowest = Math.min(
    0,
    ...summary.months.map((m) => summary.rows.filter((r) => r.month === m && r.amount < 0).reduce((s, r) => s + r.amount, 0)),
  );
  // Past a year of months, level labels would run into each other.
  const axis = summary.months.length > 12 ? { labelAngle: -45, labelOverlap: true } : { labelAngle: 0 };
  const x = { field: 'label', type: 'ordinal', sort: labels, scale: { domain: labels }, title: null, axis } as const;
  return {
    ...frame(title, `${signedMoney(summary.total, currency, false)} in all`, currency),
    layer: [
      {
        data: { values: summary.rows.map((r) => ({ ...r, label: monthShort(r.month), rank: rank.get(r.supplier) })) },
        mark: { type: 'bar', width: { band: 0.7 } },
        encoding: {
          x,
          y: {
            field: 'amount',
            type: 'quantitative',
            title: `Spend (${currency})`,
            // Headroom above the tallest bar, so its total stands clear of the top grid line.
            scale: { domainMin: -roundUp(-lowest * 1.1), domainMax: roundUp(highest * 1.1), nice: false },
            axis: { format: '$,~f', tickCount: 6 },
          },
          color: {
            field: 'supplier',
            type: 'nominal',
            scale: { domain: summary.suppliers, range: colours },
            legend: { title: 'Supplier', labelLimit: 220, symbolType: 'square' },
          },
          // The largest supplier sits at the bottom of every bar, in legend order, so colours line up month to month.
          order: { field: 'rank', type: 'quantitative', sort: 'ascending' },
        },
      },
      {
        data: { values: summary.monthTotals.map((t) => ({ label: monthShort(t.month), total: t.total, money: label(t.total) })) },
        // A total above each bar needs room: with more than a year of months the labels would run into each other.
        transform: summary.months.length > 12 ? [{ filter: 'false' }] : [],
        mark: { type: 'text', baseline: 'bottom', dy: -4, fontSize: 12, color: TEXT },
        encoding: { x, y: { field: 'total', type: 'quantitative' }, text: { field: 'money' } },
      },
    ],
  } as TopLevelSpec;
}

/** The spend chart's figures in sentences: the whole, each month, each supplier. */
export function spendAltText(summary: SpendSummary, currency: string): string {
  if (summary.rows.length === 0) return 'Spend by supplier: no spend recorded.';
  const money = (x: number) => signedMoney(x, currency, false);
  const { months } = summary;
  const span = months.length === 1 ? monthLong(months[0]!) : `${monthLong(months[0]!)} to ${monthLong(months[months.length - 1]!)}`;
  return clip(
    [
      `Bar chart of spend by supplier, ${span}: ${money(summary.total)} in all.`,
      `By month: ${summary.monthTotals.map((t) => `${monthLong(t.month)} ${money(t.total)}`).join('; ')}.`,
      `By supplier: ${summary.supplierTotals.map((t) => `${t.supplier} ${money(t.total)}`).join('; ')}.`,
    ].join(' '),
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Variances by cause

/** The causes chart's figures: every cause on the closed list (a zero is worth seeing), then "Cause unknown". */
export interface CauseSummary {
  causes: { cause: string; label: string; count: number; value: number }[];
  count: number;
  value: number;
}

/** `Unrecorded sale` for `unrecorded_sale`, as the variance cards say it. */
const causeLabel = (cause: string): string => {
  const words = cause.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * Adds up the tallies per cause. A cause off the closed list is counted as unknown, as a variance card shows it, so
 * whatever a caller passes the chart has at most five bars. Throws on a malformed row (a caller's bug).
 */
export function summariseCauses(data: readonly CauseTally[]): CauseSummary {
  const known = new Set<string>(CAUSES);
  const totals = new Map<string, { count: number; value: number }>();
  data.forEach((row, i) => {
    if (!Number.isFinite(row.count) || row.count < 0) throw new Error(`cause row ${i + 1}: count ${row.count} is not a number ≥ 0`);
    if (!Number.isFinite(row.value)) throw new Error(`cause row ${i + 1}: value ${row.value} is not a number`);
    const cause = known.has(row.cause) ? row.cause : 'unknown';
    const t = totals.get(cause) ?? { count: 0, value: 0 };
    totals.set(cause, { count: t.count + row.count, value: t.value + row.value });
  });
  const count = [...totals.values()].reduce((s, t) => s + t.count, 0);
  if (count === 0) return { causes: [], count: 0, value: 0 };
  const order = totals.has('unknown') ? [...CAUSES, 'unknown'] : [...CAUSES];
  const causes = order.map((cause) => {
    const t = totals.get(cause) ?? { count: 0, value: 0 };
    return { cause, label: cause === 'unknown' ? 'Cause unknown' : causeLabel(cause), count: t.count, value: cents(t.value) };
  });
  return { causes, count, value: cents(causes.reduce((s, c) => s + c.value, 0)) };
}

const VARIANCES_TITLE = 'Stock-count variances by likely cause';
const variancesWord = (n: number) => `${n} ${n === 1 ? 'variance' : 'variances'}`;

/** The causes chart as Vega-Lite: one bar per cause, its height the count, its net value written above it. */
export function variancesByCauseSpec(summary: CauseSummary, currency: string): TopLevelSpec {
  if (summary.count === 0) return emptySpec(VARIANCES_TITLE, 'No variances', currency);
  const labels = summary.causes.map((c) => c.label);
  const x = { field: 'label', type: 'ordinal', sort: labels, title: null, axis: { labelAngle: 0 } } as const;
  const highest = Math.max(...summary.causes.map((c) => c.count));
  const y = {
    field: 'count',
    type: 'quantitative',
    title: 'Variances',
    // Headroom for the label above the tallest bar; counts are whole, so are the ticks.
    scale: { domainMax: highest + Math.max(1, Math.ceil(highest * 0.1)), nice: true },
    axis: { tickMinStep: 1, format: 'd' },
  } as const;
  const values = summary.causes.map((c) => ({
    ...c,
    text: c.count === 0 ? '0' : `${c.count} · ${signedMoney(c.value, currency, true)}`,
  }));
  return {
    ...frame(VARIANCES_TITLE, `${variancesWord(summary.count)}, net ${signedMoney(summary.value, currency, true)}`, currency),
    data: { values },
    layer: [
      { mark: { type: 'bar', width: { band: 0.6 }, color: BAR }, encoding: { x, y } },
      { mark: { type: 'text', baseline: 'bottom', dy: -4, fontSize: 12, color: TEXT }, encoding: { x, y, text: { field: 'text' } } },
    ],
  } as TopLevelSpec;
}

/** The causes chart's figures in sentences. */
export function variancesAltText(summary: CauseSummary, currency: string): string {
  if (summary.count === 0) return `${VARIANCES_TITLE}: no variances.`;
  const money = (x: number) => signedMoney(x, currency, true);
  const parts = summary.causes.map((c) => (c.count === 0 ? `${c.label} 0` : `${c.label} ${c.count} (net ${money(c.value)})`));
  return clip(
    `Bar chart of stock-count variances by likely cause: ${variancesWord(summary.count)}, net ${money(summary.value)}. ${parts.join('; ')}.`,
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Shared parts

/** `£1,234.50`; with `sign`, `+£4.00` and `−£16.80` (a true minus, as the variance cards write it). */
function signedMoney(amount: number, currency: string, sign: boolean): string {
  const text = formatMoney(Math.abs(amount), currency);
  if (amount < 0) return `−${text}`;
  return sign && amount > 0 ? `+${text}` : text;
}

/** The next round number up (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten), for an axis that ends on a tick. */
function roundUp(x: number): number {
  if (x <= 0) return 0;
  const power = 10 ** Math.floor(Math.log10(x));
  const step = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((m) => m * power >= x - 1e-9)!;
  return step * power;
}

const wholeFormats = new Map<string, Intl.NumberFormat>();
/** `£18,541`: money rounded to whole units, for labels where pence would be clutter. */
function wholeMoney(amount: number, currency: string): string {
  let f = wholeFormats.get(currency);
  if (!f) {
    f = new Intl.NumberFormat('en-GB', { style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: 0 });
    wholeFormats.set(currency, f);
  }
  const text = f.format(Math.abs(amount));
  return amount <= -0.5 ? `−${text}` : text;
}

const clip = (text: string): string => (text.length <= MAX_ALT_TEXT ? text : `${text.slice(0, MAX_ALT_TEXT - 1)}…`);

/** Size, background, fonts and title, the same for every chart. */
function frame(title: string, subtitle: string, currency: string) {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    // The whole picture, title and legend included, is CHART_WIDTH × CHART_HEIGHT, so the PNG's size never varies.
    autosize: { type: 'fit', contains: 'padding' },
    padding: 16,
    background: 'white',
    title: { text: title, subtitle, anchor: 'start', fontSize: 18, subtitleFontSize: 13, subtitleColor: MUTED, offset: 16 },
    config: {
      font: FONT_FAMILY,
      // `$` in a number format is the shop's currency, so the money axis reads `£1,500` as formatMoney would write it.
      locale: { number: numberLocale(currency) },
      view: { stroke: null },
      axis: { labelFontSize: 12, titleFontSize: 12, labelColor: TEXT, titleColor: TEXT, titleFontWeight: 'normal', gridColor: '#e6e6e6' },
      axisX: { domainColor: '#999999', tickColor: '#999999' },
      axisY: { domain: false, ticks: false },
      legend: { labelFontSize: 12, titleFontSize: 12, labelColor: TEXT, titleColor: TEXT },
      title: { color: TEXT },
    },
  } as const;
}

/** A chart frame that says there is nothing to draw, rather than an empty axis a reader could take for an error. */
function emptySpec(title: string, message: string, currency: string): TopLevelSpec {
  return {
    ...frame(title, ' ', currency),
    data: { values: [{ message }] },
    mark: { type: 'text', fontSize: 20, color: MUTED },
    encoding: { text: { field: 'message' } },
  } as TopLevelSpec;
}

/** Vega's number locale for the currency, so the axis reads `£1,500` as formatMoney would write it. */
function numberLocale(currency: string) {
  const one = formatMoney(1, currency);
  const at = one.indexOf('1.00');
  return { decimal: '.', thousands: ',', grouping: [3], currency: [one.slice(0, at), one.slice(at + 4)], minus: '−' };
}

/** Text widths Vega lays out with: measured in the faces resvg draws with, so labels are neither cut short nor overrun. */
type TextItem = { fontWeight?: string | number; fontSize?: number; limit?: number };
const metricsByFonts = new Map<string, { regular: FontMetrics; bold: FontMetrics }>();

function useFontMetrics(fonts: ChartFonts): void {
  const key = `${fonts.regular}\n${fonts.bold}`;
  let m = metricsByFonts.get(key);
  if (!m) {
    m = { regular: fontMetrics(fonts.regular), bold: fontMetrics(fonts.bold) };
    metricsByFonts.set(key, m);
  }
  const { regular, bold } = m;
  // Vega keeps one text measurer for the whole process (vl-convert replaces it the same way). Setting it before each
  // layout keeps it right even if renderers with different fonts take turns.
  (vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } }).textMetrics.width = (item, text) => {
    const weight = item.fontWeight;
    const face = weight === 'bold' || weight === 'bolder' || Number(weight) >= 600 ? bold : regular;
    const w = face.width(String(text ?? '').trim(), item.fontSize ?? 11);
    // A label with a limit is cut to fit it: Vega asks for a cut text's width and for the limit alike.
    return item.limit && item.limit > 0 ? Math.min(w, item.limit) : w;
  };
}

/** A Vega-Lite spec laid out as SVG text, its text measured in `fonts`. */
export async function renderSvg(spec: TopLevelSpec, fonts: ChartFonts = defaultFonts()): Promise<string> {
  useFontMetrics(fonts);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The SVG drawn at SCALE with the given fonts only: Lambda has no system fonts, and a laptop's must not change the picture. */
export async function svgToPng(svg: string, fonts: ChartFonts = defaultFonts()): Promise<{ png: Buffer; width: number; height: number }> {
  // renderAsync draws on libuv's thread pool, so a chart never blocks the event loop that answers Slack.
  const image = await renderAsync(svg, {
    fitTo: { mode: 'zoom', value: SCALE },
    background: 'white',
    font: { fontFiles: [fonts.regular, fonts.bold], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
  });
  return { png: image.asPng(), width: image.width, height: image.height };
}

/** DejaVu Sans, found by {@link resolveFont}. */
export const defaultFonts = (): ChartFonts => ({ regular: resolveFont(FONT_FILES.regular), bold: resolveFont(FONT_FILES.bold) });

/** Options for {@link vegaChartRenderer}. */
export interface VegaChartOptions {
  /** The font files to measure and draw text with; default: {@link defaultFonts}, found on first use. */
  fonts?: ChartFonts;
}

/** The embedded chart renderer: Vega-Lite lays the chart out as SVG, resvg draws it as PNG, all in process. */
export function vegaChartRenderer(options: VegaChartOptions = {}): ChartRenderer {
  let fonts = options.fonts;
  // Found on first use, so building the renderer at start-up never fails on a missing font.
  const draw = async (spec: TopLevelSpec) => {
    fonts ??= defaultFonts();
    return svgToPng(await renderSvg(spec, fonts), fonts);
  };
  return {
    async spendBySupplier(data: readonly SpendByMonth[], { currency }: ChartOptions): Promise<Chart> {
      const summary = summariseSpend(data);
      const { months } = summary;
      const fileName = months.length === 0 ? 'spend-by-supplier.png' : `spend-by-supplier-${months[0]}-to-${months[months.length - 1]}.png`;
      const image = await draw(spendBySupplierSpec(summary, currency));
      return { fileName, title: spendTitle(summary), altText: spendAltText(summary, currency), ...image };
    },
    async variancesByCause(data: readonly CauseTally[], { currency }: ChartOptions): Promise<Chart> {
      const summary = summariseCauses(data);
      const image = await draw(variancesByCauseSpec(summary, currency));
      return { fileName: 'variances-by-cause.png', title: VARIANCES_TITLE, altText: variancesAltText(summary, currency), ...image };
    },
    describe: () => `Vega-Lite charts drawn by resvg in ${FONT_FAMILY}`,
  };
}

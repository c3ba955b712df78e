import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import type { CauseTally, Chart, SpendByMonth } from '../../../src/adapters/charts';
import {
  CHART_HEIGHT,
  CHART_WIDTH,
  MAX_SUPPLIERS,
  SCALE,
  defaultFonts,
  renderSvg,
  resolveFont,
  spendAltText,
  spendBySupplierSpec,
  summariseCauses,
  summariseSpend,
  variancesAltText,
  variancesByCauseSpec,
  vegaChartRenderer,
} from '../../../src/adapters/charts/vega';

const MONTHS = ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12'];
const SUPPLIERS = ['Acme Wholesale', 'Brightside Timber', 'Coastal Fixings Ltd'];
const SPEND: SpendByMonth[] = MONTHS.flatMap((month, i) =>
  SUPPLIERS.map((supplier, j) => ({ month, supplier, amount: 1000 * (3 - j) + 100 * i + 0.5 })),
);
const CAUSE_TALLIES: CauseTally[] = [
  { cause: 'shrinkage', count: 5, value: -212.4 },
  { cause: 'miscount', count: 9, value: 18 },
  { cause: 'receiving_error', count: 3, value: -150.5 },
];
const GBP = { currency: 'GBP' };
const renderer = vegaChartRenderer();

/** A PNG decoded with nothing but zlib: its size and RGBA pixels (resvg writes 8-bit RGBA, colour type 6). */
function decodePng(png: Buffer): { width: number; height: number; rgba: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9], data[12]]).toEqual([8, 6, 0]); // 8-bit RGBA, not interlaced
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = y * stride;
    const up = out - stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= 4 ? rgba[out + x - 4]! : 0;
      const b = y > 0 ? rgba[up + x]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const c = x >= 4 && y > 0 ? rgba[up + x - 4]! : 0;
        const pa = Math.abs(b - c);
        const pb = Math.abs(a - c);
        const pc = Math.abs(a + b - 2 * c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      rgba[out + x] = (line[x]! + predictor) & 0xff;
    }
  }
  return { width, height, rgba };
}

/** Pixels in rows [top, bottom) darker than mid grey: text and axis lines, not bars or the white background. */
function darkPixels(image: { width: number; rgba: Buffer }, top: number, bottom: number): number {
  let n = 0;
  for (let i = top * image.width * 4; i < bottom * image.width * 4; i += 4) {
    if (image.rgba[i]! + image.rgba[i + 1]! + image.rgba[i + 2]! < 3 * 100) n++;
  }
  return n;
}

function distinctColours(rgba: Buffer): number {
  const seen = new Set<number>();
  for (let i = 0; i < rgba.length; i += 4) seen.add(rgba.readUInt32BE(i));
  return seen.size;
}

const texts = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

function expectValidPng(chart: Chart) {
  const image = decodePng(chart.png);
  expect([image.width, image.height]).toEqual([CHART_WIDTH * SCALE, CHART_HEIGHT * SCALE]);
  expect([chart.width, chart.height]).toEqual([image.width, image.height]);
  expect(chart.altText.length).toBeGreaterThan(0);
  expect(chart.altText.length).toBeLessThanOrEqual(2000);
  return image;
}

describe('summariseSpend: what the spend chart shows', () => {
  it('adds up repeated rows and fills months without spend, so a quiet month is an empty slot, not a missing one', () => {
    const s = summariseSpend([
      { month: '2026-09', supplier: 'Acme', amount: 10.1 },
      { month: '2026-07', supplier: 'Acme', amount: 5 },
      { month: '2026-07', supplier: 'Acme', amount: 2.25 },
      { month: '2026-07', supplier: ' ', amount: 1 },
    ]);
    expect(s.months).toEqual(['2026-07', '2026-08', '2026-09']);
    expect(s.suppliers).toEqual(['Acme', 'No supplier']);
    expect(s.monthTotals).toEqual([
      { month: '2026-07', total: 8.25 },
      { month: '2026-08', total: 0 },
      { month: '2026-09', total: 10.1 },
    ]);
    expect(s.total).toBe(18.35);
  });

  it(`names the ${MAX_SUPPLIERS} largest suppliers and folds the rest into one "Other"`, () => {
    const many = Array.from({ length: 300 }, (_, k) => ({ month: '2026-12', supplier: `S${k}`, amount: k + 1 }));
    const s = summariseSpend(many);
    expect(s.suppliers).toHaveLength(MAX_SUPPLIERS + 1);
    expect(s.suppliers[0]).toBe('S299');
    expect(s.other).toBe('Other (288 suppliers)');
    expect(s.suppliers.at(-1)).toBe(s.other);
    expect(s.supplierTotals.at(-1)).toEqual({ supplier: s.other, total: (288 * 289) / 2 });
    expect(s.total).toBe((300 * 301) / 2);
  });

  it('refuses a malformed row, naming it', () => {
    expect(() => summariseSpend([{ month: '2026-7', supplier: 'A', amount: 1 }])).toThrow('spend row 1: month "2026-7" is not yyyy-MM');
    expect(() => summariseSpend([...SPEND, { month: '2026-07', supplier: 'A', amount: Number.NaN }])).toThrow('spend row 19');
  });
});

describe('summariseCauses: what the causes chart shows', () => {
  it('shows every cause on the list, zeros too, and counts an unlisted cause as unknown', () => {
    const s = summariseCauses([...CAUSE_TALLIES, { cause: 'gremlins', count: 2, value: 5 }, { cause: 'miscount', count: 1, value: 2 }]);
    expect(s.causes.map((c) => [c.label, c.count, c.value])).toEqual([
      ['Shrinkage', 5, -212.4],
      ['Miscount', 10, 20],
      ['Unrecorded sale', 0, 0],
      ['Receiving error', 3, -150.5],
      ['Cause unknown', 2, 5],
    ]);
    expect([s.count, s.value]).toEqual([20, -337.9]);
  });

  it('says the figures in words', () => {
    expect(variancesAltText(summariseCauses(CAUSE_TALLIES), 'GBP')).toBe(
      'Bar chart of stock-count variances by likely cause: 17 variances, net −£344.90. Shrinkage 5 (net −£212.40); ' +
        'Miscount 9 (net +£18.00); Unrecorded sale 0; Receiving error 3 (net −£150.50).',
    );
  });
});

describe('vegaChartRenderer', () => {
  it('spend by supplier: a PNG of the fixed size, in colour, with its labels drawn', async () => {
    const chart = await renderer.spendBySupplier(SPEND, GBP);
    expect(chart.fileName).toBe('spend-by-supplier-2026-07-to-2026-12.png');
    expect(chart.title).toBe('Spend by supplier, Jul 2026 – Dec 2026');
    expect(chart.altText).toMatch(
      /^Bar chart of spend by supplier, July 2026 to December 2026: £40,509\.00 in all\. By month: July 2026 £6,001\.50;/,
    );
    expect(chart.altText).toContain('By supplier: Acme Wholesale £19,503.00; Brightside Timber £13,503.00; Coastal Fixings Ltd £7,503.00.');

    const image = expectValidPng(chart);
    expect(distinctColours(image.rgba)).toBeGreaterThan(20);
    // The month labels sit in the bottom band, under the bars: dark pixels there are drawn text.
    const height = CHART_HEIGHT * SCALE;
    expect(darkPixels(image, height - 40 * SCALE, height)).toBeGreaterThan(500);

    const svg = await renderSvg(spendBySupplierSpec(summariseSpend(SPEND), 'GBP'));
    const labels = texts(svg);
    expect(labels).toEqual(expect.arrayContaining([...SUPPLIERS, 'Jul 2026', 'Dec 2026', '£4,000', 'Spend (GBP)', '£6,002']));
  });

  it('draws text with the bundled font: without it, the labels vanish', async () => {
    const svg = await renderSvg(spendBySupplierSpec(summariseSpend(SPEND), 'GBP'));
    const fonts = defaultFonts();
    const draw = (fontFiles: string[]) => {
      const { pixels, width } = new Resvg(svg, { font: { fontFiles, loadSystemFonts: false }, background: 'white' }).render();
      return darkPixels({ width, rgba: pixels }, 0, CHART_HEIGHT);
    };
    expect(draw([fonts.regular, fonts.bold])).toBeGreaterThan(draw([]) + 2000);
  });

  it('300 suppliers still make a readable chart, with "Other"', async () => {
    const many = Array.from({ length: 300 }, (_, k) =>
      MONTHS.map((month) => ({ month, supplier: `Supplier ${k} with a long trading name Ltd`, amount: 10 + k })),
    ).flat();
    const chart = await renderer.spendBySupplier(many, GBP);
    expectValidPng(chart);
    expect(chart.altText).toContain('Other (288 suppliers)');
    const labels = texts(await renderSvg(spendBySupplierSpec(summariseSpend(many), 'GBP')));
    expect(labels).toContain('Other (288 suppliers)');
    expect(labels.filter((l) => l.startsWith('Supplier '))).toHaveLength(MAX_SUPPLIERS);
  });

  it('no spend: a chart that says so', async () => {
    const chart = await renderer.spendBySupplier([], GBP);
    expect(chart.fileName).toBe('spend-by-supplier.png');
    expect(chart.altText).toBe('Spend by supplier: no spend recorded.');
    const image = expectValidPng(chart);
    expect(darkPixels(image, 0, CHART_HEIGHT * SCALE)).toBeGreaterThan(0);
    expect(texts(await renderSvg(spendBySupplierSpec(summariseSpend([]), 'GBP')))).toContain('No spend recorded');
    expect(spendAltText(summariseSpend([]), 'GBP')).toBe(chart.altText);
  });

  it('variances by cause: a bar per cause with its count and net value', async () => {
    const chart = await renderer.variancesByCause(CAUSE_TALLIES, { currency: 'EUR' });
    expect(chart.fileName).toBe('variances-by-cause.png');
    const image = expectValidPng(chart);
    expect(distinctColours(image.rgba)).toBeGreaterThan(10);
    expect(darkPixels(image, CHART_HEIGHT * SCALE - 40 * SCALE, CHART_HEIGHT * SCALE)).toBeGreaterThan(500);
    const labels = texts(await renderSvg(variancesByCauseSpec(summariseCauses(CAUSE_TALLIES), 'EUR')));
    expect(labels).toEqual(expect.arrayContaining(['Shrinkage', 'Unrecorded sale', '5 · −€212.40', '9 · +€18.00', '0']));
  });

  it('no variances: a chart that says so', async () => {
    const chart = await renderer.variancesByCause([], GBP);
    expectValidPng(chart);
    expect(chart.altText).toBe('Stock-count variances by likely cause: no variances.');
    expect(texts(await renderSvg(variancesByCauseSpec(summariseCauses([]), 'GBP')))).toContain('No variances');
  });
});

describe('resolveFont', () => {
  it('finds the font beside the bundle first (Lambda has no node_modules), else in the package', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fonts-'));
    try {
      expect(resolveFont('DejaVuSans.ttf', dir)).toMatch(/dejavu-fonts-ttf[\\/]ttf[\\/]DejaVuSans\.ttf$/);
      mkdirSync(join(dir, 'fonts'));
      copyFileSync(resolveFont('DejaVuSans.ttf', dir), join(dir, 'fonts', 'DejaVuSans.ttf'));
      expect(resolveFont('DejaVuSans.ttf', dir)).toBe(join(dir, 'fonts', 'DejaVuSans.ttf'));
      expect(() => resolveFont('Missing.ttf', dir)).toThrow(`Font Missing.ttf not found: neither ${join(dir, 'fonts', 'Missing.ttf')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

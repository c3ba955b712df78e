// Chart benchmark: `npx esbuild bench/charts.ts --bundle --platform=node --packages=external --outfile=dist/bench/charts.js
// && node dist/bench/charts.js [--runs 10] [--out docs/charts]`. Renders the monthly summary's two charts for the example
// shop (examples/stock.csv's suppliers) and the spend chart for a shop with 300 suppliers, and prints the median
// milliseconds per chart: all of it, Vega's layout to SVG, resvg's drawing to PNG, and beside them a bare
// `new Resvg(svg).render()` of the same SVG (no fonts, no scaling), which is the floor resvg itself sets. With --out it
// writes the example shop's two charts there as PNG (the pictures the README shows). Benchmarks measure: nothing fails.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Resvg } from '@resvg/resvg-js';
import type { CauseTally, Chart, SpendByMonth } from '../src/adapters/charts';
import {
  CHART_HEIGHT,
  CHART_WIDTH,
  SCALE,
  defaultFonts,
  renderSvg,
  spendBySupplierSpec,
  summariseCauses,
  summariseSpend,
  svgToPng,
  variancesByCauseSpec,
  vegaChartRenderer,
} from '../src/adapters/charts/vega';

const MONTHS = ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12'];

/** The example shop's suppliers, with a month-by-month rhythm: more coffee before Christmas, a credit note in October. */
function exampleSpend(): SpendByMonth[] {
  const base: Record<string, number> = { 'Bayside Roasters': 1840, 'Acme Wholesale': 1210, 'Northgate Fixings': 760, 'Dairy Direct': 540 };
  return MONTHS.flatMap((month, i) =>
    Object.entries(base).map(([supplier, amount]) => ({
      month,
      supplier,
      amount:
        Math.round(amount * (1 + 0.06 * i + (i === 5 && supplier === 'Bayside Roasters' ? 0.35 : 0)) * 100) / 100 -
        (i === 3 && supplier === 'Acme Wholesale' ? 420 : 0),
    })),
  );
}

const EXAMPLE_CAUSES: CauseTally[] = [
  { cause: 'shrinkage', count: 6, value: -184.6 },
  { cause: 'miscount', count: 11, value: 23.4 },
  { cause: 'unrecorded_sale', count: 4, value: -61.2 },
  { cause: 'receiving_error', count: 2, value: -96 },
  { cause: 'unknown', count: 1, value: -8.4 },
];

function manySuppliers(): SpendByMonth[] {
  return Array.from({ length: 300 }, (_, k) =>
    MONTHS.map((month, i) => ({ month, supplier: `Supplier ${k + 1} Trading Ltd`, amount: 20 + ((k * 37 + i * 11) % 400) })),
  ).flat();
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(runs: number, f: () => Promise<unknown> | unknown): Promise<number> {
  await f(); // warm-up: module loading and font parsing are paid once per process, not per chart
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await f();
    ms.push(performance.now() - start);
  }
  return median(ms);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' }, out: { type: 'string' } } });
  const runs = Math.max(1, Number(values.runs));
  const renderer = vegaChartRenderer();
  const fonts = defaultFonts();
  const gbp = { currency: 'GBP' };

  const cases = [
    {
      name: 'spend, example shop',
      spec: () => spendBySupplierSpec(summariseSpend(exampleSpend()), 'GBP'),
      chart: () => renderer.spendBySupplier(exampleSpend(), gbp),
    },
    {
      name: 'spend, 300 suppliers',
      spec: () => spendBySupplierSpec(summariseSpend(manySuppliers()), 'GBP'),
      chart: () => renderer.spendBySupplier(manySuppliers(), gbp),
    },
    {
      name: 'variances by cause',
      spec: () => variancesByCauseSpec(summariseCauses(EXAMPLE_CAUSES), 'GBP'),
      chart: () => renderer.variancesByCause(EXAMPLE_CAUSES, gbp),
    },
  ];

  console.log(`Charts at ${CHART_WIDTH}×${CHART_HEIGHT} drawn at scale ${SCALE}; median ms of ${runs} runs after a warm-up.`);
  const rows = [['chart', 'all', 'layout', 'draw', 'bare resvg', 'PNG KB']];
  for (const c of cases) {
    const svg = await renderSvg(c.spec(), fonts);
    const png = (await c.chart()).png;
    rows.push([
      c.name,
      (await time(runs, c.chart)).toFixed(0),
      (await time(runs, () => renderSvg(c.spec(), fonts))).toFixed(0),
      (await time(runs, () => svgToPng(svg, fonts))).toFixed(0),
      (await time(runs, () => new Resvg(svg).render())).toFixed(0),
      (png.length / 1024).toFixed(0),
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows) console.log(row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));

  if (values.out) {
    mkdirSync(values.out, { recursive: true });
    const save = (chart: Chart, name: string) => {
      writeFileSync(join(values.out!, name), chart.png);
      console.log(`${join(values.out!, name)}: ${chart.altText}`);
    };
    save(await renderer.spendBySupplier(exampleSpend(), gbp), 'spend-by-supplier.png');
    save(await renderer.variancesByCause(EXAMPLE_CAUSES, gbp), 'variances-by-cause.png');
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

// Count benchmark: `npm run bench` (or `node dist/bench/reconcile.js [--rows 50000] [--dir keep/files/here]`).
// Against a generated inventory of --rows SKUs at one location (each with an alias barcode, a third with a pack size)
// it generates two count files: a scanner CSV (barcode,qty: mostly barcodes, some SKUs, re-scans, a few unknown codes
// and bad quantities) and the app's XLSX count sheet filled in (some rows left blank, some counted in cases). For each
// it times capture and reconcile end to end, from the file's bytes in memory (as the worker holds them after the
// download) to the reconciled lines, through `reconcileFiles`, and prints wall time, rows/s, parked lines and peak RSS
// beside the aim (under 5 s and 300 MB each). A second run of the same stages one at a time shows where the time goes.
// Every run is its own child process, so a peak is that run's alone. Benchmarks measure: nothing fails on a missed aim.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readCountFile } from '../src/config/count-file';
import { DEFAULT_RULES } from '../src/config/rules-doc';
import { captureCounts } from '../src/domain/count-capture';
import { reconcile } from '../src/domain/reconcile';
import type { StockItem } from '../src/domain/types';
import { reconcileFiles } from '../src/services/reconcile-files';
import { countSheetXlsx } from '../views/count-sheet';

const LOCATION = 'main';
const AIM_SECONDS = 5;
const AIM_RSS_MB = 300;
const CASES = ['csv', 'xlsx'] as const;
type Case = (typeof CASES)[number];
const FILE_NAME: Record<Case, string> = { csv: 'scanner-export.csv', xlsx: 'count-sheet.xlsx' };

/** The same numbers on every run, in parent and children alike. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

const barcode = (i: number) => `50${String(i).padStart(11, '0')}`;

/** StockItems as src/config/stock-sheet.ts reads them: one location, an alias barcode each, a pack size on a third. */
function inventory(size: number): StockItem[] {
  const rand = random(7);
  return Array.from({ length: size }, (_, i) => ({
    sku: `SKU-${String(i).padStart(6, '0')}`,
    name: `Item ${i}`,
    location: LOCATION,
    supplier: 'Acme Wholesale',
    category: `cat${i % 12}`,
    onHand: Math.floor(rand() * 200),
    dailySalesRate: Math.round(rand() * 100) / 10,
    leadTimeDays: 2 + (i % 10),
    safetyBuffer: null,
    packSize: i % 3 === 0 ? [6, 12, 24][i % 4 === 0 ? 0 : i % 5 === 0 ? 1 : 2]! : null,
    unitCost: i % 20 === 0 ? null : Math.round((0.5 + rand() * 30) * 100) / 100,
    pointOverride: null,
    targetLevel: null,
    aliases: [barcode(i)],
  }));
}

/** What a counter finds: mostly what the system says, often a unit or three out, now and then far off. */
function counted(item: StockItem, rand: () => number): number {
  const r = rand();
  if (r < 0.8) return item.onHand;
  if (r < 0.95) return Math.max(0, item.onHand + (rand() < 0.5 ? -1 : 1) * (1 + Math.floor(rand() * 3)));
  return Math.floor(rand() * 200);
}

/**
 * A scanner walking the aisles: one line per item, by barcode mostly (80%), by SKU (12%, some in lower case), with
 * re-scans of the line before (5%, counted once), unknown codes (2%) and bad quantities (1%), which are parked.
 */
function scannerCsv(items: readonly StockItem[], lines: number): Buffer {
  const rand = random(11);
  const out = ['barcode,qty'];
  let previous = '';
  const badQuantities = ['x', '-2', '4,5', '', 'twelve', '3 cases'];
  for (let i = 0; i < lines; i++) {
    const item = items[i % items.length]!;
    const qty = Math.max(1, counted(item, rand));
    const r = rand();
    let line: string;
    if (r < 0.05 && previous !== '') line = previous;
    else if (r < 0.07) line = `99${String(i).padStart(11, '0')},${qty}`;
    else if (r < 0.08) line = `${item.aliases[0]},${badQuantities[i % badQuantities.length]}`;
    else if (r < 0.2) line = `${i % 2 === 0 ? item.sku : item.sku.toLowerCase()},${qty}`;
    else line = `${item.aliases[0]},${qty}`;
    out.push(line);
    previous = line;
  }
  return Buffer.from(`${out.join('\r\n')}\r\n`, 'utf8');
}

/**
 * The count sheet the app hands out (views/count-sheet.ts), filled in as a counter would: most rows counted in eaches,
 * some in cases (a few for items without a pack size, which park), some left blank (not counted), a few typos.
 */
async function filledCountSheet(items: readonly StockItem[], rows: number): Promise<Buffer> {
  const blank = await countSheetXlsx(
    'bench',
    items.slice(0, rows).map((i) => ({ sku: i.sku, name: i.name, location: i.location })),
  );
  const { Workbook } = require('exceljs') as typeof import('exceljs');
  const book = new Workbook();
  await book.xlsx.load(blank as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  const rand = random(13);
  const bySku = new Map(items.map((i) => [i.sku, i]));
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const item = bySku.get(String(row.getCell(1).value))!;
    const pack = item.packSize;
    const r = rand();
    const qty = row.getCell(4);
    const unit = row.getCell(5);
    if (r < 0.1) return; // not counted: counted_qty stays blank
    if (r < 0.11) qty.value = 'n/a';
    else if (r < 0.3 && (pack || rand() < 0.05)) {
      // Counted in cases: items with a pack size, and now and then one without, which parks.
      qty.value = Math.max(1, Math.round(counted(item, rand) / (pack ?? 6)));
      unit.value = 'case';
    } else qty.value = counted(item, rand);
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

const mb = (bytes: number) => bytes / (1024 * 1024);
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

/** One case in this (child) process: end to end through reconcileFiles, or (--stages) each stage timed on its own. */
async function runCase(which: Case, dir: string, rows: number, stages: boolean): Promise<void> {
  const items = inventory(rows);
  const bytes = readFileSync(join(dir, FILE_NAME[which]));
  const name = FILE_NAME[which];
  const rules = DEFAULT_RULES;
  const result: Record<string, number> = { rssBeforeMb: mb(process.memoryUsage().rss) };
  const t0 = performance.now();
  if (!stages) {
    const r = await reconcileFiles({ inventory: items, counts: [{ name, bytes }], location: LOCATION, rules });
    result.wallMs = performance.now() - t0;
    result.peakRssMb = peakRssMb();
    Object.assign(result, { linesRead: r.linesRead, parked: r.parked.length, rescans: r.rescans, blanks: r.blanks, lines: r.lines.length });
    result.counted = r.lines.filter((l) => l.kind !== 'not_counted').length;
    result.material = r.lines.filter((l) => l.state === 'material').length;
  } else {
    // The same calls reconcileFiles makes, one file, timed apart.
    const read = await readCountFile(name, bytes);
    const t1 = performance.now();
    const capture = captureCounts(read, LOCATION, items);
    const t2 = performance.now();
    const lines = reconcile({
      location: LOCATION,
      snapshot: items.map((i) => ({ sku: i.sku, name: i.name, system: i.onHand, unitCost: i.unitCost })),
      counts: capture.counts,
      unlisted: new Map([...capture.elsewhere].map(([sku, i]) => [sku, { name: i.name, unitCost: i.unitCost }])),
      materiality: rules.materiality,
      currency: rules.currency,
    });
    const t3 = performance.now();
    Object.assign(result, { readMs: t1 - t0, captureMs: t2 - t1, reconcileMs: t3 - t2, stagesPeakRssMb: peakRssMb(), lines: lines.length });
  }
  process.stdout.write(JSON.stringify(result));
}

function child(which: Case, dir: string, rows: number, stages: boolean): Record<string, number> {
  const args = [__filename, '--case', which, '--dir', dir, '--rows', String(rows), ...(stages ? ['--stages'] : [])];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 })) as Record<string, number>;
}

function printTable(header: string[], body: string[][]): void {
  const table = [header, ...body];
  const widths = header.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table) console.log(row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '50000' },
      case: { type: 'string' },
      dir: { type: 'string' },
      stages: { type: 'boolean', default: false },
    },
  });
  const rows = Number(values.rows);
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`--rows must be a whole number ≥ 1, got ${values.rows}`);
  if (values.case !== undefined) {
    if (!(CASES as readonly string[]).includes(values.case) || !values.dir) throw new Error('--case csv|xlsx needs --dir');
    return runCase(values.case as Case, values.dir, rows, values.stages!);
  }

  // --dir keeps the generated files there, to profile one run: `node --cpu-prof dist/bench/reconcile.js --case xlsx --dir …`.
  const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'stockbot-reconcile-bench-'));
  mkdirSync(dir, { recursive: true });
  try {
    const items = inventory(rows);
    const t = performance.now();
    writeFileSync(join(dir, FILE_NAME.csv), scannerCsv(items, rows));
    writeFileSync(join(dir, FILE_NAME.xlsx), await filledCountSheet(items, rows));
    const generateS = (performance.now() - t) / 1000;

    console.log(`Count capture + reconcile, end to end from the file's bytes in memory to the reconciled lines (reconcileFiles)`);
    console.log(
      `${rows.toLocaleString('en-US')} SKUs at one location; ${rows.toLocaleString('en-US')}-row count files (generated in ` +
        `${generateS.toFixed(1)} s); one fresh process per run`,
    );
    console.log(
      `${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)} at the start (other work on the machine slows the times)\n`,
    );
    const results = CASES.map((which) => {
      const e2e = child(which, dir, rows, false);
      const split = child(which, dir, rows, true);
      return { which, e2e, split, size: statSync(join(dir, FILE_NAME[which])).size };
    });

    const s = (ms: number) => (ms / 1000).toFixed(2);
    printTable(
      [
        'case',
        'file',
        'rows read',
        'wall s (aim < 5)',
        'rows/s',
        'parked',
        're-scans',
        'blanks',
        'lines (counted)',
        'material',
        'peak RSS MB (aim < 300)',
        'RSS before MB',
      ],
      results.map(({ which, e2e, size }) => [
        which,
        `${mb(size).toFixed(2)} MB`,
        e2e.linesRead!.toLocaleString('en-US'),
        `${s(e2e.wallMs!)} ${e2e.wallMs! / 1000 < AIM_SECONDS ? 'ok' : 'MISSED'}`,
        Math.round(e2e.linesRead! / (e2e.wallMs! / 1000)).toLocaleString('en-US'),
        e2e.parked!.toLocaleString('en-US'),
        e2e.rescans!.toLocaleString('en-US'),
        e2e.blanks!.toLocaleString('en-US'),
        `${e2e.lines!.toLocaleString('en-US')} (${e2e.counted!.toLocaleString('en-US')})`,
        e2e.material!.toLocaleString('en-US'),
        `${Math.round(e2e.peakRssMb!)} ${e2e.peakRssMb! < AIM_RSS_MB ? 'ok' : 'MISSED'}`,
        String(Math.round(e2e.rssBeforeMb!)),
      ]),
    );

    console.log('\nWhere the time goes (the same stages run one at a time, in another fresh process)');
    printTable(
      ['case', 'read file s', 'capture s', 'reconcile s', 'sum s', 'read share', 'peak RSS MB'],
      results.map(({ which, split }) => {
        const sum = split.readMs! + split.captureMs! + split.reconcileMs!;
        return [
          which,
          s(split.readMs!),
          s(split.captureMs!),
          s(split.reconcileMs!),
          s(sum),
          `${Math.round((100 * split.readMs!) / sum)}%`,
          String(Math.round(split.stagesPeakRssMb!)),
        ];
      }),
    );
    console.log(`\nRSS before: the process with the inventory and the file's bytes loaded, before the run; peak RSS: the run's maxRSS.`);
    console.log(`The XLSX times include loading exceljs, which the reader requires on first use (as a fresh worker does).`);
  } finally {
    if (values.dir === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

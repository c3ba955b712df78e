// Daily-check benchmark: `npm run bench` (or `node dist/bench/check.js [--sizes 2000,20000] [--no-store] [--xlsx-rows 100000]
// [--repeat 3]`; --help lists them).
// For each shop size it prints the CSV parse time, the decision pass alone (four moves, quantities: pure code), a whole
// dry run (parse + decide, read from the file as `stockbot check --dry-run` does), items/second for that and for a full
// check against DynamoDB Local (also reading the file each time, as the scheduled check does), DynamoDB requests per
// check, and peak memory. Four days of checks: the first run (every item new), the next day (every item drafted the
// day before changes move: its draft is open now), a quiet day (nothing changed) and a busy day (one item in twenty
// has a new on-hand level that changes its move). Each size runs in its own child process so peak memory is that size's alone.
//
// Then an XLSX stock sheet of --xlsx-rows items (0 skips it), as Excel saves one (shared strings, numbers as numbers),
// read three ways, each in its own fresh process: stockbot's reader (streamed, with its limits) followed by the
// decision pass, and bare exceljs loading the whole workbook and streaming its rows, so the ratio is against the
// library doing the same read. The aim: the sheet read and decided in under 256 MB peak RSS, well inside a 512 MB
// Lambda function.
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { dailyCheck } from '../jobs/daily-check';
import { localDocuments } from '../src/adapters/documents/local-files';
import { decideAll } from '../src/domain/check';
import type { DraftNotifier } from '../src/services/owner-notices';
import { openStore } from '../src/store/open-store';

const HEADER =
  'sku,name,location,supplier,category,on_hand,daily_sales_rate,lead_time_days,safety_buffer,pack_size,unit_cost,point_override,target_level,aliases';
const SUPPLIERS = ['Bayside Roasters', 'Acme Wholesale', 'Fastenal Trade', 'Dairy Direct'];

type Cell = string | number;

/**
 * A deterministic shop: most items stocked, a few percent on watch, reorder and urgent, like a real morning. `busy`:
 * the same shop a day later with one item in twenty moved across a line (stocked ones down to watch, the rest back up
 * to well stocked).
 */
function* shopRows(size: number, busy = false): Generator<Cell[]> {
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let i = 0; i < size; i++) {
    const rate = Math.round(rand() * 200) / 10;
    const lead = 2 + Math.floor(rand() * 10);
    const buffer = Math.round(rate * 2);
    const point = rate * lead + buffer;
    const r = rand();
    let onHand = Math.round(r < 0.01 ? buffer * 0.5 : r < 0.04 ? point * 0.9 : r < 0.08 ? point * 1.05 : point * (1.2 + rand() * 3));
    if (busy && i % 20 === 0) onHand = Math.round(r < 0.08 ? point * 3 : point * 1.05);
    const location = i % 2 === 0 ? 'main' : 'Fixings';
    yield [
      `SKU-${i}`,
      `Item ${i}`,
      location,
      SUPPLIERS[i % 4]!,
      `cat${i % 12}`,
      onHand,
      rate,
      lead,
      buffer,
      1 + (i % 3) * 5,
      (1 + (i % 50) / 10).toFixed(2),
      '',
      '',
      `50${String(i).padStart(11, '0')}`,
    ];
  }
}

function shopCsv(size: number, busy = false): string {
  const lines = [HEADER];
  for (const row of shopRows(size, busy)) lines.push(row.join(','));
  return `${lines.join('\n')}\n`;
}

/** The same shop as an XLSX workbook the way Excel saves one: shared strings, numbers and the unit cost as numbers. */
async function writeShopXlsx(size: number, path: string): Promise<void> {
  const { stream } = require('exceljs') as typeof import('exceljs');
  const out = createWriteStream(path);
  const writer = new stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: true });
  const sheet = writer.addWorksheet('Stock');
  sheet.addRow(HEADER.split(',')).commit();
  for (const row of shopRows(size)) sheet.addRow(row.map((cell, c) => (c === 10 ? Number(cell) : cell === '' ? null : cell))).commit();
  sheet.commit();
  await writer.commit();
  await finished(out);
}

const DOCS = {
  rules: 'timezone: Europe/London\norder cap: 500\nfallback supplier: Acme Wholesale\n',
  suppliers: SUPPLIERS.map((s) => `## ${s}\nemail: orders@${s.split(' ')[0]!.toLowerCase()}.example\n`).join('\n'),
};

const silent: DraftNotifier = { draftCreated: async () => {}, draftResurfaced: async () => {} };

async function runSize(size: number, withStore: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'stockbot-bench-'));
  const paths = { stockSheet: join(dir, 'stock.csv'), rules: join(dir, 'rules.txt'), suppliers: join(dir, 'suppliers.txt') };
  writeFileSync(paths.stockSheet, shopCsv(size));
  writeFileSync(paths.rules, DOCS.rules);
  writeFileSync(paths.suppliers, DOCS.suppliers);
  const documents = localDocuments(paths);
  const now = new Date('2026-11-23T08:00:00Z');
  const result: Record<string, unknown> = { size };

  let t = performance.now();
  const items = await documents.readStockSheet();
  result.parseMs = Math.round(performance.now() - t);
  const [rules, suppliers] = await Promise.all([documents.readRules(), documents.readSuppliers()]);
  t = performance.now();
  decideAll({ items, rules, suppliers, openOrders: new Map(), states: new Map(), now, today: '2026-11-23' });
  result.decideMs = Math.round(performance.now() - t);

  // A fresh reader for every timed run (a reader keeps what it parsed while the file is unchanged), so each one
  // parses the sheet as `stockbot check` does on its schedule.
  t = performance.now();
  const dry = await dailyCheck({ documents: localDocuments(paths), notifier: silent }, now, { dryRun: true });
  const dryMs = performance.now() - t;
  result.dryRunMs = Math.round(dryMs);
  result.dryItemsPerSec = Math.round(size / (dryMs / 1000));
  result.drafts = dry.checks.filter((c) => c.draft).length;

  if (withStore) {
    const store = await openStore({ target: { kind: 'embedded' }, region: 'eu-west-2', tablePrefix: 'bench-', createTables: true });
    try {
      let moves: string[] = [];
      for (const [day, label] of (['firstRun', 'nextDay', 'quietDay', 'busyDay'] as const).entries()) {
        if (label === 'busyDay') writeFileSync(paths.stockSheet, shopCsv(size, true));
        const before = store.dynamo.requestCount();
        t = performance.now();
        const when = new Date(now.getTime() + day * 86_400_000);
        const report = await dailyCheck({ documents: localDocuments(paths), store, notifier: silent }, when);
        const ms = performance.now() - t;
        result[`${label}Ms`] = Math.round(ms);
        result[`${label}ItemsPerSec`] = Math.round(size / (ms / 1000));
        result[`${label}Requests`] = store.dynamo.requestCount() - before;
        // Items whose move differs from the day before's (the first run: every item that is not stocked).
        const today = report.checks.map((c) => c.decision.move);
        result[`${label}Changes`] = today.filter((move, i) => move !== (moves[i] ?? 'stocked')).length;
        moves = today;
      }
    } finally {
      await store.close();
    }
  }
  result.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(JSON.stringify(result));
}

const XLSX_CASES = ['stockbot', 'exceljs-load', 'exceljs-stream'] as const;
type XlsxCase = (typeof XLSX_CASES)[number];
const AIM_XLSX_RSS_MB = 256;
const peakRssMb = (): number => process.resourceUsage().maxRSS / 1024;
const rssMb = (): number => process.memoryUsage().rss / (1024 * 1024);

/**
 * One read of the XLSX stock sheet at `path` in this (child) process. stockbot: the documents adapter's read (the
 * daily check's own path), then the decision pass. exceljs-load: the whole workbook loaded, then every row's values
 * walked. exceljs-stream: the streaming reader, every row's values walked and dropped.
 */
async function runXlsxCase(which: XlsxCase, path: string): Promise<void> {
  const result: Record<string, number> = { rssBeforeMb: rssMb() };
  let t = performance.now();
  if (which === 'stockbot') {
    const dir = mkdtempSync(join(tmpdir(), 'stockbot-bench-docs-'));
    writeFileSync(join(dir, 'rules.txt'), DOCS.rules);
    writeFileSync(join(dir, 'suppliers.txt'), DOCS.suppliers);
    const documents = localDocuments({ stockSheet: path, rules: join(dir, 'rules.txt'), suppliers: join(dir, 'suppliers.txt') });
    const items = await documents.readStockSheet();
    result.parseMs = performance.now() - t;
    result.parsePeakRssMb = peakRssMb();
    result.rows = items.length;
    const [rules, suppliers] = await Promise.all([documents.readRules(), documents.readSuppliers()]);
    t = performance.now();
    const now = new Date('2026-11-23T08:00:00Z');
    decideAll({ items, rules, suppliers, openOrders: new Map(), states: new Map(), now, today: '2026-11-23' });
    result.decideMs = performance.now() - t;
    rmSync(dir, { recursive: true, force: true });
  } else {
    const bytes = readFileSync(path);
    const ExcelJS = require('exceljs') as typeof import('exceljs');
    let rows = 0;
    if (which === 'exceljs-load') {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(bytes as unknown as ArrayBuffer);
      book.worksheets[0]!.eachRow(({ values }) => (rows += Array.isArray(values) ? 1 : 0));
    } else {
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
        sharedStrings: 'cache',
        styles: 'cache',
        worksheets: 'emit',
        hyperlinks: 'ignore',
        entries: 'ignore',
      });
      for await (const sheet of reader) {
        for await (const { values } of sheet) rows += Array.isArray(values) ? 1 : 0;
        break;
      }
    }
    result.parseMs = performance.now() - t;
    result.parsePeakRssMb = peakRssMb();
    result.rows = rows - 1; // the header
  }
  result.peakRssMb = peakRssMb();
  process.stdout.write(JSON.stringify(result));
}

function printTable(header: string[], body: string[][]): void {
  const table = [header, ...body];
  const widths = header.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table) console.log(row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
}

/** The CSV table: each size in its own child process. */
function csvSizes(sizes: string[], withStore: boolean): void {
  const rows = sizes.map((s) => {
    const out = execFileSync(process.execPath, [__filename, '--size', s, ...(withStore ? [] : ['--no-store'])], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    return JSON.parse(out) as Record<string, number>;
  });
  console.log('Daily check benchmark (dry run = CSV parse + decisions; store runs parse too, against DynamoDB Local on this machine)');
  console.log("Days: 1st run (every item new), next day (yesterday's drafts are open: those items change move), quiet day (nothing");
  console.log('changed), busy day (one item in twenty crosses a line). "moved": items whose move changed that day.\n');
  const cols: [string, string][] = [
    ['size', 'items'],
    ['parseMs', 'parse CSV ms'],
    ['decideMs', 'decide ms'],
    ['dryRunMs', 'dry run ms'],
    ['dryItemsPerSec', 'dry items/s'],
    ['drafts', 'drafts'],
    ['firstRunMs', '1st run ms'],
    ['firstRunChanges', '1st run moved'],
    ['firstRunRequests', '1st run requests'],
    ['nextDayMs', 'next day ms'],
    ['nextDayItemsPerSec', 'next day items/s'],
    ['nextDayChanges', 'next day moved'],
    ['nextDayRequests', 'next day requests'],
    ['quietDayMs', 'quiet day ms'],
    ['quietDayChanges', 'quiet day moved'],
    ['quietDayRequests', 'quiet day requests'],
    ['busyDayChanges', 'busy day moved'],
    ['busyDayRequests', 'busy day requests'],
    ['peakRssMb', 'peak RSS MB'],
  ];
  const shown = cols.filter(([k]) => rows.some((r) => r[k] !== undefined));
  const table = [shown.map(([, h]) => h), ...rows.map((r) => shown.map(([k]) => String(r[k] ?? '')))];
  const widths = shown.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table) console.log(row.map((c, i) => c.padStart(widths[i]!)).join('  '));
}

/**
 * Node's heap flags as the Lambda runtime sets them for a 512 MB function (a tenth of memory for the young generation,
 * half of that per semi-space, the rest for the old generation). A smaller old-generation limit makes V8 collect
 * sooner, so the same read peaks lower there than under Node's defaults on a machine with more memory.
 */
const LAMBDA_512_FLAGS = ['--max-old-space-size=461', '--max-semi-space-size=25'];

/** The XLSX table: the sheet generated once, then each reader in its own fresh process, under both sets of flags. */
async function xlsxSheet(size: number, repeat: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'stockbot-bench-xlsx-'));
  try {
    const path = join(dir, 'stock.xlsx');
    await writeShopXlsx(size, path);
    const once = (which: XlsxCase, flags: string[]): Record<string, number> =>
      JSON.parse(
        execFileSync(process.execPath, [...flags, __filename, '--xlsx-case', which, '--file', path], {
          encoding: 'utf8',
          maxBuffer: 1 << 20,
        }),
      ) as Record<string, number>;
    // Peaks move by tens of MB from run to run with the garbage collector's timing: with --repeat, the median run.
    const child = (which: XlsxCase, flags: string[]): Record<string, number> => {
      const runs = Array.from({ length: repeat }, () => once(which, flags)).sort((a, b) => a.peakRssMb! - b.peakRssMb!);
      return runs[Math.floor(runs.length / 2)]!;
    };
    const results = XLSX_CASES.map((which) => ({ which, node: child(which, []), lambda: child(which, LAMBDA_512_FLAGS) }));
    const bare = results.find((x) => x.which === 'exceljs-stream')!;
    const mbOf = (n: number | undefined): string => (n === undefined ? '' : String(Math.round(n)));
    const sOf = (ms: number | undefined): string => (ms === undefined ? '' : (ms / 1000).toFixed(2));
    const aim = (which: XlsxCase, mb: number): string => (which === 'stockbot' ? ` ${mb < AIM_XLSX_RSS_MB ? 'ok' : 'MISSED'}` : '');

    const runs = repeat > 1 ? `, the median of ${repeat} runs` : '';
    console.log(
      `\nXLSX stock sheet: ${size.toLocaleString('en-US')} items, ${(statSync(path).size / (1024 * 1024)).toFixed(1)} MB file; each ` +
        `reader in a fresh process${runs}`,
    );
    console.log(
      `Peak RSS under Node's default flags, and under the flags Lambda sets for 512 MB (${LAMBDA_512_FLAGS.join(' ')}); aim < ` +
        `${AIM_XLSX_RSS_MB} MB`,
    );
    printTable(
      [
        'reader',
        'rows',
        'parse s',
        'decide s',
        'parse peak MB',
        'peak MB',
        'parse peak MB (Lambda)',
        'peak MB (Lambda)',
        'peak / exceljs stream (Lambda)',
        'RSS before MB',
      ],
      results.map(({ which, node, lambda }) => [
        which,
        node.rows!.toLocaleString('en-US'),
        sOf(node.parseMs),
        sOf(node.decideMs),
        mbOf(node.parsePeakRssMb),
        `${mbOf(node.peakRssMb)}${aim(which, node.peakRssMb!)}`,
        mbOf(lambda.parsePeakRssMb),
        `${mbOf(lambda.peakRssMb)}${aim(which, lambda.peakRssMb!)}`,
        `${(lambda.parsePeakRssMb! / bare.lambda.parsePeakRssMb!).toFixed(2)}x`,
        mbOf(node.rssBeforeMb),
      ]),
    );
    console.log('stockbot: the stock sheet read as the daily check reads it (zip-bomb guard, row and column limits, StockItems');
    console.log('validated), then the decision pass; peak MB includes the decisions, parse peak MB is the read alone.');
    console.log('exceljs-load: Workbook().xlsx.load, rows walked. exceljs-stream: WorkbookReader, rows walked and dropped.');
    console.log("RSS before: the process with the bench's own modules loaded, before the read.");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '2000,20000,100000' },
      size: { type: 'string' },
      'no-store': { type: 'boolean', default: false },
      'xlsx-rows': { type: 'string', default: '100000' },
      repeat: { type: 'string', default: '1' },
      'xlsx-case': { type: 'string' },
      file: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log('node dist/bench/check.js [--sizes 2000,20000,100000] [--no-store] [--xlsx-rows 100000] [--repeat 1]');
    console.log('  --sizes      CSV shop sizes, comma-separated ("" skips the CSV table)');
    console.log('  --no-store   leave out the runs against DynamoDB Local');
    console.log('  --xlsx-rows  items in the XLSX stock sheet read by stockbot and bare exceljs (0 skips it)');
    console.log('  --repeat     runs of each XLSX reader; the median (by peak RSS) is shown');
    return;
  }
  const withStore = !values['no-store'];
  if (values.size) return runSize(Number(values.size), withStore);
  if (values['xlsx-case'] !== undefined) {
    if (!(XLSX_CASES as readonly string[]).includes(values['xlsx-case']) || !values.file)
      throw new Error(`--xlsx-case ${XLSX_CASES.join('|')} needs --file`);
    return runXlsxCase(values['xlsx-case'] as XlsxCase, values.file);
  }

  const sizes = values.sizes!.split(',').filter((s) => s.trim() !== '');
  if (sizes.length > 0) csvSizes(sizes, withStore);
  const xlsxRows = Number(values['xlsx-rows']);
  if (!Number.isInteger(xlsxRows) || xlsxRows < 0) throw new Error(`--xlsx-rows must be a whole number ≥ 0, got ${values['xlsx-rows']}`);
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat must be a whole number ≥ 1, got ${values.repeat}`);
  if (xlsxRows > 0) await xlsxSheet(xlsxRows, repeat);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

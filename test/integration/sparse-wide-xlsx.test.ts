import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { type SparseWideSheet, sparseWideSheet, workbookParts, zipArchive } from '../support/zip-fixtures';

// Sparse, wide workbooks: a file of about 100 KB with one cell in column XFD on each of 20,000 rows, whose
// <dimension> claims the whole grid (A1:XFD1048576). Once, such a file took gigabytes and many seconds to read. Each
// is read by the count file reader and the stock sheet reader in a fresh process, as bench/reconcile.ts measures,
// so the peak resident memory is that read's alone: a value that far right is refused, naming its row and column;
// formatting that far right is read past, and the read stays fast.

const ROOT = resolve(__dirname, '../..');
const DIR = mkdtempSync(join(tmpdir(), 'stockbot-wide-'));
const READER = join(DIR, 'read-one.js');
const ROWS = 20_000;
/** Far under the 300 MB a worker has for a whole count; a reader that allocated by column would take gigabytes. */
const MAX_GROWTH_MB = 150;
/** Generous for a busy 2-core machine: the read itself takes under a second, and took 15-20 s before. */
const MAX_SECONDS = 5;

beforeAll(() => {
  // The reader, bundled as `npm install` bundles the CLI: our code inlined, packages (exceljs) from node_modules.
  const entry = join(DIR, 'read-one.ts');
  writeFileSync(
    entry,
    `import { readFileSync } from 'node:fs';
import { readCountFile } from ${JSON.stringify(join(ROOT, 'src/config/count-file'))};
import { parseStockSheetXlsx } from ${JSON.stringify(join(ROOT, 'src/config/stock-sheet'))};

async function main(): Promise<void> {
  const [reader, path] = process.argv.slice(2) as [string, string];
  const bytes = readFileSync(path);
  // Loaded before the baseline: the library's own code is not what the read costs.
  require('exceljs');
  const before = process.memoryUsage().rss;
  const started = Date.now();
  let outcome: { read: number } | { refused: string };
  try {
    const read = reader === 'count' ? (await readCountFile('count.xlsx', bytes)).rows.length : (await parseStockSheetXlsx(bytes, 'stock.xlsx')).length;
    outcome = { read };
  } catch (err) {
    outcome = { refused: (err as Error).message };
  }
  const seconds = (Date.now() - started) / 1000;
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ ...outcome, seconds, growthMb: Math.max(0, peak - before) / (1024 * 1024) }));
}
void main();
`,
  );
  buildSync({
    entryPoints: [entry],
    outfile: READER,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'error',
    absWorkingDir: ROOT,
  });
});

type Outcome = ({ read: number } | { refused: string }) & { seconds: number; growthMb: number };

/** Reads the workbook in a fresh process with the count file or the stock sheet reader. */
function readInChild(reader: 'count' | 'stock', sheet: SparseWideSheet): Outcome & { fileKb: number } {
  const bytes = zipArchive(workbookParts(sparseWideSheet(sheet)));
  const path = join(DIR, `${reader}-${sheet.far}.xlsx`);
  writeFileSync(path, bytes);
  const run = spawnSync(process.execPath, [READER, reader, path], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, NODE_PATH: join(ROOT, 'node_modules') },
    timeout: 120_000,
  });
  if (run.status !== 0) throw new Error(`the reader exited ${run.status}: ${run.stderr}`);
  return { ...(JSON.parse(run.stdout) as Outcome), fileKb: Math.round(bytes.length / 1024) };
}

const COUNT_HEADER = { A: 'barcode', B: 'qty' };
const STOCK_HEADER = { A: 'sku', B: 'name', C: 'on_hand', D: 'daily_sales_rate', E: 'lead_time_days' };
const GRID = 'A1:XFD1048576';
const refusal = (file: string) =>
  `${file} row 2: has a value in column XFD, past column GR (a sheet may use 200 columns); clear that cell or delete the columns right ` +
  `of the data`;

describe('sparse, wide XLSX files', () => {
  it('a count file with a value in column XFD on each of 20,000 rows is refused at the first, in bounded memory', () => {
    const outcome = readInChild('count', { header: COUNT_HEADER, rows: ROWS, far: 'value', dimension: GRID });
    expect(outcome).toMatchObject({ refused: refusal('count.xlsx') });
    expect(outcome.fileKb).toBeLessThan(200);
    expect(outcome.growthMb).toBeLessThan(MAX_GROWTH_MB);
  });

  it('a stock sheet with a value in column XFD on each of 20,000 rows is refused at the first, in bounded memory', () => {
    const outcome = readInChild('stock', { header: STOCK_HEADER, rows: ROWS, far: 'value', dimension: GRID });
    expect(outcome).toMatchObject({ refused: refusal('stock.xlsx') });
    expect(outcome.growthMb).toBeLessThan(MAX_GROWTH_MB);
  });

  it('a count file formatted out to column XFD on each of 20,000 rows is read, quickly and in bounded memory', () => {
    const outcome = readInChild('count', {
      header: COUNT_HEADER,
      rows: ROWS,
      cells: (r) => ({ A: `50${String(r).padStart(11, '0')}`, B: '3' }),
      far: 'formatting',
      dimension: GRID,
    });
    expect(outcome).toMatchObject({ read: ROWS });
    expect(outcome.seconds).toBeLessThan(MAX_SECONDS);
    expect(outcome.growthMb).toBeLessThan(MAX_GROWTH_MB);
  });

  it('a stock sheet formatted out to column XFD on each of 20,000 rows is read, quickly and in bounded memory', () => {
    const outcome = readInChild('stock', {
      header: STOCK_HEADER,
      rows: ROWS,
      cells: (r) => ({ A: `SKU-${r}`, B: 'item', C: '4', D: '1', E: '2' }),
      far: 'formatting',
      dimension: GRID,
    });
    expect(outcome).toMatchObject({ read: ROWS });
    expect(outcome.seconds).toBeLessThan(MAX_SECONDS);
    expect(outcome.growthMb).toBeLessThan(MAX_GROWTH_MB);
  });
});

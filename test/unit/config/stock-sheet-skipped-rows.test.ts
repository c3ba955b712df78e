import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem, type Problem, skippedRowLines } from '../../../src/config/errors';
import {
  parseStockSheetCsv,
  parseStockSheetCsvReport,
  parseStockSheetXlsxReport,
  readStockSheetFile,
  readStockSheetReport,
} from '../../../src/config/stock-sheet';
import { inlineRow, workbookParts, worksheetPart, zipArchive } from '../../support/zip-fixtures';
import { problemsOf, problemsOfAsync } from './problems';

// A row with a problem of its own (a bad number, a required cell left empty) is skipped and reported, and every other
// row is still read; a problem of the whole sheet still fails the read. The plain readers stay all or nothing.

const REQUIRED = 'sku,name,on_hand,daily_sales_rate,lead_time_days';
const csv = (...lines: string[]): string => `${lines.join('\n')}\n`;
const report = (...lines: string[]) => parseStockSheetCsvReport(csv(...lines), 'stock.csv');
const shown = (r: { skipped: Problem[] }): string[] => r.skipped.map(formatProblem);

describe('a stock sheet read with its bad rows skipped', () => {
  it('skips each row with a bad number or an empty required cell, names every problem, and reads the rest', () => {
    const r = report(REQUIRED, 'A,Apples,10,1,2', 'B,Beans,1e300,1,2', 'C,Cups,5,eight,', ',Nameless,1,1,1', 'D,Dates,4,1,2');
    expect(r.items.map((i) => i.sku)).toEqual(['A', 'D']);
    expect(shown(r)).toEqual([
      'stock.csv row 3, column "on_hand": expected a number ≤ 1,000,000,000, got "1e300"',
      'stock.csv row 4, column "daily_sales_rate": expected a number ≥ 0, got "eight"',
      'stock.csv row 4, column "lead_time_days": expected a number ≥ 0, got an empty cell',
      'stock.csv row 5, column "sku": expected a SKU, got an empty cell',
    ]);
    expect(skippedRowLines(r.skipped)).toEqual([
      'stock.csv row 3 skipped: column "on_hand": expected a number ≤ 1,000,000,000, got "1e300"',
      'stock.csv row 4 skipped: column "daily_sales_rate": expected a number ≥ 0, got "eight"; column "lead_time_days": expected a ' +
        'number ≥ 0, got an empty cell',
      'stock.csv row 5 skipped: column "sku": expected a SKU, got an empty cell',
    ]);
  });

  it('a clean sheet skips nothing', () => {
    expect(report(REQUIRED, 'A,Apples,10,1,2')).toEqual({ items: [expect.objectContaining({ sku: 'A' })], skipped: [] });
  });

  it('the plain reader is still all or nothing: one bad row fails it with the same problems', () => {
    expect(problemsOf(() => parseStockSheetCsv(csv(REQUIRED, 'A,Apples,10,1,2', 'B,Beans,1e300,1,2'), 'stock.csv'))).toEqual([
      'stock.csv row 3, column "on_hand": expected a number ≤ 1,000,000,000, got "1e300"',
    ]);
  });

  it('a SKU twice at one location fails the whole sheet, naming the rows problems too, in row order', () => {
    expect(problemsOf(() => report(REQUIRED, 'A,Apples,10,1,2', 'B,Beans,x,1,2', 'A,Apples again,3,1,2'))).toEqual([
      'stock.csv row 3, column "on_hand": expected a number ≥ 0, got "x"',
      'stock.csv row 4, column "sku": duplicate of row 2 (A at main)',
    ]);
    // A bad row still holds its SKU: a good row with the same SKU is a duplicate, not a replacement.
    expect(problemsOf(() => report(REQUIRED, 'A,Apples,x,1,2', 'A,Apples,3,1,2'))).toEqual([
      'stock.csv row 2, column "on_hand": expected a number ≥ 0, got "x"',
      'stock.csv row 3, column "sku": duplicate of row 2 (A at main)',
    ]);
  });

  it('a missing required column, an empty sheet or a sheet with no item rows fails the whole read', () => {
    expect(problemsOf(() => report('sku,name,on_hand,daily_sales_rate', 'A,Apples,1,1'))).toEqual([
      'stock.csv row 1, column "lead_time_days": required column is missing; the header row has: sku, name, on_hand, daily_sales_rate',
    ]);
    expect(problemsOf(() => report(''))).toEqual([
      'stock.csv: the sheet has no rows; expected a header row with sku, name, on_hand, daily_sales_rate, lead_time_days',
    ]);
    expect(problemsOf(() => report(REQUIRED))).toEqual([
      'stock.csv: the sheet has no item rows below the header (row 1); expected one row per item per location',
    ]);
  });

  it('a sheet whose every row is bad fails the whole read: it is the wrong sheet or a shifted column, not a typo', () => {
    expect(problemsOf(() => report(REQUIRED, 'A,Apples,ten,1,2', 'B,Beans,twelve,1,2'))).toEqual([
      'stock.csv row 2, column "on_hand": expected a number ≥ 0, got "ten"',
      'stock.csv row 3, column "on_hand": expected a number ≥ 0, got "twelve"',
    ]);
  });

  it('an XLSX sheet skips its bad rows the same way', async () => {
    const sheet = worksheetPart(
      inlineRow(1, { A1: 'sku', B1: 'name', C1: 'on_hand', D1: 'daily_sales_rate', E1: 'lead_time_days' }) +
        inlineRow(2, { A2: 'A', B2: 'Apples', C2: '10', D2: '1', E2: '2' }) +
        inlineRow(3, { A3: 'B', B3: 'Beans', C3: '99999999999999999999', D3: '1', E3: '2' }),
    );
    const r = await parseStockSheetXlsxReport(zipArchive(workbookParts(sheet)), 'stock.xlsx');
    expect(r.items.map((i) => i.sku)).toEqual(['A']);
    expect(shown(r)).toEqual(['stock.xlsx row 3, column "on_hand": expected a number ≤ 1,000,000,000, got "99999999999999999999"']);
  });

  it('from a file: readStockSheetReport skips, readStockSheetFile refuses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockbot-skipped-'));
    const path = join(dir, 'stock.csv');
    writeFileSync(path, csv(REQUIRED, 'A,Apples,10,1,2', 'B,Beans,-4,1,2'));
    const r = await readStockSheetReport(path);
    expect(r.items.map((i) => i.sku)).toEqual(['A']);
    expect(shown(r)).toEqual(['stock.csv row 3, column "on_hand": expected a number ≥ 0, got "-4"']);
    expect(await problemsOfAsync(() => readStockSheetFile(path))).toEqual([
      'stock.csv row 3, column "on_hand": expected a number ≥ 0, got "-4"',
    ]);
  });
});

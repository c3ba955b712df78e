import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { DocumentError } from '../../../src/config/errors';
import {
  STOCK_SHEET_COLUMNS,
  parseStockSheetCsv,
  parseStockSheetRows,
  parseStockSheetXlsx,
  readStockSheetFile,
} from '../../../src/config/stock-sheet';
import type { StockItem } from '../../../src/domain/types';
import { problemsOf, problemsOfAsync } from './problems';

const HEADER = STOCK_SHEET_COLUMNS.join(',');
const REQUIRED_ONLY = 'sku,name,on_hand,daily_sales_rate,lead_time_days';

const csv = (...lines: string[]): string => `${lines.join('\n')}\n`;
const parse = (...lines: string[]): StockItem[] => parseStockSheetCsv(csv(...lines), 'stock.csv');
const problems = (...lines: string[]): string[] => problemsOf(() => parse(...lines));

/** The House Blend beans of examples/stock.csv, every column filled. */
const BEANS: StockItem = {
  sku: 'BEAN-HB',
  name: 'House Blend beans (1kg)',
  location: 'main',
  supplier: 'Bayside Roasters',
  category: 'coffee',
  onHand: 58,
  dailySalesRate: 8,
  leadTimeDays: 5,
  safetyBuffer: 20,
  packSize: 12,
  unitCost: 4.2,
  pointOverride: null,
  targetLevel: 178,
  aliases: ['5012345678900', 'BR-HB1'],
};
const BEANS_ROW = 'BEAN-HB,House Blend beans (1kg),main,Bayside Roasters,coffee,58,8,5,20,12,4.20,,178,5012345678900|BR-HB1';
const CUPS_ROW = 'CUP-12,Paper cups 12oz,Fixings,,packaging,"1,200",0.5,10,,50,£0.04,300,,';
const CUPS: StockItem = {
  sku: 'CUP-12',
  name: 'Paper cups 12oz',
  location: 'Fixings',
  supplier: null,
  category: 'packaging',
  onHand: 1200,
  dailySalesRate: 0.5,
  leadTimeDays: 10,
  safetyBuffer: null,
  packSize: 50,
  unitCost: 0.04,
  pointOverride: 300,
  targetLevel: null,
  aliases: [],
};

describe('parseStockSheetCsv: good sheets', () => {
  it('reads every column, with empty optional cells as null', () => {
    expect(parse(HEADER, BEANS_ROW, CUPS_ROW)).toEqual([BEANS, CUPS]);
  });

  it('matches headers case-insensitively with spaces, underscores and dashes alike, in any order', () => {
    const items = parse('Name,SKU,Daily Sales-Rate,On Hand,lead-time_days,Unit Cost', 'Oat milk,OAT-1,2.5,12,3,1.10');
    expect(items).toEqual([
      expect.objectContaining({ sku: 'OAT-1', name: 'Oat milk', dailySalesRate: 2.5, onHand: 12, leadTimeDays: 3, unitCost: 1.1 }),
    ]);
  });

  it('ignores columns it does not know, so people can keep notes in the sheet', () => {
    expect(parse(`${REQUIRED_ONLY},notes`, 'OAT-1,Oat milk,12,2.5,3,ask Sam about the new brand')[0]).toMatchObject({ sku: 'OAT-1' });
  });

  it('puts an item at location "main" when the column is absent or the cell is empty', () => {
    expect(parse(REQUIRED_ONLY, 'OAT-1,Oat milk,12,2.5,3')[0]?.location).toBe('main');
    expect(parse(`${REQUIRED_ONLY},location`, 'OAT-1,Oat milk,12,2.5,3,', 'OAT-1,Oat milk,4,2.5,3,Fixings').map((i) => i.location)).toEqual(
      ['main', 'Fixings'],
    );
  });

  it('splits aliases on "|", trimming each and dropping empty ones', () => {
    expect(parse(`${REQUIRED_ONLY},aliases`, 'OAT-1,Oat milk,12,2.5,3, 501234 | |OM-1 |')[0]?.aliases).toEqual(['501234', 'OM-1']);
  });

  it('accepts thousands separators and a currency symbol on the unit cost', () => {
    const items = parse(`${REQUIRED_ONLY},unit_cost`, 'A,a,"1,200",1,1,£4.20', 'B,b,1,1,1,$4.20', 'C,c,1,1,1,"€1,234.50"', 'D,d,1,1,1,4.2');
    expect(items.map((i) => [i.onHand, i.unitCost])).toEqual([
      [1200, 4.2],
      [1, 4.2],
      [1, 1234.5],
      [1, 4.2],
    ]);
  });

  it('allows a fractional daily sales rate and accepts zero everywhere zero makes sense', () => {
    expect(parse(`${REQUIRED_ONLY},safety_buffer,unit_cost`, 'A,a,0,0.33,0,0,0')[0]).toMatchObject({
      onHand: 0,
      dailySalesRate: 0.33,
      leadTimeDays: 0,
      safetyBuffer: 0,
      unitCost: 0,
    });
  });

  it('reads a daily sales rate of "auto" (any case) as "use the till\'s measured rate", remembering where it was written', () => {
    const [auto, typed] = parse(REQUIRED_ONLY, 'A,a,4,Auto,2', 'B,b,4,3,2');
    expect(auto).toMatchObject({ dailySalesRate: 0, salesRateFromTill: { file: 'stock.csv', row: 2 } });
    expect(typed!.salesRateFromTill).toBeUndefined();
  });

  it('lets the same SKU appear once per location', () => {
    expect(parse(REQUIRED_ONLY.replace('sku', 'sku,location'), 'A,main,a,1,1,1', 'A,Fixings,a,2,1,1')).toHaveLength(2);
  });

  it('skips entirely blank rows, including rows with only a note', () => {
    expect(parse(`${REQUIRED_ONLY},notes`, '', 'A,a,1,1,1,', ',,,,,', ',,,,,just a note', '   ', 'B,b,1,1,1,')).toHaveLength(2);
  });

  it('ignores a UTF-8 byte-order mark before the first header', () => {
    expect(parseStockSheetCsv(`\uFEFF${HEADER}\n${BEANS_ROW}\n`, 'stock.csv')).toEqual([BEANS]);
  });

  it('reads Windows line endings, including inside a quoted cell', () => {
    const text = `${HEADER}\r\n${BEANS_ROW}\r\n${CUPS_ROW}\r\n`;
    expect(parseStockSheetCsv(text, 'stock.csv')).toEqual([BEANS, CUPS]);
    const multiLine = `${REQUIRED_ONLY}\r\nA,"two\r\nlines",1,1,1\r\n`;
    expect(parseStockSheetCsv(multiLine, 'stock.csv')[0]?.name).toBe('two\r\nlines');
  });

  it('reads a file without a trailing newline', () => {
    expect(parseStockSheetCsv(`${HEADER}\n${BEANS_ROW}`, 'stock.csv')).toEqual([BEANS]);
  });
});

describe('parseStockSheetCsv: broken sheets name the file, row, column and what was expected', () => {
  it('a missing required column, listing the columns found', () => {
    expect(problems('SKU,Name,daily_sales_rate,lead_time_days,notes', 'A,a,1,1,')).toEqual([
      'stock.csv row 1, column "on_hand": required column is missing; the header row has: SKU, Name, daily_sales_rate, lead_time_days, ' +
        'notes',
    ]);
  });

  it('every missing required column, and nothing about the rows below a broken header', () => {
    expect(problems('sku,name', 'A,a')).toEqual([
      'stock.csv row 1, column "on_hand": required column is missing; the header row has: sku, name',
      'stock.csv row 1, column "daily_sales_rate": required column is missing; the header row has: sku, name',
      'stock.csv row 1, column "lead_time_days": required column is missing; the header row has: sku, name',
    ]);
  });

  it('a column given twice', () => {
    expect(problems(`${REQUIRED_ONLY},On Hand`, 'A,a,1,1,1,2')).toEqual([
      'stock.csv row 1, column "on_hand": the column appears twice (columns C and F); keep one',
    ]);
  });

  it('text in a number column', () => {
    expect(problems(HEADER, 'BEAN-HB,House Blend,main,,coffee,58,eight,5,20,,4.20,,,')).toEqual([
      'stock.csv row 2, column "daily_sales_rate": expected a number ≥ 0, got "eight"',
    ]);
  });

  it('a negative on-hand count', () => {
    expect(problems(REQUIRED_ONLY, 'A,a,-3,1,1')).toEqual(['stock.csv row 2, column "on_hand": expected a number ≥ 0, got "-3"']);
  });

  it('an empty required cell', () => {
    expect(problems(REQUIRED_ONLY, ',a,1,1,1', 'B,,1,1,1', 'C,c,,1,1')).toEqual([
      'stock.csv row 2, column "sku": expected a SKU, got an empty cell',
      'stock.csv row 3, column "name": expected the item\'s name, got an empty cell',
      'stock.csv row 4, column "on_hand": expected a number ≥ 0, got an empty cell',
    ]);
  });

  it('a pack size that is not a whole number ≥ 1', () => {
    expect(problems(`${REQUIRED_ONLY},pack_size`, 'A,a,1,1,1,0', 'B,b,1,1,1,2.5', 'C,c,1,1,1,dozen')).toEqual([
      'stock.csv row 2, column "pack_size": expected a whole number ≥ 1, got "0"',
      'stock.csv row 3, column "pack_size": expected a whole number ≥ 1, got "2.5"',
      'stock.csv row 4, column "pack_size": expected a whole number ≥ 1, got "dozen"',
    ]);
  });

  it('a unit cost that is not an amount, and a currency symbol anywhere but the unit cost', () => {
    expect(problems(`${REQUIRED_ONLY},unit_cost`, 'A,a,1,1,1,4.20 GBP', 'B,b,£1,1,1,-£4', 'C,c,1,1,1,"4,20"')).toEqual([
      'stock.csv row 2, column "unit_cost": expected an amount ≥ 0 like 4.20 or £4.20, got "4.20 GBP"',
      'stock.csv row 3, column "on_hand": expected a number ≥ 0, got "£1"',
      'stock.csv row 3, column "unit_cost": expected an amount ≥ 0 like 4.20 or £4.20, got "-£4"',
      // A European decimal comma is not mistaken for a thousands separator (4,20 is not 420).
      'stock.csv row 4, column "unit_cost": expected an amount ≥ 0 like 4.20 or £4.20, got "4,20"',
    ]);
  });

  it('negative optional numbers', () => {
    expect(problems(`${REQUIRED_ONLY},safety_buffer,point_override,target_level`, 'A,a,1,1,1,-1,-2,-3')).toEqual([
      'stock.csv row 2, column "safety_buffer": expected a number ≥ 0, got "-1"',
      'stock.csv row 2, column "point_override": expected a number ≥ 0, got "-2"',
      'stock.csv row 2, column "target_level": expected a number ≥ 0, got "-3"',
    ]);
  });

  it('a duplicate SKU at the same location, on the later row, naming the earlier one', () => {
    expect(
      problems(`${REQUIRED_ONLY},location`, 'X,x,1,1,1,', 'BEAN-HB,a,1,1,1,', 'BEAN-HB,a,1,1,1,Fixings', 'bean-hb,b,2,1,1,main'),
    ).toEqual(['stock.csv row 5, column "sku": duplicate of row 3 (BEAN-HB at main)']);
  });

  it('an empty file, a blank file and a header with no rows', () => {
    const noRows = 'stock.csv: the sheet has no rows; expected a header row with sku, name, on_hand, daily_sales_rate, lead_time_days';
    expect(problemsOf(() => parseStockSheetCsv('', 'stock.csv'))).toEqual([noRows]);
    expect(problemsOf(() => parseStockSheetCsv('\uFEFF\r\n\r\n , \r\n', 'stock.csv'))).toEqual([noRows]);
    expect(problems(HEADER)).toEqual([
      'stock.csv: the sheet has no item rows below the header (row 1); expected one row per item per location',
    ]);
  });

  it('a CSV that cannot be read at all', () => {
    const text = `${REQUIRED_ONLY}\nA,a,1,1,1\nB,"unclosed,1,1,1\nC,c,1,1,1\n`;
    expect(problemsOf(() => parseStockSheetCsv(text, 'stock.csv'))).toEqual([
      'stock.csv row 3: not readable as CSV: a quoted cell that starts in this row is never closed (a closing " is missing)',
    ]);
  });

  it('row numbers are where the record starts, past blank lines and multi-line cells, with LF or CRLF', () => {
    for (const eol of ['\n', '\r\n']) {
      const text = [REQUIRED_ONLY, 'A,"a note', 'over three', 'lines",1,1,1', '', 'B,b,x,1,1'].join(eol) + eol;
      expect(problemsOf(() => parseStockSheetCsv(text, 'stock.csv'))).toEqual([
        'stock.csv row 6, column "on_hand": expected a number ≥ 0, got "x"',
      ]);
    }
  });

  it('reports every problem in the sheet together, in one error', () => {
    let error: unknown;
    try {
      parse(REQUIRED_ONLY, 'A,a,-1,eight,1', 'B,,1,1,1', 'A,a,1,1,1');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DocumentError);
    expect((error as DocumentError).message.split('\n')).toEqual([
      'stock.csv row 2, column "on_hand": expected a number ≥ 0, got "-1"',
      'stock.csv row 2, column "daily_sales_rate": expected a number ≥ 0, got "eight"',
      'stock.csv row 3, column "name": expected the item\'s name, got an empty cell',
      'stock.csv row 4, column "sku": duplicate of row 2 (A at main)',
    ]);
  });
});

describe('parseStockSheetRows', () => {
  it('numbers rows from 1 by default, and by the row numbers given when a reader knows better', () => {
    const rows = [
      ['sku', 'name', 'on_hand', 'daily_sales_rate', 'lead_time_days'],
      ['A', 'a', 'x', '1', '1'],
    ];
    expect(problemsOf(() => parseStockSheetRows(rows, 'stock.csv'))).toEqual([
      'stock.csv row 2, column "on_hand": expected a number ≥ 0, got "x"',
    ]);
    expect(problemsOf(() => parseStockSheetRows(rows, 'stock.csv', [3, 7]))).toEqual([
      'stock.csv row 7, column "on_hand": expected a number ≥ 0, got "x"',
    ]);
  });
});

/** A workbook like one saved from Excel: numbers as numbers, a formula with its cached result, rich text. */
async function beansWorkbook(extra?: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Stock');
  sheet.addRow([...STOCK_SHEET_COLUMNS]);
  sheet.addRow([
    'BEAN-HB',
    { richText: [{ text: 'House Blend ', font: { bold: true } }, { text: 'beans (1kg)' }] },
    'main',
    'Bayside Roasters',
    'coffee',
    58,
    8,
    5,
    { formula: 'G2*2.5', result: 20 },
    12,
    4.2,
    null,
    178,
    '5012345678900|BR-HB1',
  ]);
  sheet.addRow(['CUP-12', 'Paper cups 12oz', 'Fixings', null, 'packaging', 1200, 0.5, 10, null, 50, '£0.04', 300, null, null]);
  extra?.(sheet);
  workbook.addWorksheet('Notes').addRow(['not', 'read']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('parseStockSheetXlsx', () => {
  it('reads the first worksheet the same as the CSV: numbers, a formula result and rich text', async () => {
    const fromXlsx = await parseStockSheetXlsx(await beansWorkbook(), 'stock.xlsx');
    expect(fromXlsx).toEqual(parseStockSheetCsv(csv(HEADER, BEANS_ROW, CUPS_ROW), 'stock.csv'));
    expect(fromXlsx).toEqual([BEANS, CUPS]);
  });

  it('reports problems by spreadsheet row, counting blank rows; a date in a number column is an error', async () => {
    const data = await beansWorkbook((sheet) => {
      sheet.addRow([]);
      sheet.addRow(['TEA-EB', 'Breakfast tea', 'main', null, 'tea', new Date(Date.UTC(2026, 0, 5)), 'eight', 5]);
      sheet.addRow(['MILK', 'Milk', 'main', null, null, { formula: 'A1/0', result: { error: '#DIV/0!' } }, 1, 1]);
      sheet.addRow(['SUGAR', 'Sugar', 'main', null, null, { formula: 'F2-10' }, 1, 1]);
    });
    expect(await problemsOfAsync(() => parseStockSheetXlsx(data, 'stock.xlsx'))).toEqual([
      'stock.xlsx row 5, column "on_hand": expected a number ≥ 0, got "2026-01-05"',
      'stock.xlsx row 5, column "daily_sales_rate": expected a number ≥ 0, got "eight"',
      'stock.xlsx row 6, column "on_hand": expected a number ≥ 0, got "#DIV/0!"',
      // A formula saved without a calculated result shows the formula, so the user can find the cell.
      'stock.xlsx row 7, column "on_hand": expected a number ≥ 0, got "=F2-10"',
    ]);
  });

  it('a buffer that is not a workbook gets a clear message', async () => {
    expect(await problemsOfAsync(() => parseStockSheetXlsx(Buffer.from('sku,name\nA,a\n'), 'stock.xlsx'))).toEqual([
      'stock.xlsx: not an XLSX workbook; expected a file saved as .xlsx from Excel or Google Sheets',
    ]);
    expect(await problemsOfAsync(() => parseStockSheetXlsx(Buffer.alloc(0), 'stock.xlsx'))).toEqual([
      'stock.xlsx: not an XLSX workbook; expected a file saved as .xlsx from Excel or Google Sheets',
    ]);
    const [corruptZip] = await problemsOfAsync(() => parseStockSheetXlsx(Buffer.from('PK\u0003\u0004 garbage garbage'), 'stock.xlsx'));
    expect(corruptZip).toMatch(/^stock\.xlsx: not an XLSX workbook; could not open it \(.+\)$/);
    const oldXls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(64)]);
    expect(await problemsOfAsync(() => parseStockSheetXlsx(oldXls, 'stock.xls'))).toEqual([
      'stock.xls: not an XLSX workbook; this looks like an old Excel .xls file: save it as .xlsx or CSV',
    ]);
  });

  it('an empty first worksheet is the same empty-sheet problem as an empty CSV', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Stock');
    const data = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await problemsOfAsync(() => parseStockSheetXlsx(data, 'stock.xlsx'))).toEqual([
      'stock.xlsx: the sheet has no rows; expected a header row with sku, name, on_hand, daily_sales_rate, lead_time_days',
    ]);
  });
});

describe('readStockSheetFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stockbot-stock-sheet-'));

  it('picks the reader by extension, in any case, and names the file by its basename', async () => {
    const csvPath = join(dir, 'stock.csv');
    writeFileSync(csvPath, csv(HEADER, BEANS_ROW));
    expect(await readStockSheetFile(csvPath)).toEqual([BEANS]);

    const xlsxPath = join(dir, 'Stock.XLSX');
    writeFileSync(xlsxPath, await beansWorkbook());
    expect(await readStockSheetFile(xlsxPath)).toEqual([BEANS, CUPS]);

    const brokenPath = join(dir, 'broken.csv');
    writeFileSync(brokenPath, csv(REQUIRED_ONLY, 'A,a,eight,1,1'));
    expect(await problemsOfAsync(() => readStockSheetFile(brokenPath))).toEqual([
      'broken.csv row 2, column "on_hand": expected a number ≥ 0, got "eight"',
    ]);
  });

  it('a missing file is a document problem naming the path', async () => {
    expect(await problemsOfAsync(() => readStockSheetFile('examples/nowhere/stock.csv'))).toEqual([
      'examples/nowhere/stock.csv: file not found',
    ]);
  });

  it('a file that is neither CSV nor XLSX', async () => {
    expect(await problemsOfAsync(() => readStockSheetFile('examples/stock.ods'))).toEqual([
      'examples/stock.ods: expected a stock sheet ending in .csv or .xlsx, got ".ods"',
    ]);
  });
});

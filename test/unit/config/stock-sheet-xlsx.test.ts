import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { cellText } from '../../../src/config/spreadsheet/cells';
import { MAX_XLSX_COLUMNS } from '../../../src/config/spreadsheet/limits';
import {
  MAX_STOCK_SHEET_ROWS,
  STOCK_SHEET_COLUMNS,
  parseStockSheetCsv,
  parseStockSheetRows,
  parseStockSheetXlsx,
  readStockSheetFile,
} from '../../../src/config/stock-sheet';
import type { StockItem } from '../../../src/domain/types';
import { problemsOfAsync } from './problems';
import {
  deflated,
  inlineRow,
  paddedSheet,
  stored,
  WORKBOOK,
  WORKBOOK_RELS,
  workbookParts,
  worksheetPart,
  zipArchive,
} from '../../support/zip-fixtures';

// The stock sheet's XLSX reader is the count file's streaming reader: the same broken and hostile files are refused
// with the same words, and a normal sheet reads exactly as a whole-workbook load reads it.

const REQUIRED = ['sku', 'name', 'on_hand', 'daily_sales_rate', 'lead_time_days'];
const problems = (bytes: Buffer, limits?: Parameters<typeof parseStockSheetXlsx>[2]) =>
  problemsOfAsync(() => parseStockSheetXlsx(bytes, 'stock.xlsx', limits));
const NOT_XLSX = 'stock.xlsx: not an XLSX workbook; expected a file saved as .xlsx from Excel or Google Sheets';

async function workbook(rows: ExcelJS.CellValue[][], extra?: (book: ExcelJS.Workbook) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Stock');
  for (const row of rows) sheet.addRow(row);
  extra?.(book);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const stockRows = (n: number): ExcelJS.CellValue[][] => [
  REQUIRED,
  ...Array.from({ length: n }, (_, i) => [`SKU-${i}`, `Item ${i}`, i, 1, 2]),
];

/** How the stock sheet was read before it was streamed: the whole workbook loaded, every row up to rowCount. */
async function readByWholeLoad(data: Buffer, fileName: string): Promise<StockItem[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(data as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  const rows: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    rows.push(Array.from({ length: row.cellCount }, (_, c) => cellText(row.getCell(c + 1).value)));
  }
  return parseStockSheetRows(rows, fileName);
}

describe('parseStockSheetXlsx: a normal sheet reads as before', () => {
  it('a sheet as Excel saves one reads exactly as the whole-workbook load read it', async () => {
    const data = await workbook([
      [...STOCK_SHEET_COLUMNS, 'notes'],
      [
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
        'reorder early in December',
      ],
      [],
      ['CUP-12', 'Paper cups 12oz', 'Fixings', null, 'packaging', ' 1,200 ', 0.5, 10, null, 50, '£0.04', 300, null, null],
      [
        'CAFÉ-1',
        'Café crème 250g',
        'main',
        'Société Générale du Café',
        'coffee',
        0,
        0.1 + 0.2,
        3,
        null,
        null,
        '€2.50',
        null,
        null,
        ' CC-1 | | 3760000000001 ',
      ],
      [null, null, null, null, null, null, null, null, null, null, null, null, null, null, 'a note on its own'],
      ['OAT-1', 'Oat milk', 'main', 'Dairy Direct', 'dairy', { formula: 'F2/2', result: 29 }, 2.5, 3],
    ]);
    const streamed = await parseStockSheetXlsx(data, 'stock.xlsx');
    expect(streamed).toEqual(await readByWholeLoad(data, 'stock.xlsx'));
    expect(streamed.map((i) => [i.sku, i.name, i.onHand, i.dailySalesRate, i.unitCost, i.aliases])).toEqual([
      ['BEAN-HB', 'House Blend beans (1kg)', 58, 8, 4.2, ['5012345678900', 'BR-HB1']],
      ['CUP-12', 'Paper cups 12oz', 1200, 0.5, 0.04, []],
      ['CAFÉ-1', 'Café crème 250g', 0, 0.3, 2.5, ['CC-1', '3760000000001']],
      ['OAT-1', 'Oat milk', 29, 2.5, null, []],
    ]);
  });

  it('the same problems, named by the same rows and columns, as the whole-workbook load', async () => {
    const data = await workbook([
      REQUIRED,
      ['A', 'a', 'eight', 1, 1],
      [],
      [],
      ['B', 'b', new Date(Date.UTC(2026, 0, 5)), -1, 1],
      ['C', 'c', { formula: 'A1/0', result: { error: '#DIV/0!' } }, 1, 1],
      ['a', 'dup', 1, 1, 1],
    ]);
    const expected = await readByWholeLoad(data, 'stock.xlsx').catch((err: unknown) => err);
    const got = await parseStockSheetXlsx(data, 'stock.xlsx').catch((err: unknown) => err);
    expect((got as Error).message).toBe((expected as Error).message);
    expect((got as Error).message.split('\n')).toEqual([
      'stock.xlsx row 2, column "on_hand": expected a number ≥ 0, got "eight"',
      'stock.xlsx row 5, column "on_hand": expected a number ≥ 0, got "2026-01-05"',
      'stock.xlsx row 5, column "daily_sales_rate": expected a number ≥ 0, got "-1"',
      'stock.xlsx row 6, column "on_hand": expected a number ≥ 0, got "#DIV/0!"',
      'stock.xlsx row 7, column "sku": duplicate of row 2 (A at main)',
    ]);
  });

  it('a TRUE from a formula is TRUE, not 1, so it is no quantity', async () => {
    const data = await workbook([REQUIRED, ['A', 'a', { formula: 'B1<>""', result: true }, 1, 1]]);
    expect(await problems(data)).toEqual(['stock.xlsx row 2, column "on_hand": expected a number ≥ 0, got "TRUE"']);
  });

  it('reads a big sheet of accented names without mangling one where the XML splits into chunks', async () => {
    const names = Array.from({ length: 20_000 }, (_, i) => `Crème brûlée ${i} — thé à la menthe`);
    const data = await workbook([REQUIRED, ...names.map((name, i) => [`SKU-${i}`, name, 1, 1, 1])]);
    expect((await parseStockSheetXlsx(data, 'stock.xlsx')).map((i) => i.name)).toEqual(names);
  });

  it('reads the same items from the XLSX and the CSV of one sheet', async () => {
    const data = await workbook(stockRows(3));
    const text = [
      REQUIRED.join(','),
      ...stockRows(3)
        .slice(1)
        .map((r) => r.join(',')),
    ].join('\n');
    expect(await parseStockSheetXlsx(data, 'stock.xlsx')).toEqual(parseStockSheetCsv(text, 'stock.csv'));
  });
});

describe('parseStockSheetXlsx: the files the count reader refuses', () => {
  it('an old .xls workbook, a web page, a CSV or nothing at all under an .xlsx name', async () => {
    const oldXls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(64)]);
    expect(await problems(oldXls)).toEqual([
      'stock.xlsx: not an XLSX workbook; this looks like an old Excel .xls file: save it as .xlsx or CSV',
    ]);
    const page = Buffer.from('<!DOCTYPE html>\n<html lang="en"><head><title>Slack</title></head><body>Sign in</body></html>');
    expect(await problems(page)).toEqual([`${NOT_XLSX} (this file is a web page)`]);
    expect(await problems(Buffer.from('sku,name\nA,a\n'))).toEqual([NOT_XLSX]);
    expect(await problems(Buffer.alloc(0))).toEqual([NOT_XLSX]);
  });

  it('a truncated or damaged workbook', async () => {
    const good = await workbook(stockRows(50));
    expect(await problems(good.subarray(0, Math.floor(good.length / 2)))).toEqual([
      'stock.xlsx: not an XLSX workbook; could not open it (the file is cut short or damaged: its ZIP directory is missing)',
    ]);
    const mangled = Buffer.from(good);
    for (let i = 60; i < 200; i++) mangled[i] = 0xff;
    expect(await problems(mangled)).toEqual([
      expect.stringMatching(/^stock\.xlsx: not an XLSX workbook; could not open it \(its part .+ is damaged: .+\)$/),
    ]);
  });

  it('a ZIP archive that is not a workbook', async () => {
    expect(await problems(zipArchive([stored('stock.csv', 'sku,name\nA,a\n')]))).toEqual([
      `${NOT_XLSX} (it is a ZIP archive without an Excel worksheet)`,
    ]);
  });

  it('a zip bomb, refused from its directory before anything is inflated', async () => {
    expect(await problems(zipArchive(workbookParts(paddedSheet(300))))).toEqual([
      expect.stringMatching(
        /^stock\.xlsx: its part xl\/worksheets\/sheet1\.xml unpacks from \d{3} KB to 300 MB, far tighter than any spreadsheet packs; refusing it as a possible zip bomb$/,
      ),
    ]);
  });

  it('a bomb that lies about its sizes, and one hidden from the central directory', async () => {
    expect(await problems(zipArchive(workbookParts(paddedSheet(300, 4096))))).toEqual([
      'stock.xlsx: it unpacks to more than 200 MB though it declares 5 KB; refusing it as a possible zip bomb',
    ]);
    const hidden = { ...paddedSheet(300), name: 'xl/media/filler.bin' };
    const parts = [...workbookParts(paddedSheet(0)), hidden];
    expect(await problems(zipArchive(parts, parts.slice(0, 3)))).toEqual([
      expect.stringMatching(/^stock\.xlsx: it unpacks to more than 200 MB though it declares \d+ KB; refusing it as a possible zip bomb$/),
    ]);
  });

  it('a workbook whose parts honestly add up to more than the limit', async () => {
    expect(await problems(zipArchive(workbookParts(paddedSheet(3))), { maxUncompressedBytes: 2 * 1024 * 1024 })).toEqual([
      'stock.xlsx: unpacks to 3 MB, more than the 2 MB a stock sheet workbook may; keep only the stock list in it (move other ' +
        'worksheets and pasted data out), or save it as CSV',
    ]);
  });

  it('too many rows: stops at one data row over the limit; blank rows and the header do not count', async () => {
    const tooMany =
      'stock.xlsx: has more than 3 rows; a stock sheet has one row per item per location: delete the rows that are not stock items, or ' +
      'check this is the stock sheet';
    expect(await parseStockSheetXlsx(await workbook([...stockRows(3), [], []]), 'stock.xlsx', { maxRows: 3 })).toHaveLength(3);
    expect(await problems(await workbook(stockRows(4)), { maxRows: 3 })).toEqual([tooMany]);
    // A row past the limit is refused even when the rows above it have problems of their own.
    expect(
      await problems(await workbook([...stockRows(3).map((r, i) => (i === 0 ? r : [r[0], r[1], 'x'])), ['D', 'd', 1, 1, 1]]), {
        maxRows: 3,
      }),
    ).toEqual([tooMany]);
  });

  it('a first tab that is not a worksheet', async () => {
    const tabs = WORKBOOK.replace(
      '<sheet name="Count" sheetId="1" r:id="rId1"/>',
      '<sheet name="Chart" sheetId="2" r:id="rId2"/><sheet name="Stock" sheetId="1" r:id="rId1"/>',
    );
    const rels = WORKBOOK_RELS.replace(
      '</Relationships>',
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" ' +
        'Target="chartsheets/sheet1.xml"/></Relationships>',
    );
    const sheet = worksheetPart(inlineRow(1, { A1: 'sku', B1: 'name', C1: 'on_hand', D1: 'daily_sales_rate', E1: 'lead_time_days' }));
    const zip = zipArchive([deflated('xl/workbook.xml', tabs), deflated('xl/_rels/workbook.xml.rels', rels), sheet]);
    expect(await problems(zip)).toEqual([
      'stock.xlsx: the first sheet of the workbook is not a worksheet; put the stock list on the first sheet',
    ]);
  });
});

describe('parseStockSheetXlsx: the column limit', () => {
  const header = inlineRow(1, { A1: 'sku', B1: 'name', C1: 'on_hand', D1: 'daily_sales_rate', E1: 'lead_time_days' });
  const item = (r: number, extra: Record<string, string> = {}) =>
    inlineRow(r, { [`A${r}`]: `SKU-${r}`, [`B${r}`]: 'a', [`C${r}`]: '1', [`D${r}`]: '1', [`E${r}`]: '1', ...extra });
  const sheet = (rows: string) => zipArchive(workbookParts(worksheetPart(rows)));

  it('a value in column XFD of a sparse giant sheet is refused, naming the file, row and column', async () => {
    const rows = `${header + item(2) + item(3)}<row r="1048576">${'<c r="XFD1048576" t="inlineStr"><is><t>stray</t></is></c>'}</row>`;
    expect(await problems(sheet(rows))).toEqual([
      'stock.xlsx row 1048576: has a value in column XFD, past column GR (a sheet may use 200 columns); clear that cell or delete the ' +
        'columns right of the data',
    ]);
  });

  it('allows values up to the last column, and formatting with no value beyond it', async () => {
    expect(MAX_XLSX_COLUMNS).toBe(200);
    const rows =
      header +
      item(2, { GR2: 'a note in the last column' }) +
      '<row r="3"><c r="A3" t="inlineStr"><is><t>SKU-3</t></is></c><c r="B3" t="inlineStr"><is><t>b</t></is></c><c ' +
      'r="C3"><v>2</v></c><c r="D3"><v>1</v></c><c r="E3"><v>1</v></c><c r="XFD3" s="0"/></row>';
    expect((await parseStockSheetXlsx(sheet(rows), 'stock.xlsx')).map((i) => [i.sku, i.onHand])).toEqual([
      ['SKU-2', 1],
      ['SKU-3', 2],
    ]);
  });

  it('the limit can be set lower, and the column named is the first one past it', async () => {
    expect(await problems(sheet(header + item(2, { H2: 'x' })), { maxColumns: 7 })).toEqual([
      'stock.xlsx row 2: has a value in column H, past column G (a sheet may use 7 columns); clear that cell or delete the columns ' +
        'right of the data',
    ]);
  });
});

describe('stock sheet limits', () => {
  it('exports its row limit', () => {
    expect(MAX_STOCK_SHEET_ROWS).toBe(200_000);
  });

  it('a CSV stock sheet has the same row limit', async () => {
    const lines = [REQUIRED.join(','), ...Array.from({ length: MAX_STOCK_SHEET_ROWS + 1 }, (_, i) => `S${i},n,1,1,1`)];
    expect(await problemsOfAsync(async () => parseStockSheetCsv(lines.join('\n'), 'stock.csv'))).toEqual([
      'stock.csv: has more than 200,000 rows; a stock sheet has one row per item per location: delete the rows that are not stock ' +
        'items, or check this is the stock sheet',
    ]);
  });

  it('readStockSheetFile reads an XLSX through the same reader and says what to do with an .xls', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockbot-stock-xlsx-'));
    const bomb = join(dir, 'Stock.xlsx');
    writeFileSync(bomb, zipArchive(workbookParts(paddedSheet(300, 4096))));
    expect(await problemsOfAsync(() => readStockSheetFile(bomb))).toEqual([
      'Stock.xlsx: it unpacks to more than 200 MB though it declares 5 KB; refusing it as a possible zip bomb',
    ]);
    expect(await problemsOfAsync(() => readStockSheetFile(join(dir, 'stock.xls')))).toEqual([
      `${join(dir, 'stock.xls')}: expected a stock sheet ending in .csv or .xlsx, got ".xls": this looks like an old Excel .xls file: ` +
        `save it as .xlsx or CSV`,
    ]);
  });
});

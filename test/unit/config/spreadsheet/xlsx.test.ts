import ExcelJS from 'exceljs';
import type { readCountFile } from '../../../../src/config/count-file';
import { DocumentError } from '../../../../src/config/errors';
import type { SheetRules } from '../../../../src/config/spreadsheet/limits';
import { readXlsx } from '../../../../src/config/spreadsheet/xlsx';
import type { parseStockSheetCsv } from '../../../../src/config/stock-sheet';
import { problemsOfAsync } from '../problems';
import { inlineRow, workbookParts, worksheetPart, zipArchive } from '../../../support/zip-fixtures';

const RULES: SheetRules = {
  limits: { maxRows: 100, maxColumns: 10, maxUncompressedBytes: 10 * 1024 * 1024 },
  wording: { workbook: 'a test workbook', tooManyRows: 'split it', tooBig: 'shrink it', firstSheet: 'put it first' },
};

async function rowsOf(bytes: Buffer, rules = RULES): Promise<{ name: string; rows: [number, string[]][] }> {
  const rows: [number, string[]][] = [];
  const name = await readXlsx('t.xlsx', bytes, rules, (row, cells) => rows.push([row, cells]));
  return { name, rows };
}

describe('readXlsx', () => {
  it('hands over each row the sheet holds with its number, cells as text, gaps as empty cells', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Stock');
    sheet.getRow(2).values = ['a', null, 3.5];
    sheet.getRow(5).values = [null, { formula: 'C2*2', result: 7 }, new Date(Date.UTC(2026, 0, 5))];
    book.addWorksheet('Other').addRow(['not read']);
    expect(await rowsOf(Buffer.from(await book.xlsx.writeBuffer()))).toEqual({
      name: 'Stock',
      rows: [
        [2, ['a', '', '3.5']],
        [5, ['', '7', '2026-01-05']],
      ],
    });
  });

  it('refuses a value right of the last column allowed, naming file, row and column', async () => {
    const zip = zipArchive(workbookParts(worksheetPart(inlineRow(1, { A1: 'a' }) + inlineRow(3, { B3: 'b', K3: 'too far' }))));
    expect(await problemsOfAsync(() => rowsOf(zip))).toEqual([
      't.xlsx row 3: has a value in column K, past column J (a sheet may use 10 columns); clear that cell or delete the columns right ' +
        'of the data',
    ]);
  });

  it('counts data rows against the limit in the words of the rules', async () => {
    const rows = Array.from({ length: 4 }, (_, i) => inlineRow(i + 1, { [`A${i + 1}`]: `r${i}` })).join('');
    const zip = zipArchive(workbookParts(worksheetPart(rows)));
    expect(await problemsOfAsync(() => rowsOf(zip, { ...RULES, limits: { ...RULES.limits, maxRows: 2 } }))).toEqual([
      't.xlsx: has more than 2 rows; split it',
    ]);
  });

  it('an error the sink throws comes out as it was thrown, not as an unreadable workbook', async () => {
    const zip = zipArchive(workbookParts(worksheetPart(inlineRow(1, { A1: 'a' }))));
    const bug = new TypeError('a bug in the caller');
    await expect(
      readXlsx('t.xlsx', zip, RULES, () => {
        throw bug;
      }),
    ).rejects.toBe(bug);
    const refusal = new DocumentError([{ file: 't.xlsx', row: 1, message: 'bad header' }]);
    await expect(
      readXlsx('t.xlsx', zip, RULES, () => {
        throw refusal;
      }),
    ).rejects.toBe(refusal);
  });

  it('an unreadable worksheet is "not an XLSX workbook", with what exceljs said', async () => {
    const zip = zipArchive(workbookParts(worksheetPart('<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c>')));
    expect(await problemsOfAsync(() => rowsOf(zip))).toEqual([
      expect.stringMatching(/^t\.xlsx: not an XLSX workbook; could not open it \(.+\)$/),
    ]);
  });
});

describe('exceljs is loaded on first XLSX read only', () => {
  it('a CSV count file and a CSV stock sheet are read without it; an XLSX needs it', async () => {
    let readers: { readCountFile: typeof readCountFile; parseStockSheetCsv: typeof parseStockSheetCsv } | undefined;
    jest.isolateModules(() => {
      jest.doMock('exceljs', () => {
        throw new Error('exceljs was loaded');
      });
      readers = { ...require('../../../../src/config/count-file'), ...require('../../../../src/config/stock-sheet') };
    });
    const { readCountFile: readCount, parseStockSheetCsv: parseStock } = readers!;
    expect((await readCount('scan.csv', Buffer.from('barcode\nA\n'))).rows).toHaveLength(1);
    expect(parseStock('sku,name,on_hand,daily_sales_rate,lead_time_days\nA,a,1,1,1\n', 'stock.csv')).toHaveLength(1);
    const zip = zipArchive(workbookParts(worksheetPart(inlineRow(1, { A1: 'barcode' }))));
    // The isolated modules have their own DocumentError class, so the message is what is compared.
    await expect(readCount('scan.xlsx', zip)).rejects.toThrow('scan.xlsx: not an XLSX workbook; could not open it (exceljs was loaded)');
  });
});

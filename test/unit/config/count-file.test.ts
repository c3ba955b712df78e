import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { MAX_COUNT_ROWS, MAX_XLSX_UNCOMPRESSED_BYTES, readCountFile } from '../../../src/config/count-file';
import type { CountRow } from '../../../src/domain/count-rows';
import { countSheetXlsx } from '../../../views/count-sheet';
import { problemsOfAsync } from './problems';
import {
  deflated,
  inline,
  inlineRow,
  paddedSheet,
  stored,
  WORKBOOK,
  WORKBOOK_RELS,
  workbookParts,
  worksheetPart,
  zipArchive,
  type ZipPart,
} from '../../support/zip-fixtures';

const csv = (...lines: string[]): Buffer => Buffer.from(`${lines.join('\n')}\n`);
const problems = (name: string, bytes: Buffer, limits?: Parameters<typeof readCountFile>[2]) =>
  problemsOfAsync(() => readCountFile(name, bytes, limits));
const row = (r: Partial<CountRow> & Pick<CountRow, 'row'>): CountRow => ({ code: '', qty: null, unit: '', location: '', raw: '', ...r });

async function workbook(fill: (sheet: ExcelJS.Worksheet, book: ExcelJS.Workbook) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  fill(book.addWorksheet('Count'), book);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const SESSION_ROWS = [
  { sku: 'BEAN-HB', name: 'House Blend beans (1kg)', location: 'Fixings' },
  { sku: 'CUP-12', name: 'Paper cups 12oz', location: 'Fixings' },
  { sku: 'OAT-1', name: 'Oat milk', location: 'Fixings' },
];

describe('readCountFile: scanner exports', () => {
  it('reads codes and quantities, with each row at its spreadsheet row', async () => {
    const file = await readCountFile('scan.csv', csv('barcode,qty', '5012345678900,12', 'BR-HB1,3'));
    expect(file).toEqual({
      file: 'scan.csv',
      kind: 'scanner',
      hasQuantity: true,
      rows: [
        row({ row: 2, code: '5012345678900', qty: '12', raw: '5012345678900,12' }),
        row({ row: 3, code: 'BR-HB1', qty: '3', raw: 'BR-HB1,3' }),
      ],
    });
  });

  it('without a quantity column every row is one scan: hasQuantity is false and qty is null', async () => {
    const file = await readCountFile('scan.txt', csv('barcode', '5012345678900', '5012345678900', 'BR-HB1'));
    expect(file.hasQuantity).toBe(false);
    expect(file.rows.map((r) => [r.row, r.code, r.qty])).toEqual([
      [2, '5012345678900', null],
      [3, '5012345678900', null],
      [4, 'BR-HB1', null],
    ]);
  });

  it.each([
    ['barcode', 'qty'],
    ['Code', 'Quantity'],
    ['SKU', 'COUNT'],
    [' BARCODE ', 'Qty'],
  ])('takes %j as the code column and %j as the quantity, in any position', async (code, qty) => {
    const file = await readCountFile('scan.csv', csv(`${qty},notes,${code}`, '2,top shelf, A-1 '));
    expect(file).toMatchObject({ kind: 'scanner', hasQuantity: true });
    expect(file.rows).toEqual([row({ row: 2, code: 'A-1', qty: '2', raw: '2,top shelf, A-1 ' })]);
  });

  it('reads unit and location columns when a scanner export has them, and trims every cell', async () => {
    const file = await readCountFile('scan.csv', csv('Location,Barcode,Qty,Unit', ' Fixings , A ,  4 , case '));
    expect(file.rows).toEqual([row({ row: 2, code: 'A', qty: '4', unit: 'case', location: 'Fixings', raw: ' Fixings , A ,  4 , case ' })]);
  });

  it('keeps a blank quantity as "" (not null) so capture can tell it from a per-unit scan', async () => {
    expect((await readCountFile('scan.csv', csv('barcode,qty', 'A,'))).rows[0]?.qty).toBe('');
  });

  it('leaves out blank rows (commas only too) but keeps the real row numbers', async () => {
    const file = await readCountFile('scan.csv', csv('barcode,qty', '', 'A,1', ' , ', ',,', 'B,2'));
    expect(file.rows.map((r) => [r.row, r.code])).toEqual([
      [3, 'A'],
      [6, 'B'],
    ]);
  });

  it('a quoted cell spanning lines does not shift the rows after it (LF and CRLF)', async () => {
    for (const eol of ['\n', '\r\n']) {
      const text = ['barcode,qty,note', 'A,1,"first line', 'second line', 'third"', 'B,2,', ''].join(eol);
      const file = await readCountFile('scan.csv', Buffer.from(text));
      expect(file.rows.map((r) => [r.row, r.code])).toEqual([
        [2, 'A'],
        [5, 'B'],
      ]);
      expect(file.rows[0]?.raw).toBe(`A,1,first line${eol}second line${eol}third`);
    }
  });

  it('reads a UTF-8 BOM and CRLF line endings from Excel on Windows', async () => {
    const file = await readCountFile('scan.csv', Buffer.from('\uFEFFBarcode,Qty\r\nA,1\r\n\r\nB,2\r\n'));
    expect(file.rows.map((r) => [r.row, r.code, r.qty])).toEqual([
      [2, 'A', '1'],
      [4, 'B', '2'],
    ]);
  });

  it('finds the header below blank rows at the top', async () => {
    const file = await readCountFile('scan.csv', csv('', ',,', 'barcode,qty', 'A,1'));
    expect(file.rows).toEqual([row({ row: 4, code: 'A', qty: '1', raw: 'A,1' })]);
  });

  it('reads semicolon CSV (Excel in much of Europe) and UTF-16 tab-separated Unicode Text', async () => {
    expect((await readCountFile('scan.csv', csv('barcode;qty', 'A;1,5'))).rows[0]).toMatchObject({ code: 'A', qty: '1,5' });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('barcode\tqty\r\nCAFÉ-1\t2\r\n', 'utf16le')]);
    expect((await readCountFile('scan.txt', utf16)).rows).toEqual([row({ row: 2, code: 'CAFÉ-1', qty: '2', raw: 'CAFÉ-1,2' })]);
  });

  it('reads Windows-1252 text as the letters it holds, not replacement characters', async () => {
    const cp1252 = Buffer.from([...Buffer.from('barcode,qty\nCAF'), 0xc9, ...Buffer.from('-1,2\n')]);
    expect((await readCountFile('scan.csv', cp1252)).rows[0]?.code).toBe('CAFÉ-1');
  });

  it('keeps at most 500 characters of the row as typed', async () => {
    const raw = (await readCountFile('scan.csv', csv('barcode,qty,note', `A,1,${'x'.repeat(600)}`))).rows[0]?.raw ?? '';
    expect(raw).toHaveLength(500);
    expect(raw.startsWith('A,1,xxx')).toBe(true);
    expect(raw.endsWith('…')).toBe(true);
  });

  it('a header with nothing but a header is a file with no rows', async () => {
    expect(await readCountFile('scan.csv', csv('barcode,qty'))).toEqual({ file: 'scan.csv', kind: 'scanner', hasQuantity: true, rows: [] });
  });
});

describe('readCountFile: filled count sheets', () => {
  it('recognises a sheet by counted_qty and reads sku, counted_qty, unit and location', async () => {
    const file = await readCountFile(
      'count.csv',
      csv('sku,name,location,Counted Qty,unit', 'BEAN-HB,House Blend beans (1kg),Fixings,2,case', 'CUP-12,Paper cups 12oz,Fixings,,each'),
    );
    expect(file).toEqual({
      file: 'count.csv',
      kind: 'sheet',
      hasQuantity: true,
      rows: [
        row({
          row: 2,
          code: 'BEAN-HB',
          qty: '2',
          unit: 'case',
          location: 'Fixings',
          raw: 'BEAN-HB,House Blend beans (1kg),Fixings,2,case',
        }),
        row({ row: 3, code: 'CUP-12', qty: '', unit: 'each', location: 'Fixings', raw: 'CUP-12,Paper cups 12oz,Fixings,,each' }),
      ],
    });
  });

  it('in a sheet the code is the sku column: a barcode or qty column beside it is only a note', async () => {
    const file = await readCountFile('count.csv', csv('barcode,sku,qty,counted_qty', '501,BEAN-HB,9,4'));
    expect(file.rows[0]).toMatchObject({ code: 'BEAN-HB', qty: '4' });
  });

  it('reads the sheet the app generates, untouched: every row counted_qty ""', async () => {
    const file = await readCountFile('count-S1.xlsx', await countSheetXlsx('S1', SESSION_ROWS));
    expect(file.kind).toBe('sheet');
    expect(file.rows).toEqual([
      row({ row: 2, code: 'BEAN-HB', qty: '', unit: 'each', location: 'Fixings', raw: 'BEAN-HB,House Blend beans (1kg),Fixings,,each' }),
      row({ row: 3, code: 'CUP-12', qty: '', unit: 'each', location: 'Fixings', raw: 'CUP-12,Paper cups 12oz,Fixings,,each' }),
      row({ row: 4, code: 'OAT-1', qty: '', unit: 'each', location: 'Fixings', raw: 'OAT-1,Oat milk,Fixings,,each' }),
    ]);
  });

  it('reads the generated sheet filled in Excel: numbers as numbers or text, a changed unit, a cell left blank', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await countSheetXlsx('S1', SESSION_ROWS)) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    sheet.getCell('D2').value = 2;
    sheet.getCell('E2').value = 'case';
    sheet.getCell('D3').value = ' 1,200 ';
    sheet.getRow(6).values = ['TEA-EG', 'Earl Grey', 'Fixings', 2.5, 'box'];
    const file = await readCountFile('count-S1.xlsx', Buffer.from(await book.xlsx.writeBuffer()));
    expect(file.rows.map((r) => [r.row, r.code, r.qty, r.unit])).toEqual([
      [2, 'BEAN-HB', '2', 'case'],
      [3, 'CUP-12', '1,200', 'each'],
      [4, 'OAT-1', '', 'each'],
      [6, 'TEA-EG', '2.5', 'box'],
    ]);
    expect(file.rows[1]?.raw).toBe('CUP-12,Paper cups 12oz,Fixings, 1,200 ,each');
  });

  it('shows XLSX cells as Excel does: formulas by their result (an error as its code), rich text, dates, 15 significant digits', async () => {
    const data = await workbook((sheet) => {
      sheet.addRow(['sku', 'counted_qty', 'unit', 'location']);
      sheet.addRow(['A', { formula: '6*2', result: 12 }]);
      sheet.addRow([{ richText: [{ text: 'B-' }, { text: '7', font: { bold: true } }] }, 0.1 + 0.2]);
      sheet.addRow([5012345678900, 432, 'each', new Date(Date.UTC(2026, 2, 14))]);
      sheet.addRow(['D', { formula: 'NA()', result: { error: '#N/A' } }]);
    });
    const file = await readCountFile('count.xlsx', data);
    expect(file.rows.map((r) => [r.row, r.code, r.qty, r.location])).toEqual([
      [2, 'A', '12', ''],
      [3, 'B-7', '0.3', ''],
      [4, '5012345678900', '432', '2026-03-14'],
      [5, 'D', '#N/A', ''],
    ]);
  });

  it('XLSX blank rows are left out, the header may sit below blank rows, and rows keep their numbers', async () => {
    const data = await workbook((sheet) => {
      sheet.getCell('B1').value = '   ';
      sheet.getRow(3).values = ['Barcode', 'Count'];
      sheet.getRow(4).values = ['A', 1];
      sheet.getRow(5).values = ['', null];
      sheet.getRow(7).values = ['B', 2];
    });
    const file = await readCountFile('scan.xlsx', data);
    expect(file).toMatchObject({ kind: 'scanner', hasQuantity: true });
    expect(file.rows.map((r) => [r.row, r.code, r.qty])).toEqual([
      [4, 'A', '1'],
      [7, 'B', '2'],
    ]);
  });

  it('reads the first worksheet only, in the tab order of the workbook', async () => {
    const data = await workbook((sheet, book) => {
      sheet.addRows([['barcode'], ['FIRST']]);
      book.addWorksheet('Notes').addRows([['barcode'], ['SECOND']]);
    });
    expect((await readCountFile('scan.xlsx', data)).rows.map((r) => r.code)).toEqual(['FIRST']);
  });

  it('reads a 50,000-row sheet written by a streaming writer (data descriptors, shared strings last)', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true });
    const sheet = writer.addWorksheet('Count');
    sheet.addRow(['sku', 'name', 'location', 'counted_qty', 'unit']).commit();
    for (let i = 1; i <= 50_000; i++) sheet.addRow([`SKU-${i}`, `Item ${i}`, 'main', i % 9, 'each']).commit();
    sheet.commit();
    await writer.commit();
    const file = await readCountFile('big.xlsx', Buffer.concat(chunks));
    expect(file.rows).toHaveLength(50_000);
    expect(file.rows[49_999]).toEqual(
      row({
        row: 50_001,
        code: 'SKU-50000',
        qty: String(50_000 % 9),
        unit: 'each',
        location: 'main',
        raw: 'SKU-50000,Item 50000,main,5,each',
      }),
    );
  });
});

describe('readCountFile: headers that cannot be read', () => {
  it('no code column: names the row and what it has, with a did-you-mean for a near miss', async () => {
    expect(await problems('scan.csv', csv('', 'barcod,qty', 'A,1'))).toEqual([
      'scan.csv row 2: expected a header row with a barcode, code or sku column (a scanner export) or sku and counted_qty (a count ' +
        'sheet); the header row has: barcod, qty (did you mean "barcode" for "barcod"?)',
    ]);
    expect(await problems('scan.csv', csv('Bar Code,qty', 'A,1'))).toEqual([
      'scan.csv row 1: expected a header row with a barcode, code or sku column (a scanner export) or sku and counted_qty (a count ' +
        'sheet); the header row has: Bar Code, qty (did you mean "barcode" for "Bar Code"?)',
    ]);
    expect(await problems('count.csv', csv('item,Counted Qtys', 'A,1'))).toEqual([
      'count.csv row 1: expected a header row with a barcode, code or sku column (a scanner export) or sku and counted_qty (a count ' +
        'sheet); the header row has: item, Counted Qtys (did you mean "counted_qty" for "Counted Qtys"?)',
    ]);
  });

  it('a scanner export saved without a header says to add one', async () => {
    expect(await problems('scan.csv', csv('5012345678900,2', '5012345678901,1'))).toEqual([
      'scan.csv row 1: expected a header row with a barcode, code or sku column (a scanner export) or sku and counted_qty (a count ' +
        'sheet); the header row has: 5012345678900, 2; that row looks like scanned data: add a header row such as barcode,qty above it',
    ]);
  });

  it('a count sheet with counted_qty but no sku', async () => {
    expect(await problems('count.csv', csv('name,barcode,counted_qty', 'Beans,501,2'))).toEqual([
      'count.csv row 1, column "sku": a count sheet needs a sku column next to counted_qty (column C); the header row has: name, ' +
        'barcode, counted_qty',
    ]);
  });

  it('a column given twice, by the same name or two names for one thing, names both letters', async () => {
    expect(await problems('scan.csv', csv('code,Barcode,qty', 'A,B,1'))).toEqual([
      'scan.csv row 1, column "Barcode": "code" and "Barcode" are both the code column (columns A and B); keep one',
    ]);
    expect(await problems('scan.csv', csv('barcode,qty,note,qty', 'A,1,,2'))).toEqual([
      'scan.csv row 1, column "qty": the column appears twice (columns B and D); keep one',
    ]);
    expect(
      await problems(
        'count.xlsx',
        await workbook((s) =>
          s.addRows([
            ['sku', 'counted_qty', 'sku'],
            ['A', 1, 'B'],
          ]),
        ),
      ),
    ).toEqual(['count.xlsx row 1, column "sku": the column appears twice (columns A and C); keep one']);
  });

  it('an empty file, CSV or XLSX', async () => {
    const expected = 'expected a header row with a barcode, code or sku column (a scanner export) or sku and counted_qty (a count sheet)';
    expect(await problems('scan.csv', Buffer.from('\n\n'))).toEqual([`scan.csv: the file is empty; ${expected}`]);
    expect(await problems('count.xlsx', await workbook(() => undefined))).toEqual([
      `count.xlsx: the first worksheet ("Count") is empty; ${expected}`,
    ]);
  });

  it('an unclosed quote names the row it starts in', async () => {
    expect(await problems('scan.csv', csv('barcode,qty', 'A,1', '"B,2', 'C,3'))).toEqual([
      'scan.csv row 3: not readable as CSV: a quoted cell that starts in this row is never closed (a closing " is missing)',
    ]);
  });
});

describe('readCountFile: files that are not count files', () => {
  const xlsxDetail = 'not an XLSX workbook; expected a file saved as .xlsx from Excel or Google Sheets';

  it('accepts .csv, .txt and .xlsx only, whatever the case', async () => {
    expect((await readCountFile('SCAN.CSV', csv('barcode', 'A'))).rows).toHaveLength(1);
    expect(await problems('count.pdf', Buffer.from('%PDF'))).toEqual([
      'count.pdf: expected a count file ending in .csv or .xlsx, got ".pdf"',
    ]);
    expect(await problems('count', Buffer.from('barcode'))).toEqual([
      'count: expected a count file ending in .csv or .xlsx, got no extension',
    ]);
    expect(await problems('count.xls', Buffer.alloc(8))).toEqual([
      'count.xls: expected a count file ending in .csv or .xlsx, got ".xls": this looks like an old Excel .xls file: save it as .xlsx ' +
        'or CSV',
    ]);
  });

  it("Slack's sign-in page in place of the file (a token without files:read)", async () => {
    const page = Buffer.from('<!DOCTYPE html>\n<html lang="en"><head><title>Slack</title></head><body>Sign in</body></html>');
    expect(await problems('count.xlsx', page)).toEqual([`count.xlsx: ${xlsxDetail} (this file is a web page)`]);
    expect(await problems('scan.csv', page)).toEqual([
      'scan.csv: not a CSV file: this is a web page, not an export from a scanner or spreadsheet',
    ]);
    expect(await problems('count.xlsx', Buffer.from('sku,counted_qty\nA,1\n'))).toEqual([`count.xlsx: ${xlsxDetail}`]);
    expect(await problems('count.xlsx', Buffer.alloc(0))).toEqual([`count.xlsx: ${xlsxDetail}`]);
  });

  it('a workbook saved with a .csv name', async () => {
    expect(await problems('count.csv', await countSheetXlsx('S1', SESSION_ROWS))).toEqual([
      'count.csv: not a CSV file: this is an Excel workbook with a .csv name: upload it with its .xlsx name, or save it as CSV',
    ]);
    expect(await problems('count.txt', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toEqual([
      'count.txt: not a CSV file: this is an old Excel .xls file: save it as .xlsx or CSV',
    ]);
  });

  it('an old .xls workbook saved with an .xlsx name', async () => {
    const oldXls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(64)]);
    expect(await problems('count.xlsx', oldXls)).toEqual([
      'count.xlsx: not an XLSX workbook; this looks like an old Excel .xls file: save it as .xlsx or CSV',
    ]);
  });

  it('a truncated or damaged workbook', async () => {
    const good = await countSheetXlsx('S1', SESSION_ROWS);
    const cut = await problems('count.xlsx', good.subarray(0, Math.floor(good.length / 2)));
    expect(cut).toEqual([
      'count.xlsx: not an XLSX workbook; could not open it (the file is cut short or damaged: its ZIP directory is missing)',
    ]);

    const mangled = Buffer.from(good);
    // Inside the first part's compressed data: the archive's layout is intact but a part will not inflate.
    for (let i = 60; i < 200; i++) mangled[i] = 0xff;
    expect(await problems('count.xlsx', mangled)).toEqual([
      expect.stringMatching(/^count\.xlsx: not an XLSX workbook; could not open it \(its part \[Content_Types\]\.xml is damaged: .+\)$/),
    ]);

    expect(await problems('count.xlsx', Buffer.from('PK\u0003\u0004 garbage garbage'))).toEqual([
      'count.xlsx: not an XLSX workbook; could not open it (the file is cut short or damaged: its ZIP directory is missing)',
    ]);
  });

  it('a ZIP archive that is not a workbook (a .docx renamed, a zip of CSVs)', async () => {
    const zip = zipArchive([stored('scan.csv', 'barcode\nA\n')]);
    expect(await problems('count.xlsx', zip)).toEqual([`count.xlsx: ${xlsxDetail} (it is a ZIP archive without an Excel worksheet)`]);
  });
});

/** The largest growth in resident memory while `run` runs, sampled every few milliseconds. */
async function peakMemoryGrowth(run: () => Promise<unknown>): Promise<number> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
  try {
    await run();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage().rss) - base;
}

describe('readCountFile: hand-built workbooks', () => {
  it('the first worksheet is the first tab in workbook.xml, whatever its part is called', async () => {
    const sheet = (n: number, code: string): ZipPart =>
      deflated(
        `xl/worksheets/sheet${n}.xml`,
        `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row ` +
          `r="1">${inline('A1', 'barcode')}</row><row r="2">${inline('A2', code)}</row></sheetData></worksheet>`,
      );
    const tabs = WORKBOOK.replace(
      '<sheet name="Count" sheetId="1" r:id="rId1"/>',
      '<sheet name="Moved first" sheetId="2" r:id="rId2"/><sheet name="Count" sheetId="1" r:id="rId1"/>',
    );
    const rels = WORKBOOK_RELS.replace(
      '</Relationships>',
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" ' +
        'Target="worksheets/sheet2.xml"/></Relationships>',
    );
    const zip = zipArchive([
      sheet(1, 'PART-ONE'),
      sheet(2, 'PART-TWO'),
      deflated('xl/workbook.xml', tabs),
      deflated('xl/_rels/workbook.xml.rels', rels),
    ]);
    expect((await readCountFile('scan.xlsx', zip)).rows.map((r) => r.code)).toEqual(['PART-TWO']);
  });
});

describe('readCountFile: limits', () => {
  it('exports its limits for the README', () => {
    expect(MAX_COUNT_ROWS).toBe(100_000);
    expect(MAX_XLSX_UNCOMPRESSED_BYTES).toBe(200 * 1024 * 1024);
  });

  it('stops at one data row over the limit, CSV or XLSX; blank rows and the header do not count', async () => {
    const lines = ['barcode,qty', 'A,1', '', 'B,2', 'C,3'];
    expect((await readCountFile('scan.csv', csv(...lines), { maxRows: 3 })).rows).toHaveLength(3);
    expect(await problems('scan.csv', csv(...lines, 'D,4'), { maxRows: 3 })).toEqual([
      'scan.csv: has more than 3 rows; split the count by bin or aisle and upload the parts',
    ]);
    const data = await workbook((sheet) =>
      sheet.addRows([
        ['sku', 'counted_qty'],
        ['A', 1],
        ['B', 2],
        ['C', 3],
        ['D', 4],
      ]),
    );
    expect(await problems('count.xlsx', data, { maxRows: 3 })).toEqual([
      'count.xlsx: has more than 3 rows; split the count by bin or aisle and upload the parts',
    ]);
    expect(await problems('scan.csv', csv('barcode', ...Array.from({ length: 100_001 }, (_, i) => `C${i}`)))).toEqual([
      'scan.csv: has more than 100,000 rows; split the count by bin or aisle and upload the parts',
    ]);
  });

  it('refuses a value far right of the data, naming the row and column; the limit can be set lower', async () => {
    const sheet = worksheetPart(
      inlineRow(1, { A1: 'barcode', B1: 'qty' }) + inlineRow(2, { A2: 'A', B2: '1' }) + inlineRow(9, { XFD9: 'stray' }),
    );
    expect(await problems('scan.xlsx', zipArchive(workbookParts(sheet)))).toEqual([
      'scan.xlsx row 9: has a value in column XFD, past column GR (a sheet may use 200 columns); clear that cell or delete the columns ' +
        'right of the data',
    ]);
    const wide = await workbook((s) =>
      s.addRows([
        ['barcode', 'qty', 'note'],
        ['A', 1, 'x'],
      ]),
    );
    expect(await problems('scan.xlsx', wide, { maxColumns: 2 })).toEqual([
      'scan.xlsx row 1: has a value in column C, past column B (a sheet may use 2 columns); clear that cell or delete the columns right ' +
        'of the data',
    ]);
  });

  it('the hand-built workbook the bomb tests use is itself a readable workbook', async () => {
    const file = await readCountFile('scan.xlsx', zipArchive(workbookParts(paddedSheet(1))));
    expect(file.rows).toEqual([row({ row: 2, code: '5012345678900', raw: '5012345678900' })]);
  });

  it('refuses a zip bomb from its directory before inflating anything: 300 MB of sheet in a 300 KB file', async () => {
    const bomb = zipArchive(workbookParts(paddedSheet(300)));
    expect(bomb.length).toBeLessThan(400 * 1024);
    let found: string[] = [];
    const growth = await peakMemoryGrowth(async () => (found = await problems('count.xlsx', bomb)));
    expect(found).toEqual([
      expect.stringMatching(
        /^count\.xlsx: its part xl\/worksheets\/sheet1\.xml unpacks from \d{3} KB to 300 MB, far tighter than any spreadsheet packs; refusing it as a possible zip bomb$/,
      ),
    ]);
    expect(growth).toBeLessThan(100 * 1024 * 1024);
  });

  it('refuses a workbook whose parts honestly add up to more than the limit', async () => {
    expect(await problems('count.xlsx', zipArchive(workbookParts(paddedSheet(3))), { maxUncompressedBytes: 2 * 1024 * 1024 })).toEqual([
      'count.xlsx: unpacks to 3 MB, more than the 2 MB a count workbook may; split the count by bin or aisle and upload the parts, or ' +
        'save it as CSV',
    ]);
  });

  it('a bomb that lies about its sizes is caught by counting what it inflates to, without holding it in memory', async () => {
    const lying = zipArchive(workbookParts(paddedSheet(300, 4096)));
    let found: string[] = [];
    const growth = await peakMemoryGrowth(async () => (found = await problems('count.xlsx', lying)));
    expect(found).toEqual(['count.xlsx: it unpacks to more than 200 MB though it declares 5 KB; refusing it as a possible zip bomb']);
    expect(growth).toBeLessThan(100 * 1024 * 1024);
  });

  it('a bomb hidden from the central directory still counts: the parts are walked the way the unzip will walk them', async () => {
    const hidden = { ...paddedSheet(300), name: 'xl/media/filler.bin' };
    const parts = [...workbookParts(paddedSheet(0)), hidden];
    const found = await problems('count.xlsx', zipArchive(parts, parts.slice(0, 3)));
    expect(found).toEqual([
      expect.stringMatching(/^count\.xlsx: it unpacks to more than 200 MB though it declares \d+ KB; refusing it as a possible zip bomb$/),
    ]);
  });
});

import ExcelJS from 'exceljs';
import { parseStockSheetCsv, parseStockSheetXlsx } from '../../../src/config/stock-sheet';
import { setOnHandCsv, setOnHandGrid, setOnHandXlsx } from '../../../src/config/stock-sheet-write';
import { STOCK_HEADER } from '../../support/documents';

const ROWS = [
  'BOLT-M6-50,M6 bolts 50mm,Fixings,Northgate Fixings,fixings,480,6,7,,50,0.35,,,5060001234567|FT-M650',
  'NAP-WH,"Napkins, white (pack of 500)",main,Acme Wholesale,packaging,9,0.5,7,2,,3.20,,,',
  'BEAN-HB,House Blend,,Bayside Roasters,coffee,58,8,5,20,12,4.20,,178,',
];
const bolts = { location: 'Fixings', sku: 'BOLT-M6-50', onHand: 432 };

describe('writing on_hand back into a CSV stock sheet', () => {
  it('changes only the on_hand cell of the rows named; every other byte stays', () => {
    const text = `${[STOCK_HEADER, ...ROWS].join('\n')}\n`;
    const out = setOnHandCsv(text, [bolts], 'stock.csv');
    expect(out.written).toEqual([bolts]);
    expect(out.missing).toEqual([]);
    expect(out.sheet).toBe(text.replace('Fixings,Northgate Fixings,fixings,480,', 'Fixings,Northgate Fixings,fixings,432,'));
    expect(parseStockSheetCsv(out.sheet, 'stock.csv').find((i) => i.sku === 'BOLT-M6-50')?.onHand).toBe(432);
  });

  it('a rewritten row keeps its quoted cells quoted; CRLF, a BOM and a blank location (main) are handled', () => {
    const text = `\uFEFF${[STOCK_HEADER, ...ROWS].join('\r\n')}`;
    const out = setOnHandCsv(
      text,
      [
        { location: 'main', sku: 'nap-wh', onHand: 12 },
        { location: 'main', sku: 'BEAN-HB', onHand: 60 },
      ],
      'stock.csv',
    );
    expect(out.written).toHaveLength(2);
    expect(out.sheet.startsWith('\uFEFF')).toBe(true);
    expect(out.sheet).toContain('\r\nNAP-WH,"Napkins, white (pack of 500)",main,Acme Wholesale,packaging,12,0.5,7,2,,3.20,,,\r\n');
    expect(out.sheet.endsWith('BEAN-HB,House Blend,,Bayside Roasters,coffee,60,8,5,20,12,4.20,,178,')).toBe(true);
    const items = parseStockSheetCsv(out.sheet, 'stock.csv');
    expect(items.map((i) => [i.sku, i.onHand])).toEqual([
      ['BOLT-M6-50', 480],
      ['NAP-WH', 12],
      ['BEAN-HB', 60],
    ]);
  });

  it('a row that is no longer in the sheet is reported missing and nothing is written for it', () => {
    const text = [STOCK_HEADER, ...ROWS].join('\n');
    const out = setOnHandCsv(text, [{ location: 'Attic', sku: 'BOLT-M6-50', onHand: 1 }], 'stock.csv');
    expect(out).toEqual({ sheet: text, written: [], missing: [{ location: 'Attic', sku: 'BOLT-M6-50', onHand: 1 }] });
  });

  it("sets daily_sales_rate too (the till's rate the owner chose), alone or with on_hand in the same row", () => {
    const text = `${[STOCK_HEADER, ...ROWS].join('\n')}\n`;
    const rate = { location: 'main', sku: 'BEAN-HB', dailySalesRate: 10.5 };
    const out = setOnHandCsv(
      text,
      [rate, { location: 'main', sku: 'BEAN-HB', onHand: 50 }, { location: 'Fixings', sku: 'BOLT-M6-50', dailySalesRate: 7 }],
      'stock.csv',
    );
    expect(out.written).toHaveLength(3);
    const items = parseStockSheetCsv(out.sheet, 'stock.csv');
    expect(items.map((i) => [i.sku, i.onHand, i.dailySalesRate])).toEqual([
      ['BOLT-M6-50', 480, 7],
      ['NAP-WH', 9, 0.5],
      ['BEAN-HB', 50, 10.5],
    ]);
    expect(setOnHandGrid([STOCK_HEADER.split(','), ...ROWS.map((r) => r.split(','))], [rate], 'Google stock sheet').sheet).toEqual([
      { cell: 'G4', value: 10.5 },
    ]);
    // A sheet without the column: nothing written, the change reported missing, the file as it was.
    const noColumn = setOnHandCsv('sku,name,on_hand\nBEAN-HB,a,1\n', [rate, { location: 'main', sku: 'BEAN-HB', onHand: 2 }], 'stock.csv');
    expect(noColumn).toEqual({
      sheet: 'sku,name,on_hand\nBEAN-HB,a,2\n',
      written: [{ location: 'main', sku: 'BEAN-HB', onHand: 2 }],
      missing: [rate],
    });
  });

  it('a sheet without an on_hand column is a clear error', () => {
    expect(() => setOnHandCsv('sku,name\nA,a\n', [bolts], 'stock.csv')).toThrow('stock.csv row 1: the header has no sku or on_hand column');
  });
});

describe('writing on_hand back into an XLSX stock sheet', () => {
  it('sets the cell in the first worksheet and leaves the other rows as they were', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Stock');
    sheet.addRow(STOCK_HEADER.split(','));
    sheet.addRow(['BOLT-M6-50', 'M6 bolts 50mm', 'Fixings', '', 'fixings', 480, 6, 7, null, 50, 0.35]);
    sheet.addRow(['NUT-M6', 'M6 nuts', 'Fixings', '', 'fixings', 40, 10, 7]);
    const out = await setOnHandXlsx(Buffer.from(await wb.xlsx.writeBuffer()), [bolts], 'stock.xlsx');
    expect(out.written).toEqual([bolts]);
    const items = await parseStockSheetXlsx(out.sheet, 'stock.xlsx');
    expect(items.map((i) => [i.sku, i.onHand, i.unitCost])).toEqual([
      ['BOLT-M6-50', 432, 0.35],
      ['NUT-M6', 40, null],
    ]);
  });
});

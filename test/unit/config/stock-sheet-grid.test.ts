import { parseStockSheetCsvReport, parseStockSheetGridReport } from '../../../src/config/stock-sheet';
import { STOCK_HEADER } from '../../support/documents';

// A Google Sheet's cells, as the Sheets API gives them, read exactly as the same cells in a CSV file: same items, same
// row numbers (1-based, the header being row 1), same messages, same row limit.
describe('a stock sheet read from a grid of cells', () => {
  const lines = [
    STOCK_HEADER,
    'BEAN-HB,House Blend beans,main,Bayside Roasters,coffee,58,8,5,20,,4.20,,178,',
    'MILK,Milk,main,,dairy,lots,10,2,,,,,,',
  ];
  const grid = lines.map((l) => l.split(','));

  it('gives the same items and the same row and column problems as the CSV reader', () => {
    const fromGrid = parseStockSheetGridReport(grid, 'stock');
    const fromCsv = parseStockSheetCsvReport(lines.join('\n'), 'stock');
    expect(fromGrid).toEqual(fromCsv);
    expect(fromGrid.items.map((i) => [i.sku, i.onHand])).toEqual([['BEAN-HB', 58]]);
    expect(fromGrid.skipped).toEqual([expect.objectContaining({ file: 'stock', row: 3, field: 'on_hand' })]);
    // The words a shop sees for the bad on_hand cell, whichever way the sheet came.
    expect(fromGrid.skipped[0]!.message).toBe(fromCsv.skipped[0]!.message);
    expect(fromGrid.skipped[0]!.message).toMatch(/lots/);
  });

  it('a row Sheets sent short (its trailing cells empty) or empty ([]) reads as blanks; too many rows is refused as for CSV', () => {
    const short = [grid[0]!, [], ['BEAN-HB', 'House Blend beans', 'main', '', '', '58', '8', '5']];
    const report = parseStockSheetGridReport(short, 'stock');
    expect(report.items).toHaveLength(1);
    expect(report.skipped).toEqual([]);

    const many = [grid[0]!, ...Array.from({ length: 4 }, (_, i) => [`S${i}`, 'x', 'main', '', '', '1', '1', '1'])];
    const csv = many.map((r) => r.join(',')).join('\n');
    expect(() => parseStockSheetGridReport(many, 'stock', { maxRows: 3 })).toThrow(/more than 3 rows/);
    expect(() => parseStockSheetCsvReport(csv, 'stock', { maxRows: 3 })).toThrow(/more than 3 rows/);
  });
});

import { dataRowLimit, MAX_XLSX_COLUMNS, MAX_XLSX_UNCOMPRESSED_BYTES, type SheetRules } from '../../../../src/config/spreadsheet/limits';
import { problemsOf } from '../problems';

const rules = (maxRows: number): SheetRules => ({
  limits: { maxRows, maxColumns: MAX_XLSX_COLUMNS, maxUncompressedBytes: MAX_XLSX_UNCOMPRESSED_BYTES },
  wording: { workbook: 'a test workbook', tooManyRows: 'split it', tooBig: 'shrink it', firstSheet: 'move it' },
});

describe('dataRowLimit', () => {
  it('counts neither blank rows nor the header (the first non-blank row), and throws on the first row past the limit', () => {
    const limit = dataRowLimit('t.xlsx', rules(2));
    for (const cells of [[''], [' ', ''], ['sku'], ['A'], [], ['B'], ['  ']]) limit(cells);
    expect(problemsOf(() => limit(['C']))).toEqual(['t.xlsx: has more than 2 rows; split it']);
  });

  it('writes the limit as a person reads it', () => {
    const limit = dataRowLimit('t.csv', rules(100_000));
    expect(problemsOf(() => Array.from({ length: 100_002 }, () => limit(['x'])))).toEqual(['t.csv: has more than 100,000 rows; split it']);
  });
});

import { DocumentError, formatProblem } from '../../../../src/config/errors';
import { FarCells } from '../../../../src/config/spreadsheet/far-cells';

// The worksheet XML on its way to exceljs: a cell right of the last column with a value refuses the file, naming its
// row and column; one with nothing in it (formatting only) is taken out; everything else passes unchanged, however the
// text is cut into chunks.

async function* chunked(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function passed(text: string, size: number, maxColumns = 200): Promise<string> {
  let out = '';
  for await (const chunk of new FarCells('stock.xlsx', maxColumns).watch(chunked(text, size))) out += chunk;
  return out;
}

async function refusal(text: string, size: number, maxColumns = 200): Promise<string[]> {
  try {
    await passed(text, size, maxColumns);
  } catch (err) {
    if (err instanceof DocumentError) return err.problems.map(formatProblem);
    throw err;
  }
  throw new Error('expected a DocumentError');
}

const SIZES = [1, 2, 3, 5, 7, 11, 64, 100_000];
const ROW = '<row r="2" spans="1:3"><c r="A2" t="inlineStr"><is><t>SKU-1</t></is></c><c r="B2" s="1"><v>12</v></c></row>';

describe('FarCells', () => {
  it('passes a sheet with no cell past the limit through unchanged, however it is cut', async () => {
    const xml = `<worksheet><dimension ref="A1:XFD1048576"/><sheetData>${ROW}<row r="3"><c r="GR3"><v>1</v></c></row></sheetData><cellWatches><cellWatch r="XFD1"/></cellWatches></worksheet>`;
    for (const size of SIZES) expect(await passed(xml, size)).toBe(xml);
  });

  it('takes out cells past the limit that hold nothing, self-closing or not', async () => {
    const xml = `<sheetData><row r="2"><c r="A2"><v>1</v></c><c r="XFD2" s="3"/><c s="3" r="GS2"></c><c r="ZZ2" s="1">  </c></row></sheetData>`;
    for (const size of SIZES) expect(await passed(xml, size)).toBe('<sheetData><row r="2"><c r="A2"><v>1</v></c></row></sheetData>');
  });

  it('refuses the first cell past the limit that holds a value, a formula or an inline string, however it is cut', async () => {
    const message = (row: number, column: string) =>
      `stock.xlsx row ${row}: has a value in column ${column}, past column GR (a sheet may use 200 columns); clear that cell or delete ` +
      `the columns right of the data`;
    const cases: [string, string][] = [
      [`<sheetData>${ROW}<row r="12"><c r="XFD12" t="inlineStr"><is><t>x</t></is></c></row>`, message(12, 'XFD')],
      ['<row r="7"><c r="GS7"><v>3</v></c></row>', message(7, 'GS')],
      ['<row r="9"><c r="AAA9"><f>SUM(A1:A2)</f></c></row>', message(9, 'AAA')],
      ['<row r="4"><c r="XFD4"><v/></c></row>', message(4, 'XFD')],
    ];
    for (const [xml, expected] of cases) {
      for (const size of SIZES) expect(await refusal(xml, size)).toEqual([expected]);
    }
  });

  it('follows a lower limit', async () => {
    expect(await refusal('<row r="2"><c r="H2"><v>1</v></c></row>', 4, 7)).toEqual([
      'stock.xlsx row 2: has a value in column H, past column G (a sheet may use 7 columns); clear that cell or delete the columns ' +
        'right of the data',
    ]);
    expect(await passed('<row r="2"><c r="G2"><v>1</v></c><c r="H2"/></row>', 4, 7)).toBe('<row r="2"><c r="G2"><v>1</v></c></row>');
  });

  it('does not wait for ever for the end of a cell past the limit', async () => {
    const xml = `<row r="5"><c r="XFD5">${' '.repeat(200_000)}</c></row>`;
    expect(await refusal(xml, 16 * 1024)).toEqual([expect.stringMatching(/^stock\.xlsx row 5: has a value in column XFD/)]);
  });
});

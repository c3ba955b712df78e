import { DocumentError } from '../../../../src/config/errors';
import { parseCsvRecords, readCsv, sniffDelimiter, utf8Bytes } from '../../../../src/config/spreadsheet/csv';
import type { SheetRules } from '../../../../src/config/spreadsheet/limits';
import { problemsOf } from '../problems';

const RULES: SheetRules = {
  limits: { maxRows: 3, maxColumns: 200, maxUncompressedBytes: 1024 },
  wording: { workbook: 'a test workbook', tooManyRows: 'split it', tooBig: 'shrink it', firstSheet: 'move it' },
};

function records(text: string, delimiter = ','): [number, string[]][] {
  const out: [number, string[]][] = [];
  parseCsvRecords('t.csv', Buffer.from(text), delimiter, (row, cells) => out.push([row, cells]));
  return out;
}

describe('parseCsvRecords', () => {
  it('numbers each record by the line it starts on, blank lines and multi-line cells included', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = ['a,b', '', '"one', 'two",x', 'c,d'].join(eol);
      expect(records(text)).toEqual([
        [1, ['a', 'b']],
        [2, ['']],
        [3, [`one${eol}two`, 'x']],
        [5, ['c', 'd']],
      ]);
    }
  });

  it('takes a stray quote inside a cell as text, and a BOM off the first cell', () => {
    expect(records('\uFEFFsku,name\nP-1,12" pipe\n')).toEqual([
      [1, ['sku', 'name']],
      [2, ['P-1', '12" pipe']],
    ]);
  });

  it('an unclosed quote names the row it starts in', () => {
    expect(problemsOf(() => records('a\nb\n"c\nd\n'))).toEqual([
      't.csv row 3: not readable as CSV: a quoted cell that starts in this row is never closed (a closing " is missing)',
    ]);
  });

  it('an error the sink throws stops the read and comes out as it was thrown', () => {
    const stop = new DocumentError([{ file: 't.csv', row: 2, message: 'stop here' }]);
    const seen: number[] = [];
    expect(() =>
      parseCsvRecords('t.csv', Buffer.from('a\nb\nc\n'), ',', (row) => {
        seen.push(row);
        if (row === 2) throw stop;
      }),
    ).toThrow(stop);
    expect(seen).toEqual([1, 2]);
  });
});

describe('sniffDelimiter', () => {
  it('picks the delimiter the header line uses most, ignoring quoted text and blank lines above', () => {
    expect(sniffDelimiter(Buffer.from('barcode,qty\n'))).toBe(',');
    expect(sniffDelimiter(Buffer.from('\n\nbarcode;qty;unit\n1,5;2,5;x\n'))).toBe(';');
    expect(sniffDelimiter(Buffer.from('barcode\tqty\n'))).toBe('\t');
    expect(sniffDelimiter(Buffer.from('"a;b;c",qty\n'))).toBe(',');
    expect(sniffDelimiter(Buffer.from('barcode\n'))).toBe(',');
  });
});

describe('utf8Bytes', () => {
  it('decodes UTF-16 by its byte-order mark (dropping the mark) and Windows-1252; leaves UTF-8 as it is', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('CAFÉ', 'utf16le')]);
    expect(utf8Bytes(le).toString('utf8')).toBe('CAFÉ');
    const be = Buffer.from([0xfe, 0xff, 0x00, 0x41, 0x00, 0xc9]);
    expect(utf8Bytes(be).toString('utf8')).toBe('AÉ');
    expect(utf8Bytes(Buffer.from([0x43, 0x41, 0x46, 0xc9])).toString('utf8')).toBe('CAFÉ');
    const utf8 = Buffer.from('CAFÉ');
    expect(utf8Bytes(utf8)).toBe(utf8);
  });
});

describe('readCsv', () => {
  const read = (bytes: Buffer): [number, string[]][] => {
    const out: [number, string[]][] = [];
    readCsv('t.csv', bytes, RULES, (row, cells) => out.push([row, cells]));
    return out;
  };

  it('reads semicolon and tab files in whatever encoding they were saved', () => {
    expect(read(Buffer.from('a;b\n1,5;2\n'))).toEqual([
      [1, ['a', 'b']],
      [2, ['1,5', '2']],
    ]);
  });

  it('refuses a web page, a workbook and an old .xls under a CSV name', () => {
    expect(problemsOf(() => read(Buffer.from('<html><body>Sign in</body></html>')))).toEqual([
      't.csv: not a CSV file: this is a web page, not an export from a scanner or spreadsheet',
    ]);
    expect(problemsOf(() => read(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14])))).toEqual([
      't.csv: not a CSV file: this is an Excel workbook with a .csv name: upload it with its .xlsx name, or save it as CSV',
    ]);
    expect(problemsOf(() => read(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1])))).toEqual([
      't.csv: not a CSV file: this is an old Excel .xls file: save it as .xlsx or CSV',
    ]);
    // A header that merely starts with PK is text.
    expect(read(Buffer.from('PKG,qty\n'))).toEqual([[1, ['PKG', 'qty']]]);
  });

  it('stops at one data row over the limit, in the words of the rules', () => {
    expect(read(Buffer.from('h\n1\n\n2\n3\n'))).toHaveLength(5);
    expect(problemsOf(() => read(Buffer.from('h\n1\n2\n3\n4\n')))).toEqual(['t.csv: has more than 3 rows; split it']);
  });
});

import { cellText, columnLetter, countLineBreaks, isBlankRow } from '../../../../src/config/spreadsheet/cells';

describe('columnLetter', () => {
  it.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
    [51, 'AZ'],
    [199, 'GR'],
    [16_383, 'XFD'],
  ])('column index %d is %s', (index, letter) => {
    expect(columnLetter(index)).toBe(letter);
  });
});

describe('isBlankRow', () => {
  it('is blank when every cell is empty or whitespace, and for no cells at all', () => {
    expect(isBlankRow([])).toBe(true);
    expect(isBlankRow(['', ' ', '\t'])).toBe(true);
    expect(isBlankRow(['', 'x'])).toBe(false);
  });
});

describe('countLineBreaks', () => {
  it('counts LF, CRLF once and a lone CR, between the offsets given', () => {
    const buf = Buffer.from('a\nb\r\nc\rd');
    expect(countLineBreaks(buf, 0, buf.length)).toBe(3);
    expect(countLineBreaks(buf, 2, buf.length)).toBe(2);
    expect(countLineBreaks(buf, 0, 0)).toBe(0);
  });
});

describe('cellText: a cell as the text a person sees in it', () => {
  it('numbers to the 15 significant digits Excel shows; whole numbers and barcodes exactly', () => {
    expect(cellText(0.1 + 0.2)).toBe('0.3');
    expect(cellText(4.2)).toBe('4.2');
    expect(cellText(5012345678900)).toBe('5012345678900');
    expect(cellText(-3)).toBe('-3');
    // biome-ignore lint/correctness/noPrecisionLoss: a number past 15 significant digits is the case under test
    expect(cellText(12345678901234567)).toBe('12345678901234600');
  });

  it('dates as yyyy-MM-dd, or the full instant when they have a time', () => {
    expect(cellText(new Date(Date.UTC(2026, 2, 14)))).toBe('2026-03-14');
    expect(cellText(new Date(Date.UTC(2026, 2, 14, 9, 30)))).toBe('2026-03-14T09:30:00.000Z');
  });

  it('booleans, errors, rich text, hyperlinks and empty cells', () => {
    expect(cellText(true)).toBe('TRUE');
    expect(cellText(false)).toBe('FALSE');
    expect(cellText({ error: '#N/A' })).toBe('#N/A');
    expect(cellText({ richText: [{ text: 'B-' }, { text: '7', font: { bold: true } }] })).toBe('B-7');
    expect(cellText({ text: 'BR-HB1', hyperlink: 'https://example.com' })).toBe('BR-HB1');
    expect(cellText(null)).toBe('');
    expect(cellText(undefined)).toBe('');
  });

  it('a formula shows its cached result; without one (or an unreadable one) the formula, so the cell can be found', () => {
    expect(cellText({ formula: '6*2', result: 12 })).toBe('12');
    expect(cellText({ formula: 'A1/0', result: { error: '#DIV/0!' } })).toBe('#DIV/0!');
    expect(cellText({ formula: 'A1>0', result: true })).toBe('TRUE');
    expect(cellText({ formula: 'F2-10' })).toBe('=F2-10');
    expect(cellText({ formula: 'NA()', result: Number.NaN })).toBe('=NA()');
    expect(cellText({ sharedFormula: 'C2', result: 3 })).toBe('3');
  });
});

import type ExcelJS from 'exceljs';

// Cells and rows as a person sees them in a spreadsheet: the text a cell shows, the letter of a column, a row with
// nothing in it. Every reader (CSV or XLSX, stock sheet or count file) and the stock-sheet writer share these, so a
// cell reads the same whichever path it took.

/** `A`, `B`, … `Z`, `AA`: how a spreadsheet user finds a column. `index` counts from 0. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** True when every cell is empty or whitespace: such a row is skipped, though it keeps its number. */
export const isBlankRow = (cells: readonly string[]): boolean => cells.every((c) => c.trim() === '');

/** Line breaks in `buf[from, to)`, counting CRLF once and a lone CR as one (old Mac exports). */
export function countLineBreaks(buf: Buffer, from: number, to: number): number {
  let breaks = 0;
  for (let i = from; i < to; i++) {
    const byte = buf[i];
    if (byte === 0x0a) breaks++;
    else if (byte === 0x0d && buf[i + 1] !== 0x0a) breaks++;
  }
  return breaks;
}

/** yyyy-MM-dd (or the full instant when it has a time): exceljs gives dates as UTC. */
function showDate(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

// Excel shows at most 15 significant digits; the file stores 17, so a cell Excel shows as 0.3 can hold 0.30000000000000004.
// A whole number under 10^15 already shows as it is stored (the common case, worth skipping the rounding for).
const shownNumber = (n: number): number =>
  (Number.isInteger(n) && Math.abs(n) < 1e15) || !Number.isFinite(n) ? n : Number(n.toPrecision(15));

/**
 * A cell as the text a person sees in it: numbers to the 15 significant digits Excel shows, dates as yyyy-MM-dd,
 * booleans as TRUE/FALSE, rich text joined, an error as its code (`#N/A`), a formula as its cached result.
 */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(shownNumber(value));
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  // Shown as a date, so a date in a number column is rejected with what the user sees in the cell.
  if (value instanceof Date) return showDate(value);
  if ('richText' in value) return value.richText.map((part) => part.text ?? '').join('');
  if ('error' in value) return value.error;
  if ('formula' in value || 'sharedFormula' in value) {
    const formula = 'sharedFormula' in value ? value.sharedFormula : value.formula;
    // A workbook saved without calculating has no result, and a result nobody could decode is NaN: either way the
    // formula is what lets the user find the cell.
    const result = value.result;
    if (result === undefined || (typeof result === 'number' && Number.isNaN(result))) return `=${formula}`;
    return cellText(result as ExcelJS.CellValue);
  }
  if ('hyperlink' in value) return cellText(value.text as ExcelJS.CellValue);
  return '';
}

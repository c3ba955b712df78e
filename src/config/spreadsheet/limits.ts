import { DocumentError } from '../errors';
import { columnLetter, isBlankRow } from './cells';

// How much of a spreadsheet a reader takes before refusing it, and how it says so. A file past these is a mistake (a
// whole export, a runaway scanner, a sheet formatted to its last column) or an attack, and reading on would only
// fill a 512 MB Lambda's memory.

/**
 * What an XLSX file may unpack to, all its parts together. A 100,000-row sheet unpacks to 30–50 MB, so this leaves
 * room for wide or heavily formatted sheets while keeping a zip bomb far from a Lambda's memory.
 */
export const MAX_XLSX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;

/**
 * The rightmost column an XLSX row may hold a value in. A stock sheet or count file uses a couple of dozen; a value
 * in column XFD (16,384) costs a few bytes in the file and would make every row that reaches it 16,384 cells long.
 */
export const MAX_XLSX_COLUMNS = 200;

/** What a reader may take from one file. */
export interface SheetLimits {
  /** Data rows: non-blank rows below the header, which is the first non-blank row. */
  maxRows: number;
  /** The rightmost column (counting from 1) an XLSX row may hold a value in. */
  maxColumns: number;
  /** What an XLSX file may unpack to, all its parts together. */
  maxUncompressedBytes: number;
}

/** How a refusal names the document and what to do about it; each reader's caller knows its own document. */
export interface SheetWording {
  /** The document as a workbook: "a count workbook". */
  workbook: string;
  /** Advice for a file with too many rows: "split the count by bin or aisle and upload the parts". */
  tooManyRows: string;
  /** Advice for a workbook that unpacks too big; ", or save it as CSV" follows it. */
  tooBig: string;
  /** Said when the first tab is a chart or dialog sheet: "put the count on the first sheet". */
  firstSheet: string;
}

/** Limits and wording together: everything a reader needs to refuse a file well. */
export interface SheetRules {
  limits: SheetLimits;
  wording: SheetWording;
}

/**
 * Counts data rows as a reader meets them and throws a DocumentError on the first one past `maxRows`, so reading
 * stops right there. Blank rows and the header (the first non-blank row) are not counted.
 */
export function dataRowLimit(file: string, rules: SheetRules): (cells: readonly string[]) => void {
  const { maxRows } = rules.limits;
  let seen = -1; // the header makes it 0
  return (cells) => {
    if (isBlankRow(cells)) return;
    seen++;
    if (seen > maxRows) {
      throw new DocumentError([{ file, message: `has more than ${maxRows.toLocaleString('en-US')} rows; ${rules.wording.tooManyRows}` }]);
    }
  };
}

/** The refusal of a value in `column` (counting from 1), right of the last column a sheet may use. */
export function pastLastColumn(file: string, row: number, column: number, maxColumns: number): DocumentError {
  return new DocumentError([
    {
      file,
      row,
      message: `has a value in column ${columnLetter(column - 1)}, past column ${columnLetter(maxColumns - 1)} (a sheet may use ${maxColumns} columns); clear that cell or delete the columns right of the data`,
    },
  ]);
}

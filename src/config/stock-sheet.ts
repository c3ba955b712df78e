import { basename, extname } from 'node:path';
import type { StockItem } from '../domain/types';
import { DocumentError } from './errors';
import { readDocumentBytes } from './headers';
import { StockSheetParser, type StockSheetReport } from './stock-sheet-rows';
import { parseCsvRecords } from './spreadsheet/csv';
import {
  dataRowLimit,
  MAX_XLSX_COLUMNS,
  MAX_XLSX_UNCOMPRESSED_BYTES,
  type SheetLimits,
  type SheetRules,
  type SheetWording,
} from './spreadsheet/limits';
import { XLS_DETAIL } from './spreadsheet/sniff';
import { readXlsx } from './spreadsheet/xlsx';

// Reads the stock sheet, CSV or XLSX, into StockItems: one row per item per location, every problem named by file,
// row and column. The readers under spreadsheet/ turn the file into rows of cell text within the limits below, the
// same readers and limits an uploaded count file goes through; stock-sheet-rows.ts says what the rows mean.
//
// Each reader comes two ways: `…Report` skips a row with a problem of its own and says so (the daily check decides
// every other item), and the plain one is all or nothing (a DocumentError for any problem), for callers that must
// not act on part of a sheet. Either way a problem of the whole sheet fails the read.

export {
  STOCK_SHEET_COLUMNS,
  type StockSheetColumn,
  type StockSheetReport,
  parseStockSheetRows,
} from './stock-sheet-rows';

/**
 * Data rows in one stock sheet (blank rows and the header not counted). A big shop stocks tens of thousands of items
 * per location, so a sheet with more is a whole export pasted in or a sheet filled down by mistake, and reading it
 * would only fill a Lambda's memory.
 */
export const MAX_STOCK_SHEET_ROWS = 200_000;

const STOCK_SHEET_WORDING: SheetWording = {
  workbook: 'a stock sheet workbook',
  tooManyRows:
    'a stock sheet has one row per item per location: delete the rows that are not stock items, or check this is the stock sheet',
  tooBig: 'keep only the stock list in it (move other worksheets and pasted data out)',
  firstSheet: 'put the stock list on the first sheet',
};

/** The stock sheet's limits, each overridable (tests use small ones). */
function stockSheetRules(limits: Partial<SheetLimits>): SheetRules {
  return {
    limits: {
      maxRows: limits.maxRows ?? MAX_STOCK_SHEET_ROWS,
      maxColumns: limits.maxColumns ?? MAX_XLSX_COLUMNS,
      maxUncompressedBytes: limits.maxUncompressedBytes ?? MAX_XLSX_UNCOMPRESSED_BYTES,
    },
    wording: STOCK_SHEET_WORDING,
  };
}

/** The items, or one DocumentError with the problems of the rows a report skipped. */
function allRows({ items, skipped }: StockSheetReport): StockItem[] {
  if (skipped.length > 0) throw new DocumentError(skipped);
  return items;
}

/** Reads a CSV stock sheet (comma-separated, UTF-8, a BOM allowed); throws one DocumentError with every problem. */
export function parseStockSheetCsv(text: string, fileName: string, limits: Partial<SheetLimits> = {}): StockItem[] {
  return allRows(parseStockSheetCsvReport(text, fileName, limits));
}

/** Reads a CSV stock sheet, skipping the rows with problems of their own; throws a DocumentError for the sheet's. */
export function parseStockSheetCsvReport(text: string, fileName: string, limits: Partial<SheetLimits> = {}): StockSheetReport {
  const parser = new StockSheetParser(fileName);
  const limit = dataRowLimit(fileName, stockSheetRules(limits));
  // Always commas: the write-back lane writes this file with commas too, and sniffing could misread a sheet whose
  // header happens to hold a semicolon.
  parseCsvRecords(fileName, Buffer.from(text, 'utf8'), ',', (row, cells) => {
    limit(cells);
    parser.add(row, cells);
  });
  return parser.report();
}

/**
 * Reads a stock sheet held as rows of cell text from row 1 (a Google Sheet as the Sheets API gives it), skipping the
 * rows with problems of their own: a Google cell reads exactly as a CSV cell does, with the same limits and messages.
 */
export function parseStockSheetGridReport(
  rows: readonly (readonly string[])[],
  name: string,
  limits: Partial<SheetLimits> = {},
): StockSheetReport {
  const parser = new StockSheetParser(name);
  const limit = dataRowLimit(name, stockSheetRules(limits));
  for (const [i, cells] of rows.entries()) {
    limit(cells);
    parser.add(i + 1, cells);
  }
  return parser.report();
}

/**
 * Reads an XLSX stock sheet's first worksheet, streamed, with the same limits and refusals as an uploaded count
 * file: zip bombs, damaged or non-workbook files, too many rows, a value past the last column allowed. Throws one
 * DocumentError with every problem.
 */
export async function parseStockSheetXlsx(data: Buffer, fileName: string, limits: Partial<SheetLimits> = {}): Promise<StockItem[]> {
  return allRows(await parseStockSheetXlsxReport(data, fileName, limits));
}

/** Reads an XLSX stock sheet as parseStockSheetXlsx does, skipping the rows with problems of their own. */
export async function parseStockSheetXlsxReport(
  data: Buffer,
  fileName: string,
  limits: Partial<SheetLimits> = {},
): Promise<StockSheetReport> {
  const parser = new StockSheetParser(fileName);
  await readXlsx(fileName, data, stockSheetRules(limits), (row, cells) => parser.add(row, cells));
  return parser.report();
}

/** Reads a `.csv` or `.xlsx` stock sheet, all or nothing; messages name the file by its basename. */
export async function readStockSheetFile(path: string): Promise<StockItem[]> {
  return allRows(await readStockSheetReport(path));
}

/**
 * Reads a `.csv` or `.xlsx` stock sheet, skipping each row with a problem of its own and naming it in `skipped`;
 * throws a DocumentError for a problem of the whole sheet. Messages name the file by its basename.
 */
export async function readStockSheetReport(path: string): Promise<StockSheetReport> {
  const fileName = basename(path);
  const extension = extname(path).toLowerCase();
  if (extension !== '.csv' && extension !== '.xlsx') {
    const got = extension === '' ? 'no extension' : `"${extension}"`;
    const advice = extension === '.xls' ? `: ${XLS_DETAIL}` : '';
    throw new DocumentError([{ file: path, message: `expected a stock sheet ending in .csv or .xlsx, got ${got}${advice}` }]);
  }
  const data = await readDocumentBytes(path);
  return extension === '.csv' ? parseStockSheetCsvReport(data.toString('utf8'), fileName) : parseStockSheetXlsxReport(data, fileName);
}

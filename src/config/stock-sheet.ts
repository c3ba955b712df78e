import { basename, extname } from 'node:path';
import { parse, type Info } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import type { StockItem } from '../domain/types';
import { DocumentError, type Problem } from './errors';
import { normalizeKey, readDocumentBytes } from './headers';

/** The stock sheet's columns in the order the app writes them back (DESIGN.md "Formats"). */
export const STOCK_SHEET_COLUMNS = [
  'sku',
  'name',
  'location',
  'supplier',
  'category',
  'on_hand',
  'daily_sales_rate',
  'lead_time_days',
  'safety_buffer',
  'pack_size',
  'unit_cost',
  'point_override',
  'target_level',
  'aliases',
] as const;
export type StockSheetColumn = (typeof STOCK_SHEET_COLUMNS)[number];

const REQUIRED_COLUMNS: readonly StockSheetColumn[] = ['sku', 'name', 'on_hand', 'daily_sales_rate', 'lead_time_days'];

const DEFAULT_LOCATION = 'main';

const isColumn = (key: string): key is StockSheetColumn => (STOCK_SHEET_COLUMNS as readonly string[]).includes(key);

/** `A`, `B`, … `AA`: how a spreadsheet user finds a column. */
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

// A thousands separator must group exactly three digits: "1,200" is 1200, but "4,20" is a European decimal comma and
// reading it as 420 would silently order a hundred times too much, so it is rejected instead.
const PLAIN_NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:e[+-]?\d+)?$/i;
// Unit costs are often typed the way they are shown: "£4.20", "$4.20".
const CURRENCY_PREFIX = /^([+-]?)\s*[£$€¥]\s*/;

/** The number a cell holds, or null when it is not a number as written. */
function readNumber(raw: string, allowCurrency: boolean): number | null {
  const text = allowCurrency ? raw.replace(CURRENCY_PREFIX, '$1') : raw;
  if (!/\d/.test(text) || !PLAIN_NUMBER.test(text)) return null;
  const value = Number(text.replace(/,/g, ''));
  return Number.isFinite(value) ? value : null;
}

const got = (raw: string): string => (raw === '' ? 'got an empty cell' : `got "${raw}"`);

interface NumberRule {
  min: number;
  integer?: boolean;
  currency?: boolean;
  expected: string;
}

const AT_LEAST_ZERO: NumberRule = { min: 0, expected: 'a number ≥ 0' };
const PACK_SIZE: NumberRule = { min: 1, integer: true, expected: 'a whole number ≥ 1' };
const UNIT_COST: NumberRule = { min: 0, currency: true, expected: 'an amount ≥ 0 like 4.20 or £4.20' };

export const isBlankRow = (cells: readonly string[]): boolean => cells.every((c) => c.trim() === '');

/**
 * The shared core of the CSV and XLSX readers: `rows` is the sheet as text, header first. `rowNumbers[i]` is the
 * spreadsheet row of `rows[i]` (default `i + 1`); the CSV reader passes it so a multi-line cell doesn't shift the rows
 * below it. Throws one DocumentError with every problem found.
 */
export function parseStockSheetRows(
  rows: readonly (readonly string[])[],
  fileName: string,
  rowNumbers?: readonly number[],
): StockItem[] {
  const rowNumber = (i: number): number => rowNumbers?.[i] ?? i + 1;
  const headerAt = rows.findIndex((r) => !isBlankRow(r));
  const header = rows[headerAt];
  if (header === undefined) {
    throw new DocumentError([
      { file: fileName, message: `the sheet has no rows; expected a header row with ${REQUIRED_COLUMNS.join(', ')}` },
    ]);
  }

  const problems: Problem[] = [];
  const headerRow = rowNumber(headerAt);
  const positions = new Map<StockSheetColumn, number>();
  header.forEach((title, index) => {
    const key = normalizeKey(title);
    if (!isColumn(key)) return; // notes columns and the like are the sheet owner's business
    const first = positions.get(key);
    if (first === undefined) positions.set(key, index);
    else
      problems.push({
        file: fileName,
        row: headerRow,
        field: key,
        message: `the column appears twice (columns ${columnLetter(first)} and ${columnLetter(index)}); keep one`,
      });
  });
  const found = header.map((h) => h.trim()).filter((h) => h !== '');
  for (const column of REQUIRED_COLUMNS) {
    if (!positions.has(column)) {
      problems.push({
        file: fileName,
        row: headerRow,
        field: column,
        message: `required column is missing; the header row has: ${found.join(', ')}`,
      });
    }
  }
  // Without the right header every cell would be misread, so row problems would only bury the real one.
  if (problems.length > 0) throw new DocumentError(problems);

  const items: StockItem[] = [];
  const seen = new Map<string, { row: number; sku: string; location: string }>();
  let dataRows = 0;
  for (let i = headerAt + 1; i < rows.length; i++) {
    const cells = rows[i] ?? [];
    const row = rowNumber(i);
    const cell = (column: StockSheetColumn): string => {
      const at = positions.get(column);
      return at === undefined ? '' : (cells[at] ?? '').trim();
    };
    // A row with something only in a notes column is still a blank row as far as stock goes.
    if (STOCK_SHEET_COLUMNS.every((c) => cell(c) === '')) continue;
    dataRows++;

    const before = problems.length;
    const fail = (field: StockSheetColumn, message: string): void => {
      problems.push({ file: fileName, row, field, message });
    };
    const text = (column: StockSheetColumn, expected: string): string => {
      const raw = cell(column);
      if (raw === '') fail(column, `expected ${expected}, got an empty cell`);
      return raw;
    };
    const optionalText = (column: StockSheetColumn): string | null => cell(column) || null;
    const number = (column: StockSheetColumn, rule: NumberRule): number | null => {
      const raw = cell(column);
      if (raw === '') return null;
      const value = readNumber(raw, rule.currency ?? false);
      if (value === null || value < rule.min || (rule.integer && !Number.isInteger(value))) {
        fail(column, `expected ${rule.expected}, ${got(raw)}`);
        return null;
      }
      return value;
    };
    const required = (column: StockSheetColumn, rule: NumberRule): number => {
      const value = number(column, rule);
      if (value === null && cell(column) === '') fail(column, `expected ${rule.expected}, got an empty cell`);
      return value ?? 0;
    };

    const item: StockItem = {
      sku: text('sku', 'a SKU'),
      name: text('name', "the item's name"),
      location: cell('location') || DEFAULT_LOCATION,
      supplier: optionalText('supplier'),
      category: optionalText('category'),
      onHand: required('on_hand', AT_LEAST_ZERO),
      dailySalesRate: required('daily_sales_rate', AT_LEAST_ZERO),
      leadTimeDays: required('lead_time_days', AT_LEAST_ZERO),
      safetyBuffer: number('safety_buffer', AT_LEAST_ZERO),
      packSize: number('pack_size', PACK_SIZE),
      unitCost: number('unit_cost', UNIT_COST),
      pointOverride: number('point_override', AT_LEAST_ZERO),
      targetLevel: number('target_level', AT_LEAST_ZERO),
      aliases: cell('aliases')
        .split('|')
        .map((a) => a.trim())
        .filter((a) => a !== ''),
    };

    if (item.sku !== '') {
      // Case-insensitive, because everything downstream (aliases, rules-doc maps) matches SKUs that way.
      const key = `${item.location.toLowerCase()}\u0000${item.sku.toLowerCase()}`;
      const earlier = seen.get(key);
      if (earlier) fail('sku', `duplicate of row ${earlier.row} (${earlier.sku} at ${earlier.location})`);
      else seen.set(key, { row, sku: item.sku, location: item.location });
    }
    if (problems.length === before) items.push(item);
  }

  if (dataRows === 0) {
    problems.push({ file: fileName, message: `the sheet has no item rows below the header (row ${headerRow}); expected one row per item per location` });
  }
  if (problems.length > 0) throw new DocumentError(problems);
  return items;
}

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

export function parseStockSheetCsv(text: string, fileName: string): StockItem[] {
  const buf = Buffer.from(text, 'utf8');
  // Where each record ends, in bytes of `buf` (csv-parse's info for the record). A record's row number is the line
  // where it starts: info.lines is where it ends (and counts a CRLF inside a quoted cell twice), so the rows are
  // counted from these offsets instead.
  const ends: number[] = [];
  let records: string[][];
  try {
    records = parse(buf, {
      bom: true,
      relax_column_count: true,
      // A name like `12" pipe` typed into a CSV by hand is text, not a broken quote.
      relax_quotes: true,
      // Blank lines are kept as records so every line is accounted for; the core skips blank rows.
      skip_empty_lines: false,
      on_record: (record: string[], info: Info) => {
        ends.push(info.bytes);
        return record;
      },
    });
  } catch (err) {
    // csv-parse reports where it gave up, often the end of the file; the row to fix is the one after the last good record.
    const message =
      (err as { code?: string }).code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'not readable as CSV: a quoted cell that starts in this row is never closed (a closing " is missing)'
        : `not readable as CSV (${(err as Error).message})`;
    const row = 1 + countLineBreaks(buf, 0, ends[ends.length - 1] ?? 0);
    throw new DocumentError([{ file: fileName, row, message }]);
  }
  const rowNumbers: number[] = [];
  let line = 1;
  let offset = 0;
  for (const end of ends) {
    rowNumbers.push(line);
    line += countLineBreaks(buf, offset, end);
    offset = end;
  }
  return parseStockSheetRows(records, fileName, rowNumbers);
}

/** yyyy-MM-dd (or the full instant when it has a time): exceljs gives dates as UTC. */
function showDate(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/** A cell as the text a person sees in it. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  // Shown as a date, so a date in a number column is rejected with what the user sees in the cell.
  if (value instanceof Date) return showDate(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('error' in value) return value.error;
  if ('formula' in value || 'sharedFormula' in value) {
    // A workbook saved without calculating has no result; show the formula so the error says which cell.
    const formula = 'sharedFormula' in value ? value.sharedFormula : value.formula;
    return value.result === undefined ? `=${formula}` : cellText(value.result);
  }
  if ('hyperlink' in value) return cellText(value.text as ExcelJS.CellValue);
  return '';
}

export async function parseStockSheetXlsx(data: Buffer, fileName: string): Promise<StockItem[]> {
  const notXlsx = (detail: string): DocumentError => new DocumentError([{ file: fileName, message: `not an XLSX workbook; ${detail}` }]);
  // Old .xls files are OLE compound documents, which exceljs cannot read; say so rather than "corrupt".
  if (data.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw notXlsx('this looks like an old Excel .xls file: save it as .xlsx or CSV');
  }
  // An XLSX workbook is a ZIP archive; anything else would only produce a confusing unzip error.
  if (data.length < 4 || data[0] !== 0x50 || data[1] !== 0x4b) throw notXlsx('expected a file saved as .xlsx from Excel or Google Sheets');
  // Loaded on first use: most sheets are CSV, and a cold Lambda should not pay for the XLSX reader up front.
  const { Workbook } = require('exceljs') as typeof import('exceljs');
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(data as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  } catch (err) {
    throw notXlsx(`could not open it (${(err as Error).message})`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new DocumentError([{ file: fileName, message: 'the workbook has no worksheets' }]);
  // Row i of the array is spreadsheet row i + 1, blank rows included, so the core's default numbering is right.
  const rows: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    rows.push(cells);
  }
  return parseStockSheetRows(rows, fileName);
}

/** Reads a `.csv` or `.xlsx` stock sheet; messages name the file by its basename. */
export async function readStockSheetFile(path: string): Promise<StockItem[]> {
  const fileName = basename(path);
  const extension = extname(path).toLowerCase();
  if (extension !== '.csv' && extension !== '.xlsx') {
    throw new DocumentError([
      { file: path, message: `expected a stock sheet ending in .csv or .xlsx, got ${extension === '' ? 'no extension' : `"${extension}"`}` },
    ]);
  }
  const data = await readDocumentBytes(path);
  return extension === '.csv' ? parseStockSheetCsv(data.toString('utf8'), fileName) : parseStockSheetXlsx(data, fileName);
}

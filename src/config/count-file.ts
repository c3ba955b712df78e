import { extname } from 'node:path';
import type { CountFile, CountFileKind, CountRow } from '../domain/count-rows';
import { atMost, MAX_QUANTITY } from './bounds';
import { DocumentError, type Problem } from './errors';
import { closest, normalizeKey } from './headers';
import { columnLetter, isBlankRow } from './spreadsheet/cells';
import { readCsv } from './spreadsheet/csv';
import { MAX_XLSX_COLUMNS, MAX_XLSX_UNCOMPRESSED_BYTES, type SheetRules, type SheetWording } from './spreadsheet/limits';
import { XLS_DETAIL } from './spreadsheet/sniff';
import { readXlsx } from './spreadsheet/xlsx';

// Reads an uploaded count file (a scanner export or the app's count sheet filled in) into plain rows, faithfully:
// what each cell says, where it is. The CSV and XLSX readers under spreadsheet/ read the cells and enforce the limits;
// this module finds the header layout and keeps the rows. What the rows mean (SKU lookup, units, re-scans, parking)
// is capture's business (src/domain/count-capture.ts).

export { MAX_XLSX_UNCOMPRESSED_BYTES };

/**
 * Data rows in one count file. A full count of a big store is a few thousand lines, so a file with more is a mistake
 * (a whole export, a runaway scanner) or an attack, and reading it would only fill memory.
 */
export const MAX_COUNT_ROWS = 100_000;

const MAX_RAW_LENGTH = 500;

/** Limits for one read; each defaults to the exported constant. */
export interface CountFileLimits {
  /** Data rows (blank rows and the header not counted); MAX_COUNT_ROWS. */
  maxRows?: number;
  /** What an XLSX file may unpack to; MAX_XLSX_UNCOMPRESSED_BYTES. */
  maxUncompressedBytes?: number;
  /** The rightmost column an XLSX row may hold a value in; MAX_XLSX_COLUMNS. */
  maxColumns?: number;
}

const SPLIT = 'split the count by bin or aisle and upload the parts';
const COUNT_WORDING: SheetWording = {
  workbook: 'a count workbook',
  tooManyRows: SPLIT,
  tooBig: SPLIT,
  firstSheet: 'put the count on the first sheet',
};

const CODE_COLUMNS = ['barcode', 'code', 'sku'] as const;
const QUANTITY_COLUMNS = ['qty', 'quantity', 'count'] as const;
const SHEET_QUANTITY = 'counted_qty';
/** Columns people put in count files that are not a code, so never worth a "did you mean" for one. */
const KNOWN_COLUMNS = new Set<string>([...CODE_COLUMNS, ...QUANTITY_COLUMNS, SHEET_QUANTITY, 'unit', 'location', 'name']);

const EXPECTED_HEADER =
  'expected a header row with a barcode, code or sku column (a scanner export) or sku and counted_qty (a count sheet)';

type Field = 'code' | 'qty' | 'unit' | 'location';
const FIELDS: readonly Field[] = ['code', 'qty', 'unit', 'location'];

/** Where a file's columns are, found from its header row. */
interface Layout {
  kind: CountFileKind;
  columns: Map<Field, number>;
  /** The quantity column's header as written, to name it in a problem. */
  qtyTitle: string;
}

const listed = (header: readonly string[]): string => {
  const text = header
    .map((h) => h.trim())
    .filter((h) => h !== '')
    .join(', ');
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
};

function readLayout(header: readonly string[], row: number, file: string): Layout {
  const keys = header.map(normalizeKey);
  const kind: CountFileKind = keys.includes(SHEET_QUANTITY) ? 'sheet' : 'scanner';
  // A count sheet's code is its sku column: a barcode column next to it is only a note.
  const names: Record<Field, readonly string[]> =
    kind === 'sheet'
      ? { code: ['sku'], qty: [SHEET_QUANTITY], unit: ['unit'], location: ['location'] }
      : { code: CODE_COLUMNS, qty: QUANTITY_COLUMNS, unit: ['unit'], location: ['location'] };

  const problems: Problem[] = [];
  const columns = new Map<Field, number>();
  for (const [index, key] of keys.entries()) {
    const field = FIELDS.find((f) => names[f].includes(key));
    if (field === undefined) continue;
    const first = columns.get(field);
    if (first === undefined) {
      columns.set(field, index);
      continue;
    }
    const title = (header[index] ?? '').trim();
    const firstTitle = (header[first] ?? '').trim();
    const which =
      keys[first] === key
        ? 'the column appears twice'
        : `"${firstTitle}" and "${title}" are both the ${field === 'code' ? 'code' : 'quantity'} column`;
    problems.push({ file, row, field: title, message: `${which} (columns ${columnLetter(first)} and ${columnLetter(index)}); keep one` });
  }

  if (!columns.has('code')) {
    const hint = (candidates: readonly string[]): string => {
      for (const title of header) {
        if (KNOWN_COLUMNS.has(normalizeKey(title))) continue;
        const hit = closest(title, candidates);
        if (hit !== null) return ` (did you mean "${hit}" for "${title.trim()}"?)`;
      }
      return '';
    };
    if (kind === 'sheet') {
      const at = columnLetter(keys.indexOf(SHEET_QUANTITY));
      problems.push({
        file,
        row,
        field: 'sku',
        message: `a count sheet needs a sku column next to counted_qty (column ${at}); the header row has: ${listed(header)}${hint(['sku'])}`,
      });
    } else {
      // A scanner set to export without a header puts a code where the header should be.
      const looksLikeData = header.some((h) => /^\d{6,}$/.test(h.trim()));
      const advice = looksLikeData
        ? '; that row looks like scanned data: add a header row such as barcode,qty above it'
        : hint([...CODE_COLUMNS, SHEET_QUANTITY]);
      problems.push({ file, row, message: `${EXPECTED_HEADER}; the header row has: ${listed(header)}${advice}` });
    }
  }
  if (problems.length > 0) throw new DocumentError(problems);
  const qty = columns.get('qty');
  return { kind, columns, qtyTitle: qty === undefined ? '' : (header[qty] ?? '').trim() };
}

// A quantity written as a number, the way a person or a spreadsheet writes one: "1,200", "+3", "2.5", "1e+21".
const NUMBER_LIKE = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:e[+-]?\d+)?$/i;

/**
 * True when `text` is a number past MAX_QUANTITY: a barcode scanned into the quantity column, a cell filled with
 * nines. Anything else that is not a count (words, a negative) is capture's to park; a number this big would
 * instead be counted, and fail far from the file when stored.
 */
const pastMaxQuantity = (text: string): boolean =>
  /\d/.test(text) && NUMBER_LIKE.test(text) && Number(text.replace(/,/g, '')) > MAX_QUANTITY;

/** The row as typed, for a person to recognise: trailing empty cells dropped, cut at MAX_RAW_LENGTH characters. */
function rawText(cells: readonly string[]): string {
  let end = cells.length;
  while (end > 0 && (cells[end - 1] ?? '').trim() === '') end--;
  const text = cells.slice(0, end).join(',');
  if (text.length <= MAX_RAW_LENGTH) return text;
  let cut = MAX_RAW_LENGTH - 1;
  // Never split a surrogate pair: half an emoji renders as garbage in Slack.
  if (/[\uD800-\uDBFF]/.test(text.charAt(cut - 1))) cut--;
  return `${text.slice(0, cut)}…`;
}

/** Turns a file's rows, header first, into a CountFile; the CSV and XLSX readers feed it one row at a time. */
class RowCollector {
  private layout: Layout | null = null;
  private readonly rows: CountRow[] = [];
  /** Quantities past MAX_QUANTITY: the file is refused with every one of them named. */
  private readonly problems: Problem[] = [];

  constructor(private readonly file: string) {}

  /** Throws DocumentError for a bad header, so a reader can stop right there. */
  add(row: number, cells: readonly string[]): void {
    if (isBlankRow(cells)) return;
    if (this.layout === null) {
      this.layout = readLayout(cells, row, this.file);
      return;
    }
    const { columns, qtyTitle } = this.layout;
    const cell = (field: Field): string => {
      const at = columns.get(field);
      return at === undefined ? '' : (cells[at] ?? '').trim();
    };
    const qty = columns.has('qty') ? cell('qty') : null;
    if (qty !== null && pastMaxQuantity(qty)) {
      this.problems.push({
        file: this.file,
        row,
        field: qtyTitle,
        message: `expected ${atMost('a quantity', MAX_QUANTITY)}, got "${qty}"`,
      });
    }
    this.rows.push({
      row,
      code: cell('code'),
      qty,
      unit: cell('unit'),
      location: cell('location'),
      raw: rawText(cells),
    });
  }

  finish(emptyMessage: string): CountFile {
    if (this.layout === null) throw new DocumentError([{ file: this.file, message: `${emptyMessage}; ${EXPECTED_HEADER}` }]);
    if (this.problems.length > 0) throw new DocumentError(this.problems);
    return { file: this.file, kind: this.layout.kind, hasQuantity: this.layout.columns.has('qty'), rows: this.rows };
  }
}

/**
 * Reads a count file (.csv, .txt or .xlsx); throws DocumentError (every problem named by file, and row and column
 * where there is one) when it cannot.
 */
export async function readCountFile(fileName: string, bytes: Buffer, limits: CountFileLimits = {}): Promise<CountFile> {
  const rules: SheetRules = {
    limits: {
      maxRows: limits.maxRows ?? MAX_COUNT_ROWS,
      maxUncompressedBytes: limits.maxUncompressedBytes ?? MAX_XLSX_UNCOMPRESSED_BYTES,
      maxColumns: limits.maxColumns ?? MAX_XLSX_COLUMNS,
    },
    wording: COUNT_WORDING,
  };
  const extension = extname(fileName).toLowerCase();
  const rows = new RowCollector(fileName);
  const add = (row: number, cells: readonly string[]): void => rows.add(row, cells);
  if (extension === '.csv' || extension === '.txt') {
    readCsv(fileName, bytes, rules, add);
    return rows.finish('the file is empty');
  }
  if (extension === '.xlsx') {
    const sheetName = await readXlsx(fileName, bytes, rules, add);
    return rows.finish(`the first worksheet ("${sheetName}") is empty`);
  }
  const got = extension === '' ? 'no extension' : `"${extension}"`;
  const advice = extension === '.xls' ? `: ${XLS_DETAIL}` : '';
  throw new DocumentError([{ file: fileName, message: `expected a count file ending in .csv or .xlsx, got ${got}${advice}` }]);
}

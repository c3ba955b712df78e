import type { StockItem } from '../domain/types';
import { atMost, MAX_DAILY_RATE, MAX_DAYS, MAX_PACK_SIZE, MAX_QUANTITY, MAX_UNIT_COST } from './bounds';
import { DocumentError, type Problem } from './errors';
import { normalizeKey } from './headers';
import { columnLetter, isBlankRow } from './spreadsheet/cells';

// What a stock sheet's rows mean: the columns, the numbers they may hold, one item per location. The readers in
// stock-sheet.ts hand rows of cell text over one at a time, CSV or XLSX alike, so every problem is worded the same way
// and names its file, row and column.
//
// A problem is either the row's or the sheet's. A row's own problem (a cell that is not a number, or past its bound;
// a required cell left empty) says nothing about the other rows, so that row is skipped and reported and every other
// item is still checked: one typo must not stop the morning's orders. The sheet's problems fail the whole read,
// because with them no row can be trusted or the items would be guessed: a header without a required column (every
// cell would be misread), a SKU twice at one location (which row holds the real stock is not ours to pick, and
// deciding either could order from the wrong on hand), no item rows at all, and every row in error (a sheet whose
// every row is wrong is the wrong sheet or a shifted column, not a few typos). The readers' own refusals (an
// unreadable file, a zip bomb, too many rows, a value past the last column) stop the read before the sheet is whole,
// so they fail it too.

/** The stock sheet's columns in the order the app writes them back. */
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
/** One of the stock sheet's columns, by its normalized header. */
export type StockSheetColumn = (typeof STOCK_SHEET_COLUMNS)[number];

const REQUIRED_COLUMNS: readonly StockSheetColumn[] = ['sku', 'name', 'on_hand', 'daily_sales_rate', 'lead_time_days'];

const DEFAULT_LOCATION = 'main';

const isColumn = (key: string): key is StockSheetColumn => (STOCK_SHEET_COLUMNS as readonly string[]).includes(key);

// A thousands separator must group exactly three digits: "1,200" is 1200, but "4,20" is a European decimal comma and
// reading it as 420 would silently order a hundred times too much, so it is rejected instead.
const PLAIN_NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:e[+-]?\d+)?$/i;
// Unit costs are often typed the way they are shown: "£4.20", "$4.20".
const CURRENCY_PREFIX = /^([+-]?)\s*[£$€¥]\s*/;

/**
 * The number a cell holds, or null when it is not a number as written. A number too big for a double ("1e400") is
 * Infinity, so it is refused as past its bound rather than as not a number.
 */
function readNumber(raw: string, allowCurrency: boolean): number | null {
  const text = allowCurrency ? raw.replace(CURRENCY_PREFIX, '$1') : raw;
  if (!/\d/.test(text) || !PLAIN_NUMBER.test(text)) return null;
  const value = Number(text.replace(/,/g, ''));
  return Number.isNaN(value) ? null : value;
}

const got = (raw: string): string => (raw === '' ? 'got an empty cell' : `got "${raw}"`);

interface NumberRule {
  min: number;
  /** The largest value allowed (src/config/bounds.ts). */
  max: number;
  integer?: boolean;
  currency?: boolean;
  /** What a value below `min`, or not a number at all, should have been. */
  expected: string;
  /** What a value past `max` should have been. */
  tooBig: string;
}

const atLeastZero = (max: number): NumberRule => ({ min: 0, max, expected: 'a number ≥ 0', tooBig: atMost('a number', max) });
const QUANTITY = atLeastZero(MAX_QUANTITY);
const RATE = atLeastZero(MAX_DAILY_RATE);
const DAYS = atLeastZero(MAX_DAYS);
const PACK_SIZE: NumberRule = {
  min: 1,
  max: MAX_PACK_SIZE,
  integer: true,
  expected: 'a whole number ≥ 1',
  tooBig: atMost('a whole number', MAX_PACK_SIZE),
};
const UNIT_COST: NumberRule = {
  min: 0,
  max: MAX_UNIT_COST,
  currency: true,
  expected: 'an amount ≥ 0 like 4.20 or £4.20',
  tooBig: atMost('an amount', MAX_UNIT_COST),
};

/**
 * The aliases cell split on "|", each trimmed, empty ones dropped. Kept exactly as long as it needs to be: a sheet's
 * items stay in memory all day, and an array grown by filter keeps spare room.
 */
function aliasesOf(cell: string): string[] {
  if (cell === '') return [];
  const aliases = cell.split('|').map((a) => a.trim());
  return aliases.includes('') ? aliases.filter((a) => a !== '').slice() : aliases;
}

/**
 * The first row of each SKU at each location, compared case-insensitively because everything downstream (aliases,
 * rules-doc maps) matches SKUs that way. A sheet of 100,000 items holds one of these for the whole read, so a row
 * costs a map entry and three array slots, not an object and a joined key.
 */
class FirstRows {
  private readonly byLocation = new Map<string, Map<string, number>>();
  private readonly rows: number[] = [];
  private readonly skus: string[] = [];
  private readonly locations: string[] = [];

  /** Records `row` as the first with this SKU at this location, or returns the earlier row that was, as written. */
  claim(row: number, sku: string, location: string): { row: number; sku: string; location: string } | undefined {
    const place = location.toLowerCase();
    let skus = this.byLocation.get(place);
    if (skus === undefined) {
      skus = new Map();
      this.byLocation.set(place, skus);
    }
    const key = sku.toLowerCase();
    const at = skus.get(key);
    if (at !== undefined) return { row: this.rows[at] ?? 0, sku: this.skus[at] ?? '', location: this.locations[at] ?? '' };
    skus.set(key, this.rows.length);
    this.rows.push(row);
    this.skus.push(sku);
    this.locations.push(location);
    return undefined;
  }
}

/** A stock sheet read row by row: the items of every good row, and the problems of each row skipped. */
export interface StockSheetReport {
  items: StockItem[];
  /** Every problem of every row skipped, in row order; a row with two bad cells has two. Empty when all rows were read. */
  skipped: Problem[];
}

/** Turns a sheet's rows, header first, into StockItems; a reader feeds it one row at a time, so no row is kept as text. */
export class StockSheetParser {
  private header: { row: number; positions: Map<StockSheetColumn, number> } | null = null;
  private readonly items: StockItem[] = [];
  /** Problems of single rows: each skips its row. */
  private readonly rowProblems: Problem[] = [];
  /** Problems of the sheet as a whole: any one fails the read. */
  private readonly sheetProblems: Problem[] = [];
  private readonly firstRows = new FirstRows();
  private dataRows = 0;

  constructor(private readonly file: string) {}

  /**
   * One row and its spreadsheet row number, in sheet order; blank rows are skipped. Throws a DocumentError for a
   * header that cannot be read, so a reader stops right there: without the right header every cell would be misread,
   * and row problems would only bury the real one.
   */
  add(row: number, cells: readonly string[]): void {
    if (this.header === null) {
      if (!isBlankRow(cells)) this.header = { row, positions: this.readHeader(row, cells) };
      return;
    }
    const { positions } = this.header;
    const cell = (column: StockSheetColumn): string => {
      const at = positions.get(column);
      return at === undefined ? '' : (cells[at] ?? '').trim();
    };
    // A row with something only in a notes column is still a blank row as far as stock goes.
    if (STOCK_SHEET_COLUMNS.every((c) => cell(c) === '')) return;
    this.dataRows++;

    const { file, rowProblems: problems } = this;
    const before = problems.length;
    const fail = (field: StockSheetColumn, message: string): void => {
      problems.push({ file, row, field, message });
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
      if (value === null || value < rule.min || (rule.integer && Number.isFinite(value) && !Number.isInteger(value))) {
        fail(column, `expected ${rule.expected}, ${got(raw)}`);
        return null;
      }
      if (value > rule.max) {
        fail(column, `expected ${rule.tooBig}, ${got(raw)}`);
        return null;
      }
      return value;
    };
    const required = (column: StockSheetColumn, rule: NumberRule): number => {
      const value = number(column, rule);
      if (value === null && cell(column) === '') fail(column, `expected ${rule.expected}, got an empty cell`);
      return value ?? 0;
    };

    const rateFromTill = cell('daily_sales_rate').toLowerCase() === 'auto';
    const item: StockItem = {
      sku: text('sku', 'a SKU'),
      name: text('name', "the item's name"),
      location: cell('location') || DEFAULT_LOCATION,
      supplier: optionalText('supplier'),
      category: optionalText('category'),
      onHand: required('on_hand', QUANTITY),
      // `auto`: the till's measured rate stands in, worked out by the daily check from the sales it has recorded.
      dailySalesRate: rateFromTill ? 0 : required('daily_sales_rate', RATE),
      leadTimeDays: required('lead_time_days', DAYS),
      safetyBuffer: number('safety_buffer', QUANTITY),
      packSize: number('pack_size', PACK_SIZE),
      unitCost: number('unit_cost', UNIT_COST),
      pointOverride: number('point_override', QUANTITY),
      targetLevel: number('target_level', QUANTITY),
      aliases: aliasesOf(cell('aliases')),
      ...(rateFromTill ? { salesRateFromTill: { file, row } } : {}),
    };

    // Claimed even by a row with other problems: its SKU is still written there, so a second row of it is a duplicate.
    let duplicate = false;
    if (item.sku !== '') {
      const earlier = this.firstRows.claim(row, item.sku, item.location);
      if (earlier) {
        duplicate = true;
        this.sheetProblems.push({
          file,
          row,
          field: 'sku',
          message: `duplicate of row ${earlier.row} (${earlier.sku} at ${earlier.location})`,
        });
      }
    }
    if (problems.length === before && !duplicate) this.items.push(item);
  }

  /**
   * The items of every good row and the problems of the rows skipped. Throws one DocumentError for a problem of the
   * whole sheet (see the top of this file), listing every problem found, the rows' too, in row order.
   */
  report(): StockSheetReport {
    const { file, header, rowProblems, sheetProblems } = this;
    if (header === null) {
      throw new DocumentError([{ file, message: `the sheet has no rows; expected a header row with ${REQUIRED_COLUMNS.join(', ')}` }]);
    }
    if (this.dataRows === 0) {
      throw new DocumentError([
        { file, message: `the sheet has no item rows below the header (row ${header.row}); expected one row per item per location` },
      ]);
    }
    if (sheetProblems.length > 0) {
      // Stable: within a row, its cells' problems stay before its duplicate.
      throw new DocumentError([...rowProblems, ...sheetProblems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0)));
    }
    if (this.items.length === 0) throw new DocumentError(rowProblems);
    return { items: this.items, skipped: rowProblems };
  }

  /** All or nothing: the items, or one DocumentError with every problem found, a single bad row's included. */
  finish(): StockItem[] {
    const { items, skipped } = this.report();
    if (skipped.length > 0) throw new DocumentError(skipped);
    return items;
  }

  /** Where each known column is; throws a DocumentError for a column given twice or a required one missing. */
  private readHeader(row: number, header: readonly string[]): Map<StockSheetColumn, number> {
    const { file } = this;
    const problems: Problem[] = [];
    const positions = new Map<StockSheetColumn, number>();
    header.forEach((title, index) => {
      const key = normalizeKey(title);
      if (!isColumn(key)) return; // notes columns and the like are the sheet owner's business
      const first = positions.get(key);
      if (first === undefined) positions.set(key, index);
      else
        problems.push({
          file,
          row,
          field: key,
          message: `the column appears twice (columns ${columnLetter(first)} and ${columnLetter(index)}); keep one`,
        });
    });
    const found = header.map((h) => h.trim()).filter((h) => h !== '');
    for (const column of REQUIRED_COLUMNS) {
      if (!positions.has(column))
        problems.push({ file, row, field: column, message: `required column is missing; the header row has: ${found.join(', ')}` });
    }
    if (problems.length > 0) throw new DocumentError(problems);
    return positions;
  }
}

/**
 * Parses a whole sheet already held as text: `rows` header first, `rowNumbers[i]` the spreadsheet row of `rows[i]`
 * (default `i + 1`). Throws one DocumentError with every problem found.
 */
export function parseStockSheetRows(rows: readonly (readonly string[])[], fileName: string, rowNumbers?: readonly number[]): StockItem[] {
  const parser = new StockSheetParser(fileName);
  for (const [i, cells] of rows.entries()) parser.add(rowNumbers?.[i] ?? i + 1, cells);
  return parser.finish();
}

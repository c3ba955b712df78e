import type { StockItem } from '../domain/types';
import { DocumentError, type Problem } from './errors';
import { normalizeKey } from './headers';
import { columnLetter, isBlankRow } from './spreadsheet/cells';

// What a stock sheet's rows mean: the columns, the numbers they may hold, one item per location. The readers in
// stock-sheet.ts hand rows of cell text over one at a time, CSV or XLSX alike, so every problem is worded the same way
// and names its file, row and column.

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

/** Turns a sheet's rows, header first, into StockItems; a reader feeds it one row at a time, so no row is kept as text. */
export class StockSheetParser {
  private header: { row: number; positions: Map<StockSheetColumn, number> } | null = null;
  private readonly items: StockItem[] = [];
  private readonly problems: Problem[] = [];
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

    const { file, problems } = this;
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
      aliases: aliasesOf(cell('aliases')),
    };

    if (item.sku !== '') {
      const earlier = this.firstRows.claim(row, item.sku, item.location);
      if (earlier) fail('sku', `duplicate of row ${earlier.row} (${earlier.sku} at ${earlier.location})`);
    }
    if (problems.length === before) this.items.push(item);
  }

  /** The items, or one DocumentError with every problem found. */
  finish(): StockItem[] {
    const { file, problems, header } = this;
    if (header === null) {
      throw new DocumentError([{ file, message: `the sheet has no rows; expected a header row with ${REQUIRED_COLUMNS.join(', ')}` }]);
    }
    if (this.dataRows === 0) {
      problems.push({
        file,
        message: `the sheet has no item rows below the header (row ${header.row}); expected one row per item per location`,
      });
    }
    if (problems.length > 0) throw new DocumentError(problems);
    return this.items;
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

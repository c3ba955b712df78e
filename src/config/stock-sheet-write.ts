import { parse, type Info } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { DocumentError } from './errors';
import { normalizeKey, stripBom } from './headers';
import { cellText, columnLetter, isBlankRow } from './spreadsheet/cells';

// The write-back lane into the stock sheet. The sheet is the source of truth, so every other lane (approved counts
// among them) writes into it rather than keeping numbers of its own. Only the on_hand cell (and the daily_sales_rate
// or unit_cost cell the owner chose to set from the till's rate or a supplier's price list) of the rows named changes;
// every other byte of the sheet is left as the person left it.

/** A new on_hand for one item at one location. */
export interface OnHandChange {
  location: string;
  sku: string;
  onHand: number;
}

/** A new daily_sales_rate for one item at one location (the owner chose the till's measured rate). */
export interface SalesRateChange {
  location: string;
  sku: string;
  dailySalesRate: number;
}

/** A new unit_cost for one item at one location (a supplier's price list, approved by the owner). */
export interface UnitCostChange {
  location: string;
  sku: string;
  unitCost: number;
}

/** The only cells the app ever writes into the stock sheet. */
export type StockSheetChange = OnHandChange | SalesRateChange | UnitCostChange;

export interface OnHandResult<T, C extends StockSheetChange = OnHandChange> {
  sheet: T;
  /** Changes made. */
  written: C[];
  /** Changes whose row is no longer in the sheet (deleted or renamed since). */
  missing: C[];
}

const DEFAULT_LOCATION = 'main';
const rowKey = (location: string, sku: string) => `${(location || DEFAULT_LOCATION).trim().toLowerCase()}\u0000${sku.trim().toLowerCase()}`;

interface Columns {
  sku: number;
  location: number | undefined;
  onHand: number;
  dailySalesRate: number | undefined;
  unitCost: number | undefined;
}

function columnsOf(header: readonly string[], fileName: string): Columns {
  const at = (key: string) => {
    const i = header.findIndex((h) => normalizeKey(h) === key);
    return i < 0 ? undefined : i;
  };
  const sku = at('sku');
  const onHand = at('on_hand');
  if (sku === undefined || onHand === undefined)
    throw new DocumentError([
      { file: fileName, row: 1, message: 'the header has no sku or on_hand column to write the counted quantity into' },
    ]);
  return { sku, location: at('location'), onHand, dailySalesRate: at('daily_sales_rate'), unitCost: at('unit_cost') };
}

/** The column a change sets (0-based) and the value it writes there; null when the sheet has no such column. */
function cellOf(cols: Columns, change: StockSheetChange): { at: number; value: number } | null {
  if ('onHand' in change) return { at: cols.onHand, value: change.onHand };
  if ('dailySalesRate' in change)
    return cols.dailySalesRate === undefined ? null : { at: cols.dailySalesRate, value: change.dailySalesRate };
  return cols.unitCost === undefined ? null : { at: cols.unitCost, value: change.unitCost };
}

/**
 * The changes asked for, by row; an item can have its on_hand and its rate changed in one write. A change for a column
 * the sheet does not have (a sheet without unit_cost) is never written: it is reported missing, like a row that is gone.
 */
function changesByRow<C extends StockSheetChange>(changes: readonly C[], cols?: Columns, missing?: C[]): Map<string, C[]> {
  const wanted = new Map<string, C[]>();
  for (const c of changes) {
    if (cols && !cellOf(cols, c)) {
      missing?.push(c);
      continue;
    }
    const key = rowKey(c.location, c.sku);
    wanted.set(key, [...(wanted.get(key) ?? []), c]);
  }
  return wanted;
}

const csvCell = (text: string) => (/[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/**
 * Sets on_hand in a CSV stock sheet, leaving every other record byte for byte as it was (a rewritten record keeps
 * its cells, quoted only where CSV needs it, and the file's line ending).
 */
export function setOnHandCsv<C extends StockSheetChange>(text: string, changes: readonly C[], fileName: string): OnHandResult<string, C> {
  const spans: { start: number; end: number; record: string[] }[] = [];
  let offset = 0;
  const body = stripBom(text);
  const bom = text.length - body.length;
  const bytes = Buffer.from(body, 'utf8');
  parse(bytes, {
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    on_record: (record: string[], info: Info) => {
      spans.push({ start: offset, end: info.bytes, record });
      offset = info.bytes;
      return record;
    },
  });
  const headerAt = spans.findIndex((s) => !isBlankRow(s.record));
  if (headerAt < 0) throw new DocumentError([{ file: fileName, message: 'the sheet has no header row' }]);
  const cols = columnsOf(spans[headerAt]!.record, fileName);
  const noColumn: C[] = [];
  const wanted = changesByRow(changes, cols, noColumn);
  const written: C[] = [];
  const pieces: Buffer[] = [];
  let copied = 0;
  for (const span of spans.slice(headerAt + 1)) {
    const r = span.record;
    const key = rowKey(cols.location === undefined ? '' : (r[cols.location] ?? ''), r[cols.sku] ?? '');
    const rowChanges = wanted.get(key);
    if (!rowChanges || (r[cols.sku] ?? '').trim() === '') continue;
    const original = bytes.subarray(span.start, span.end).toString('utf8');
    // The record's own text without its line ending: where it starts (after the previous record's break) to where it ends.
    const lead = /^(\r\n|\n|\r)/.exec(original)?.[0] ?? '';
    const trail = /(\r\n|\n|\r)$/.exec(original.slice(lead.length))?.[0] ?? '';
    const cells = [...r];
    for (const change of rowChanges) {
      const { at, value } = cellOf(cols, change)!;
      while (cells.length <= at) cells.push('');
      cells[at] = String(value);
    }
    pieces.push(bytes.subarray(copied, span.start), Buffer.from(`${lead}${cells.map(csvCell).join(',')}${trail}`, 'utf8'));
    copied = span.end;
    written.push(...rowChanges);
    wanted.delete(key);
  }
  pieces.push(bytes.subarray(copied));
  return {
    sheet: text.slice(0, bom) + Buffer.concat(pieces).toString('utf8'),
    written,
    missing: [...wanted.values()].flat().concat(noColumn),
  };
}

/** Sets on_hand in an XLSX stock sheet's first worksheet; the cell keeps its style, the rest of the workbook is rewritten by exceljs as read. */
export async function setOnHandXlsx<C extends StockSheetChange>(
  data: Buffer,
  changes: readonly C[],
  fileName: string,
): Promise<OnHandResult<Buffer, C>> {
  const { Workbook } = require('exceljs') as typeof import('exceljs');
  const workbook = new Workbook();
  await workbook.xlsx.load(data as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new DocumentError([{ file: fileName, message: 'the workbook has no worksheets' }]);
  const text = (row: ExcelJS.Row) => Array.from({ length: row.cellCount }, (_, i) => cellText(row.getCell(i + 1).value));
  let headerRow = 0;
  for (let r = 1; r <= sheet.rowCount && headerRow === 0; r++) if (!isBlankRow(text(sheet.getRow(r)))) headerRow = r;
  if (headerRow === 0) throw new DocumentError([{ file: fileName, message: 'the sheet has no header row' }]);
  const cols = columnsOf(text(sheet.getRow(headerRow)), fileName);
  const noColumn: C[] = [];
  const wanted = changesByRow(changes, cols, noColumn);
  const written: C[] = [];
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
    const cells = text(sheet.getRow(r));
    const key = rowKey(cols.location === undefined ? '' : (cells[cols.location] ?? ''), cells[cols.sku] ?? '');
    const rowChanges = wanted.get(key);
    if (!rowChanges) continue;
    for (const change of rowChanges) {
      const { at, value } = cellOf(cols, change)!;
      sheet.getRow(r).getCell(at + 1).value = value;
    }
    written.push(...rowChanges);
    wanted.delete(key);
  }
  return { sheet: Buffer.from(await workbook.xlsx.writeBuffer()), written, missing: [...wanted.values()].flat().concat(noColumn) };
}

/** One cell to set in a sheet held as rows of cells (a Google Sheet): its A1 address and its new value. */
export interface GridCellWrite {
  cell: string;
  value: number;
}

/**
 * Locates the on_hand cell of each change's row in a sheet read as rows of cells (row 1 first, as Google Sheets gives
 * them), by location and SKU in this very read: staff insert and sort rows, so a row number is never remembered.
 */
export function setOnHandGrid<C extends StockSheetChange>(
  rows: readonly (readonly string[])[],
  changes: readonly C[],
  fileName: string,
): OnHandResult<GridCellWrite[], C> {
  const headerAt = rows.findIndex((r) => !isBlankRow(r));
  if (headerAt < 0) throw new DocumentError([{ file: fileName, message: 'the sheet has no header row' }]);
  const cols = columnsOf(rows[headerAt]!, fileName);
  const noColumn: C[] = [];
  const wanted = changesByRow(changes, cols, noColumn);
  const cells: GridCellWrite[] = [];
  const written: C[] = [];
  for (let i = headerAt + 1; i < rows.length && wanted.size > 0; i++) {
    const r = rows[i]!;
    if ((r[cols.sku] ?? '').trim() === '') continue;
    const key = rowKey(cols.location === undefined ? '' : (r[cols.location] ?? ''), r[cols.sku] ?? '');
    const rowChanges = wanted.get(key);
    if (!rowChanges) continue;
    for (const change of rowChanges) {
      const { at, value } = cellOf(cols, change)!;
      cells.push({ cell: `${columnLetter(at)}${i + 1}`, value });
    }
    written.push(...rowChanges);
    wanted.delete(key);
  }
  return { sheet: cells, written, missing: [...wanted.values()].flat().concat(noColumn) };
}

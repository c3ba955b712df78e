import { parse, type Info } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { DocumentError } from './errors';
import { normalizeKey, stripBom } from './headers';
import { cellText, columnLetter, isBlankRow } from './spreadsheet/cells';

// The write-back lane into the stock sheet. The sheet is the source of truth, so every other lane (approved counts
// among them) writes into it rather than keeping numbers of its own. Only the on_hand cell of the rows named changes;
// every other byte of the sheet is left as the person left it.

/** A new on_hand for one item at one location. */
export interface OnHandChange {
  location: string;
  sku: string;
  onHand: number;
}

export interface OnHandResult<T> {
  sheet: T;
  /** Changes made. */
  written: OnHandChange[];
  /** Changes whose row is no longer in the sheet (deleted or renamed since). */
  missing: OnHandChange[];
}

const DEFAULT_LOCATION = 'main';
const rowKey = (location: string, sku: string) => `${(location || DEFAULT_LOCATION).trim().toLowerCase()}\u0000${sku.trim().toLowerCase()}`;

interface Columns {
  sku: number;
  location: number | undefined;
  onHand: number;
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
  return { sku, location: at('location'), onHand };
}

const csvCell = (text: string) => (/[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/**
 * Sets on_hand in a CSV stock sheet, leaving every other record byte for byte as it was (a rewritten record keeps
 * its cells, quoted only where CSV needs it, and the file's line ending).
 */
export function setOnHandCsv(text: string, changes: readonly OnHandChange[], fileName: string): OnHandResult<string> {
  const wanted = new Map(changes.map((c) => [rowKey(c.location, c.sku), c]));
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
  const written: OnHandChange[] = [];
  const pieces: Buffer[] = [];
  let copied = 0;
  for (const span of spans.slice(headerAt + 1)) {
    const r = span.record;
    const change = wanted.get(rowKey(cols.location === undefined ? '' : (r[cols.location] ?? ''), r[cols.sku] ?? ''));
    if (!change || (r[cols.sku] ?? '').trim() === '') continue;
    const original = bytes.subarray(span.start, span.end).toString('utf8');
    // The record's own text without its line ending: where it starts (after the previous record's break) to where it ends.
    const lead = /^(\r\n|\n|\r)/.exec(original)?.[0] ?? '';
    const trail = /(\r\n|\n|\r)$/.exec(original.slice(lead.length))?.[0] ?? '';
    const cells = [...r];
    while (cells.length <= cols.onHand) cells.push('');
    cells[cols.onHand] = String(change.onHand);
    pieces.push(bytes.subarray(copied, span.start), Buffer.from(`${lead}${cells.map(csvCell).join(',')}${trail}`, 'utf8'));
    copied = span.end;
    written.push(change);
    wanted.delete(rowKey(change.location, change.sku));
  }
  pieces.push(bytes.subarray(copied));
  return { sheet: text.slice(0, bom) + Buffer.concat(pieces).toString('utf8'), written, missing: [...wanted.values()] };
}

/** Sets on_hand in an XLSX stock sheet's first worksheet; the cell keeps its style, the rest of the workbook is rewritten by exceljs as read. */
export async function setOnHandXlsx(data: Buffer, changes: readonly OnHandChange[], fileName: string): Promise<OnHandResult<Buffer>> {
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
  const wanted = new Map(changes.map((c) => [rowKey(c.location, c.sku), c]));
  const written: OnHandChange[] = [];
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
    const cells = text(sheet.getRow(r));
    const change = wanted.get(rowKey(cols.location === undefined ? '' : (cells[cols.location] ?? ''), cells[cols.sku] ?? ''));
    if (!change) continue;
    sheet.getRow(r).getCell(cols.onHand + 1).value = change.onHand;
    written.push(change);
    wanted.delete(rowKey(change.location, change.sku));
  }
  return { sheet: Buffer.from(await workbook.xlsx.writeBuffer()), written, missing: [...wanted.values()] };
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
export function setOnHandGrid(
  rows: readonly (readonly string[])[],
  changes: readonly OnHandChange[],
  fileName: string,
): OnHandResult<GridCellWrite[]> {
  const headerAt = rows.findIndex((r) => !isBlankRow(r));
  if (headerAt < 0) throw new DocumentError([{ file: fileName, message: 'the sheet has no header row' }]);
  const cols = columnsOf(rows[headerAt]!, fileName);
  const wanted = new Map(changes.map((c) => [rowKey(c.location, c.sku), c]));
  const cells: GridCellWrite[] = [];
  const written: OnHandChange[] = [];
  for (let i = headerAt + 1; i < rows.length && wanted.size > 0; i++) {
    const r = rows[i]!;
    if ((r[cols.sku] ?? '').trim() === '') continue;
    const change = wanted.get(rowKey(cols.location === undefined ? '' : (r[cols.location] ?? ''), r[cols.sku] ?? ''));
    if (!change) continue;
    cells.push({ cell: `${columnLetter(cols.onHand)}${i + 1}`, value: change.onHand });
    written.push(change);
    wanted.delete(rowKey(change.location, change.sku));
  }
  return { sheet: cells, written, missing: [...wanted.values()] };
}

import type { IntakeDocument, IntakeTable } from '../domain/intake-document';

// Textract's answer is a graph of blocks (pages, lines, words, tables, cells, merged cells) linked by ids. This turns
// it into what the inbox reads: the lines in reading order, page by page, and each table as a grid of cell texts with
// merged cells repeated into every cell they span. Bounded, and tolerant of links to blocks that are not there.

/** The parts of a Textract block this reads (the SDK's Block type has these and more). */
export interface TextractBlock {
  BlockType?: string;
  Id?: string;
  Text?: string;
  Page?: number;
  RowIndex?: number;
  ColumnIndex?: number;
  RowSpan?: number;
  ColumnSpan?: number;
  SelectionStatus?: string;
  Relationships?: { Type?: string; Ids?: string[] }[];
}

/** Tables read from one document; a price list has a handful, so more is a catalogue, not something to propose from. */
export const MAX_TABLES = 50;
/** Rows kept per table, after which the rest of that table is left out. */
export const MAX_TABLE_ROWS = 1000;
/** Columns kept per table. */
export const MAX_TABLE_COLUMNS = 50;
/** Cells across all tables of one document: tables past this are left out, so one PDF cannot fill the memory. */
export const MAX_CELLS = 100_000;
/** Lines of text kept from one document. */
export const MAX_LINES = 20_000;
/** A cell or a line longer than this is not a count or a price; it is cut so one cell cannot fill a proposal. */
export const MAX_CELL_CHARS = 500;

const cut = (text: string) => (text.length > MAX_CELL_CHARS ? text.slice(0, MAX_CELL_CHARS) : text);
const childIds = (b: TextractBlock, type = 'CHILD') => (b.Relationships ?? []).filter((r) => r.Type === type).flatMap((r) => r.Ids ?? []);
/** A positive whole number from Textract, or `fallback` when it is missing or nonsense. */
const whole = (n: number | undefined, fallback: number) => (Number.isInteger(n) && n! >= 1 ? n! : fallback);

/** The document read from Textract's blocks (all pages' blocks together, in the order Textract gave them). */
export function documentFromBlocks(fileName: string, blocks: readonly TextractBlock[]): IntakeDocument {
  const byId = new Map<string, TextractBlock>();
  for (const b of blocks) if (b.Id && !byId.has(b.Id)) byId.set(b.Id, b);
  const resolve = (ids: readonly string[]) => ids.map((id) => byId.get(id)).filter((b): b is TextractBlock => b !== undefined);
  const textOf = (cell: TextractBlock): string =>
    cut(
      resolve(childIds(cell))
        .map((c) => (c.BlockType === 'SELECTION_ELEMENT' ? (c.SelectionStatus === 'SELECTED' ? 'X' : '') : (c.Text ?? '')))
        .filter((t) => t !== '')
        .join(' '),
    );

  // Textract gives each page's blocks together and in reading order; a stable sort by page keeps that order within a
  // page even if the pages of results arrive out of order.
  const lines = blocks
    .map((b, i) => ({ b, i }))
    .filter(({ b }) => b.BlockType === 'LINE' && b.Text)
    .sort((x, y) => whole(x.b.Page, 1) - whole(y.b.Page, 1) || x.i - y.i)
    .slice(0, MAX_LINES)
    .map(({ b }) => cut(b.Text!));

  const tables: IntakeTable[] = [];
  let cellBudget = MAX_CELLS;
  for (const table of blocks.filter((b) => b.BlockType === 'TABLE').slice(0, MAX_TABLES)) {
    const cells = resolve(childIds(table)).filter(
      (c) => c.BlockType === 'CELL' && whole(c.RowIndex, 0) >= 1 && whole(c.ColumnIndex, 0) >= 1,
    );
    let rows = 0;
    let cols = 0;
    for (const c of cells) {
      rows = Math.max(rows, c.RowIndex! + whole(c.RowSpan, 1) - 1);
      cols = Math.max(cols, c.ColumnIndex! + whole(c.ColumnSpan, 1) - 1);
    }
    rows = Math.min(rows, MAX_TABLE_ROWS);
    cols = Math.min(cols, MAX_TABLE_COLUMNS);
    if (rows === 0 || cols === 0) continue;
    if (rows * cols > cellBudget) break;
    cellBudget -= rows * cols;
    const grid: string[][] = Array.from({ length: rows }, () => Array.from({ length: cols }, () => ''));
    const put = (row: number, col: number, text: string) => {
      if (row >= 1 && row <= rows && col >= 1 && col <= cols && text) grid[row - 1]![col - 1] = text;
    };
    for (const cell of cells) put(cell.RowIndex!, cell.ColumnIndex!, textOf(cell));
    // A merged cell's text sits in the cells it covers (mostly the first); repeat all of it across the span so each
    // row stands alone, as a person reading the printout would.
    for (const merged of resolve(childIds(table, 'MERGED_CELL')).filter((m) => m.BlockType === 'MERGED_CELL')) {
      const text = cut(
        resolve(childIds(merged))
          .map(textOf)
          .filter((t) => t !== '')
          .join(' '),
      );
      const r0 = whole(merged.RowIndex, 0);
      const c0 = whole(merged.ColumnIndex, 0);
      if (r0 === 0 || c0 === 0) continue;
      // The span is clipped to the grid, so a nonsense span costs nothing.
      const r1 = Math.min(rows, r0 + whole(merged.RowSpan, 1) - 1);
      const c1 = Math.min(cols, c0 + whole(merged.ColumnSpan, 1) - 1);
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) put(r, c, text);
    }
    const kept = grid.filter((r) => r.some((c) => c !== ''));
    if (kept.length > 0) tables.push({ page: whole(table.Page, 1), rows: kept });
  }
  return { fileName, text: lines.join('\n'), tables };
}

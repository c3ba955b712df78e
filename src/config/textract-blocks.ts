import type { IntakeDocument, IntakeTable } from '../domain/intake-document';

// Textract's answer is a graph of blocks (pages, lines, words, tables, cells, merged cells) linked by ids. This turns
// it into what the inbox reads: the lines in reading order, and each table as a grid of cell texts with merged cells
// repeated into every cell they span. Bounded, and tolerant of links to blocks that are not there.

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

export const MAX_TABLES = 50;
export const MAX_TABLE_ROWS = 1000;
export const MAX_TABLE_COLUMNS = 50;
export const MAX_LINES = 20_000;

const childIds = (b: TextractBlock, type = 'CHILD') => (b.Relationships ?? []).filter((r) => r.Type === type).flatMap((r) => r.Ids ?? []);

/** The document read from Textract's blocks (all pages' blocks together, in the order Textract gave them). */
export function documentFromBlocks(fileName: string, blocks: readonly TextractBlock[]): IntakeDocument {
  const byId = new Map(blocks.filter((b) => b.Id).map((b) => [b.Id!, b]));
  const textOf = (cell: TextractBlock): string =>
    childIds(cell)
      .map((id) => byId.get(id))
      .filter((c): c is TextractBlock => c !== undefined)
      .map((c) => (c.BlockType === 'SELECTION_ELEMENT' ? (c.SelectionStatus === 'SELECTED' ? 'X' : '') : (c.Text ?? '')))
      .filter((t) => t !== '')
      .join(' ');

  const lines = blocks
    .filter((b) => b.BlockType === 'LINE' && b.Text)
    .slice(0, MAX_LINES)
    .map((b) => b.Text!);

  const tables: IntakeTable[] = [];
  for (const table of blocks.filter((b) => b.BlockType === 'TABLE').slice(0, MAX_TABLES)) {
    const cells = childIds(table)
      .map((id) => byId.get(id))
      .filter((c): c is TextractBlock => c?.BlockType === 'CELL' && (c.RowIndex ?? 0) >= 1 && (c.ColumnIndex ?? 0) >= 1);
    const rows = Math.min(MAX_TABLE_ROWS, Math.max(0, ...cells.map((c) => c.RowIndex! + (c.RowSpan ?? 1) - 1)));
    const cols = Math.min(MAX_TABLE_COLUMNS, Math.max(0, ...cells.map((c) => c.ColumnIndex! + (c.ColumnSpan ?? 1) - 1)));
    if (rows === 0 || cols === 0) continue;
    const grid: string[][] = Array.from({ length: rows }, () => Array.from({ length: cols }, () => ''));
    const put = (row: number, col: number, text: string) => {
      if (row >= 1 && row <= rows && col >= 1 && col <= cols && text) grid[row - 1]![col - 1] = text;
    };
    for (const cell of cells) put(cell.RowIndex!, cell.ColumnIndex!, textOf(cell));
    // A merged cell's text sits in its first child cell; repeat it across the span so each row stands alone.
    for (const merged of childIds(table, 'MERGED_CELL')
      .map((id) => byId.get(id))
      .filter((m): m is TextractBlock => m?.BlockType === 'MERGED_CELL')) {
      const parts = childIds(merged)
        .map((id) => byId.get(id))
        .filter((c): c is TextractBlock => c !== undefined);
      const text = parts
        .map(textOf)
        .filter((t) => t !== '')
        .join(' ');
      const [r0, c0] = [merged.RowIndex ?? 0, merged.ColumnIndex ?? 0];
      for (let r = r0; r < r0 + (merged.RowSpan ?? 1); r++) for (let c = c0; c < c0 + (merged.ColumnSpan ?? 1); c++) put(r, c, text);
    }
    tables.push({ page: table.Page ?? 1, rows: grid.filter((r) => r.some((c) => c !== '')) });
  }
  return { fileName, text: lines.join('\n'), tables };
}

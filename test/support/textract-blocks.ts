import type { TextractBlock } from '../../src/config/textract-blocks';

// Textract block graphs for the reading tests, the Textract fake and the inbox tests that follow: built the way
// Textract answers, so a test states a page as rows of text and gets the blocks that describe it.

/**
 * A Textract block graph for one page, built the way Textract answers: a PAGE, a LINE (with its WORDs) per table row,
 * a TABLE whose CELLs hold WORD children, and MERGED_CELLs over spans (their text in the first cell they cover).
 */
export function pageBlocks(
  page: number,
  rows: string[][],
  merges: { row: number; col: number; rowSpan: number; colSpan: number }[] = [],
): TextractBlock[] {
  let n = 0;
  const id = () => `p${page}-b${++n}`;
  const blocks: TextractBlock[] = [];
  const pageBlock: TextractBlock = { BlockType: 'PAGE', Id: id(), Page: page, Relationships: [{ Type: 'CHILD', Ids: [] }] };
  blocks.push(pageBlock);
  const words = (text: string) =>
    text
      .split(/\s+/)
      .filter(Boolean)
      .map((w) => {
        const b: TextractBlock = { BlockType: 'WORD', Id: id(), Text: w, Page: page };
        blocks.push(b);
        return b.Id!;
      });
  for (const r of rows) {
    const text = r.filter(Boolean).join(' ');
    if (!text) continue;
    const line: TextractBlock = {
      BlockType: 'LINE',
      Id: id(),
      Text: text,
      Page: page,
      Relationships: [{ Type: 'CHILD', Ids: words(text) }],
    };
    blocks.push(line);
    pageBlock.Relationships![0]!.Ids!.push(line.Id!);
  }
  const cellIds: string[][] = rows.map((r, ri) =>
    r.map((text, ci) => {
      const cell: TextractBlock = {
        BlockType: 'CELL',
        Id: id(),
        Page: page,
        RowIndex: ri + 1,
        ColumnIndex: ci + 1,
        RowSpan: 1,
        ColumnSpan: 1,
        Relationships: text ? [{ Type: 'CHILD', Ids: words(text) }] : [],
      };
      blocks.push(cell);
      return cell.Id!;
    }),
  );
  const mergedIds = merges.map((m) => {
    const merged: TextractBlock = {
      BlockType: 'MERGED_CELL',
      Id: id(),
      Page: page,
      RowIndex: m.row,
      ColumnIndex: m.col,
      RowSpan: m.rowSpan,
      ColumnSpan: m.colSpan,
      Relationships: [
        {
          Type: 'CHILD',
          Ids: Array.from({ length: m.rowSpan }, (_, r) =>
            Array.from({ length: m.colSpan }, (_, c) => cellIds[m.row - 1 + r]![m.col - 1 + c]!),
          ).flat(),
        },
      ],
    };
    blocks.push(merged);
    return merged.Id!;
  });
  blocks.push({
    BlockType: 'TABLE',
    Id: id(),
    Page: page,
    Relationships: [{ Type: 'CHILD', Ids: cellIds.flat() }, ...(mergedIds.length ? [{ Type: 'MERGED_CELL', Ids: mergedIds }] : [])],
  });
  return blocks;
}

/**
 * Puts a check box in one cell of blocks built by `pageBlocks`: the cell's words are replaced by a SELECTION_ELEMENT,
 * ticked or not, as Textract reports a box on a printed count sheet. Returns the blocks, changed in place.
 */
export function withCheckbox(blocks: TextractBlock[], at: { page: number; row: number; col: number; selected: boolean }): TextractBlock[] {
  const cell = blocks.find((b) => b.BlockType === 'CELL' && b.Page === at.page && b.RowIndex === at.row && b.ColumnIndex === at.col);
  if (!cell) throw new Error(`no cell at page ${at.page} row ${at.row} column ${at.col}`);
  const box: TextractBlock = {
    BlockType: 'SELECTION_ELEMENT',
    Id: `${cell.Id}-box`,
    Page: at.page,
    SelectionStatus: at.selected ? 'SELECTED' : 'NOT_SELECTED',
  };
  blocks.push(box);
  cell.Relationships = [{ Type: 'CHILD', Ids: [box.Id!] }];
  return blocks;
}

/** The blocks of several pages, one `pageBlocks` call each, in page order: what a multi-page PDF's results hold. */
export const documentBlocks = (pages: string[][][]): TextractBlock[] => pages.flatMap((rows, i) => pageBlocks(i + 1, rows));

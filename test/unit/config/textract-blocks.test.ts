import { documentFromBlocks } from '../../../src/config/textract-blocks';
import { pageBlocks } from '../../support/textract-blocks';

describe("reading Textract's block graph", () => {
  it('gives the lines in order and each table as a grid, a merged cell repeated across its span', () => {
    const blocks = pageBlocks(
      1,
      [
        ['Aisle 3', '', ''],
        ['sku', 'name', 'counted'],
        ['BEAN-HB', 'House Blend beans', '50'],
      ],
      [{ row: 1, col: 1, rowSpan: 1, colSpan: 3 }],
    );
    const doc = documentFromBlocks('shelf.jpg', blocks);
    expect(doc.text).toBe('Aisle 3\nsku name counted\nBEAN-HB House Blend beans 50');
    expect(doc.tables).toEqual([
      {
        page: 1,
        rows: [
          ['Aisle 3', 'Aisle 3', 'Aisle 3'],
          ['sku', 'name', 'counted'],
          ['BEAN-HB', 'House Blend beans', '50'],
        ],
      },
    ]);
  });

  it('reads two pages, a ticked box as X, and ignores links to blocks that are not there', () => {
    const blocks = [
      ...pageBlocks(1, [
        ['sku', 'qty'],
        ['A', '1'],
      ]),
      ...pageBlocks(2, [
        ['sku', 'qty'],
        ['B', '2'],
      ]),
    ];
    blocks.push({ BlockType: 'SELECTION_ELEMENT', Id: 'tick', SelectionStatus: 'SELECTED' });
    const cell = blocks.find((b) => b.BlockType === 'CELL' && b.Page === 2 && b.RowIndex === 2 && b.ColumnIndex === 2)!;
    cell.Relationships = [{ Type: 'CHILD', Ids: ['tick', 'missing-id'] }];
    const doc = documentFromBlocks('list.pdf', blocks);
    expect(doc.tables.map((t) => [t.page, t.rows])).toEqual([
      [
        1,
        [
          ['sku', 'qty'],
          ['A', '1'],
        ],
      ],
      [
        2,
        [
          ['sku', 'qty'],
          ['B', 'X'],
        ],
      ],
    ]);
  });
});

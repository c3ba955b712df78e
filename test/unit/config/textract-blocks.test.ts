import {
  documentFromBlocks,
  MAX_CELL_CHARS,
  MAX_CELLS,
  MAX_TABLE_COLUMNS,
  MAX_TABLE_ROWS,
  MAX_TABLES,
  type TextractBlock,
} from '../../../src/config/textract-blocks';
import { documentBlocks, pageBlocks, withCheckbox } from '../../support/textract-blocks';

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

  it('a heading merged down a column is repeated in every row it spans, so each row stands alone', () => {
    const blocks = pageBlocks(
      1,
      [
        ['Fridge', 'MILK-WH', '31'],
        ['', 'MILK-SK', '12'],
        ['Shelf', 'BEAN-HB', '50'],
      ],
      [{ row: 1, col: 1, rowSpan: 2, colSpan: 1 }],
    );
    expect(documentFromBlocks('count.jpg', blocks).tables[0]!.rows).toEqual([
      ['Fridge', 'MILK-WH', '31'],
      ['Fridge', 'MILK-SK', '12'],
      ['Shelf', 'BEAN-HB', '50'],
    ]);
  });

  it("a merged cell whose words Textract split between the cells it covers reads as one text, in the cells' order", () => {
    const blocks = pageBlocks(
      1,
      [
        ['Walk-in', 'fridge'],
        ['MILK-WH', '31'],
      ],
      [{ row: 1, col: 1, rowSpan: 1, colSpan: 2 }],
    );
    expect(documentFromBlocks('count.jpg', blocks).tables[0]!.rows[0]).toEqual(['Walk-in fridge', 'Walk-in fridge']);
  });

  it('a ticked box reads as X and an empty one as nothing', () => {
    const blocks = pageBlocks(1, [
      ['sku', 'reorder'],
      ['BEAN-HB', ''],
      ['CUP-12', ''],
    ]);
    withCheckbox(blocks, { page: 1, row: 2, col: 2, selected: true });
    withCheckbox(blocks, { page: 1, row: 3, col: 2, selected: false });
    expect(documentFromBlocks('form.pdf', blocks).tables[0]!.rows).toEqual([
      ['sku', 'reorder'],
      ['BEAN-HB', 'X'],
      ['CUP-12', ''],
    ]);
  });

  it("keeps each page's lines together, in order, even when the pages of results come back out of order", () => {
    const [one, two] = [pageBlocks(1, [['first page'], ['second line']]), pageBlocks(2, [['second page']])];
    expect(documentFromBlocks('list.pdf', [...two, ...one]).text).toBe('first page\nsecond line\nsecond page');
  });

  it('merged cells and tables that point at blocks that are not there, or are not cells, are skipped', () => {
    const blocks = pageBlocks(
      1,
      [
        ['sku', 'qty'],
        ['A', '1'],
      ],
      [{ row: 1, col: 1, rowSpan: 1, colSpan: 2 }],
    );
    const table = blocks.find((b) => b.BlockType === 'TABLE')!;
    const word = blocks.find((b) => b.BlockType === 'WORD')!;
    table.Relationships = [
      { Type: 'CHILD', Ids: [...table.Relationships![0]!.Ids!, 'gone', word.Id!] },
      { Type: 'MERGED_CELL', Ids: ['also-gone', word.Id!] },
    ];
    blocks.push({ BlockType: 'TABLE', Id: 'empty', Page: 1, Relationships: [{ Type: 'CHILD', Ids: ['nothing-here'] }] });
    expect(documentFromBlocks('odd.jpg', blocks).tables).toEqual([
      {
        page: 1,
        rows: [
          ['sku', 'qty'],
          ['A', '1'],
        ],
      },
    ]);
  });

  it('a table of cells with no text is left out, not kept as an empty table', () => {
    expect(
      documentFromBlocks(
        'blank.jpg',
        pageBlocks(1, [
          ['', ''],
          ['', ''],
        ]),
      ).tables,
    ).toEqual([]);
  });
});

describe("bounds on what is read from Textract's answer", () => {
  const cell = (id: string, row: number, col: number, text: string, span = { rows: 1, cols: 1 }): TextractBlock[] => [
    {
      BlockType: 'CELL',
      Id: id,
      Page: 1,
      RowIndex: row,
      ColumnIndex: col,
      RowSpan: span.rows,
      ColumnSpan: span.cols,
      Relationships: [{ Type: 'CHILD', Ids: [`${id}-w`] }],
    },
    { BlockType: 'WORD', Id: `${id}-w`, Text: text },
  ];
  const table = (id: string, cellIds: string[], merged: string[] = []): TextractBlock => ({
    BlockType: 'TABLE',
    Id: id,
    Page: 1,
    Relationships: [
      { Type: 'CHILD', Ids: cellIds },
      { Type: 'MERGED_CELL', Ids: merged },
    ],
  });

  it(`keeps at most ${MAX_TABLE_ROWS} rows and ${MAX_TABLE_COLUMNS} columns of a table, and clips a span to them`, () => {
    const blocks = [
      ...cell('a', 1, 1, 'top'),
      ...cell('far-row', MAX_TABLE_ROWS + 5, 1, 'past the rows'),
      ...cell('far-col', 1, MAX_TABLE_COLUMNS + 5, 'past the columns'),
      {
        BlockType: 'MERGED_CELL',
        Id: 'm',
        RowIndex: 1,
        ColumnIndex: 1,
        RowSpan: 1e9,
        ColumnSpan: 1e9,
        Relationships: [{ Type: 'CHILD', Ids: ['a'] }],
      },
      table('t', ['a', 'far-row', 'far-col'], ['m']),
    ];
    const [only] = documentFromBlocks('huge.pdf', blocks).tables;
    expect(only!.rows).toHaveLength(MAX_TABLE_ROWS);
    expect(only!.rows.every((r) => r.length === MAX_TABLE_COLUMNS && r.every((c) => c === 'top'))).toBe(true);
  });

  it(`reads at most ${MAX_TABLES} tables, and stops adding tables at ${MAX_CELLS} cells in all`, () => {
    const many = Array.from({ length: MAX_TABLES + 10 }, (_, i) => [...cell(`c${i}`, 1, 1, `t${i}`), table(`t${i}`, [`c${i}`])]).flat();
    expect(documentFromBlocks('many.pdf', many).tables).toHaveLength(MAX_TABLES);

    // Tables as big as a table may be, until the cells in all of them reach the limit.
    const perTable = MAX_TABLE_ROWS * MAX_TABLE_COLUMNS;
    const big = Array.from({ length: Math.floor(MAX_CELLS / perTable) + 2 }, (_, i) => [
      ...cell(`b${i}`, 1, 1, `big ${i}`, { rows: MAX_TABLE_ROWS, cols: MAX_TABLE_COLUMNS }),
      table(`big${i}`, [`b${i}`]),
    ]).flat();
    expect(documentFromBlocks('big.pdf', big).tables).toHaveLength(Math.floor(MAX_CELLS / perTable));
  });

  it(`cuts a cell or a line longer than ${MAX_CELL_CHARS} characters`, () => {
    const long = 'x'.repeat(MAX_CELL_CHARS + 100);
    const doc = documentFromBlocks('long.jpg', pageBlocks(1, [['sku', long]]));
    expect(doc.tables[0]!.rows[0]![1]).toHaveLength(MAX_CELL_CHARS);
    expect(doc.text).toHaveLength(MAX_CELL_CHARS);
  });

  it('reads nothing from an answer with no blocks, and two pages of documentBlocks as two tables', () => {
    expect(documentFromBlocks('empty.pdf', [])).toEqual({ fileName: 'empty.pdf', text: '', tables: [] });
    const doc = documentFromBlocks('two.pdf', documentBlocks([[['sku', 'qty']], [['A', '1']]]));
    expect(doc.tables.map((t) => t.page)).toEqual([1, 2]);
  });
});

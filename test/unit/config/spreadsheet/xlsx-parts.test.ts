import { workbookStream } from '../../../../src/config/spreadsheet/xlsx-parts';
import { localParts } from '../../../../src/config/spreadsheet/zip-entries';
import { problemsOf } from '../problems';
import { deflated, stored, WORKBOOK, WORKBOOK_RELS, worksheetPart, zipArchive } from '../../../support/zip-fixtures';

describe('workbookStream', () => {
  it('moves the worksheets after every other part, in part-number order, without copying a byte', () => {
    const parts = [
      worksheetPart('', 10),
      worksheetPart('', 2),
      deflated('xl/workbook.xml', WORKBOOK),
      deflated('xl/sharedStrings.xml', '<sst/>'),
      deflated('xl/_rels/workbook.xml.rels', WORKBOOK_RELS),
    ];
    const zip = zipArchive(parts);
    const local = localParts(zip);
    const { chunks, hasSharedStrings } = workbookStream('t.xlsx', zip, local);
    const order = chunks.slice(0, -1).map((c) => local.parts.find((p) => zip.subarray(p.start, p.end).equals(c))!.name);
    expect(order).toEqual([
      'xl/workbook.xml',
      'xl/sharedStrings.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/worksheets/sheet2.xml',
      'xl/worksheets/sheet10.xml',
    ]);
    expect(chunks.at(-1)!.equals(zip.subarray(local.rest))).toBe(true);
    expect(chunks.every((c) => c.buffer === zip.buffer)).toBe(true);
    expect(hasSharedStrings).toBe(true);
  });

  it('says whether there are shared strings', () => {
    const zip = zipArchive([
      deflated('xl/workbook.xml', WORKBOOK),
      deflated('xl/_rels/workbook.xml.rels', WORKBOOK_RELS),
      worksheetPart(''),
    ]);
    expect(workbookStream('t.xlsx', zip, localParts(zip)).hasSharedStrings).toBe(false);
  });

  it('refuses a ZIP that is not a workbook', () => {
    const notBook =
      't.xlsx: not an XLSX workbook; expected a file saved as .xlsx from Excel or Google Sheets (it is a ZIP archive without an Excel ' +
      'worksheet)';
    for (const parts of [
      [stored('scan.csv', 'barcode\n')],
      [deflated('xl/workbook.xml', WORKBOOK), deflated('xl/_rels/workbook.xml.rels', WORKBOOK_RELS)],
      [deflated('word/document.xml', '<w/>'), worksheetPart('')],
    ]) {
      const zip = zipArchive(parts);
      expect(problemsOf(() => workbookStream('t.xlsx', zip, localParts(zip)))).toEqual([notBook]);
    }
  });
});

import type { SheetRules } from '../../../../src/config/spreadsheet/limits';
import { formatSize, guardZip } from '../../../../src/config/spreadsheet/zip-guard';
import { BrokenZip } from '../../../../src/config/spreadsheet/zip-entries';
import { problemsOfAsync } from '../problems';
import { deflated, paddedSheet, stored, workbookParts, zipArchive, type ZipPart } from '../../../support/zip-fixtures';

const rules = (maxUncompressedBytes = 200 * 1024 * 1024): SheetRules => ({
  limits: { maxRows: 100, maxColumns: 200, maxUncompressedBytes },
  wording: { workbook: 'a test workbook', tooManyRows: 'split it', tooBig: 'make it smaller', firstSheet: 'move it' },
});
const guard = (zip: Buffer, max?: number) => guardZip('t.xlsx', zip, rules(max));

describe('guardZip', () => {
  it('returns the parts of an archive within its limits, in file order', async () => {
    const parts = workbookParts(paddedSheet(1));
    expect((await guard(zipArchive(parts))).parts.map((p) => p.name)).toEqual(parts.map((p) => p.name));
  });

  it('refuses a big part packed far tighter than real data, from the directory alone', async () => {
    expect(await problemsOfAsync(() => guard(zipArchive(workbookParts(paddedSheet(20)))))).toEqual([
      expect.stringMatching(
        /^t\.xlsx: its part xl\/worksheets\/sheet1\.xml unpacks from \d+ KB to 20 MB, far tighter than any spreadsheet packs; refusing it as a possible zip bomb$/,
      ),
    ]);
    // Under 10 MB the ratio is not checked: small parts of repeated bytes are normal (an empty sheet's styles).
    expect((await guard(zipArchive(workbookParts(paddedSheet(9))))).parts).toHaveLength(3);
  });

  it('the same bomb declared through ZIP64 records', async () => {
    const parts = workbookParts(paddedSheet(20));
    expect(await problemsOfAsync(() => guard(zipArchive(parts, parts, { zip64: true })))).toEqual([
      expect.stringMatching(/far tighter than any spreadsheet packs; refusing it as a possible zip bomb$/),
    ]);
  });

  it('refuses an archive whose parts honestly add up to more than the limit, in the words of the rules', async () => {
    expect(await problemsOfAsync(() => guard(zipArchive(workbookParts(paddedSheet(3))), 2 * 1024 * 1024))).toEqual([
      't.xlsx: unpacks to 3 MB, more than the 2 MB a test workbook may; make it smaller, or save it as CSV',
    ]);
  });

  it('counts what parts really inflate to when their sizes lie, stored parts too', async () => {
    expect(await problemsOfAsync(() => guard(zipArchive(workbookParts(paddedSheet(3, 4096))), 2 * 1024 * 1024))).toEqual([
      't.xlsx: it unpacks to more than 2 MB though it declares 5 KB; refusing it as a possible zip bomb',
    ]);
    const big = stored('xl/media/big.bin', 'x'.repeat(3 * 1024 * 1024));
    const lyingStored: ZipPart = { ...big, size: 10 };
    expect(await problemsOfAsync(() => guard(zipArchive([...workbookParts(paddedSheet(0)), lyingStored]), 2 * 1024 * 1024))).toEqual([
      expect.stringMatching(/^t\.xlsx: it unpacks to more than 2 MB though it declares \d+ KB; refusing it as a possible zip bomb$/),
    ]);
  });

  it('a part that will not inflate is a BrokenZip naming the part', async () => {
    const bad: ZipPart = { ...deflated('xl/workbook.xml', '<workbook/>'), data: Buffer.from([0xff, 0xff, 0xff, 0xff]) };
    await expect(guard(zipArchive([bad]))).rejects.toThrow(BrokenZip);
    await expect(guard(zipArchive([bad]))).rejects.toThrow(/^could not open it \(its part xl\/workbook\.xml is damaged: .+\)$/);
  });
});

describe('formatSize', () => {
  it('KB below a megabyte (rounded up), whole MB above', () => {
    expect(formatSize(1)).toBe('1 KB');
    expect(formatSize(5000)).toBe('5 KB');
    expect(formatSize(3 * 1024 * 1024 + 1)).toBe('3 MB');
    expect(formatSize(2048 * 1024 * 1024)).toBe('2,048 MB');
  });
});

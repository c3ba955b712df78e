import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { BrokenZip, declaredParts, localParts } from '../../../../src/config/spreadsheet/zip-entries';
import { deflated, paddedSheet, stored, workbookParts, zipArchive } from '../../../support/zip-fixtures';

const PARTS = [deflated('a.xml', '<a>hello</a>'), stored('b.txt', 'plain text')];

/** A workbook as exceljs's streaming writer writes one: every part streamed, its sizes in a data descriptor after it. */
async function streamedWorkbook(): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true });
  const sheet = writer.addWorksheet('Count');
  for (let i = 0; i < 100; i++) sheet.addRow([`SKU-${i}`, i]).commit();
  sheet.commit();
  await writer.commit();
  return Buffer.concat(chunks);
}

const brokenMessage = (run: () => unknown): string => {
  try {
    run();
  } catch (err) {
    if (err instanceof BrokenZip) return err.message;
    throw err;
  }
  throw new Error('expected a BrokenZip');
};

describe('declaredParts', () => {
  it('lists the parts the central directory names, with the sizes it declares', () => {
    expect(declaredParts(zipArchive(PARTS))).toEqual([
      { name: 'a.xml', compressed: PARTS[0]!.data.length, uncompressed: 12 },
      { name: 'b.txt', compressed: 10, uncompressed: 10 },
    ]);
  });

  it('reads ZIP64 sizes from the extra fields and the ZIP64 end records', () => {
    const sheet = paddedSheet(1);
    expect(declaredParts(zipArchive([sheet], [sheet], { zip64: true }))).toEqual([
      { name: sheet.name, compressed: sheet.data.length, uncompressed: sheet.size },
    ]);
  });

  it('only the parts the directory lists: one hidden from it is not there', () => {
    expect(declaredParts(zipArchive(PARTS, PARTS.slice(0, 1))).map((p) => p.name)).toEqual(['a.xml']);
  });

  it('a file cut short or an offset past its end is a BrokenZip, not a RangeError', () => {
    const zip = zipArchive(PARTS);
    expect(brokenMessage(() => declaredParts(zip.subarray(0, 40)))).toBe(
      'could not open it (the file is cut short or damaged: its ZIP directory is missing)',
    );
    const lying = Buffer.from(zip);
    lying.writeUInt32LE(zip.length + 1000, zip.length - 6); // the directory's offset
    expect(brokenMessage(() => declaredParts(lying))).toBe('could not open it (the file is cut short or damaged)');
  });
});

describe('localParts', () => {
  it('walks the local headers in file order, hidden parts included, to where the directory starts', () => {
    const zip = zipArchive(PARTS, PARTS.slice(0, 1));
    const { parts, rest } = localParts(zip);
    expect(
      parts.map((p) => [p.name, p.method, p.data.toString('latin1') === PARTS.find((x) => x.name === p.name)!.data.toString('latin1')]),
    ).toEqual([
      ['a.xml', 8, true],
      ['b.txt', 0, true],
    ]);
    expect(parts[0]!.start).toBe(0);
    expect(parts[1]!.start).toBe(parts[0]!.end);
    expect(rest).toBe(parts[1]!.end);
    expect(zip.readUInt32LE(rest)).toBe(0x02014b50);
  });

  it('finds a streamed part by its data descriptor, as a streaming unzip does', async () => {
    const zip = await streamedWorkbook();
    const { parts, rest } = localParts(zip);
    expect(parts.map((p) => p.name).sort()).toEqual(
      declaredParts(zip)
        .map((p) => p.name)
        .sort(),
    );
    expect(zip.readUInt32LE(rest)).toBe(0x02014b50);
  });

  it('reads a ZIP64 local header', () => {
    const parts = workbookParts(paddedSheet(1));
    expect(localParts(zipArchive(parts, parts, { zip64: true })).parts.map((p) => [p.name, p.data.length])).toEqual(
      parts.map((p) => [p.name, p.data.length]),
    );
  });

  it('refuses a packing method Excel never uses, and an archive that ends mid-part', () => {
    const zip = zipArchive(PARTS);
    const bzip2 = Buffer.from(zip);
    bzip2.writeUInt16LE(12, 8);
    expect(brokenMessage(() => localParts(bzip2))).toBe('could not open it (a.xml is packed with ZIP method 12, which Excel does not use)');
    expect(brokenMessage(() => localParts(zip.subarray(0, 50)))).toBe('could not open it (the file is cut short or damaged)');
  });
});

import { constants, crc32, deflateRawSync } from 'node:zlib';

// A minimal hand-built workbook: exceljs writes neither lies nor bombs, so the tests build the ZIP themselves.
export interface ZipPart {
  name: string;
  /** The part's bytes as stored (deflated unless method is 0). */
  data: Buffer;
  method: 0 | 8;
  /** What the headers declare it unpacks to. */
  size: number;
  crc: number;
}

export const deflated = (name: string, text: string): ZipPart => ({
  name,
  data: deflateRawSync(text),
  method: 8,
  size: Buffer.byteLength(text),
  crc: crc32(text),
});
export const stored = (name: string, text: string): ZipPart => ({
  name,
  data: Buffer.from(text),
  method: 0,
  size: Buffer.byteLength(text),
  crc: crc32(text),
});

/** How zipArchive writes the sizes: in the headers themselves, or (zip64) in ZIP64 extra fields and end records. */
export interface ZipOptions {
  zip64?: boolean;
}

const ZIP64_MARK = 0xffffffff;

/** A ZIP64 extra field (header id 1) holding the uncompressed then the compressed size. */
function zip64Extra(part: ZipPart): Buffer {
  const extra = Buffer.alloc(20);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(16, 2);
  extra.writeBigUInt64LE(BigInt(part.size), 4);
  extra.writeBigUInt64LE(BigInt(part.data.length), 12);
  return extra;
}

/** A ZIP of `parts`; `listed` (default: all) are the ones its central directory names. */
export function zipArchive(parts: ZipPart[], listed: ZipPart[] = parts, options: ZipOptions = {}): Buffer {
  const { zip64 = false } = options;
  const locals: Buffer[] = [];
  const offsets = new Map<ZipPart, number>();
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const extra = zip64 ? zip64Extra(part) : Buffer.alloc(0);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(zip64 ? 45 : 20, 4);
    header.writeUInt16LE(part.method, 8);
    header.writeUInt16LE(0x21, 12); // 1980-01-01
    header.writeUInt32LE(part.crc, 14);
    header.writeUInt32LE(zip64 ? ZIP64_MARK : part.data.length, 18);
    header.writeUInt32LE(zip64 ? ZIP64_MARK : part.size, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(extra.length, 28);
    offsets.set(part, offset);
    locals.push(header, name, extra, part.data);
    offset += header.length + name.length + extra.length + part.data.length;
  }
  const central: Buffer[] = [];
  for (const part of listed) {
    const name = Buffer.from(part.name);
    const extra = zip64 ? zip64Extra(part) : Buffer.alloc(0);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(zip64 ? 45 : 20, 4);
    header.writeUInt16LE(zip64 ? 45 : 20, 6);
    header.writeUInt16LE(part.method, 10);
    header.writeUInt16LE(0x21, 14);
    header.writeUInt32LE(part.crc, 16);
    header.writeUInt32LE(zip64 ? ZIP64_MARK : part.data.length, 20);
    header.writeUInt32LE(zip64 ? ZIP64_MARK : part.size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt16LE(extra.length, 30);
    header.writeUInt32LE(offsets.get(part) ?? 0, 42);
    central.push(header, name, extra);
  }
  const directory = Buffer.concat(central);
  const records: Buffer[] = [];
  if (zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(listed.length), 24);
    record.writeBigUInt64LE(BigInt(listed.length), 32);
    record.writeBigUInt64LE(BigInt(directory.length), 40);
    record.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
    locator.writeUInt32LE(1, 16);
    records.push(record, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? 0xffff : listed.length, 8);
  end.writeUInt16LE(zip64 ? 0xffff : listed.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(zip64 ? ZIP64_MARK : offset, 16);
  return Buffer.concat([...locals, directory, ...records, end]);
}

export const WORKBOOK = `<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Count" sheetId="1" r:id="rId1"/></sheets></workbook>`;
export const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;
export const inline = (ref: string, text: string): string => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
export const SHEET_START = `<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">${inline('A1', 'barcode')}</row><row r="2">${inline('A2', '5012345678900')}</row></sheetData>`;
export const SHEET_END = '</worksheet>';

/** The sheet part with `paddingMb` MB of spaces before its end: deflate packs each MB of them into about 1 KB. */
export function paddedSheet(paddingMb: number, declaredSize?: number): ZipPart {
  const flush = { finishFlush: constants.Z_SYNC_FLUSH };
  // Independently deflated, sync-flushed pieces concatenate into one valid stream; the last one ends it.
  const megabyte = deflateRawSync(Buffer.alloc(1024 * 1024, 0x20), flush);
  const data = Buffer.concat([
    deflateRawSync(SHEET_START, flush),
    ...Array.from({ length: paddingMb }, () => megabyte),
    deflateRawSync(SHEET_END),
  ]);
  const size = Buffer.byteLength(SHEET_START) + paddingMb * 1024 * 1024 + SHEET_END.length;
  return { name: 'xl/worksheets/sheet1.xml', data, method: 8, size: declaredSize ?? size, crc: 0 };
}

export const workbookParts = (sheet: ZipPart): ZipPart[] => [
  deflated('xl/workbook.xml', WORKBOOK),
  deflated('xl/_rels/workbook.xml.rels', WORKBOOK_RELS),
  sheet,
];

/** A worksheet part whose sheetData holds `rows`, written as XML (`<row r="1">…</row>`). */
export const worksheetPart = (rows: string, n = 1): ZipPart =>
  deflated(
    `xl/worksheets/sheet${n}.xml`,
    `<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`,
  );

/** A `<row>` of inline-string cells, each given by its reference: `inlineRow(2, { A2: "SKU-1", XFD2: "x" })`. */
export const inlineRow = (r: number, cells: Record<string, string>): string =>
  `<row r="${r}">${Object.entries(cells)
    .map(([ref, text]) => inline(ref, text))
    .join('')}</row>`;

/** A sheet as wide as Excel allows and almost empty: see sparseWideSheet. */
export interface SparseWideSheet {
  /** The header row's cells by column letter: `{ A: 'barcode', B: 'qty' }`. */
  header: Record<string, string>;
  /** Data rows below the header: rows 2 to rows + 1. */
  rows: number;
  /** Row r's cells left of the far one, by column letter (inline strings); none when omitted. */
  cells?: (r: number) => Record<string, string>;
  /** The far cell on each data row: an inline string (a value) or a style and nothing else (formatting only). */
  far: 'value' | 'formatting';
  /** The far cell's column: XFD, the last Excel has, unless given. */
  farColumn?: string;
  /** What the sheet's `<dimension ref>` claims, e.g. "A1:XFD1048576"; no dimension element when omitted. */
  dimension?: string;
}

/**
 * A worksheet part with one cell far right on every data row: a few bytes a row in the file, and a row as wide as the
 * sheet to a reader that allocates by column. 20,000 rows pack into about 100 KB.
 */
export function sparseWideSheet(sheet: SparseWideSheet): ZipPart {
  const far = sheet.farColumn ?? 'XFD';
  const cells = (r: number, byColumn: Record<string, string>): string =>
    Object.entries(byColumn)
      .map(([column, text]) => inline(`${column}${r}`, text))
      .join('');
  const rows = [`<row r="1">${cells(1, sheet.header)}</row>`];
  for (let r = 2; r <= sheet.rows + 1; r++) {
    const farCell = sheet.far === 'value' ? inline(`${far}${r}`, 'x') : `<c r="${far}${r}" s="0"/>`;
    rows.push(`<row r="${r}">${cells(r, sheet.cells?.(r) ?? {})}${farCell}</row>`);
  }
  const dimension = sheet.dimension === undefined ? '' : `<dimension ref="${sheet.dimension}"/>`;
  return deflated(
    'xl/worksheets/sheet1.xml',
    `<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${dimension}<sheetData>${rows.join('')}</sheetData></worksheet>`,
  );
}

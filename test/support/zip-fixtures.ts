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

export const deflated = (name: string, text: string): ZipPart => ({ name, data: deflateRawSync(text), method: 8, size: Buffer.byteLength(text), crc: crc32(text) });
export const stored = (name: string, text: string): ZipPart => ({ name, data: Buffer.from(text), method: 0, size: Buffer.byteLength(text), crc: crc32(text) });

/** A ZIP of `parts`; `listed` (default: all) are the ones its central directory names. */
export function zipArchive(parts: ZipPart[], listed: ZipPart[] = parts): Buffer {
  const locals: Buffer[] = [];
  const offsets = new Map<ZipPart, number>();
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(part.method, 8);
    header.writeUInt16LE(0x21, 12); // 1980-01-01
    header.writeUInt32LE(part.crc, 14);
    header.writeUInt32LE(part.data.length, 18);
    header.writeUInt32LE(part.size, 22);
    header.writeUInt16LE(name.length, 26);
    offsets.set(part, offset);
    locals.push(header, name, part.data);
    offset += header.length + name.length + part.data.length;
  }
  const central: Buffer[] = [];
  for (const part of listed) {
    const name = Buffer.from(part.name);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(part.method, 10);
    header.writeUInt16LE(0x21, 14);
    header.writeUInt32LE(part.crc, 16);
    header.writeUInt32LE(part.data.length, 20);
    header.writeUInt32LE(part.size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offsets.get(part) ?? 0, 42);
    central.push(header, name);
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(listed.length, 8);
  end.writeUInt16LE(listed.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
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
  const data = Buffer.concat([deflateRawSync(SHEET_START, flush), ...Array.from({ length: paddingMb }, () => megabyte), deflateRawSync(SHEET_END)]);
  const size = Buffer.byteLength(SHEET_START) + paddingMb * 1024 * 1024 + SHEET_END.length;
  return { name: 'xl/worksheets/sheet1.xml', data, method: 8, size: declaredSize ?? size, crc: 0 };
}

export const workbookParts = (sheet: ZipPart): ZipPart[] => [deflated('xl/workbook.xml', WORKBOOK), deflated('xl/_rels/workbook.xml.rels', WORKBOOK_RELS), sheet];


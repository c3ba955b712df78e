// The structure of a ZIP archive read straight from its bytes: the parts its central directory lists, and the parts
// its local headers hold in file order. Nothing here inflates anything or trusts a size; zip-guard.ts decides what
// the sizes may be. Every read is bounds-checked, so a lying offset is a BrokenZip, never a RangeError or a garbage read.

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_ZIP64_END = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const DATA_DESCRIPTOR = 'PK\u0007\u0008'; // its signature, as latin1 text for Buffer.indexOf
const ZIP64_MARK = 0xffffffff;

/** An archive that cannot be read; its message says so in words for a person: `could not open it (…)`. */
export class BrokenZip extends Error {
  override readonly name = 'BrokenZip';
}

/** "could not open it (why)": a BrokenZip for a damaged or unreadable archive. */
export const damaged = (why: string): BrokenZip => new BrokenZip(`could not open it (${why})`);

/** A bounds-checked view of the archive's bytes. */
class ZipBytes {
  constructor(readonly buf: Buffer) {}
  private at(offset: number, size: number): number {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset + size > this.buf.length) throw damaged('the file is cut short or damaged');
    return offset;
  }
  u16 = (o: number): number => this.buf.readUInt16LE(this.at(o, 2));
  u32 = (o: number): number => this.buf.readUInt32LE(this.at(o, 4));
  u64 = (o: number): number => Number(this.buf.readBigUInt64LE(this.at(o, 8)));
  slice = (o: number, size: number): Buffer => this.buf.subarray(this.at(o, size), o + size);
}

/** The 8-byte values of a ZIP64 extra field (header id 1), in the order the format lists them. */
function zip64Values(zip: ZipBytes, extraStart: number, extraLength: number): number[] {
  for (let p = extraStart; p + 4 <= extraStart + extraLength; ) {
    const id = zip.u16(p);
    const size = zip.u16(p + 2);
    if (id === 0x0001) return Array.from({ length: Math.floor(size / 8) }, (_, i) => zip.u64(p + 4 + i * 8));
    p += 4 + size;
  }
  throw damaged('a ZIP64 entry has no ZIP64 sizes');
}

/** A part as the central directory lists it, with the sizes it declares (which a hostile file can fake). */
export interface DeclaredPart {
  name: string;
  compressed: number;
  uncompressed: number;
}

/** The parts the central directory lists, with the sizes it declares. */
export function declaredParts(bytes: Buffer): DeclaredPart[] {
  const zip = new ZipBytes(bytes);
  let end = -1;
  for (let p = bytes.length - 22; p >= Math.max(0, bytes.length - 22 - 0xffff); p--) {
    if (bytes.readUInt32LE(p) === SIG_END) {
      end = p;
      break;
    }
  }
  if (end < 0) throw damaged('the file is cut short or damaged: its ZIP directory is missing');
  let count = zip.u16(end + 10);
  let directory = zip.u32(end + 16);
  if (end >= 20 && zip.u32(end - 20) === SIG_ZIP64_LOCATOR) {
    const record = zip.u64(end - 12);
    if (zip.u32(record) !== SIG_ZIP64_END) throw damaged('its ZIP64 directory is damaged');
    count = zip.u64(record + 32);
    directory = zip.u64(record + 48);
  }

  const parts: DeclaredPart[] = [];
  for (let i = 0, p = directory; i < count; i++) {
    if (zip.u32(p) !== SIG_CENTRAL) throw damaged('its ZIP directory is damaged');
    let compressed = zip.u32(p + 20);
    let uncompressed = zip.u32(p + 24);
    const nameLength = zip.u16(p + 28);
    const extraLength = zip.u16(p + 30);
    const commentLength = zip.u16(p + 32);
    const name = zip.slice(p + 46, nameLength).toString('utf8');
    if (uncompressed === ZIP64_MARK || compressed === ZIP64_MARK) {
      const values = zip64Values(zip, p + 46 + nameLength, extraLength);
      // Only the fields marked 0xFFFFFFFF are in the extra field, uncompressed size first.
      let next = 0;
      if (uncompressed === ZIP64_MARK) uncompressed = values[next++] ?? Infinity;
      if (compressed === ZIP64_MARK) compressed = values[next++] ?? Infinity;
    }
    parts.push({ name, compressed, uncompressed });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return parts;
}

/** One part as a streaming unzip meets it walking the archive from the start. */
export interface LocalPart {
  name: string;
  /** Local header to end of data (and data descriptor): the bytes that carry this part. */
  start: number;
  end: number;
  /** 0 stored, 8 deflated: the only methods Excel and Google Sheets use. */
  method: 0 | 8;
  /** The part's bytes as packed. */
  data: Buffer;
}

/** The parts in file order, and `rest`: where the central directory (and everything after the parts) starts. */
export interface LocalParts {
  parts: LocalPart[];
  rest: number;
}

/**
 * The parts in file order, found the way a streaming unzip (exceljs's) finds them: from the local headers, reading
 * the sizes those declare or, for a streamed entry, up to the first data-descriptor signature. Walking the same bytes
 * it will walk means whatever is measured here is what it would inflate: a part hidden from the central directory is
 * still found.
 */
export function localParts(bytes: Buffer): LocalParts {
  const zip = new ZipBytes(bytes);
  const parts: LocalPart[] = [];
  let p = 0;
  while (zip.u32(p) === SIG_LOCAL) {
    const flags = zip.u16(p + 6);
    const method = zip.u16(p + 8);
    let compressed = zip.u32(p + 18);
    const nameLength = zip.u16(p + 26);
    const extraLength = zip.u16(p + 28);
    const name = zip.slice(p + 30, nameLength).toString('utf8');
    if (compressed === ZIP64_MARK) compressed = zip64Values(zip, p + 30 + nameLength, extraLength)[1] ?? Infinity;
    const dataStart = p + 30 + nameLength + extraLength;
    let dataEnd: number;
    let end: number;
    if ((flags & 0x08) === 0 || compressed > 0) {
      dataEnd = end = dataStart + compressed;
    } else {
      dataEnd = bytes.indexOf(DATA_DESCRIPTOR, dataStart, 'latin1');
      if (dataEnd < 0) throw damaged('the file is cut short or damaged');
      end = dataEnd + 16;
    }
    if (method !== 0 && method !== 8) throw damaged(`${name} is packed with ZIP method ${method}, which Excel does not use`);
    parts.push({ name, start: p, end, method, data: zip.slice(dataStart, dataEnd - dataStart) });
    p = end;
  }
  const sig = zip.u32(p);
  if (sig !== SIG_CENTRAL && sig !== SIG_END) throw damaged('the file is cut short or damaged');
  return { parts, rest: p };
}

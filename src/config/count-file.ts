import { isUtf8 } from 'node:buffer';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { parse, type Info } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import type { CountFile, CountFileKind, CountRow } from '../domain/count-rows';
import { DocumentError, type Problem } from './errors';
import { closest, normalizeKey } from './headers';
import { cellText, columnLetter, countLineBreaks, isBlankRow } from './stock-sheet';

// Reads an uploaded count file (DESIGN.md "Formats" → "Count files") into plain rows, faithfully: what each cell says,
// where it is. What the rows mean (SKU lookup, units, re-scans, parking) is capture's business (src/domain/count-capture.ts).

/**
 * Data rows in one count file. A full count of a big store is a few thousand lines, so a file with more is a mistake
 * (a whole export, a runaway scanner) or an attack, and reading it would only fill memory.
 */
export const MAX_COUNT_ROWS = 100_000;

/**
 * What an XLSX count file may unpack to, all its parts together. A 100,000-row count sheet unpacks to about 30 MB,
 * so this leaves room for wide or heavily formatted sheets while keeping a zip bomb far from a Lambda's memory.
 */
export const MAX_XLSX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;

// Real workbook parts pack 5–30:1. Deflate tops out near 1,030:1, which only a run of one repeated byte reaches: a big
// part packed that tightly is filler, not a spreadsheet.
const MAX_PART_RATIO = 200;
const RATIO_CHECKED_ABOVE = 10 * 1024 * 1024;

const MAX_RAW_LENGTH = 500;

export interface CountFileLimits {
  maxRows?: number;
  maxUncompressedBytes?: number;
}

const CODE_COLUMNS = ['barcode', 'code', 'sku'] as const;
const QUANTITY_COLUMNS = ['qty', 'quantity', 'count'] as const;
const SHEET_QUANTITY = 'counted_qty';
/** Columns people put in count files that are not a code, so never worth a "did you mean" for one. */
const KNOWN_COLUMNS = new Set<string>([...CODE_COLUMNS, ...QUANTITY_COLUMNS, SHEET_QUANTITY, 'unit', 'location', 'name']);

const EXPECTED_HEADER =
  'expected a header row with a barcode, code or sku column (a scanner export) or sku and counted_qty (a count sheet)';

type Field = 'code' | 'qty' | 'unit' | 'location';
const FIELDS: readonly Field[] = ['code', 'qty', 'unit', 'location'];

/** Where a file's columns are, found from its header row. */
interface Layout {
  kind: CountFileKind;
  columns: Map<Field, number>;
}

const listed = (header: readonly string[]): string => {
  const text = header
    .map((h) => h.trim())
    .filter((h) => h !== '')
    .join(', ');
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
};

function readLayout(header: readonly string[], row: number, file: string): Layout {
  const keys = header.map(normalizeKey);
  const kind: CountFileKind = keys.includes(SHEET_QUANTITY) ? 'sheet' : 'scanner';
  // A count sheet's code is its sku column: a barcode column next to it is only a note.
  const names: Record<Field, readonly string[]> =
    kind === 'sheet'
      ? { code: ['sku'], qty: [SHEET_QUANTITY], unit: ['unit'], location: ['location'] }
      : { code: CODE_COLUMNS, qty: QUANTITY_COLUMNS, unit: ['unit'], location: ['location'] };

  const problems: Problem[] = [];
  const columns = new Map<Field, number>();
  keys.forEach((key, index) => {
    const field = FIELDS.find((f) => names[f].includes(key));
    if (field === undefined) return;
    const first = columns.get(field);
    if (first === undefined) return void columns.set(field, index);
    const title = (header[index] ?? '').trim();
    const firstTitle = (header[first] ?? '').trim();
    const which =
      keys[first] === key
        ? 'the column appears twice'
        : `"${firstTitle}" and "${title}" are both the ${field === 'code' ? 'code' : 'quantity'} column`;
    problems.push({ file, row, field: title, message: `${which} (columns ${columnLetter(first)} and ${columnLetter(index)}); keep one` });
  });

  if (!columns.has('code')) {
    const hint = (candidates: readonly string[]): string => {
      for (const title of header) {
        if (KNOWN_COLUMNS.has(normalizeKey(title))) continue;
        const hit = closest(title, candidates);
        if (hit !== null) return ` (did you mean "${hit}" for "${title.trim()}"?)`;
      }
      return '';
    };
    if (kind === 'sheet') {
      const at = columnLetter(keys.indexOf(SHEET_QUANTITY));
      problems.push({
        file,
        row,
        field: 'sku',
        message: `a count sheet needs a sku column next to counted_qty (column ${at}); the header row has: ${listed(header)}${hint(['sku'])}`,
      });
    } else {
      // A scanner set to export without a header puts a code where the header should be.
      const looksLikeData = header.some((h) => /^\d{6,}$/.test(h.trim()));
      const advice = looksLikeData ? '; that row looks like scanned data: add a header row such as barcode,qty above it' : hint([...CODE_COLUMNS, SHEET_QUANTITY]);
      problems.push({ file, row, message: `${EXPECTED_HEADER}; the header row has: ${listed(header)}${advice}` });
    }
  }
  if (problems.length > 0) throw new DocumentError(problems);
  return { kind, columns };
}

/** The row as typed, for a person to recognise: trailing empty cells dropped, cut at MAX_RAW_LENGTH characters. */
function rawText(cells: readonly string[]): string {
  let end = cells.length;
  while (end > 0 && (cells[end - 1] ?? '').trim() === '') end--;
  const text = cells.slice(0, end).join(',');
  if (text.length <= MAX_RAW_LENGTH) return text;
  let cut = MAX_RAW_LENGTH - 1;
  // Never split a surrogate pair: half an emoji renders as garbage in Slack.
  if (/[\uD800-\uDBFF]/.test(text.charAt(cut - 1))) cut--;
  return `${text.slice(0, cut)}…`;
}

const tooManyRows = (file: string, max: number): DocumentError =>
  new DocumentError([
    { file, message: `has more than ${max.toLocaleString('en-US')} rows; split the count by bin or aisle and upload the parts` },
  ]);

/** Turns a file's rows, header first, into a CountFile; the CSV and XLSX readers feed it one row at a time. */
class RowCollector {
  private layout: Layout | null = null;
  private readonly rows: CountRow[] = [];

  constructor(
    private readonly file: string,
    private readonly maxRows: number,
  ) {}

  /** Throws DocumentError for a bad header or one row too many, so a reader can stop right there. */
  add(row: number, cells: readonly string[]): void {
    if (isBlankRow(cells)) return;
    if (this.layout === null) {
      this.layout = readLayout(cells, row, this.file);
      return;
    }
    if (this.rows.length >= this.maxRows) throw tooManyRows(this.file, this.maxRows);
    const { columns } = this.layout;
    const cell = (field: Field): string => {
      const at = columns.get(field);
      return at === undefined ? '' : (cells[at] ?? '').trim();
    };
    this.rows.push({
      row,
      code: cell('code'),
      qty: columns.has('qty') ? cell('qty') : null,
      unit: cell('unit'),
      location: cell('location'),
      raw: rawText(cells),
    });
  }

  finish(emptyMessage: string): CountFile {
    if (this.layout === null) throw new DocumentError([{ file: this.file, message: `${emptyMessage}; ${EXPECTED_HEADER}` }]);
    return { file: this.file, kind: this.layout.kind, hasQuantity: this.layout.columns.has('qty'), rows: this.rows };
  }
}

const ZIP_START = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_START = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** Slack serves its sign-in page in place of the file when the token lacks files:read. */
function isWebPage(bytes: Buffer): boolean {
  const start = bytes.subarray(0, 512).toString('latin1').replace(/^\u00ef\u00bb\u00bf/, '').trimStart().toLowerCase();
  return start.startsWith('<!doctype html') || start.startsWith('<html');
}

// ---------------------------------------------------------------------------------------------------------------------
// CSV

/** The file as UTF-8, whatever the scanner or Excel saved it as. */
function utf8Bytes(bytes: Buffer): Buffer {
  // Excel's "Unicode Text" (.txt) is UTF-16 with a byte-order mark.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return Buffer.from(new TextDecoder('utf-16le').decode(bytes), 'utf8');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(new TextDecoder('utf-16be').decode(bytes), 'utf8');
  if (isUtf8(bytes)) return bytes;
  // Older scanner software and Excel on Windows save "CSV" in Windows-1252; reading that as UTF-8 would mangle every é.
  return Buffer.from(new TextDecoder('windows-1252').decode(bytes), 'utf8');
}

/**
 * The delimiter the header line uses: Excel in much of Europe saves CSV with `;`, and Unicode Text uses tabs. Column
 * names never contain any of these, so the header alone decides.
 */
function sniffDelimiter(buf: Buffer): string {
  const text = buf.subarray(0, 64 * 1024).toString('utf8');
  const line = text.split(/\r\n|\r|\n/).find((l) => l.trim() !== '') ?? '';
  const unquoted = line.replace(/"[^"]*"/g, '');
  let best = ',';
  let most = 0;
  for (const d of [',', ';', '\t']) {
    const n = unquoted.split(d).length - 1;
    if (n > most) [best, most] = [d, n];
  }
  return best;
}

function readCsv(file: string, bytes: Buffer, maxRows: number): CountFile {
  const notCsv = (what: string): DocumentError => new DocumentError([{ file, message: `not a CSV file: this is ${what}` }]);
  if (isWebPage(bytes)) throw notCsv('a web page, not an export from a scanner or spreadsheet');
  // Read as text, a workbook's bytes would only produce a baffling header error.
  if (bytes.subarray(0, 4).equals(ZIP_START)) throw notCsv('an Excel workbook with a .csv name: upload it with its .xlsx name, or save it as CSV');
  if (bytes.subarray(0, 4).equals(OLE_START)) throw notCsv('an old Excel .xls file: save it as .xlsx or CSV');
  const buf = utf8Bytes(bytes);
  const rows = new RowCollector(file, maxRows);
  // A record's row is the line it starts on. csv-parse's info.lines is where it ends (and counts a CRLF inside a
  // quoted cell twice), so lines are counted from the byte offsets where records end, as the stock sheet does.
  let line = 1;
  let offset = 0;
  try {
    parse(buf, {
      bom: true,
      delimiter: sniffDelimiter(buf),
      relax_column_count: true,
      // A name like `12" pipe` typed into a CSV by hand is text, not a broken quote.
      relax_quotes: true,
      // Blank lines are kept as records so every line is counted; the collector leaves them out.
      skip_empty_lines: false,
      on_record: (record: string[], info: Info) => {
        const row = line;
        line += countLineBreaks(buf, offset, info.bytes);
        offset = info.bytes;
        rows.add(row, record);
        // Nothing is kept by csv-parse: the collector holds the rows, so blank lines cost no memory.
        return null;
      },
    });
  } catch (err) {
    if (err instanceof DocumentError) throw err;
    // csv-parse reports where it gave up, often the end of the file; the row to fix is the one after the last good record.
    const message =
      (err as { code?: string }).code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'not readable as CSV: a quoted cell that starts in this row is never closed (a closing " is missing)'
        : `not readable as CSV (${(err as Error).message})`;
    throw new DocumentError([{ file, row: line, message }]);
  }
  return rows.finish('the file is empty');
}

// ---------------------------------------------------------------------------------------------------------------------
// XLSX: the ZIP archive is checked from the buffer before exceljs sees a byte of it.

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_ZIP64_END = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const DATA_DESCRIPTOR = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
const ZIP64_MARK = 0xffffffff;

/** A ZIP that cannot be read as a workbook: the message is what follows "not an XLSX workbook; ". */
class BrokenZip extends Error {}
const damaged = (why: string): BrokenZip => new BrokenZip(`could not open it (${why})`);

/** A bounds-checked view of the buffer: a lying offset becomes a BrokenZip, not a RangeError or a garbage read. */
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

interface DeclaredPart {
  name: string;
  compressed: number;
  uncompressed: number;
}

/** The parts the central directory lists, with the sizes it declares (which a hostile file can fake: see localParts). */
function declaredParts(zip: ZipBytes): DeclaredPart[] {
  const { buf } = zip;
  let end = -1;
  for (let p = buf.length - 22; p >= Math.max(0, buf.length - 22 - 0xffff); p--) {
    if (buf.readUInt32LE(p) === SIG_END) {
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

/** One part as unzipper (exceljs's unzip) will meet it walking the archive from the start. */
interface LocalPart {
  name: string;
  /** Local header to end of data (and data descriptor): the bytes that carry this part. */
  start: number;
  end: number;
  method: number;
  data: Buffer;
}

/**
 * The parts in file order, found the way exceljs's streaming unzip finds them: from the local headers, reading the sizes
 * those declare or, for a streamed entry, up to the first data-descriptor signature. Walking the same bytes it will
 * walk means the inflation measured below is the inflation exceljs would do: a part hidden from the central
 * directory is still counted.
 */
function localParts(zip: ZipBytes): { parts: LocalPart[]; rest: number } {
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
      dataEnd = zip.buf.indexOf(DATA_DESCRIPTOR, dataStart);
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

/** Bytes a part inflates to, counting no further than just past `budget` and holding one chunk at a time. */
function inflatedSize(part: LocalPart, budget: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflater = createInflateRaw();
    let total = 0;
    let settled = false;
    inflater.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > budget && !settled) {
        settled = true;
        inflater.destroy();
        resolve(total);
      }
    });
    inflater.on('end', () => {
      settled = true;
      resolve(total);
    });
    inflater.on('error', (err) => {
      if (settled) return;
      settled = true;
      reject(damaged(`its part ${part.name} is damaged: ${err.message}`));
    });
    inflater.end(part.data);
  });
}

const size = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024)).toLocaleString('en-US')} MB` : `${Math.ceil(bytes / 1024).toLocaleString('en-US')} KB`;

const XLS_DETAIL = 'this looks like an old Excel .xls file: save it as .xlsx or CSV';
const NOT_XLSX_DETAIL = 'expected a file saved as .xlsx from Excel or Google Sheets';
// exceljs's streaming reader knows a worksheet by this name, unanchored.
const WORKSHEET_PART = /xl\/worksheets\/sheet(\d+)[.]xml/;

/**
 * Refuses a workbook that would unpack to more than `maxBytes`, first by what its directory declares (instant), then by
 * inflating every part and counting (declared sizes can lie). Returns the bytes for exceljs with the worksheets moved
 * after the other parts: exceljs parks every worksheet that arrives before the shared strings in a temporary file,
 * and Excel writes the shared strings last.
 */
async function checkedArchive(file: string, bytes: Buffer, maxBytes: number): Promise<{ stream: Buffer[]; hasSharedStrings: boolean }> {
  const bomb = (message: string): DocumentError => new DocumentError([{ file, message: `${message}; refusing it as a possible zip bomb` }]);
  const zip = new ZipBytes(bytes);

  const declared = declaredParts(zip);
  let total = 0;
  for (const part of declared) {
    total += part.uncompressed;
    if (part.uncompressed > RATIO_CHECKED_ABOVE && part.uncompressed > MAX_PART_RATIO * part.compressed) {
      throw bomb(`its part ${part.name} unpacks from ${size(part.compressed)} to ${size(part.uncompressed)}, far tighter than any spreadsheet packs`);
    }
  }
  if (total > maxBytes) {
    throw new DocumentError([
      { file, message: `unpacks to ${size(total)}, more than the ${size(maxBytes)} a count workbook may; split the count by bin or aisle and upload the parts, or save it as CSV` },
    ]);
  }

  const { parts, rest } = localParts(zip);
  let inflated = 0;
  for (const part of parts) {
    inflated += part.method === 0 ? part.data.length : await inflatedSize(part, maxBytes - inflated);
    if (inflated > maxBytes) throw bomb(`it unpacks to more than ${size(maxBytes)} though it declares ${size(total)}`);
  }

  const names = new Set(parts.map((p) => p.name));
  if (!names.has('xl/workbook.xml') || !names.has('xl/_rels/workbook.xml.rels') || !parts.some((p) => WORKSHEET_PART.test(p.name))) {
    throw new BrokenZip(`${NOT_XLSX_DETAIL} (it is a ZIP archive without an Excel worksheet)`);
  }
  const sheetNumber = (p: LocalPart): number => Number(WORKSHEET_PART.exec(p.name)?.[1] ?? -1);
  const others = parts.filter((p) => !WORKSHEET_PART.test(p.name));
  const sheets = parts.filter((p) => WORKSHEET_PART.test(p.name)).sort((a, b) => sheetNumber(a) - sheetNumber(b));
  return {
    stream: [...others, ...sheets].map((p) => bytes.subarray(p.start, p.end)).concat(bytes.subarray(rest)),
    hasSharedStrings: names.has('xl/sharedStrings.xml'),
  };
}

// Excel shows at most 15 significant digits; the file stores 17, so a cell Excel shows as 0.3 can hold 0.30000000000000004.
const shownNumber = (n: number): number => (Number.isFinite(n) ? Number(n.toPrecision(15)) : n);

/** A cell as the text a person sees in it (stock-sheet's cellText, with numbers as Excel displays them). */
function xlsxCellText(value: ExcelJS.CellValue): string {
  if (typeof value === 'number') return cellText(shownNumber(value));
  if (value !== null && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value) && typeof value.result === 'number') {
    // The streaming reader turns an error result (#N/A) into NaN; showing the formula says more than "NaN".
    const result = Number.isNaN(value.result) ? undefined : shownNumber(value.result);
    return cellText({ ...value, result } as ExcelJS.CellValue);
  }
  return cellText(value);
}

interface StreamedSheet extends AsyncIterable<ExcelJS.Row> {
  /** The sheetId from workbook.xml once exceljs has matched the part to it; the part's number (a string) until then. */
  id: number | string;
  name: string;
}

async function readXlsx(file: string, bytes: Buffer, limits: Required<CountFileLimits>): Promise<CountFile> {
  const notXlsx = (detail: string): DocumentError => new DocumentError([{ file, message: `not an XLSX workbook; ${detail}` }]);
  // Old .xls files are OLE compound documents, which exceljs cannot read; say so rather than "corrupt".
  if (bytes.subarray(0, 4).equals(OLE_START)) throw notXlsx(XLS_DETAIL);
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw notXlsx(isWebPage(bytes) ? `${NOT_XLSX_DETAIL} (this file is a web page)` : NOT_XLSX_DETAIL);
  }

  const rows = new RowCollector(file, limits.maxRows);
  let sheetName: string | null = null;
  try {
    const archive = await checkedArchive(file, bytes, limits.maxUncompressedBytes);
    // Loaded on first use: most count files are CSV, and a cold Lambda should not pay for the XLSX reader up front.
    const { stream } = require('exceljs') as typeof import('exceljs');
    const reader = new stream.xlsx.WorkbookReader(Readable.from(archive.stream, { objectMode: false }), {
      worksheets: 'emit',
      sharedStrings: 'cache',
      // Styles say which numbers are dates.
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    // A workbook with inline strings only has no shared strings part, and exceljs would wait for one by parking
    // every worksheet in a temporary file.
    if (!archive.hasSharedStrings) (reader as unknown as { sharedStrings: unknown[] }).sharedStrings = [];
    const model = (): { sheets?: { id: number }[] } | undefined => (reader as unknown as { model?: { sheets?: { id: number }[] } }).model;

    let index = 0;
    for await (const worksheet of reader as unknown as AsyncIterable<StreamedSheet>) {
      const first = model()?.sheets?.[0];
      // The workbook's tab order decides; when exceljs could not match parts to tabs, the lowest-numbered part is first.
      const isFirst = first === undefined || typeof worksheet.id !== 'number' ? index === 0 : worksheet.id === first.id;
      index++;
      if (!isFirst) continue; // exceljs drains a worksheet nobody reads
      sheetName = worksheet.name;
      for await (const row of worksheet) {
        const cells: string[] = [];
        for (let c = 1; c <= row.cellCount; c++) cells.push(xlsxCellText(row.getCell(c).value));
        rows.add(row.number, cells);
      }
      break;
    }
  } catch (err) {
    if (err instanceof DocumentError) throw err;
    if (err instanceof BrokenZip) throw notXlsx(err.message);
    throw notXlsx(`could not open it (${(err as Error).message})`);
  }
  if (sheetName === null) throw new DocumentError([{ file, message: 'the first sheet of the workbook is not a worksheet; put the count on the first sheet' }]);
  return rows.finish(`the first worksheet ("${sheetName}") is empty`);
}

// ---------------------------------------------------------------------------------------------------------------------

/** Reads a count file; throws DocumentError (all problems named by file, row, field) when it cannot. */
export async function readCountFile(fileName: string, bytes: Buffer, limits: CountFileLimits = {}): Promise<CountFile> {
  const resolved: Required<CountFileLimits> = {
    maxRows: limits.maxRows ?? MAX_COUNT_ROWS,
    maxUncompressedBytes: limits.maxUncompressedBytes ?? MAX_XLSX_UNCOMPRESSED_BYTES,
  };
  const extension = extname(fileName).toLowerCase();
  if (extension === '.csv' || extension === '.txt') return readCsv(fileName, bytes, resolved.maxRows);
  if (extension === '.xlsx') return readXlsx(fileName, bytes, resolved);
  const got = extension === '' ? 'no extension' : `"${extension}"`;
  const advice = extension === '.xls' ? `: ${XLS_DETAIL}` : '';
  throw new DocumentError([{ file: fileName, message: `expected a count file ending in .csv or .xlsx, got ${got}${advice}` }]);
}

import { isUtf8 } from 'node:buffer';
import { parse, type Info } from 'csv-parse/sync';
import { DocumentError } from '../errors';
import { countLineBreaks } from './cells';
import { dataRowLimit, type SheetRules } from './limits';
import { isOldExcel, isWebPage, isZip } from './sniff';

// CSV bytes into rows of cell text, each with the spreadsheet row it starts on. Readers above this decide what the
// rows mean; this decides only what the cells say and where they are.

/** Called once per record, blank ones included, in file order; throwing stops the read and the error propagates. */
export type RowSink = (row: number, cells: string[]) => void;

/**
 * Parses CSV already in UTF-8, calling `onRow` with each record and the line it starts on. A record's row is counted
 * from the byte offsets where records end: csv-parse's own line count is where a record ends (and counts a CRLF
 * inside a quoted cell twice), so a multi-line cell would shift every row below it. Throws a DocumentError naming
 * the row to fix when the text is not readable as CSV.
 */
export function parseCsvRecords(file: string, buf: Buffer, delimiter: string, onRow: RowSink): void {
  let line = 1;
  let offset = 0;
  try {
    parse(buf, {
      bom: true,
      delimiter,
      relax_column_count: true,
      // A name like `12" pipe` typed into a CSV by hand is text, not a broken quote.
      relax_quotes: true,
      // Blank lines are kept as records so every line is counted; readers above skip blank rows.
      skip_empty_lines: false,
      on_record: (record: string[], info: Info) => {
        const row = line;
        line += countLineBreaks(buf, offset, info.bytes);
        offset = info.bytes;
        onRow(row, record);
        // Nothing is kept by csv-parse: the sink holds what it wants, so a blank line costs no memory.
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
}

/** The file as UTF-8, whatever the scanner or Excel saved it as. */
export function utf8Bytes(bytes: Buffer): Buffer {
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
export function sniffDelimiter(buf: Buffer): string {
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

/**
 * Reads an uploaded CSV (or tab-separated .txt) in whatever encoding and delimiter it was saved with, calling `onRow`
 * for each record. Refuses a web page, a workbook or an old .xls under a CSV name, and a file with more data rows than
 * `rules.limits.maxRows`; every refusal is a DocumentError naming the file (and the row, where there is one).
 */
export function readCsv(file: string, bytes: Buffer, rules: SheetRules, onRow: RowSink): void {
  const notCsv = (what: string): DocumentError => new DocumentError([{ file, message: `not a CSV file: this is ${what}` }]);
  if (isWebPage(bytes)) throw notCsv('a web page, not an export from a scanner or spreadsheet');
  // Read as text, a workbook's bytes would only produce a baffling header error.
  if (isZip(bytes)) throw notCsv('an Excel workbook with a .csv name: upload it with its .xlsx name, or save it as CSV');
  if (isOldExcel(bytes)) throw notCsv('an old Excel .xls file: save it as .xlsx or CSV');
  const buf = utf8Bytes(bytes);
  const limit = dataRowLimit(file, rules);
  parseCsvRecords(file, buf, sniffDelimiter(buf), (row, cells) => {
    limit(cells);
    onRow(row, cells);
  });
}

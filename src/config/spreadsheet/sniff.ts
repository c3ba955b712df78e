import { DocumentError } from '../errors';

// What a file's first bytes say it is, whatever its name claims, and the words that tell a person. An upload named
// .xlsx can be an old .xls, a CSV or the sign-in page Slack serves in place of a file; reading any of those as the
// format its name claims would only produce a baffling parse error.

const startsWith = (bytes: Buffer, signature: readonly number[]): boolean => signature.every((byte, i) => bytes[i] === byte);

/** Starts like a ZIP archive (a local file header), as every XLSX workbook does. */
export const isZip = (bytes: Buffer): boolean => startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]);

/** Starts like an OLE compound document: an old Excel .xls workbook, which nothing here reads. */
export const isOldExcel = (bytes: Buffer): boolean => startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0]);

/** An HTML page: Slack serves its sign-in page in place of the file when the token lacks files:read. */
export function isWebPage(bytes: Buffer): boolean {
  const start = bytes
    .subarray(0, 512)
    .toString('latin1')
    .replace(/^\u00ef\u00bb\u00bf/, '')
    .trimStart()
    .toLowerCase();
  return start.startsWith('<!doctype html') || start.startsWith('<html');
}

/** What to do with an old .xls file, wherever one turns up. */
export const XLS_DETAIL = 'this looks like an old Excel .xls file: save it as .xlsx or CSV';

/** What an XLSX reader expected, for a file that is not one. */
export const NOT_XLSX_DETAIL = 'expected a file saved as .xlsx from Excel or Google Sheets';

/** The refusal of a file an XLSX reader cannot take: `<file>: not an XLSX workbook; <detail>`. */
export const notXlsx = (file: string, detail: string): DocumentError =>
  new DocumentError([{ file, message: `not an XLSX workbook; ${detail}` }]);

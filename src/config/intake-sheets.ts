import type { IntakeDocument } from '../domain/intake-document';
import { DocumentError } from './errors';
import { readCsv } from './spreadsheet/csv';
import { MAX_XLSX_COLUMNS, MAX_XLSX_UNCOMPRESSED_BYTES, type SheetRules } from './spreadsheet/limits';
import { isBlankRow } from './spreadsheet/cells';
import { readXlsx } from './spreadsheet/xlsx';

// A forwarded spreadsheet (a count printout typed up, a supplier's price list) read into an IntakeDocument: its rows
// as one table, and its text as the rows a person would see. The same hardened readers as count files, so a zip bomb
// or a runaway export is refused the same way, by name.

/** A forwarded count or price list is a few hundred rows; a whole catalogue export is not something to propose from. */
export const MAX_INTAKE_ROWS = 5_000;
/** A cell longer than this is not a count or a price; it is cut so one cell cannot fill the proposal or the model's prompt. */
export const MAX_INTAKE_CELL_CHARS = 500;

const RULES: SheetRules = {
  limits: { maxRows: MAX_INTAKE_ROWS, maxColumns: MAX_XLSX_COLUMNS, maxUncompressedBytes: MAX_XLSX_UNCOMPRESSED_BYTES },
  wording: {
    workbook: 'a forwarded workbook',
    tooManyRows: 'send only the rows that changed',
    tooBig: 'send only the rows that changed',
    firstSheet: 'put the rows on the first sheet',
  },
};

/** How a table row reads as a line of text: its non-empty cells, joined. Proposals quote rows in this form. */
export const rowText = (cells: readonly string[]): string =>
  cells
    .map((c) => c.trim())
    .filter((c) => c !== '')
    .join(' | ');

function collector(fileName: string) {
  const rows: string[][] = [];
  return {
    add: (_row: number, cells: string[]) => {
      if (isBlankRow(cells)) return;
      rows.push(cells.map((c) => (c.length > MAX_INTAKE_CELL_CHARS ? c.slice(0, MAX_INTAKE_CELL_CHARS) : c)));
    },
    document: (): IntakeDocument => ({ fileName, text: rows.map(rowText).join('\n'), tables: rows.length > 0 ? [{ page: 1, rows }] : [] }),
  };
}

/** The outcome of reading one attachment: the document, or a problem in words for the sender and the owner. */
export type IntakeRead = { ok: true; document: IntakeDocument } | { ok: false; problem: string };

const problemOf = (err: unknown): string => (err instanceof DocumentError ? err.message : `could not be read: ${String(err)}`);

/** A CSV (any encoding and delimiter a spreadsheet saves) as one table. */
export function readIntakeCsv(fileName: string, bytes: Buffer): IntakeRead {
  const c = collector(fileName);
  try {
    readCsv(fileName, bytes, RULES, c.add);
  } catch (err) {
    return { ok: false, problem: problemOf(err) };
  }
  return { ok: true, document: c.document() };
}

/** The first worksheet of an XLSX workbook as one table. */
export async function readIntakeXlsx(fileName: string, bytes: Buffer): Promise<IntakeRead> {
  const c = collector(fileName);
  try {
    await readXlsx(fileName, bytes, RULES, c.add);
  } catch (err) {
    return { ok: false, problem: problemOf(err) };
  }
  return { ok: true, document: c.document() };
}

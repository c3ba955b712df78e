import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { DocumentError } from '../errors';
import { cellText, columnLetter } from './cells';
import type { RowSink } from './csv';
import { FarCells } from './far-cells';
import { FormulaResults } from './formula-results';
import { dataRowLimit, pastLastColumn, type SheetRules } from './limits';
import { isOldExcel, isWebPage, isZip, NOT_XLSX_DETAIL, notXlsx, XLS_DETAIL } from './sniff';
import { readSharedStringsWhole, wholeCharacters } from './whole-characters';
import { workbookStream } from './xlsx-parts';
import { BrokenZip } from './zip-entries';
import { guardZip } from './zip-guard';

// The first worksheet of an XLSX workbook as rows of cell text, streamed: one row in memory at a time, whatever the
// size of the sheet. The archive is checked for zip bombs before exceljs sees a byte of it, and rows and columns are
// limited as they arrive, so a hostile or runaway file is refused long before it can fill a Lambda's memory.

/** A worksheet as exceljs's streaming reader yields it. */
interface StreamedSheet extends AsyncIterable<ExcelJS.Row> {
  /** The sheetId from workbook.xml once exceljs has matched the part to it; the part's number (a string) until then. */
  id: number | string;
  name: string;
  /** The worksheet part's XML on its way to exceljs's parser. */
  iterator: AsyncIterable<Buffer | string>;
}

/** What of exceljs's WorkbookReader this module reads or sets beyond its typed surface. */
interface ReaderInternals {
  sharedStrings?: unknown[];
  model?: { sheets?: { id: number }[] };
}

/**
 * A cell's text, with an error or boolean formula result put back: exceljs reads a TRUE as 1 and drops an error
 * (its NaN) altogether, leaving the result undefined.
 */
function shownText(value: ExcelJS.CellValue, column: number, row: number, results: FormulaResults): string {
  const isFormula = value !== null && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value);
  if (isFormula && (value.result === undefined || typeof value.result === 'number')) {
    const typed = results.take(`${columnLetter(column - 1)}${row}`);
    if (typed !== undefined) return cellText({ ...value, result: typed } as ExcelJS.CellValue);
  }
  return cellText(value);
}

/**
 * A row's cells as text, up to its last cell with a value. Throws a DocumentError naming the file and row when a
 * value sits right of `maxColumns`. far-cells.ts has already refused such a value or taken the empty cell out before
 * exceljs built the row; this is the same rule, kept for whatever reaches exceljs another way.
 */
function rowCells(file: string, row: ExcelJS.Row, rules: SheetRules, results: FormulaResults): string[] {
  const { maxColumns } = rules.limits;
  const cells: string[] = [];
  row.eachCell((cell, column) => {
    if (column > maxColumns) throw pastLastColumn(file, row.number, column, maxColumns);
    while (cells.length < column - 1) cells.push('');
    cells.push(shownText(cell.value, column, row.number, results));
  });
  return cells;
}

/** The first worksheet: the workbook's first tab or, when exceljs could not match parts to tabs, the lowest part. */
function isFirstSheet(sheet: StreamedSheet, index: number, reader: ReaderInternals): boolean {
  const first = reader.model?.sheets?.[0];
  return first === undefined || typeof sheet.id !== 'number' ? index === 0 : sheet.id === first.id;
}

/**
 * Reads the first worksheet of an XLSX workbook, calling `onRow` with each row exceljs holds (blank ones included,
 * empty rows the file leaves out skipped) and its spreadsheet row number. Returns the worksheet's name.
 *
 * Refuses, with a DocumentError naming `file`: an old .xls, a web page or anything else that is not a ZIP; a damaged
 * ZIP or one that is not a workbook; a zip bomb or a workbook unpacking past `rules.limits.maxUncompressedBytes`;
 * more data rows than `maxRows`; a value right of column `maxColumns` (naming its row and column); a workbook whose
 * first tab is not a worksheet. An error `onRow` throws stops the read and propagates as it is.
 */
export async function readXlsx(file: string, bytes: Buffer, rules: SheetRules, onRow: RowSink): Promise<string> {
  // Old .xls files are OLE compound documents, which exceljs cannot read; say so rather than "corrupt".
  if (isOldExcel(bytes)) throw notXlsx(file, XLS_DETAIL);
  if (!isZip(bytes)) throw notXlsx(file, isWebPage(bytes) ? `${NOT_XLSX_DETAIL} (this file is a web page)` : NOT_XLSX_DETAIL);

  const limit = dataRowLimit(file, rules);
  let sinkError: unknown;
  let sheetName: string | null = null;
  try {
    const archive = workbookStream(file, bytes, await guardZip(file, bytes, rules));
    // Loaded on first use: a process that never reads XLSX (most count files are CSV) should not pay for exceljs.
    const { stream } = require('exceljs') as typeof import('exceljs');
    const reader = new stream.xlsx.WorkbookReader(Readable.from(archive.chunks, { objectMode: false }), {
      worksheets: 'emit',
      sharedStrings: 'cache',
      // Styles say which numbers are dates.
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    const internals = reader as unknown as ReaderInternals;
    readSharedStringsWhole(reader);
    // A workbook with inline strings only has no shared strings part, and exceljs would wait for one by parking
    // every worksheet in a temporary file.
    if (!archive.hasSharedStrings) internals.sharedStrings = [];

    let index = 0;
    for await (const sheet of reader as unknown as AsyncIterable<StreamedSheet>) {
      if (!isFirstSheet(sheet, index++, internals)) continue; // exceljs drains a worksheet nobody reads
      sheetName = sheet.name;
      // The sheet's XML passes through here before exceljs parses it: as whole characters, with cells past the last
      // column refused or taken out, and typed formula results noted (see whole-characters.ts, far-cells.ts and
      // formula-results.ts for what exceljs would lose or what it would cost).
      const results = new FormulaResults();
      const farCells = new FarCells(file, rules.limits.maxColumns);
      sheet.iterator = results.watch(farCells.watch(wholeCharacters(sheet.iterator)));
      for await (const row of sheet) {
        const cells = rowCells(file, row, rules, results);
        limit(cells);
        try {
          onRow(row.number, cells);
        } catch (err) {
          sinkError = err;
          throw err;
        }
      }
      break;
    }
  } catch (err) {
    if (err instanceof DocumentError || (sinkError !== undefined && err === sinkError)) throw err;
    if (err instanceof BrokenZip) throw notXlsx(file, err.message);
    throw notXlsx(file, `could not open it (${(err as Error).message})`);
  }
  if (sheetName === null) {
    throw new DocumentError([{ file, message: `the first sheet of the workbook is not a worksheet; ${rules.wording.firstSheet}` }]);
  }
  return sheetName;
}

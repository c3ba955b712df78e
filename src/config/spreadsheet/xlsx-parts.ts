import { NOT_XLSX_DETAIL, notXlsx } from './sniff';
import type { LocalParts } from './zip-entries';

// An XLSX archive's parts as exceljs's streaming reader should meet them. The reader parks every worksheet that
// arrives before the shared strings in a temporary file, and Excel writes the shared strings last, so the worksheets
// are moved to the end; the archive's bytes are not copied, only sliced.

// exceljs's streaming reader knows a worksheet by this name, unanchored.
const WORKSHEET_PART = /xl\/worksheets\/sheet(\d+)[.]xml/;

/** The bytes to hand exceljs, in order, and whether the workbook has a shared-strings part. */
export interface WorkbookStream {
  chunks: Buffer[];
  hasSharedStrings: boolean;
}

/**
 * Checks the archive holds a workbook (workbook.xml, its relationships, a worksheet) and returns its bytes with the
 * worksheets last, in part-number order. Throws a DocumentError naming `file` for a ZIP that is not a workbook (a
 * .docx renamed, a zip of CSVs).
 */
export function workbookStream(file: string, bytes: Buffer, { parts, rest }: LocalParts): WorkbookStream {
  const names = new Set(parts.map((p) => p.name));
  if (!names.has('xl/workbook.xml') || !names.has('xl/_rels/workbook.xml.rels') || !parts.some((p) => WORKSHEET_PART.test(p.name))) {
    throw notXlsx(file, `${NOT_XLSX_DETAIL} (it is a ZIP archive without an Excel worksheet)`);
  }
  const sheetNumber = (name: string): number => Number(WORKSHEET_PART.exec(name)?.[1] ?? -1);
  const others = parts.filter((p) => !WORKSHEET_PART.test(p.name));
  const sheets = parts.filter((p) => WORKSHEET_PART.test(p.name)).sort((a, b) => sheetNumber(a.name) - sheetNumber(b.name));
  return {
    chunks: [...others, ...sheets].map((p) => bytes.subarray(p.start, p.end)).concat(bytes.subarray(rest)),
    hasSharedStrings: names.has('xl/sharedStrings.xml'),
  };
}

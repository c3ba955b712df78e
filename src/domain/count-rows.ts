// The shape of a count file once it has been read (src/config/count-file.ts), before any SKU is looked up. Plain data:
// the reader knows spreadsheets and CSV, capture (src/domain/count-capture.ts) knows the business rules.

/** A scanner export (a code per row, maybe a quantity) or a filled count sheet (sku, counted_qty, unit). */
export type CountFileKind = 'scanner' | 'sheet';

/** One non-blank data row of a count file, every cell as the text a person sees in it (trimmed). */
export interface CountRow {
  /** The spreadsheet row (header = row 1), or the CSV line the record starts on. */
  row: number;
  /** The `barcode` / `code` / `sku` cell: a SKU, barcode or supplier code. '' when blank. */
  code: string;
  /**
   * The quantity cell (`qty` / `quantity` / `count` in a scanner export, `counted_qty` in a sheet). null when the
   * file has no quantity column (a scanner export with one row per unit scanned); '' when the cell is blank.
   */
  qty: string | null;
  /** The `unit` cell: '' (each), `each`, `case`, `box`, `pack`… as typed. */
  unit: string;
  /** The `location` cell, '' when the file has none. */
  location: string;
  /** The row as typed, its cells joined by commas (at most 500 characters): shown on parked lines, quoted to the model. */
  raw: string;
}

export interface CountFile {
  /** The file's name as uploaded: every problem names it. */
  file: string;
  kind: CountFileKind;
  /** False for a scanner export without a quantity column: each row is one unit. */
  hasQuantity: boolean;
  /** Data rows in file order; blank rows are left out. */
  rows: CountRow[];
}

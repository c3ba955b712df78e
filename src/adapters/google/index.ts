// The Google Sheets and Drive calls the sheet lane makes, as a port: the stock sheet is a Google Sheet and the rules
// and supplier documents are Google Docs. `workspace.ts` implements it on the per-API clients; the tests point those
// at a loopback fake through GOOGLE_API_ROOT.

/** What Drive says about one file: enough to tell, in one request, whether it changed since the last sync. */
export interface FileVersion {
  id: string;
  name: string;
  /** Drive's version number of the file: it rises on every change of the content. */
  version: string;
  modifiedTime: string;
}

/** One cell to write, by its A1 address on the sheet's tab ("F12"). */
export interface CellWrite {
  cell: string;
  value: string | number;
}

/** The stock sheet's cells as text, row by row from row 1, as Sheets formats them for display. */
export interface SheetGrid {
  /** The tab read (the one named, or the first). */
  tab: string;
  rows: string[][];
}

export interface GoogleWorkspace {
  /** One Drive `files.get` (id, name, version, modifiedTime). */
  fileVersion(fileId: string): Promise<FileVersion>;
  /** One Sheets `values.get` of the tab (the first tab when none is named), bounded to the rows and columns a stock sheet may have. */
  readSheet(spreadsheetId: string, tab?: string): Promise<SheetGrid>;
  /** A Google Doc as plain text: one Drive `files.export` as text/plain. */
  exportText(docId: string): Promise<string>;
  /** Writes the cells in one Sheets `values.batchUpdate` with RAW input, so nothing written can become a formula. */
  writeCells(spreadsheetId: string, tab: string, cells: readonly CellWrite[]): Promise<void>;
}

/** The documents the lane reads, by Google id. */
export interface GoogleDocumentIds {
  stockSheet: string;
  /** The stock sheet's tab; the first tab when unset. */
  stockSheetTab?: string;
  rules: string;
  suppliers: string;
}

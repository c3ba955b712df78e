import { parseStockSheetGridReport } from '../../config/stock-sheet';
import { setOnHandGrid } from '../../config/stock-sheet-write';
import type { DocumentNames, DocumentOriginals } from '../documents';
import type { GoogleDocumentIds, GoogleWorkspace } from './index';

/** How messages name the Google documents: every problem says which one, and the row or line, as for files. */
export const GOOGLE_DOCUMENT_NAMES: DocumentNames = {
  stockSheet: 'Google stock sheet',
  rules: 'Google rules doc',
  suppliers: 'Google supplier doc',
};

/**
 * The stock sheet and the two docs where staff edit them in Google: Drive's version of each tells in one request
 * whether it changed, the sheet is read as cells (a Google cell reads as a CSV cell does) and written back RAW.
 */
export function googleOriginals(workspace: GoogleWorkspace, ids: GoogleDocumentIds): DocumentOriginals {
  const names = GOOGLE_DOCUMENT_NAMES;
  const readGrid = () => workspace.readSheet(ids.stockSheet, ids.stockSheetTab);
  return {
    stamps: async () => {
      const [stockSheet, rules, suppliers] = await Promise.all(
        [ids.stockSheet, ids.rules, ids.suppliers].map((id) => workspace.fileVersion(id)),
      );
      return { stockSheet: stockSheet!.version, rules: rules!.version, suppliers: suppliers!.version };
    },
    readStockSheet: async () => parseStockSheetGridReport((await readGrid()).rows, names.stockSheet),
    readRulesText: () => workspace.exportText(ids.rules),
    readSuppliersText: () => workspace.exportText(ids.suppliers),
    openStockSheet: async () => {
      const grid = await readGrid();
      return {
        report: parseStockSheetGridReport(grid.rows, names.stockSheet),
        writeOnHand: async (changes) => {
          // Located in this read, written in one request: the rows are where they were a moment ago.
          const { sheet: cells, written, missing } = setOnHandGrid(grid.rows, changes, names.stockSheet);
          await workspace.writeCells(ids.stockSheet, grid.tab, cells);
          return { written, missing };
        },
      };
    },
    describe: () => ({ ...names }),
  };
}

import { readRulesDocFile } from '../../config/rules-doc';
import { readStockSheetFile } from '../../config/stock-sheet';
import { readSupplierDocFile } from '../../config/supplier-doc';
import type { DocumentSource } from './index';

export interface LocalDocumentPaths {
  stockSheet: string;
  rules: string;
  suppliers: string;
}

/** The embedded default: a CSV or XLSX stock sheet and two plain-text documents on disk. */
export function localDocuments(paths: LocalDocumentPaths): DocumentSource {
  return {
    readStockSheet: () => readStockSheetFile(paths.stockSheet),
    readRules: () => readRulesDocFile(paths.rules),
    readSuppliers: () => readSupplierDocFile(paths.suppliers),
    describe: () => ({ ...paths }),
  };
}

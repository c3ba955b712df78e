import { stat } from 'node:fs/promises';
import { readRulesDocFile } from '../../config/rules-doc';
import { readStockSheetFile } from '../../config/stock-sheet';
import { readSupplierDocFile } from '../../config/supplier-doc';
import type { DocumentSource } from './index';

export interface LocalDocumentPaths {
  stockSheet: string;
  rules: string;
  suppliers: string;
}

/**
 * Re-parses a file only when it changed (size or modification time), so a button click does not re-read the rules
 * doc from scratch while an edit still takes effect on the very next read. A missing file always goes to the parser,
 * which says so clearly.
 */
function cachedByFile<T>(path: string, read: (path: string) => Promise<T>): () => Promise<T> {
  let cached: { stamp: string; value: Promise<T> } | null = null;
  return async () => {
    const info = await stat(path).catch(() => null);
    const stamp = info ? `${info.size}:${info.mtimeMs}` : '';
    if (!info || cached?.stamp !== stamp) {
      const value = read(path);
      cached = info ? { stamp, value } : null;
      value.catch(() => (cached = null));
      return value;
    }
    return cached.value;
  };
}

/** The embedded default: a CSV or XLSX stock sheet and two plain-text documents on disk. */
export function localDocuments(paths: LocalDocumentPaths): DocumentSource {
  return {
    readStockSheet: cachedByFile(paths.stockSheet, readStockSheetFile),
    readRules: cachedByFile(paths.rules, readRulesDocFile),
    readSuppliers: cachedByFile(paths.suppliers, readSupplierDocFile),
    describe: () => ({ ...paths }),
  };
}

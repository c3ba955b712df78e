import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { readDocumentBytes } from '../../config/headers';
import { readRulesDocFile } from '../../config/rules-doc';
import { readStockSheetReport } from '../../config/stock-sheet';
import { setOnHandCsv, setOnHandXlsx, type StockSheetChange } from '../../config/stock-sheet-write';
import { readSupplierDocFile } from '../../config/supplier-doc';
import type { DocumentOriginals, DocumentSource } from './index';

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

/**
 * Sets on_hand in the sheet on disk. The new file is written beside it and renamed over it, so a reader (or a crash)
 * never sees half a sheet.
 */
async function writeOnHandFile<C extends StockSheetChange>(path: string, changes: readonly C[]) {
  const name = basename(path);
  const before = await readFile(path);
  const result =
    extname(path).toLowerCase() === '.xlsx'
      ? await setOnHandXlsx(before, changes, name)
      : setOnHandCsv(before.toString('utf8'), changes, name);
  if (result.written.length > 0) {
    const temp = `${path}.stockbot-${process.pid}.tmp`;
    await writeFile(temp, result.sheet);
    await rename(temp, path);
  }
  return { written: result.written, missing: result.missing };
}

/** The embedded default: a CSV or XLSX stock sheet and two plain-text documents on disk, read as they are now. */
export function localDocuments(paths: LocalDocumentPaths): DocumentSource {
  // One read serves both: the items are the report's.
  const stockSheet = cachedByFile(paths.stockSheet, readStockSheetReport);
  return {
    readStockSheet: async () => (await stockSheet()).items,
    readStockSheetReport: stockSheet,
    readRules: cachedByFile(paths.rules, readRulesDocFile),
    readSuppliers: cachedByFile(paths.suppliers, readSupplierDocFile),
    describe: () => ({ ...paths }),
    readsLive: true,
  };
}

/** A file's stamp: its size and modification time (a missing file has none, so it reads as changed until it is back). */
const fileStamp = async (path: string) => {
  const info = await stat(path).catch(() => null);
  return info ? `${info.size}:${info.mtimeMs}` : '';
};

/** The same files as the originals the sheet sync watches and the write-back writes into. */
export function localOriginals(paths: LocalDocumentPaths): DocumentOriginals {
  const text = async (path: string) => (await readDocumentBytes(path)).toString('utf8');
  return {
    stamps: async () => {
      const [stockSheet, rules, suppliers] = await Promise.all([
        fileStamp(paths.stockSheet),
        fileStamp(paths.rules),
        fileStamp(paths.suppliers),
      ]);
      return { stockSheet, rules, suppliers };
    },
    readStockSheet: () => readStockSheetReport(paths.stockSheet),
    readRulesText: () => text(paths.rules),
    readSuppliersText: () => text(paths.suppliers),
    openStockSheet: async () => ({
      report: await readStockSheetReport(paths.stockSheet),
      // The file is read again as it is written, so the rows are located in what is on disk at that moment.
      writeOnHand: (changes) => writeOnHandFile(paths.stockSheet, changes),
    }),
    describe: () => ({ ...paths }),
  };
}

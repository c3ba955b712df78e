import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DocumentError } from '../../config/errors';
import { parseRulesDoc } from '../../config/rules-doc';
import type { StockSheetReport } from '../../config/stock-sheet';
import { parseSupplierDoc } from '../../config/supplier-doc';
import type { DocumentNames, DocumentSource, SyncedCopies, SyncedCopyName } from './index';

// The documents as every function reads them when they live in Google: the copies the sheet sync last took. The sync
// writes a copy only when it parses, so what is read here is always the last good version of each.

/** The stock sheet copy: the parsed rows (the skipped ones named), so a reader never parses a 10,000-row sheet again. */
export interface StockSheetCopy extends StockSheetReport {
  /** The stamp of the version it was read from (Drive's version), and when. */
  stamp: string;
  synced_at: string;
}

const notSyncedYet = (file: string) =>
  new DocumentError([
    {
      file,
      message: 'not synced from Google yet: the sheet sync takes a copy every 15 minutes (or run it now: `stockbot run sheet-sync`)',
    },
  ]);

/**
 * Re-parses a copy only when its text changed, so a button click does not parse the rules again; a new copy takes
 * effect on the very next read.
 */
function parsedCopy<T>(copies: SyncedCopies, name: SyncedCopyName, file: string, parse: (text: string) => T): () => Promise<T> {
  let cached: { text: string; value: T } | null = null;
  return async () => {
    const text = await copies.read(name);
    if (text === null) throw notSyncedYet(file);
    if (cached?.text !== text) cached = { text, value: parse(text) };
    return cached.value;
  };
}

/** The documents every workflow reads, from the synced copies; `names` say which Google documents they are. */
export function syncedDocuments(copies: SyncedCopies, names: DocumentNames): DocumentSource {
  const stockSheet = parsedCopy(copies, 'stock-sheet.json', names.stockSheet, (text) => {
    const copy = JSON.parse(text) as StockSheetCopy;
    return { items: copy.items, skipped: copy.skipped };
  });
  return {
    readStockSheet: async () => (await stockSheet()).items,
    readStockSheetReport: stockSheet,
    readRules: parsedCopy(copies, 'rules.txt', names.rules, (text) => parseRulesDoc(text, names.rules)),
    readSuppliers: parsedCopy(copies, 'suppliers.txt', names.suppliers, (text) => parseSupplierDoc(text, names.suppliers)),
    describe: () => ({ ...names }),
    readsLive: false,
  };
}

/** Local synced copies: files in `dir` (`.data/synced`), each replaced whole by a rename so no reader sees half. */
export function localSyncedCopies(dir: string): SyncedCopies {
  return {
    async read(name) {
      try {
        return await readFile(join(dir, name), 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async write(name, text) {
      await mkdir(dir, { recursive: true });
      const temp = join(dir, `${name}.${process.pid}.tmp`);
      await writeFile(temp, text);
      await rename(temp, join(dir, name));
    },
    describe: () => `files in ${dir}`,
  };
}

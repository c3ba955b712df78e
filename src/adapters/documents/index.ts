import type { StockSheetReport } from '../../config/stock-sheet';
import type { StockSheetChange } from '../../config/stock-sheet-write';
import type { Rules, StockItem, SupplierBook } from '../../domain/types';

/** Names the documents in messages: "examples/stock.csv", "the stock sheet (Google Sheet 1AbC…)". */
export interface DocumentNames {
  stockSheet: string;
  rules: string;
  suppliers: string;
}

/**
 * The stock sheet (the source of truth) and the two plain documents staff edit without a deploy, as every workflow
 * reads them. Locally they are files read as they are; with Google configured, the copies the sheet sync last took
 * (the last good version of each), so a broken edit never stops the shop.
 */
export interface DocumentSource {
  /**
   * The stock sheet's items, without the rows that have a problem of their own (a bad number, a required cell left
   * empty). Throws a DocumentError for a problem of the whole sheet. readStockSheetReport says which rows were left out.
   */
  readStockSheet(): Promise<StockItem[]>;
  /** The same read, with the problems of every row skipped, for whoever tells people what to fix. */
  readStockSheetReport(): Promise<StockSheetReport>;
  readRules(): Promise<Rules>;
  readSuppliers(): Promise<SupplierBook>;
  describe(): DocumentNames;
  /**
   * The stock sheet is read as it is now (local files), so a workflow may mirror the rows it reads into the inventory
   * before acting on them. False for synced copies: there the sheet sync alone mirrors, under the lease it shares with
   * the write-back, because a copy can be older than what the write-back has just put into the sheet.
   */
  readonly readsLive: boolean;
}

/** A stamp per document that changes whenever the document does (Drive's version; a file's size and time). */
export type DocumentStamps = DocumentNames;

/** What a write-back into the stock sheet did: rows written, and changes whose row the sheet no longer has. */
export interface OnHandWriteResult<C extends StockSheetChange = StockSheetChange> {
  written: C[];
  missing: C[];
}

/** The stock sheet as it is right now, opened for a write-back. */
export interface OpenStockSheet {
  report: StockSheetReport;
  /**
   * Sets on_hand (or daily_sales_rate) on the rows this read located by location and SKU; other cells are left as
   * they are.
   */
  writeOnHand<C extends StockSheetChange>(changes: readonly C[]): Promise<OnHandWriteResult<C>>;
}

/**
 * The documents where staff edit them (Google Sheets and Docs, or local files), read live: only the sheet sync and
 * the write-back use this. One cheap look tells whether each changed, so an unchanged sync reads nothing else.
 */
export interface DocumentOriginals {
  stamps(): Promise<DocumentStamps>;
  readStockSheet(): Promise<StockSheetReport>;
  readRulesText(): Promise<string>;
  readSuppliersText(): Promise<string>;
  openStockSheet(): Promise<OpenStockSheet>;
  describe(): DocumentNames;
}

/** The synced copies: the last good stock sheet (parsed) and docs (text), which every function reads. */
export type SyncedCopyName = 'stock-sheet.json' | 'rules.txt' | 'suppliers.txt';

/** Where the synced copies are kept: a versioned S3 bucket on AWS (a bad bulk edit can be rolled back), `.data/synced` locally. */
export interface SyncedCopies {
  read(name: SyncedCopyName): Promise<string | null>;
  write(name: SyncedCopyName, text: string): Promise<void>;
  describe(): string;
}

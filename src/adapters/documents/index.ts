import type { StockSheetReport } from '../../config/stock-sheet';
import type { OnHandChange } from '../../config/stock-sheet-write';
import type { Rules, StockItem, SupplierBook } from '../../domain/types';

/**
 * The stock sheet (the source of truth) and the two plain documents staff edit without a deploy.
 * Locally they are files; deployed, a copy shipped with the functions until the Google Sheets lane reads Sheets and Drive.
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
  /**
   * Writes new on_hand quantities into the stock sheet (approved counts; later the other intake lanes). Absent when
   * the sheet cannot be written here (the read-only copy deployed with the Lambda functions): writes then wait.
   */
  writeOnHand?(changes: readonly OnHandChange[]): Promise<{ written: OnHandChange[]; missing: OnHandChange[] }>;
  /** Names the documents in messages: "examples/stock.csv". */
  describe(): { stockSheet: string; rules: string; suppliers: string };
}

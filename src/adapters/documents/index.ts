import type { OnHandChange } from '../../config/stock-sheet-write';
import type { Rules, StockItem, SupplierBook } from '../../domain/types';

/**
 * The stock sheet (the source of truth) and the two plain documents staff edit without a deploy.
 * Locally they are files; deployed, a copy shipped with the functions until the Google Sheets lane reads Sheets and Drive.
 */
export interface DocumentSource {
  readStockSheet(): Promise<StockItem[]>;
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

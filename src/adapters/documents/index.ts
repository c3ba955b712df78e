import type { Rules, StockItem, SupplierBook } from '../../domain/types';

/**
 * The stock sheet and the two plain documents staff edit without a deploy (DESIGN.md rule 3).
 * Locally they are files; on AWS, Google Sheets and Drive (a later issue).
 */
export interface DocumentSource {
  readStockSheet(): Promise<StockItem[]>;
  readRules(): Promise<Rules>;
  readSuppliers(): Promise<SupplierBook>;
  /** Names the documents in messages: "examples/stock.csv". */
  describe(): { stockSheet: string; rules: string; suppliers: string };
}

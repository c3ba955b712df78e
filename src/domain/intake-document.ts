// What the inbox lane reads out of a forwarded file, whatever its format: plain text plus tables. No I/O.

/** One table as a grid of cell texts; a merged cell's text is repeated in every cell it spans, so each row stands alone. */
export interface IntakeTable {
  /** 1-based page the table is on (1 for CSV and XLSX). */
  page: number;
  rows: string[][];
}

/** One forwarded file, read: the text a person would see, and the tables in it. */
export interface IntakeDocument {
  /** The attachment's file name as sent ("count.xlsx"), used in every message about it. */
  fileName: string;
  /** Every line of the document, in reading order, joined by "\n". Proposals are checked against this text. */
  text: string;
  tables: IntakeTable[];
}

/** One changed row a proposer suggests. Numbers are what the document says, not computed. */
export interface ProposedRow {
  sku: string;
  /** Where the document says the stock is; absent when it does not (the SKU's only location is then taken). */
  location?: string;
  onHand?: number;
  unitCost?: number;
  /** 0..1 per proposed field. */
  confidence: { onHand?: number; unitCost?: number };
  /** The document's own words the numbers were read from (one row or line). */
  sourceText: string;
}

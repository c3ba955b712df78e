/**
 * The vocabulary of likely causes (README, "Counting stock"). The list is closed, exactly these four, and anything
 * else a suggester might produce becomes `unknown` ("cause unknown"), which still queues the variance for a person.
 * A suggester labels a gap the code already sized; it never changes a number or moves stock.
 *
 * Plain data, so it lives in the domain: the rule-based suggester (likely-cause.ts) reads it without depending on an
 * adapter, and the model port (src/adapters/model) re-exports it unchanged.
 */
export const CAUSES = ['shrinkage', 'miscount', 'unrecorded_sale', 'receiving_error'] as const;
export type Cause = (typeof CAUSES)[number];

export const isCause = (value: unknown): value is Cause => typeof value === 'string' && (CAUSES as readonly string[]).includes(value);

/** What a suggester sees for one variance: the gap and the item's recent ledger, all computed by code beforehand. */
export interface CauseEvidence {
  sku: string;
  name: string;
  location: string;
  counted: number;
  system: number;
  /** counted − system: negative is a shortage. */
  gapUnits: number;
  /** gapUnits / system as a fraction; null when system is 0. */
  gapPct: number | null;
  /** gapUnits × unit cost, in `currency`. */
  gapValue: number;
  currency: string;
  /** Units sold since the last count; null when the ledger has no sales in that span. */
  salesSinceLastCount: number | null;
  /** Units booked in since the last count; null when nothing was received in that span. */
  receiptsSinceLastCount: number | null;
  lastReceiving: { date: string; qty: number } | null;
  lastCountDate: string | null;
  /** The raw text of the sheet rows behind this line. Untrusted: typed by whoever filled the sheet in. */
  countedRaw?: string[];

  // Optional extras the rule-based suggester uses when they are known; a model may read them too. Absent or null
  // means "not known", never zero.

  /** yyyy-mm-dd, the local day the count session was opened: what "recent" is measured from. */
  countDate?: string;
  /** Units per case from the stock sheet: a gap of whole cases looks like a case miscounted. */
  packSize?: number | null;
  /** Units a day from the stock sheet: whether the item sells, and what it would have sold since the last count. */
  dailySalesRate?: number | null;
  /** Nobody counted the line and the counter confirmed there is none on the shelf. */
  confirmedZero?: boolean;
  /**
   * How the line joined the snapshot: `not_in_system` is counted here but the system has no stock
   * line for it at this location; `not_counted` is expected here but no count came in (see `confirmedZero`).
   */
  kind?: 'matched' | 'not_in_system' | 'not_counted';
}

export interface CauseSuggestion {
  cause: Cause | 'unknown';
  /** One plain sentence; for `unknown`, why there is no suggestion. Display as text, never as markup. */
  rationale: string;
  /** model: a validated model answer; rules: the deterministic suggester; fallback: the suggester failed, so `unknown`. */
  source: 'model' | 'rules' | 'fallback';
}

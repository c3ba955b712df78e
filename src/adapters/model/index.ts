/**
 * The model port: a likely cause for a material variance (DESIGN.md, "Count and reconcile behaviour"). The list is
 * closed — seed 001 part 4 names exactly these four — and anything else a suggester might produce becomes `unknown`
 * ("cause unknown"), which still queues the variance for a person. A suggester labels a gap the code already sized;
 * it never changes a number or moves stock.
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
}

export interface CauseSuggestion {
  cause: Cause | 'unknown';
  /** One plain sentence; for `unknown`, why there is no suggestion. Display as text, never as markup. */
  rationale: string;
  /** model: a validated model answer; rules: the deterministic suggester; fallback: the model failed, so `unknown`. */
  source: 'model' | 'rules' | 'fallback';
}

/** Bedrock in production; the rule-based suggester (src/domain/likely-cause.ts) locally and as the fallback option. */
export interface CauseSuggester {
  /** Never rejects: any failure resolves to `{ cause: 'unknown', source: 'fallback' }`. */
  suggest(evidence: CauseEvidence): Promise<CauseSuggestion>;
  /** Which suggester, in words for a person ("Amazon Bedrock (…)"). */
  describe(): string;
}

import type { IntakeDocument, ProposedRow } from '../../domain/intake-document';
import { matchRows } from '../../domain/row-matcher';

/** The items a proposer may name, as the stock sheet has them. */
export interface KnownItem {
  sku: string;
  name: string;
  aliases: string[];
}

/**
 * Who reads a forwarded document into proposed rows: Bedrock in production, the rule-based matcher locally and as
 * the fallback. Whatever it answers is only a proposal: plain code checks every row against the document's text.
 */
export interface RowProposer {
  /** Never rejects. `source` says who proposed; `problem`, why the model's answer was not used, if it was not. */
  propose(input: {
    document: IntakeDocument;
    items: readonly KnownItem[];
  }): Promise<{ rows: ProposedRow[]; source: 'model' | 'rules'; problem?: string }>;
  describe(): string;
}

/** The embedded default: SKU, then alias, then name over the document's tables. */
export const ruleRowProposer = (): RowProposer => ({
  propose: async ({ document, items }) => ({ rows: matchRows(document, items), source: 'rules' }),
  describe: () => 'the rule-based reader',
});

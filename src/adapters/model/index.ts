import type { CauseEvidence, CauseSuggestion } from '../../domain/cause';

/**
 * The model port: a likely cause for a material variance. The closed list of causes, the evidence and the suggestion
 * are plain data in src/domain/cause.ts, re-exported here so callers of the port need one import.
 */
export { CAUSES, isCause, type Cause, type CauseEvidence, type CauseSuggestion } from '../../domain/cause';

/** Bedrock in production; the rule-based suggester (src/domain/likely-cause.ts) locally and as the fallback option. */
export interface CauseSuggester {
  /** Never rejects: any failure resolves to `{ cause: 'unknown', source: 'fallback' }`. */
  suggest(evidence: CauseEvidence): Promise<CauseSuggestion>;
  /** Which suggester, in words for a person ("Amazon Bedrock (…)"). */
  describe(): string;
}

import { likelyCause } from '../../domain/likely-cause';
import type { CauseSuggester } from './index';

/**
 * The built-in suggester: each cause's evidence signature as plain rules (src/domain/likely-cause.ts), with no model and no
 * network. Used locally, in tests and in the demo, and wherever CAUSE_MODEL=rules.
 */
export function rulesCauseSuggester(): CauseSuggester {
  return {
    async suggest(evidence) {
      try {
        return { ...likelyCause(evidence), source: 'rules' };
      } catch {
        // likelyCause is total, so this is a bug; the port still promises a label, and the variance must still queue.
        return { cause: 'unknown', rationale: 'The built-in rules could not read this evidence.', source: 'fallback' };
      }
    },
    describe: () => 'built-in rules (no model)',
  };
}

/**
 * Who writes the monthly summary's one-paragraph narrative. It may only restate figures it is given: the caller
 * checks every number in the paragraph against the computed summary and uses the template paragraph when one is not
 * there, so a model can make the summary read better but never make a number up.
 */
export interface NarrativeWriter {
  /** Never rejects: any failure answers with the template paragraph (`source: 'template'`) and says why. */
  write(figures: unknown, template: string): Promise<{ text: string; source: 'model' | 'template'; problem?: string }>;
  describe(): string;
}

/** The embedded default: the deterministic template paragraph, as written by code. */
export const templateNarrativeWriter = (): NarrativeWriter => ({
  write: async (_figures, template) => ({ text: template, source: 'template' }),
  describe: () => 'the built-in template',
});

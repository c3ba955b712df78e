import { DEFAULT_MODEL_ID } from '../../../../src/adapters/model/bedrock';
import { causeSuggesterFromEnv } from '../../../../src/wiring';
import { rulesCauseSuggester } from '../../../../src/adapters/model/rules';
import { boltsEvidence } from '../../../support/builders';

const BOLTS = boltsEvidence({ countDate: '2026-06-27' });

describe('rulesCauseSuggester', () => {
  it('labels with the built-in rules, source rules', async () => {
    const suggester = rulesCauseSuggester();
    expect(suggester.describe()).toBe('built-in rules (no model)');
    await expect(suggester.suggest(BOLTS)).resolves.toEqual({
      cause: 'shrinkage',
      rationale:
        'Short 48 (−10%) with no delivery since 28 May and sales recorded as normal: a sustained shortage points to loss rather than a ' +
        'recording error.',
      source: 'rules',
    });
  });

  it('never rejects: evidence that cannot even be read becomes cause unknown (fallback)', async () => {
    const broken = {
      ...BOLTS,
      get gapUnits(): number {
        throw new Error('boom');
      },
    };
    const out = await rulesCauseSuggester().suggest(broken);
    expect(out).toMatchObject({ cause: 'unknown', source: 'fallback' });
    expect(out.rationale.length).toBeGreaterThan(0);
  });
});

describe('causeSuggesterFromEnv: which suggester labels variances (describe only, no network)', () => {
  const which = (env: NodeJS.ProcessEnv) => causeSuggesterFromEnv(env).describe();

  it('the built-in rules when nothing is set (a laptop, the tests, the demo)', () => {
    expect(which({})).toBe('built-in rules (no model)');
    expect(which({ CAUSE_MODEL: 'rules' })).toBe('built-in rules (no model)');
    expect(which({ CAUSE_MODEL: '  ' })).toBe('built-in rules (no model)');
  });

  it('Bedrock with the default model when CAUSE_MODEL=bedrock', () => {
    expect(which({ CAUSE_MODEL: 'bedrock' })).toBe(`Amazon Bedrock (${DEFAULT_MODEL_ID})`);
    expect(which({ CAUSE_MODEL: ' Bedrock ', AWS_REGION: 'eu-west-2' })).toBe(`Amazon Bedrock (${DEFAULT_MODEL_ID})`);
  });

  it('BEDROCK_MODEL_ID picks the model; the endpoint override is accepted', () => {
    const env = {
      CAUSE_MODEL: 'bedrock',
      BEDROCK_MODEL_ID: 'eu.anthropic.claude-haiku-4-5',
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'http://127.0.0.1:9',
    };
    expect(which(env)).toBe('Amazon Bedrock (eu.anthropic.claude-haiku-4-5)');
  });

  it('Bedrock on Lambda unless CAUSE_MODEL=rules', () => {
    expect(which({ AWS_LAMBDA_FUNCTION_NAME: 'stkr-cause' })).toBe(`Amazon Bedrock (${DEFAULT_MODEL_ID})`);
    expect(which({ AWS_LAMBDA_FUNCTION_NAME: 'stkr-cause', CAUSE_MODEL: 'rules' })).toBe('built-in rules (no model)');
  });

  it('a CAUSE_MODEL it does not know is an error that names the choices', () => {
    expect(() => which({ CAUSE_MODEL: 'bedrok' })).toThrow('CAUSE_MODEL must be "bedrock" or "rules" (or unset), got "bedrok"');
  });
});

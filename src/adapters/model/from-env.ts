import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { bedrockCauseSuggester, DEFAULT_MODEL_ID } from './bedrock';
import type { CauseSuggester } from './index';
import { rulesCauseSuggester } from './rules';

/**
 * Which suggester labels variances: Bedrock when asked (CAUSE_MODEL=bedrock) or when running on Lambda, where the
 * deployed functions have the Bedrock permission; the built-in rules otherwise, so a laptop, the tests and the demo
 * never need AWS. CAUSE_MODEL=rules keeps the rules even on Lambda.
 */
export function causeSuggesterFromEnv(env: NodeJS.ProcessEnv): CauseSuggester {
  const choice = env.CAUSE_MODEL?.trim().toLowerCase() || undefined;
  if (choice !== undefined && choice !== 'bedrock' && choice !== 'rules') {
    // A typo here would otherwise quietly pick a suggester nobody asked for.
    throw new Error(`CAUSE_MODEL must be "bedrock" or "rules" (or unset), got "${env.CAUSE_MODEL}"`);
  }
  const useBedrock = choice === 'bedrock' || (choice === undefined && Boolean(env.AWS_LAMBDA_FUNCTION_NAME));
  if (!useBedrock) return rulesCauseSuggester();

  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  // The tests point this at their loopback fake Converse endpoint, as the AWS SDK's own setting of that name does.
  const endpoint = env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME;
  const client = new BedrockRuntimeClient({ ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}) });
  return bedrockCauseSuggester(client, { modelId: env.BEDROCK_MODEL_ID?.trim() || DEFAULT_MODEL_ID });
}

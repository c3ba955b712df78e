import { AwsLambdaReceiver } from '@slack/bolt';
import { buildApp } from '../../app';
import { lambdaRuntime } from '../../wiring';
import { slackFunctionUrlHandler, type SlackLambdaHandler } from '../function-url';
import { onFirstEvent } from '../on-first-event';

/**
 * The `slack` function behind its Function URL. Bolt answers when the listener finishes, so listeners hand slow work
 * (the PO email, counts, App Home after a decision) to the queues.
 */
export async function createSlackHandler(env: NodeJS.ProcessEnv): Promise<SlackLambdaHandler> {
  const { config, services } = await lambdaRuntime(env, undefined, ['send-po', 'work', 'stock-post', 'sheets']);
  const receiver = new AwsLambdaReceiver({ signingSecret: config.signingSecret });
  buildApp({ config, services, receiver });
  return slackFunctionUrlHandler(receiver);
}

export const handler = onFirstEvent(() => createSlackHandler(process.env));

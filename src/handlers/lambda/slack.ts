import { AwsLambdaReceiver } from '@slack/bolt';
import { buildApp } from '../../app';
import { awsRuntime, awsServices, onFirstEvent } from '../aws-runtime';
import { slackFunctionUrlHandler, type SlackLambdaHandler } from '../function-url';

/**
 * The `slack` function behind its Function URL. Bolt answers when the listener finishes, so listeners ack first
 * and hand slow work (the PO email) to the queue.
 */
export async function createSlackHandler(env: NodeJS.ProcessEnv): Promise<SlackLambdaHandler> {
  const rt = await awsRuntime(env);
  const receiver = new AwsLambdaReceiver({ signingSecret: rt.config.signingSecret });
  buildApp({ config: rt.config, services: awsServices(rt, ['send-po', 'open-count', 'capture-count', 'post-variance', 'confirm-zero', 'fix-parked']), receiver });
  return slackFunctionUrlHandler(receiver);
}

export const handler = onFirstEvent(() => createSlackHandler(process.env));

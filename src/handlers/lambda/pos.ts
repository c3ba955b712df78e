import { lambdaRuntime } from '../../wiring';
import type { FunctionUrlEvent } from '../function-url';
import { onFirstEvent } from '../on-first-event';

/**
 * `pos` behind its Function URL: the tills' webhooks (/pos, /pos/shopify, /pos/square). It checks the signature and
 * the shape, hands the events to the stock poster's queue and answers at once; it reads and writes no table.
 */
export async function createPosHandler(env: NodeJS.ProcessEnv, clock: () => Date = () => new Date()) {
  const { services } = await lambdaRuntime(env, clock, ['stock-post']);
  return async (event: FunctionUrlEvent) => {
    // The exact bytes the till signed: a Function URL base64-encodes bodies it does not take for text.
    const body = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
    const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const { status, body: text } = await services.posWebhook({ path: event.rawPath ?? '/', headers, body });
    return { statusCode: status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text };
  };
}

export const handler = onFirstEvent(() => createPosHandler(process.env));

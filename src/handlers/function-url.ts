import type { AwsLambdaReceiver } from '@slack/bolt';

/** The parts of a Lambda Function URL event (payload format 2.0) that a Slack request uses. */
export interface FunctionUrlEvent {
  rawPath?: string;
  headers?: Record<string, string | undefined>;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext?: { http?: { method?: string } };
}

/**
 * Function URLs base64-encode form bodies, and Bolt's AwsLambdaReceiver decodes base64 as ASCII, which mangles any
 * non-ASCII text (an item called "Café crème" in a modal) and then fails the signature check. Decode as UTF-8 here,
 * so the receiver sees exactly the bytes Slack signed.
 */
export function decodeFunctionUrlBody<E extends FunctionUrlEvent>(event: E): E {
  if (!event.isBase64Encoded || event.body == null) return event;
  return { ...event, body: Buffer.from(event.body, 'base64').toString('utf8'), isBase64Encoded: false };
}

export type SlackLambdaHandler = (
  event: FunctionUrlEvent,
  context?: unknown,
) => Promise<{ statusCode: number; body?: string; headers?: Record<string, string> }>;

/**
 * Whether Bolt can read the body as a request: a JSON object (events), or a form whose `payload` (interactions) is a
 * JSON object. Anything else (`payload=null`, a JSON string) would fail inside Bolt's receiver with a 500.
 */
export function readableSlackBody(body: string, contentType: string): boolean {
  const isObject = (text: string) => {
    try {
      const value: unknown = JSON.parse(text);
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    } catch {
      return false;
    }
  };
  if (contentType.includes('application/json')) return isObject(body);
  const payload = new URLSearchParams(body).get('payload');
  return payload === null || isObject(payload);
}

/** Wraps Bolt's Lambda receiver for Function URL events; a body Bolt cannot read gets 400. */
export function slackFunctionUrlHandler(receiver: AwsLambdaReceiver): SlackLambdaHandler {
  const handler = receiver.toHandler();
  return async (event, context) => {
    const decoded = decodeFunctionUrlBody(event);
    const contentType = Object.entries(decoded.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
    if (!readableSlackBody(decoded.body ?? '', contentType)) return { statusCode: 400, body: 'The request body is not a Slack request.' };
    return handler(decoded as never, context as never) as never;
  };
}

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

/** Wraps Bolt's Lambda receiver for Function URL events. */
export function slackFunctionUrlHandler(receiver: AwsLambdaReceiver): SlackLambdaHandler {
  const handler = receiver.toHandler();
  return async (event, context) => handler(decodeFunctionUrlBody(event) as never, context as never) as never;
}

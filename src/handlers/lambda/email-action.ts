import { emailAction } from '../../services/email-action';
import { awsRuntime, awsServices, onFirstEvent } from '../aws-runtime';
import type { FunctionUrlEvent } from '../function-url';

interface EmailActionEvent extends FunctionUrlEvent {
  rawQueryString?: string;
}

/** The `email-action` function behind its Function URL: `?token=` on GET (the link), form field `token` on POST. */
export async function createEmailActionHandler(env: NodeJS.ProcessEnv, clock: () => Date = () => new Date()) {
  const rt = await awsRuntime(env, clock);
  const deps = { ...awsServices(rt, ['send-po']), linkSecret: rt.config.linkSecret };
  return async (event: EmailActionEvent) => {
    const method = event.requestContext?.http?.method ?? 'GET';
    const body = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
    const token = (method === 'POST' ? new URLSearchParams(body).get('token') : null) ?? new URLSearchParams(event.rawQueryString ?? '').get('token') ?? '';
    const { status, html } = await emailAction(deps, method, token, clock());
    return { statusCode: status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }, body: html };
  };
}

export const handler = onFirstEvent(() => createEmailActionHandler(process.env));

import { lambdaRuntime } from '../../wiring';
import type { FunctionUrlEvent } from '../function-url';
import { onFirstEvent } from '../on-first-event';

interface EmailActionEvent extends FunctionUrlEvent {
  rawQueryString?: string;
}

/** The `email-action` function behind its Function URL: signed Approve / Skip links from draft emails. */
export async function createEmailActionHandler(env: NodeJS.ProcessEnv, clock: () => Date = () => new Date()) {
  const { services } = await lambdaRuntime(env, clock, ['send-po']);
  return async (event: EmailActionEvent) => {
    const body = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
    return services.emailAction({ method: event.requestContext?.http?.method ?? 'GET', query: event.rawQueryString ?? '', body });
  };
}

export const handler = onFirstEvent(() => createEmailActionHandler(process.env));

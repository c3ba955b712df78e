import { App, HTTPModuleFunctions, LogLevel, type Receiver } from '@slack/bolt';
import { register as registerActions } from '../listeners/actions';
import { register as registerCommands } from '../listeners/commands';
import { register as registerEvents } from '../listeners/events';
import { register as registerViews } from '../listeners/views';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_POS_BODY_BYTES } from './config/pos-events';
import type { AppConfig } from './config/app-config';
import type { Services } from './services/services';

export interface BuildAppOptions {
  config: AppConfig;
  services: Services;
  /** The Lambda receiver; without one, Socket Mode when an app token is set, else the HTTP receiver. */
  receiver?: Receiver;
  logLevel?: LogLevel;
}

/**
 * Bolt's HTTP receiver parses a signed `payload=null` (or any JSON that is not an object) into a body it then fails on
 * outside every handler, which ends the whole process. Reading such a body as malformed instead makes Bolt answer 400
 * and go on serving. Applied once per process, to the parser every HTTP receiver shares.
 */
function refuseBodiesThatAreNotObjects(): void {
  const fns = HTTPModuleFunctions as unknown as { parseHTTPRequestBody: (req: unknown) => unknown; stockbotGuarded?: boolean };
  if (fns.stockbotGuarded) return;
  const parse = fns.parseHTTPRequestBody;
  fns.parseHTTPRequestBody = (req) => {
    const body = parse(req);
    if (body === null || typeof body !== 'object') throw new Error('the request body is not an object');
    return body;
  };
  fns.stockbotGuarded = true;
}

/** The one Bolt app, whichever way it runs (Lambda, Socket Mode, HTTP). */
export function buildApp({ config, services, receiver, logLevel }: BuildAppOptions): App {
  refuseBodiesThatAreNotObjects();
  // Signed email links land here whichever way Slack reaches the app (Lambda has its own email-action function).
  // Tills post their webhooks here too (Lambda has its own `pos` function).
  const customRoutes = [
    { path: '/email-action', method: ['GET', 'POST'], handler: emailActionRoute(services) },
    ...['/pos', '/pos/shopify', '/pos/square'].map((path) => ({ path, method: ['POST'], handler: posRoute(services) })),
  ];
  const app = new App({
    token: config.botToken,
    ...(receiver
      ? { receiver }
      : config.appToken
        ? {
            socketMode: true,
            appToken: config.appToken,
            // Socket Mode needs no public URL for Slack, but the email links still need $PORT.
            port: config.port,
            customRoutes,
            ...(config.slackApiUrl ? { installerOptions: { clientOptions: { slackApiUrl: config.slackApiUrl } } } : {}),
          }
        : // As on Lambda, answer Slack only when the listener has finished, so every path behaves the same way and a
          // listener never does work after the response (which Lambda would freeze).
          { signingSecret: config.signingSecret, port: config.port, processBeforeResponse: true, customRoutes }),
    // With both ids configured Bolt skips auth.test at start (a cold Lambda has no time to spare).
    ...(config.botId && config.botUserId ? { botId: config.botId, botUserId: config.botUserId } : {}),
    ...(config.slackApiUrl ? { clientOptions: { slackApiUrl: config.slackApiUrl } } : {}),
    logLevel: logLevel ?? LogLevel.WARN,
  });

  // Slack redelivers an event it thinks timed out (X-Slack-Retry-Num); the event id says whether we already have it.
  app.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !(await services.firstDelivery(`slack-event#${eventId}`))) return;
    await next();
  });

  registerCommands(app, services);
  registerActions(app, services);
  registerViews(app, services);
  registerEvents(app, services);

  // A failure after the ack is logged, not rethrown: a 500 would make Slack retry a request we already acted on.
  app.error(async (error) => {
    app.logger.error(`stockbot: a listener failed after acknowledging Slack: ${error.message}`);
  });
  return app;
}

/** The email-action endpoint on the local HTTP server: the request's method, query and body handed to the service. */
function emailActionRoute(services: Services) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    let body = '';
    req.setEncoding('utf8');
    // A token is a few hundred bytes: anything much longer is not a link of ours, and is not buffered.
    req.on('data', (c: string) => (body = body.length + c.length > 10_000 ? '' : body + c));
    req.on('end', () => {
      const query = new URL(req.url ?? '/', 'http://localhost').search.slice(1);
      services
        .emailAction({ method: req.method ?? 'GET', query, body })
        .then(({ statusCode, headers, body: html }) => {
          res.writeHead(statusCode, headers);
          res.end(html);
        })
        .catch(() => {
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('Something went wrong; nothing was changed. Try the link again in a minute.');
        });
    });
  };
}

/**
 * A till's webhook on the local HTTP server: the exact bytes (signatures are over them) and the headers, handed to the
 * service. A body over 1 MB is refused without being kept.
 */
function posRoute(services: Services) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_POS_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => {
      const reply = (status: number, text: string) => {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(text);
      };
      if (size > MAX_POS_BODY_BYTES) return reply(413, 'The body is over 1 MB.');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v[0] : v]));
      services
        .posWebhook({ path: new URL(req.url ?? '/', 'http://localhost').pathname, headers, body: Buffer.concat(chunks) })
        .then(({ status, body }) => reply(status, body))
        // A 500 makes the till retry, which is what should happen when the queue could not take the event.
        .catch(() => reply(500, 'The event could not be taken just now; it will be retried.'));
    });
  };
}

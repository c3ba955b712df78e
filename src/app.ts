import { App, LogLevel, type Receiver } from '@slack/bolt';
import { register as registerActions } from '../listeners/actions';
import { register as registerCommands } from '../listeners/commands';
import { register as registerEvents } from '../listeners/events';
import { register as registerViews } from '../listeners/views';
import type { DocumentSource } from './adapters/documents';
import type { WorkQueue } from './adapters/queue';
import type { CountChannel } from './adapters/slack/count-channel';
import type { OwnerMessages } from './adapters/slack/owner-messages';
import type { AppConfig } from './config/app-config';
import type { Store } from './store/open-store';
import { emailActionRoute } from './handlers/email-action-route';

/** Everything a listener may call. Built once per process; listeners get it through their factories. */
export interface Services {
  store: Store;
  documents: DocumentSource;
  queue: WorkQueue;
  owner: OwnerMessages;
  channel: CountChannel;
  clock: () => Date;
}

export interface BuildAppOptions {
  config: AppConfig;
  services: Services;
  /** The Lambda receiver; without one, Socket Mode when an app token is set, else the HTTP receiver. */
  receiver?: Receiver;
  logLevel?: LogLevel;
}

/** The one Bolt app, whichever way it runs (Lambda, Socket Mode, HTTP). */
export function buildApp({ config, services, receiver, logLevel }: BuildAppOptions): App {
  // Signed email links land here whichever way Slack reaches the app (Lambda has its own email-action function).
  const customRoutes = [{ path: '/email-action', method: ['GET', 'POST'], handler: emailActionRoute({ ...services, linkSecret: config.linkSecret }) }];
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
    if (typeof eventId === 'string' && !(await services.store.dedupe.firstTime(`slack-event#${eventId}`, services.clock()))) return;
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

import { join } from 'node:path';
import { SESClient } from '@aws-sdk/client-ses';
import { WebClient } from '@slack/web-api';
import { localDocuments, type LocalDocumentPaths } from './adapters/documents/local-files';
import type { MailPort } from './adapters/mail';
import { outboxMail } from './adapters/mail/outbox';
import { sesMail } from './adapters/mail/ses';
import { inProcessQueue, type InProcessQueue } from './adapters/queue/in-process';
import { slackOwnerMessages } from './adapters/slack/owner-messages';
import type { Services } from './app';
import type { AppConfig } from './config/app-config';
import type { Store } from './store/open-store';
import { workGaveUp, workHandler } from './services/work';

export interface LocalRuntime {
  services: Services;
  queue: InProcessQueue;
  mail: MailPort;
}

/** MAIL_OUT=ses (or running on Lambda) sends through SES; otherwise mail lands in .data/outbox as .eml files. */
export function mailFromEnv(env: NodeJS.ProcessEnv, dataDir = '.data'): MailPort {
  return env.MAIL_OUT === 'ses' || env.AWS_LAMBDA_FUNCTION_NAME ? sesMail(new SESClient({})) : outboxMail(join(dataDir, 'outbox'));
}

/** The services for a process that serves Slack locally: the in-process queue runs the same po-sender as AWS's worker. */
export function localRuntime(opts: {
  config: AppConfig;
  store: Store;
  documents: LocalDocumentPaths;
  mail: MailPort;
  clock?: () => Date;
  queueBackoffMs?: number;
}): LocalRuntime {
  const clock = opts.clock ?? (() => new Date());
  const client = new WebClient(opts.config.botToken, opts.config.slackApiUrl ? { slackApiUrl: opts.config.slackApiUrl } : {});
  const documents = localDocuments(opts.documents);
  const owner = slackOwnerMessages({ client, store: opts.store, documents, clock });
  const workDeps = { store: opts.store, documents, mail: opts.mail, mailFrom: opts.config.mailFrom, owner, clock };
  const gaveUp = workGaveUp(workDeps);
  const queue = inProcessQueue(workHandler(workDeps), {
    backoffMs: opts.queueBackoffMs ?? 1000,
    onError: (item) => void gaveUp(item).catch(() => {}),
  });
  return { services: { store: opts.store, documents, queue, owner, clock }, queue, mail: opts.mail };
}

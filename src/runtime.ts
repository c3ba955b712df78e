import { join } from 'node:path';
import { SESClient } from '@aws-sdk/client-ses';
import { WebClient } from '@slack/web-api';
import type { DocumentSource } from './adapters/documents';
import { localFiles, type FileStore } from './adapters/files';
import type { CauseSuggester } from './adapters/model';
import { rulesCauseSuggester } from './adapters/model/rules';
import { localDocuments, type LocalDocumentPaths } from './adapters/documents/local-files';
import type { MailPort } from './adapters/mail';
import { outboxMail } from './adapters/mail/outbox';
import { sesMail } from './adapters/mail/ses';
import type { DraftNotifier } from './adapters/notifier';
import { emailNotifier, ownerNotifier } from './adapters/notifier/email';
import type { WorkQueue } from './adapters/queue';
import { inProcessQueue, type InProcessQueue } from './adapters/queue/in-process';
import { slackCountChannel, type CountChannel } from './adapters/slack/count-channel';
import { slackOwnerMessages, type OwnerMessages } from './adapters/slack/owner-messages';
import type { Services } from './app';
import type { AppConfig } from './config/app-config';
import type { Store } from './store/open-store';
import { workGaveUp, workHandler, type WorkDeps } from './services/work';

/** MAIL_OUT=ses (or running on Lambda) sends through SES; otherwise mail lands in .data/outbox as .eml files. */
export function mailFromEnv(env: NodeJS.ProcessEnv, dataDir = '.data'): MailPort {
  return env.MAIL_OUT === 'ses' || env.AWS_LAMBDA_FUNCTION_NAME ? sesMail(sesClient(env)) : outboxMail(join(dataDir, 'outbox'));
}

/** `AWS_ENDPOINT_URL_SES` points the client elsewhere (the tests' fake SES), as the AWS SDK's own setting does. */
const sesClient = (env: NodeJS.ProcessEnv): SESClient =>
  new SESClient(env.AWS_ENDPOINT_URL_SES ? { endpoint: env.AWS_ENDPOINT_URL_SES } : {});

export interface OwnerWiring {
  /** The owner's DM: draft messages, their updates, App Home. */
  owner: OwnerMessages;
  /** Where drafts go: the DM, or email with signed links when the rules doc has no owner Slack ID. */
  drafts: DraftNotifier;
  /** Count sessions in their location channels. */
  channel: CountChannel;
  /** Everything the queued work (po-sender, held-draft delivery, counts) needs. */
  workDeps: WorkDeps;
}

/** The owner-facing wiring every process shares, whatever runs it (serve, the CLI, a Lambda function). */
export function ownerWiring(o: {
  config: AppConfig;
  store: Store;
  documents: DocumentSource;
  mail: MailPort;
  clock: () => Date;
  /** Where uploaded count files are kept: `.data/files` unless given (S3 on AWS). */
  files?: FileStore;
  /** Who suggests a variance's likely cause: the built-in rules unless given (Bedrock on AWS). */
  suggester?: CauseSuggester;
}): OwnerWiring {
  const client = new WebClient(o.config.botToken, o.config.slackApiUrl ? { slackApiUrl: o.config.slackApiUrl } : {});
  const owner = slackOwnerMessages({ client, store: o.store, documents: o.documents, clock: o.clock });
  const email = emailNotifier({ mail: o.mail, from: o.config.mailFrom, linkSecret: o.config.linkSecret, actionUrl: o.config.emailActionUrl, clock: o.clock });
  const drafts = ownerNotifier(owner, email);
  const channel = slackCountChannel(client, o.config.botToken);
  return {
    owner,
    drafts,
    channel,
    workDeps: {
      store: o.store,
      documents: o.documents,
      mail: o.mail,
      mailFrom: o.config.mailFrom,
      owner,
      drafts,
      channel,
      files: o.files ?? localFiles(),
      suggester: o.suggester ?? rulesCauseSuggester(),
      clock: o.clock,
    },
  };
}

export function servicesWith(wiring: OwnerWiring, store: Store, queue: WorkQueue): Services {
  return { store, documents: wiring.workDeps.documents, queue, owner: wiring.owner, channel: wiring.channel, clock: wiring.workDeps.clock };
}

export interface LocalRuntime extends OwnerWiring {
  services: Services;
  queue: InProcessQueue;
  mail: MailPort;
}

/** The services for a process that serves Slack locally: the in-process queue runs the same work as AWS's functions. */
export function localRuntime(opts: {
  config: AppConfig;
  store: Store;
  documents: LocalDocumentPaths;
  mail: MailPort;
  clock?: () => Date;
  queueBackoffMs?: number;
  files?: FileStore;
  suggester?: CauseSuggester;
}): LocalRuntime {
  const clock = opts.clock ?? (() => new Date());
  const wiring = ownerWiring({
    config: opts.config,
    store: opts.store,
    documents: localDocuments(opts.documents),
    mail: opts.mail,
    clock,
    ...(opts.files ? { files: opts.files } : {}),
    ...(opts.suggester ? { suggester: opts.suggester } : {}),
  });
  const gaveUp = workGaveUp(wiring.workDeps);
  const queue = inProcessQueue(workHandler(wiring.workDeps), {
    backoffMs: opts.queueBackoffMs ?? 1000,
    onError: (item) => void gaveUp(item).catch(() => {}),
  });
  return { ...wiring, services: servicesWith(wiring, opts.store, queue), queue, mail: opts.mail };
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, LogLevel } from '@slack/bolt';
import { outboxMail } from '../../src/adapters/mail/outbox';
import { localRawMail } from '../../src/adapters/mail-in';
import type { RowProposer } from '../../src/adapters/model/row-proposer';
import type { DocumentReader } from '../../src/adapters/reader';
import { buildApp } from '../../src/app';
import type { AppConfig } from '../../src/config/app-config';
import type { PosSettings } from '../../src/domain/pos';
import type { Store } from '../../src/store/open-store';
import { type DocumentPorts, type LocalRuntime, localRuntime } from '../../src/wiring';
import { RULES, writeDocuments } from './documents';
import type { FakeSlack } from './fake-slack';
import { freePort } from './free-port';
import { testStore } from './store';

export interface RunningApp {
  app: App;
  runtime: LocalRuntime;
  store: Store;
  config: AppConfig;
  docs: ReturnType<typeof writeDocuments>;
  /** Where PO and draft emails land (.eml files). */
  outbox: string;
  /** Where forwarded mail is kept (`inbox/…` as SES writes it, `discarded/…` once discarded). */
  mailDir: string;
  /** The HTTP receiver's Slack endpoint. */
  url: string;
  stop(): Promise<void>;
}

/**
 * The real Bolt app over HTTP, as `stockbot serve` runs it, on a store of its own and documents in a temp folder,
 * talking to the fake Slack. The queue runs in this process: `runtime.queue.drain()` waits for it.
 */
export async function startRunningApp(
  slack: FakeSlack,
  o: {
    secret: string;
    rows: string[];
    rules?: string;
    clock?: () => Date;
    /** Where the documents come from instead of the temp folder's files: Google, through the environment. */
    documents?: DocumentPorts;
    /** The tills' webhook secrets. */
    tills?: PosSettings;
    /** Who reads PDFs and photos, and who proposes rows from forwarded mail (the embedded defaults otherwise). */
    documentReader?: DocumentReader;
    proposer?: RowProposer;
  },
): Promise<RunningApp> {
  const store = await testStore();
  const docs = writeDocuments(o.rows, o.rules ?? RULES);
  const port = await freePort();
  const config: AppConfig = {
    botToken: 'xoxb-test',
    signingSecret: o.secret,
    botId: 'B0BOT',
    botUserId: 'U0BOT',
    slackApiUrl: slack.url,
    port,
    mailFrom: 'orders@harbourstreet.example',
    linkSecret: 'link-secret',
    emailActionUrl: `http://127.0.0.1:${port}/email-action`,
  };
  const outbox = mkdtempSync(join(tmpdir(), 'stockbot-outbox-'));
  const mailDir = mkdtempSync(join(tmpdir(), 'stockbot-mail-'));
  const runtime = localRuntime({
    rawMail: localRawMail(mailDir),
    ...(o.documentReader ? { documentReader: o.documentReader } : {}),
    ...(o.proposer ? { proposer: o.proposer } : {}),
    config,
    store,
    documents: o.documents ?? docs.paths,
    mail: outboxMail(outbox),
    queueBackoffMs: 5,
    ...(o.tills ? { tills: o.tills } : {}),
    ...(o.clock ? { clock: o.clock } : {}),
  });
  const app = buildApp({ config, services: runtime.services, logLevel: LogLevel.ERROR });
  await app.start(port);
  return {
    app,
    runtime,
    store,
    config,
    docs,
    outbox,
    mailDir,
    url: `http://127.0.0.1:${port}/slack/events`,
    stop: async () => {
      await app.stop();
      await store.close();
    },
  };
}

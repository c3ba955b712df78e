import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel, type App } from '@slack/bolt';
import type { LocalDocumentPaths } from '../../src/adapters/documents/local-files';
import { localFiles } from '../../src/adapters/files';
import { outboxMail } from '../../src/adapters/mail/outbox';
import type { CauseSuggester } from '../../src/adapters/model';
import { buildApp } from '../../src/app';
import type { AppConfig } from '../../src/config/app-config';
import { type DocumentPorts, localRuntime, type LocalRuntime } from '../../src/wiring';
import type { SessionMeta } from '../../src/store/counts';
import type { Store } from '../../src/store/open-store';
import { COUNT_BLOCK, COUNT_INPUT, VIEW } from '../../views/ids';
import { RULES, writeDocuments } from './documents';
import type { FakeSlack } from './fake-slack';
import { blockActionBody, eventCallbackBody, signSlackRequest, slashCommandBody, viewSubmissionBody } from './slack-signing';
import { testStore } from './store';
import { freePort } from './free-port';

const SECRET = 'test-signing-secret';

/** The example hardware aisle, plus a café item known only at `main` (for "not in the system here"). */
export const COUNT_ROWS = [
  'BOLT-M6-50,M6 x 50 bolts,Fixings,Northgate Fixings,bolts,480,20,5,40,100,0.35,,,5012345678900',
  'NUT-M6,M6 nuts,Fixings,Northgate Fixings,nuts,900,30,5,60,100,0.05,,,',
  'DRILL-18V,18V drill,Fixings,Northgate Fixings,tools,4,0.1,10,1,,45.00,,,',
  'BEAN-HB,House Blend beans,main,Bayside Roasters,coffee,58,8,5,20,,4.20,,178,',
];
export const COUNT_RULES = `${RULES}location approver: Fixings = U0PRIYA\nlocation channel: Fixings = C0FIX\nmateriality: 2 units and 1%, or 20\n`;

/**
 * The real Slack app on the in-process queue, served over HTTP with signed requests, against DynamoDB Local and a
 * loopback fake Slack: what the count tests drive. The clock moves a second per reading, so audit rows sort in the
 * order things happened.
 */
export class CountHarness {
  store!: Store;
  runtime!: LocalRuntime;
  app!: App;
  url = '';
  writeStock!: (rows: string[]) => void;
  paths!: LocalDocumentPaths;
  private tick = 0;
  readonly now: Date;

  constructor(
    readonly slack: FakeSlack,
    readonly opts: {
      rows?: string[];
      rules?: string;
      suggester?: CauseSuggester;
      now?: Date;
      /** Where the documents come from instead of the temp folder's files: Google, through the environment. */
      documents?: DocumentPorts;
    } = {},
  ) {
    this.now = opts.now ?? new Date('2026-11-23T09:00:00Z');
  }

  async start(): Promise<this> {
    this.store = await testStore();
    const docs = writeDocuments(this.opts.rows ?? COUNT_ROWS, this.opts.rules ?? COUNT_RULES);
    this.writeStock = docs.writeStock;
    this.paths = docs.paths;
    const port = await freePort();
    const config: AppConfig = {
      botToken: 'xoxb-test',
      signingSecret: SECRET,
      botId: 'B0BOT',
      botUserId: 'U0BOT',
      slackApiUrl: this.slack.url,
      port,
      mailFrom: 'orders@harbourstreet.example',
      linkSecret: 'link-secret',
      emailActionUrl: `http://127.0.0.1:${port}/email-action`,
    };
    this.runtime = localRuntime({
      config,
      store: this.store,
      documents: this.opts.documents ?? docs.paths,
      mail: outboxMail(mkdtempSync(join(tmpdir(), 'stockbot-outbox-'))),
      files: localFiles(mkdtempSync(join(tmpdir(), 'stockbot-files-'))),
      clock: () => new Date(this.now.getTime() + 1000 * this.tick++),
      queueBackoffMs: 5,
      ...(this.opts.suggester ? { suggester: this.opts.suggester } : {}),
    });
    this.app = buildApp({ config, services: this.runtime.services, logLevel: LogLevel.ERROR });
    await this.app.start(port);
    this.url = `http://127.0.0.1:${port}/slack/events`;
    return this;
  }

  async stop(): Promise<void> {
    await this.app.stop();
    await this.store.close();
  }

  post(body: string, contentType = 'application/x-www-form-urlencoded'): Promise<Response> {
    return fetch(this.url, { method: 'POST', headers: { 'content-type': contentType, ...signSlackRequest(SECRET, body) }, body });
  }

  command(text: string, userId = 'U0SAM', channelId = 'C0GENERAL'): Promise<Response> {
    return this.post(slashCommandBody({ command: '/count', text, userId, channelId }));
  }

  submitCount(location: string, userId = 'U0SAM', categories: string[] = []): Promise<Response> {
    return this.post(
      viewSubmissionBody({
        userId,
        callbackId: VIEW.openCount,
        privateMetadata: 'C0GENERAL',
        values: {
          [COUNT_BLOCK.location]: {
            [COUNT_INPUT.location]: {
              type: 'static_select',
              selected_option: { text: { type: 'plain_text', text: location }, value: location },
            },
          },
          [COUNT_BLOCK.categories]: {
            [COUNT_INPUT.categories]: {
              type: 'multi_static_select',
              selected_options: categories.map((c) => ({ text: { type: 'plain_text', text: c }, value: c })),
            },
          },
          [COUNT_BLOCK.counter]: { [COUNT_INPUT.counter]: { type: 'users_select', selected_user: 'U0SAM' } },
        },
      }),
    );
  }

  submitView(userId: string, callbackId: string, privateMetadata: string, values: unknown): Promise<Response> {
    return this.post(viewSubmissionBody({ userId, callbackId, privateMetadata, values }));
  }

  /** An event Slack delivers to the app, signed. */
  deliver(event: Record<string, unknown>): Promise<Response> {
    return this.post(eventCallbackBody(event), 'application/json');
  }

  click(userId: string, actionId: string, value: string, channel: string, messageTs: string): Promise<Response> {
    return this.post(blockActionBody({ userId, actionId, value, channelId: channel, messageTs }));
  }

  /** /count for Fixings, run to the end: the open session with its thread. */
  async openFixingsCount(categories: string[] = []): Promise<SessionMeta> {
    await this.submitCount('Fixings', 'U0SAM', categories);
    await this.runtime.queue.drain();
    const [session] = await this.store.counts.listActive();
    return session!;
  }

  /** Someone uploads a file into the session's thread; both of Slack's events are delivered and the queue drained. */
  async upload(session: SessionMeta, name: string, bytes: Buffer | string, user = 'U0SAM') {
    const upload = this.slack.userUpload({ user, channel: session.channel!, threadTs: session.ts!, name, bytes: Buffer.from(bytes) });
    await this.deliver(upload.message);
    await this.deliver(upload.fileShared);
    await this.runtime.queue.drain();
    return upload;
  }

  /** Replies posted in the session's thread, as text. */
  threadTexts(session: SessionMeta): string[] {
    return this.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.thread_ts === session.ts)
      .map((c) => String(c.args.text));
  }
}

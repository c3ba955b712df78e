import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel, type App } from '@slack/bolt';
import ExcelJS from 'exceljs';
import { outboxMail } from '../../src/adapters/mail/outbox';
import { buildApp } from '../../src/app';
import type { AppConfig } from '../../src/config/app-config';
import { localRuntime, type LocalRuntime } from '../../src/runtime';
import type { Store } from '../../src/store/open-store';
import { COUNT_BLOCK, COUNT_INPUT, VIEW } from '../../views/ids';
import { blockKitProblems } from '../support/block-kit-limits';
import { RULES, writeDocuments } from '../support/documents';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { signSlackRequest, slashCommandBody, viewSubmissionBody } from '../support/slack-signing';
import { testStore } from '../support/store';

const SECRET = 'test-signing-secret';
const NOW = new Date('2026-11-23T09:00:00Z');
const ROWS = [
  'BOLT-M6-50,M6 x 50 bolts,Fixings,Northgate Fixings,bolts,480,20,5,40,100,0.35,,,5012345678900',
  'NUT-M6,M6 nuts,Fixings,Northgate Fixings,nuts,900,30,5,60,100,0.05,,,',
  'DRILL-18V,18V drill,Fixings,Northgate Fixings,tools,4,0.1,10,1,,45.00,,,',
  'BEAN-HB,House Blend beans,main,Bayside Roasters,coffee,58,8,5,20,,4.20,,178,',
];
const COUNT_RULES = `${RULES}location approver: Fixings = U0PRIYA\nlocation channel: Fixings = C0FIX\nmateriality: 2 units and 1%, or 20\n`;

let slack: FakeSlack;
let store: Store;
let app: App;
let runtime: LocalRuntime;
let url: string;

beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(async () => slack.close());

beforeEach(async () => {
  slack.reset();
  store = await testStore();
  const { paths } = writeDocuments(ROWS, COUNT_RULES);
  const port = 30000 + Math.floor(Math.random() * 20000);
  const config: AppConfig = {
    botToken: 'xoxb-test',
    signingSecret: SECRET,
    botId: 'B0BOT',
    botUserId: 'U0BOT',
    slackApiUrl: slack.url,
    port,
    mailFrom: 'orders@harbourstreet.example',
    linkSecret: 'link-secret',
    emailActionUrl: `http://127.0.0.1:${port}/email-action`,
  };
  runtime = localRuntime({ config, store, documents: paths, mail: outboxMail(mkdtempSync(join(tmpdir(), 'stockbot-outbox-'))), clock: () => NOW, queueBackoffMs: 5 });
  app = buildApp({ config, services: runtime.services, logLevel: LogLevel.ERROR });
  await app.start(port);
  url = `http://127.0.0.1:${port}/slack/events`;
});

afterEach(async () => {
  await app.stop();
  await store.close();
});

const post = (body: string, contentType = 'application/x-www-form-urlencoded') =>
  fetch(url, { method: 'POST', headers: { 'content-type': contentType, ...signSlackRequest(SECRET, body) }, body });

const command = (text: string, userId = 'U0SAM') => post(slashCommandBody({ command: '/count', text, userId, channelId: 'C0GENERAL' }));

const submitCount = (location: string, userId = 'U0SAM', categories: string[] = []) =>
  post(
    viewSubmissionBody({
      userId,
      callbackId: VIEW.openCount,
      privateMetadata: 'C0GENERAL',
      values: {
        [COUNT_BLOCK.location]: { [COUNT_INPUT.location]: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: location }, value: location } } },
        [COUNT_BLOCK.categories]: {
          [COUNT_INPUT.categories]: { type: 'multi_static_select', selected_options: categories.map((c) => ({ text: { type: 'plain_text', text: c }, value: c })) },
        },
        [COUNT_BLOCK.counter]: { [COUNT_INPUT.counter]: { type: 'users_select', selected_user: 'U0SAM' } },
      },
    }),
  );

const json = async (res: Promise<Response>): Promise<any> => (await res).json();

async function xlsxRows(bytes: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as never);
  const rows: unknown[][] = [];
  wb.worksheets[0]!.eachRow({ includeEmpty: false }, (row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('/count', () => {
  it('help and unknown words answer privately with how counting works', async () => {
    const help = await json(command('help'));
    expect(help).toMatchObject({ response_type: 'ephemeral' });
    expect(help.text).toMatch(/\/count status/);
    expect((await json(command('please'))).text).toMatch(/is not something I know/);
    expect((await json(command('status'))).text).toBe('No counts are open. Type `/count` to start one.');
  });

  it('opens the modal with the locations from the stock sheet and the user as counter', async () => {
    expect((await command('')).status).toBe(200);
    const view = slack.last('views.open')?.args.view as { blocks: { block_id: string; element: { options?: { value: string }[]; initial_user?: string } }[] };
    expect(blockKitProblems({ kind: 'modal', view })).toEqual([]);
    expect(view.blocks.find((b) => b.block_id === COUNT_BLOCK.location)?.element.options?.map((o) => o.value)).toEqual(['Fixings', 'main']);
    expect(view.blocks.find((b) => b.block_id === COUNT_BLOCK.counter)?.element.initial_user).toBe('U0SAM');
  });

  it('submitting opens a session: snapshot stored, message in the location channel, pre-filled sheet in its thread', async () => {
    expect((await submitCount('Fixings')).status).toBe(200);
    await runtime.queue.drain();

    const [session, ...others] = await store.counts.listActive();
    expect(others).toEqual([]);
    expect(session).toMatchObject({ location: 'Fixings', counter: 'U0SAM', session_status: 'open', channel: 'C0FIX', scope: null });
    const lines = await store.counts.lines(session!.session_id);
    expect(lines.map((l) => [l.sku, l.system, l.counted])).toEqual([
      ['BOLT-M6-50', 480, null],
      ['DRILL-18V', 4, null],
      ['NUT-M6', 900, null],
    ]);

    const message = slack.message('C0FIX', session!.ts!);
    expect(String(message?.text)).toMatch(/upload the count in this thread/);
    expect(blockKitProblems({ kind: 'message', blocks: message?.blocks as unknown[], text: String(message?.text) })).toEqual([]);
    const [sheet] = slack.files();
    expect(sheet).toMatchObject({ name: `count-${session!.session_id}.xlsx`, completed: true, channels: ['C0FIX'] });
    expect(slack.last('files.completeUploadExternal')?.args.thread_ts).toBe(session!.ts);
    expect(await xlsxRows(sheet!.bytes)).toEqual([
      ['sku', 'name', 'location', 'counted_qty', 'unit'],
      ['BOLT-M6-50', 'M6 x 50 bolts', 'Fixings', undefined, 'each'],
      ['DRILL-18V', '18V drill', 'Fixings', undefined, 'each'],
      ['NUT-M6', 'M6 nuts', 'Fixings', undefined, 'each'],
    ]);
    expect(String(slack.last('chat.postMessage')?.args.text)).toMatch(/is open in <#C0FIX> with 3 SKUs/);

    // A second /count for the same location keeps the modal open and points to the first.
    const again = await json(submitCount('Fixings', 'U0TOM'));
    expect(again).toMatchObject({ response_action: 'errors' });
    expect(again.errors[COUNT_BLOCK.location]).toMatch(new RegExp(`Count ${session!.session_id} is already open here in <#C0FIX>`));
    expect(await store.counts.listActive()).toHaveLength(1);
    expect((await json(command('status'))).text).toMatch(new RegExp(`${session!.session_id}\\* at \\*Fixings\\* \\(<#C0FIX>\\): open`));
  });

  it('a scope of categories snapshots only those items', async () => {
    await submitCount('Fixings', 'U0SAM', ['bolts', 'nuts']);
    await runtime.queue.drain();
    const [session] = await store.counts.listActive();
    expect((await store.counts.lines(session!.session_id)).map((l) => l.sku)).toEqual(['BOLT-M6-50', 'NUT-M6']);
  });

  it('a location with no channel in the rules doc posts where /count was typed', async () => {
    await submitCount('main');
    await runtime.queue.drain();
    const [session] = await store.counts.listActive();
    expect(session?.channel).toBe('C0GENERAL');
  });
});

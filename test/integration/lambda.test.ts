import { createHmac, randomUUID } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type FakeGoogle, makeServiceAccountKey, startFakeGoogle } from '../support/fake-google';
import { type FakeS3, startFakeS3 } from '../support/fake-s3';
import { startFakeScheduler, type FakeScheduler } from '../support/fake-scheduler';
import { fakeSes, type FakeSes } from '../support/fake-ses';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { startFakeSqs, type FakeSqs } from '../support/fake-sqs';
import { STOCK_HEADER, SUPPLIERS } from '../support/documents';
import { blockActionBody, functionUrlEvent, signSlackRequest } from '../support/slack-signing';
import { createDailyCheckHandler } from '../../src/handlers/lambda/daily-check';
import { createEmailActionHandler } from '../../src/handlers/lambda/email-action';
import { createPoSenderHandler } from '../../src/handlers/lambda/po-sender';
import { createPosHandler } from '../../src/handlers/lambda/pos';
import { createStockPosterHandler } from '../../src/handlers/lambda/stock-poster';
import { createSheetsHandler } from '../../src/handlers/lambda/sheets';
import { createMailInHandler } from '../../src/handlers/lambda/mail-in';
import { mailIdOf } from '../../src/services/mail-intake';
import { rawMail } from '../support/mail-fixtures';
import { createSlackHandler } from '../../src/handlers/lambda/slack';
import { createWorkerHandler } from '../../src/handlers/lambda/worker';
import { eventBridgeSchedulerFromEnv } from '../../src/wiring';
import { signLink } from '../../src/services/email-links';
import { inventoryKey, queueSheetWrite } from '../../src/store/inventory';
import { openStore, type Store } from '../../src/store/open-store';
import { ACTION, encodeOrderRef } from '../../views/ids';
import { RULES } from '../support/documents';

// The SDK's default credential chain reads these; the fakes accept any signature.
process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST';
process.env.AWS_SECRET_ACCESS_KEY = 'secret';
process.env.AWS_REGION = 'eu-west-2';

const SECRET = 'test-signing-secret';
const MONDAY_MORNING = new Date('2026-11-23T08:00:00Z');
const MONDAY_EVENING = new Date('2026-11-23T19:00:00Z');
const TUESDAY_MORNING = new Date('2026-11-24T08:00:00Z');
const ROWS = ['BEAN-HB,House Blend beans,main,Bayside Roasters,coffee,58,8,5,20,,4.20,,178,'];
const SEND_PO = 'http://sqs.local/123456789012/stockbot-test-send-po';
const WORK = 'http://sqs.local/123456789012/stockbot-test-work';
const WORK_ARN = 'arn:aws:sqs:eu-west-2:123456789012:stockbot-test-work';
const SHEETS = 'http://sqs.local/123456789012/stockbot-test-sheets';
const STOCK_POST = 'http://sqs.local/123456789012/stockbot-test-stock-post';
const BUCKET = 'stockbot-test-documents';
const MAIL_BUCKET = 'stockbot-test-mail';
const MAIL_QUEUE = 'http://sqs.local/123456789012/stockbot-test-mail';
const SHEET_ID = 'sheet-1AbC';
const RULES_ID = 'doc-rules';

let slack: FakeSlack;
let sqs: FakeSqs;
let scheduler: FakeScheduler;
let ses: FakeSes;
let s3: FakeS3;
let google: FakeGoogle;
let env: NodeJS.ProcessEnv;
/** The sheets function's settings: the others', plus the Google key and the document ids. */
let sheetsEnv: NodeJS.ProcessEnv;
let store: Store;

/** The sheets function syncs the documents from Google into the documents bucket, as its schedule would. */
async function syncDocuments(rules: string) {
  google.setDoc(RULES_ID, rules);
  const sheets = await createSheetsHandler(sheetsEnv, () => MONDAY_MORNING);
  const event = { Records: [{ messageId: randomUUID(), body: JSON.stringify({ kind: 'run-job', job: 'sheet-sync' }) }] };
  expect(await sheets(event)).toEqual({ batchItemFailures: [] });
}

beforeAll(async () => {
  [slack, sqs, scheduler, s3, google] = await Promise.all([
    startFakeSlack(),
    startFakeSqs(),
    startFakeScheduler(),
    startFakeS3({ buckets: [BUCKET, MAIL_BUCKET] }),
    startFakeGoogle(),
  ]);
  ses = fakeSes();
  await ses.start();
});
afterAll(async () => Promise.all([slack.close(), sqs.close(), scheduler.close(), ses.close(), s3.close(), google.close()]));

beforeEach(async () => {
  slack.reset();
  sqs.reset();
  ses.reset();
  s3.reset();
  google.reset();
  google.setSheet(SHEET_ID, 'Stock', [STOCK_HEADER.split(','), ...ROWS.map((r) => r.split(','))]);
  google.setDoc('doc-suppliers', SUPPLIERS);
  const tablePrefix = `l${randomUUID().slice(0, 8)}-`;
  // Exactly the settings serverless.yml gives the functions, with every AWS endpoint pointed at a loopback fake.
  env = {
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_ID: 'B0BOT',
    SLACK_BOT_USER_ID: 'U0BOT',
    SLACK_API_URL: slack.url,
    DYNAMODB_ENDPOINT: process.env.STOCKBOT_TEST_DYNAMODB,
    TABLE_PREFIX: tablePrefix,
    MAIL_OUT: 'ses',
    MAIL_FROM: 'orders@harbourstreet.example',
    AWS_ENDPOINT_URL_SES: ses.url,
    AWS_ENDPOINT_URL_SQS: sqs.url,
    AWS_ENDPOINT_URL_SCHEDULER: scheduler.url,
    SEND_PO_QUEUE_URL: SEND_PO,
    WORK_QUEUE_URL: WORK,
    STOCK_POST_QUEUE_URL: STOCK_POST,
    WORK_QUEUE_ARN: WORK_ARN,
    DELIVERY_SCHEDULE_GROUP: 'stockbot-test',
    SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/stockbot-test-scheduler',
    EMAIL_ACTION_URL: 'https://links.example/',
    SHEETS_QUEUE_URL: SHEETS,
    DOCUMENTS_BUCKET: BUCKET,
    AWS_ENDPOINT_URL_S3: s3.url,
  };
  sheetsEnv = {
    ...env,
    GOOGLE_SERVICE_ACCOUNT_JSON: JSON.stringify(makeServiceAccountKey()),
    GOOGLE_API_ROOT: google.url,
    GOOGLE_RETRY_DELAY_MS: '1',
    STOCK_SHEET_ID: SHEET_ID,
    STOCK_SHEET_TAB: 'Stock',
    RULES_DOC_ID: RULES_ID,
    SUPPLIER_DOC_ID: 'doc-suppliers',
  };
  store = await openStore({
    target: { kind: 'endpoint', endpoint: env.DYNAMODB_ENDPOINT! },
    region: 'eu-west-2',
    tablePrefix,
    createTables: true,
  });
  await syncDocuments(RULES.replace('owner: U0OWNER', 'owner: U0OWNER\nowner email: owner@harbourstreet.example'));
  slack.reset();
});
afterEach(async () => store.close());

const REF = { itemKey: 'main#BEAN-HB', orderId: '2026-11-23' };

/** SQS delivers each message sent to `queueUrl` to that queue's function, as Lambda's event source mapping does. */
const delivered = (queueUrl: string, receiveCount = 1) =>
  sqs.asEvent(
    sqs.sent.filter((m) => m.queueUrl === queueUrl),
    receiveCount,
  );

async function approveInSlack() {
  const dm = (await store.orders.get(REF.itemKey, REF.orderId))!.message!;
  const body = blockActionBody({
    userId: 'U0OWNER',
    actionId: ACTION.approvePo,
    value: encodeOrderRef(REF),
    channelId: dm.channel,
    messageTs: dm.ts,
  });
  const slackHandler = await createSlackHandler(env);
  return slackHandler(
    functionUrlEvent({
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(SECRET, body) },
      base64: true,
    }),
  );
}

describe('the AWS functions, wired as deployed', () => {
  it('daily-check → DM → Approve on the slack function → send-po queue → po-sender emails through SES → on order', async () => {
    const check = await createDailyCheckHandler(env, () => MONDAY_MORNING);
    const summary = await check();
    expect(summary).toEqual({
      summary: 'Daily check for 2026-11-23: 0 urgent reorder · 1 reorder · 0 watch · 0 stocked; 1 new draft.',
      warnings: [],
    });
    expect(slack.last('chat.postMessage')?.args.text).toMatch(/House Blend/);

    expect((await approveInSlack()).statusCode).toBe(200);
    expect((await store.orders.get(REF.itemKey, REF.orderId))?.status).toBe('approved');
    // The click only queued the email: it went to the send-po queue, which only po-sender reads.
    expect(sqs.sent.map((m) => [m.queueUrl, JSON.parse(m.body)])).toEqual([[SEND_PO, { kind: 'send-po', ...REF }]]);
    expect(ses.sent).toHaveLength(0);

    const poSender = await createPoSenderHandler(env);
    expect(await poSender(delivered(SEND_PO))).toEqual({ batchItemFailures: [] });
    expect(ses.sent).toHaveLength(1);
    expect(ses.sent[0]).toMatch(/^To: orders@bayside\.example/m);
    expect(ses.sent[0]).toMatch(/Please supply 120 x House Blend beans \(BEAN-HB\)/);
    const order = await store.orders.get(REF.itemKey, REF.orderId);
    expect(order).toMatchObject({ status: 'on-order', po_number: 'PO-000001', sent_to: 'orders@bayside.example' });
    expect(JSON.stringify(slack.last('chat.update')?.args.blocks)).toMatch(/PO-000001 emailed to orders@bayside\.example/);

    // SQS delivers at least once: a redelivery sends nothing twice.
    expect(await poSender(delivered(SEND_PO, 2))).toEqual({ batchItemFailures: [] });
    expect(ses.sent).toHaveLength(1);
  });

  it('quiet hours: the draft is held and one EventBridge at() schedule drops deliver-drafts on the work queue; the worker sends it once', async () => {
    const check = await createDailyCheckHandler(env, () => MONDAY_EVENING);
    expect(await check()).toMatchObject({ summary: expect.stringContaining('1 new draft.') });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    const order = await store.orders.get('main#BEAN-HB', '2026-11-23');
    expect(order?.deliver_at).toBe('2026-11-24T08:00:00.000Z');

    const [schedule, ...others] = [...scheduler.schedules.values()].filter((s) => s.GroupName === 'stockbot-test');
    expect(others).toEqual([]);
    expect(schedule).toMatchObject({
      ScheduleExpression: 'at(2026-11-24T08:00:00)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: { Arn: WORK_ARN, RoleArn: env.SCHEDULER_ROLE_ARN },
    });

    // A second run the same day finds the day's check done; booking the same minute again is a 409 that counts as done.
    expect(await check()).toEqual({ summary: 'Not due: not a business day, or already run today.' });
    const creates = scheduler.creates;
    await expect(eventBridgeSchedulerFromEnv(env).wakeAt(new Date('2026-11-24T07:59:30Z'))).resolves.toBeUndefined();
    expect(scheduler.creates).toBe(creates + 1);
    expect([...scheduler.schedules.keys()].filter((k) => k.startsWith('stockbot-test/'))).toHaveLength(1);

    // At 08:00 the schedule puts its input on the work queue; SQS hands it to the worker.
    const wakeUp = sqs.asEvent([{ messageId: 'm-wake', body: schedule!.Target.Input! }]);
    const early = await createWorkerHandler(env, () => new Date('2026-11-24T07:59:00Z'));
    expect(await early(wakeUp)).toEqual({ batchItemFailures: [] });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    const worker = await createWorkerHandler(env, () => TUESDAY_MORNING);
    expect(await worker(wakeUp)).toEqual({ batchItemFailures: [] });
    expect(await worker(wakeUp)).toEqual({ batchItemFailures: [] });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('po-sender: a failing SES send is retried by redelivery; on the last delivery the DM offers Retry and the message goes to the DLQ', async () => {
    await (await createDailyCheckHandler(env, () => MONDAY_MORNING))();
    await approveInSlack();
    const poSender = await createPoSenderHandler({ ...env, QUEUE_MAX_RECEIVES: '3' });
    ses.fail({ code: 'MessageRejected', message: 'Email address is not verified.', times: 3 });

    const failed = (n: number) => poSender(delivered(SEND_PO, n));
    const [messageId] = sqs.sent.map((m) => m.messageId);
    expect(await failed(1)).toEqual({ batchItemFailures: [{ itemIdentifier: messageId }] });
    expect(await failed(2)).toEqual({ batchItemFailures: [{ itemIdentifier: messageId }] });
    const updatesBefore = slack.callsTo('chat.update').length;
    expect(await failed(3)).toEqual({ batchItemFailures: [{ itemIdentifier: messageId }] });
    const order = await store.orders.get(REF.itemKey, REF.orderId);
    expect(order?.status).toBe('approved');
    expect(order?.send_error).toMatch(/not verified/);
    expect(slack.callsTo('chat.update').length).toBeGreaterThan(updatesBefore);
    expect(JSON.stringify(slack.last('chat.update')?.args.blocks)).toContain(ACTION.retryPo);
    expect(ses.sent).toHaveLength(0);
  });

  it('a queue refuses what it cannot read or is not its work, and carries on with the rest of the batch', async () => {
    const worker = await createWorkerHandler(env, () => MONDAY_MORNING);
    const logged: string[] = [];
    const event = sqs.asEvent([
      { messageId: 'garbled', body: '{not json' },
      { messageId: 'wrong-queue', body: JSON.stringify({ kind: 'send-po', ...REF }) },
      { messageId: 'no-such-job', body: JSON.stringify({ kind: 'run-job', job: 'tidy-shelves' }) },
      // Queued by an earlier version (a held-draft wake-up booked before a deploy): still runs, as the same job.
      { messageId: 'fine', body: JSON.stringify({ kind: 'deliver-drafts' }) },
      // A sheet job queued where jobs used to run is handed on to the sheets function.
      { messageId: 'handed-on', body: JSON.stringify({ kind: 'run-job', job: 'sheet-flush' }) },
    ]);
    const errors = jest.spyOn(console, 'error').mockImplementation((line: string) => void logged.push(line));
    try {
      expect(await worker(event)).toEqual({
        batchItemFailures: [{ itemIdentifier: 'garbled' }, { itemIdentifier: 'wrong-queue' }, { itemIdentifier: 'no-such-job' }],
      });
    } finally {
      errors.mockRestore();
    }
    expect(logged.join('\n')).toMatch(/garbled failed.*not JSON/);
    expect(logged.join('\n')).toMatch(/send-po work arrived on the work queue; it belongs on the send-po queue/);
    expect(logged.join('\n')).toMatch(/there is no job "tidy-shelves"/);
    expect(sqs.sent.map((m) => [m.queueUrl, JSON.parse(m.body)])).toEqual([[SHEETS, { kind: 'run-job', job: 'sheet-flush' }]]);
  });

  it('sheets: the sync keeps the copies every function reads in the bucket; the write-back puts a change into the Google Sheet', async () => {
    // beforeEach's sync took the copies: the other functions read them, and hold no Google key.
    expect(s3.object(BUCKET, 'documents/rules.txt')?.body.toString()).toContain('owner: U0OWNER');
    expect(JSON.parse(s3.object(BUCKET, 'documents/stock-sheet.json')!.body.toString()).items).toHaveLength(1);
    expect(env.GOOGLE_SERVICE_ACCOUNT_JSON).toBeUndefined();

    // A receipt of 120 as the app records one: the quantity and the change for the sheet, in one transaction.
    await store.dynamo.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: store.dynamo.tables.inventory,
              Key: inventoryKey('main', 'BEAN-HB'),
              UpdateExpression: 'ADD quantity :d, version :one',
              ExpressionAttributeValues: { ':d': 120, ':one': 1 },
            },
          },
          queueSheetWrite(store.dynamo.tables.inventory, {
            location: 'main',
            sku: 'BEAN-HB',
            onHand: 178,
            delta: 120,
            reason: 'receipt PO-000001',
            at: MONDAY_MORNING.toISOString(),
          }),
        ],
      }),
    );
    // Elsewhere the write-back waits: only the sheets function reaches Google.
    const sheets = await createSheetsHandler(sheetsEnv, () => MONDAY_MORNING);
    const flush = { Records: [{ messageId: 'flush', body: JSON.stringify({ kind: 'run-job', job: 'sheet-flush' }) }] };
    expect(await sheets(flush)).toEqual({ batchItemFailures: [] });
    expect(google.sheet(SHEET_ID, 'Stock')[1]![STOCK_HEADER.split(',').indexOf('on_hand')]).toBe('178');
    expect(await store.inventory.pendingSheetWrites()).toEqual([]);
  });

  it('email-action: GET shows the confirmation and changes nothing; the POST approves once and queues the email', async () => {
    await syncDocuments(RULES.replace('owner: U0OWNER', 'owner email: owner@harbourstreet.example'));
    const mailEnv = { ...env, EMAIL_LINK_SECRET: 'link-secret' };
    await (await createDailyCheckHandler(mailEnv, () => MONDAY_MORNING))();
    // No Slack ID for the owner: the draft went by email, with links to this function.
    expect(ses.sent).toHaveLength(1);
    expect(ses.sent[0]).toContain('https://links.example/?token=');

    const handler = await createEmailActionHandler(mailEnv, () => MONDAY_MORNING);
    const token = signLink('link-secret', REF, 'approve', new Date('2026-11-30T00:00:00Z'));
    const get = await handler(functionUrlEvent({ method: 'GET', path: `/?token=${encodeURIComponent(token)}`, headers: {}, body: '' }));
    expect(get.statusCode).toBe(200);
    expect(get.body).toMatch(/<form method="post"/i);
    expect((await store.orders.get(REF.itemKey, REF.orderId))?.status).toBe('pending');

    const form = `token=${encodeURIComponent(token)}`;
    const post = () =>
      handler(
        functionUrlEvent({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form, base64: true }),
      );
    expect((await post()).statusCode).toBe(200);
    expect((await store.orders.get(REF.itemKey, REF.orderId))?.status).toBe('approved');
    expect((await post()).statusCode).toBe(409);
    expect(sqs.sent.map((m) => m.queueUrl)).toEqual([SEND_PO]);
  });

  it('pos: a signed Shopify order is answered at once and queued; the stock poster lowers on hand once', async () => {
    const pos = await createPosHandler({ ...env, SHOPIFY_WEBHOOK_SECRET: 'shpss', STAGE: 'test' }, () => MONDAY_MORNING);
    const body =
      '{"id":5678901234567890123,"location_id":null,"created_at":"2026-11-23T09:00:00Z","line_items":[{"id":1,"sku":"BEAN-HB","quantity":3}]}';
    const event = (signature: string) =>
      functionUrlEvent({
        path: '/pos/shopify',
        headers: {
          'content-type': 'application/json',
          'x-shopify-topic': 'orders/create',
          'x-shopify-webhook-id': 'wh-77',
          'x-shopify-hmac-sha256': signature,
        },
        body,
        base64: true,
      });
    const logged = jest.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect((await pos(event('forged'))).statusCode).toBe(401);
      expect(String(logged.mock.calls.at(-1)?.[0])).toMatch(/"PosSignatureFailures":1/);
    } finally {
      logged.mockRestore();
    }
    const signed = event(createHmac('sha256', 'shpss').update(body).digest('base64'));
    expect((await pos(signed)).statusCode).toBe(200);
    expect((await pos(signed)).statusCode).toBe(200);
    expect(sqs.sent.filter((m) => m.queueUrl === STOCK_POST)).toHaveLength(2);

    const poster = await createStockPosterHandler(env, () => MONDAY_MORNING);
    expect(await poster(delivered(STOCK_POST))).toEqual({ batchItemFailures: [] });
    expect((await store.inventory.get('main', 'BEAN-HB'))?.quantity).toBe(55);
    // The sheet follows at the scheduled write-back: changes not yet written wait in the outbox.
    expect(await store.inventory.pendingSheetWrites()).toMatchObject([{ sku: 'BEAN-HB', delta: -3 }]);
  });

  it('mail-in: a mail SES wrote to the bucket becomes a proposal; Approve is applied by the stock poster; Discard moves the mail aside', async () => {
    await syncDocuments(`${RULES}intake senders: *@harbourstreet.example\n`);
    const mailEnv = { ...env, MAIL_BUCKET, MAIL_QUEUE_URL: MAIL_QUEUE };
    const put = (key: string, body: Buffer) =>
      s3.objects.set(`${MAIL_BUCKET}/${key}`, { body, contentType: 'message/rfc822', etag: '"x"', versionId: 'v1', encoding: 'plain' });
    const s3Event = (key: string) => ({
      Records: [{ eventSource: 'aws:s3', s3: { bucket: { name: MAIL_BUCKET }, object: { key: encodeURIComponent(key) } } }],
    });
    put(
      'inbox/m1',
      await rawMail({
        from: 'sam@harbourstreet.example',
        subject: 'Count',
        files: [{ filename: 'count.csv', content: 'sku,counted\nBEAN-HB,50\n' }],
      }),
    );
    const mailIn = await createMailInHandler(mailEnv, () => MONDAY_MORNING);
    const logged = jest.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await mailIn(s3Event('inbox/m1'));
      await mailIn(s3Event('inbox/m1'));
      // SES's own check that it may write the bucket is not a mail: nothing recorded.
      put('inbox/AMAZON_SES_SETUP_NOTIFICATION', Buffer.from('Amazon SES setup notification'));
      await mailIn(s3Event('inbox/AMAZON_SES_SETUP_NOTIFICATION'));
      expect(await store.intake.get(mailIdOf('inbox/AMAZON_SES_SETUP_NOTIFICATION'))).toBeNull();
    } finally {
      logged.mockRestore();
    }
    const [dm] = slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'D0OWNER');
    expect(JSON.stringify(dm!.args.blocks)).toContain('on hand 58 → *50*');
    const proposals = await store.intake.waiting();
    expect(proposals).toHaveLength(1);
    const [proposal] = proposals;

    // Approve on the slack function hands the rows to the stock poster, the one function that writes quantities.
    const slackHandler = await createSlackHandler({ ...env, MAIL_QUEUE_URL: MAIL_QUEUE });
    const tap = (actionId: string, mailId: string) => {
      const body = blockActionBody({ userId: 'U0OWNER', actionId, value: mailId, channelId: 'D0OWNER', messageTs: '1.0' });
      return slackHandler(
        functionUrlEvent({
          body,
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(SECRET, body) },
          base64: true,
        }),
      );
    };
    await tap(ACTION.approveIntake, proposal!.mail_id);
    const poster = await createStockPosterHandler(env, () => MONDAY_MORNING);
    expect(await poster(delivered(STOCK_POST))).toEqual({ batchItemFailures: [] });
    expect((await store.inventory.get('main', 'BEAN-HB'))?.quantity).toBe(50);

    // A second mail, discarded: moved under discarded/ by mail-in, reading its own queue.
    put(
      'inbox/m2',
      await rawMail({
        from: 'sam@harbourstreet.example',
        subject: 'Again',
        files: [{ filename: 'c.csv', content: 'sku,counted\nBEAN-HB,40\n' }],
      }),
    );
    const quiet = jest.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await mailIn(s3Event('inbox/m2'));
    } finally {
      quiet.mockRestore();
    }
    const second = (await store.intake.waiting())[0]!;
    await tap(ACTION.discardIntake, second.mail_id);
    expect(await mailIn(delivered(MAIL_QUEUE) as never)).toEqual({ batchItemFailures: [] });
    expect(s3.object(MAIL_BUCKET, 'inbox/m2')).toBeUndefined();
    expect(s3.object(MAIL_BUCKET, 'discarded/inbox/m2')?.body.toString()).toContain('Subject: Again');
  });

  it('a function missing a setting says which one', async () => {
    const { SEND_PO_QUEUE_URL: _, ...partial } = env;
    await expect(createSlackHandler(partial)).rejects.toThrow(/SEND_PO_QUEUE_URL is not set/);
  });
});

import { randomUUID } from 'node:crypto';
import { startFakeScheduler, type FakeScheduler } from '../support/fake-scheduler';
import { fakeSes, type FakeSes } from '../support/fake-ses';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { startFakeSqs, type FakeSqs } from '../support/fake-sqs';
import { writeDocuments } from '../support/documents';
import { blockActionBody, functionUrlEvent, signSlackRequest } from '../support/slack-signing';
import { createDailyCheckHandler } from '../../src/handlers/lambda/daily-check';
import { createEmailActionHandler } from '../../src/handlers/lambda/email-action';
import { createPoSenderHandler } from '../../src/handlers/lambda/po-sender';
import { createSlackHandler } from '../../src/handlers/lambda/slack';
import { createWorkerHandler } from '../../src/handlers/lambda/worker';
import { eventBridgeSchedulerFromEnv } from '../../src/wiring';
import { signLink } from '../../src/services/email-links';
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

let slack: FakeSlack;
let sqs: FakeSqs;
let scheduler: FakeScheduler;
let ses: FakeSes;
let env: NodeJS.ProcessEnv;
let store: Store;

beforeAll(async () => {
  [slack, sqs, scheduler] = await Promise.all([startFakeSlack(), startFakeSqs(), startFakeScheduler()]);
  ses = fakeSes();
  await ses.start();
});
afterAll(async () => Promise.all([slack.close(), sqs.close(), scheduler.close(), ses.close()]));

beforeEach(async () => {
  slack.reset();
  sqs.reset();
  ses.reset();
  const { paths } = writeDocuments(ROWS, RULES.replace('owner: U0OWNER', 'owner: U0OWNER\nowner email: owner@harbourstreet.example'));
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
    STOCK_POST_QUEUE_URL: 'http://sqs.local/123456789012/stockbot-test-stock-post',
    WORK_QUEUE_ARN: WORK_ARN,
    DELIVERY_SCHEDULE_GROUP: 'stockbot-test',
    SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/stockbot-test-scheduler',
    EMAIL_ACTION_URL: 'https://links.example/',
    STOCK_SHEET: paths.stockSheet,
    RULES_DOC: paths.rules,
    SUPPLIER_DOC: paths.suppliers,
  };
  store = await openStore({
    target: { kind: 'endpoint', endpoint: env.DYNAMODB_ENDPOINT! },
    region: 'eu-west-2',
    tablePrefix,
    createTables: true,
  });
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
      { messageId: 'also-fine', body: JSON.stringify({ kind: 'run-job', job: 'sheet-flush' }) },
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
  });

  it('email-action: GET shows the confirmation and changes nothing; the POST approves once and queues the email', async () => {
    const noSlackOwner = RULES.replace('owner: U0OWNER', 'owner email: owner@harbourstreet.example');
    const { paths } = writeDocuments(ROWS, noSlackOwner);
    const mailEnv = { ...env, RULES_DOC: paths.rules, EMAIL_LINK_SECRET: 'link-secret' };
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

  it('a function missing a setting says which one', async () => {
    const { SEND_PO_QUEUE_URL: _, ...partial } = env;
    await expect(createSlackHandler(partial)).rejects.toThrow(/SEND_PO_QUEUE_URL is not set/);
  });
});

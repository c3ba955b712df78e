import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AwsLambdaReceiver, LogLevel } from '@slack/bolt';
import { dailyCheck } from '../../jobs/daily-check';
import { buildApp } from '../../src/app';
import type { LocalRuntime } from '../../src/wiring';
import type { Store } from '../../src/store/open-store';
import { ACTION, EDIT_BLOCK, EDIT_INPUT, VIEW, encodeOrderRef } from '../../views/ids';
import { slackFunctionUrlHandler } from '../../src/handlers/function-url';
import { deliverDueDrafts, quietHoursNotifier } from '../../src/services/draft-delivery';
import { signLink } from '../../src/services/email-links';
import { blockKitProblems } from '../support/block-kit-limits';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { startRunningApp, type RunningApp } from '../support/running-app';
import { blockActionBody, functionUrlEvent, signSlackRequest, viewSubmissionBody } from '../support/slack-signing';

const MONDAY = new Date('2026-11-23T08:00:00Z');
const LATER = new Date('2026-11-23T08:05:00Z');
const SECRET = 'test-signing-secret';
const ROWS = ['BEAN-HB,House Blend beans,main,Bayside Roasters,coffee,58,8,5,20,,4.20,,178,'];
const REF = { itemKey: 'main#BEAN-HB', orderId: '2026-11-23' };

let slack: FakeSlack;
let store: Store;
let runtime: LocalRuntime;
let outbox: string;
let url: string;

beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(async () => slack.close());

let running: RunningApp;
beforeEach(async () => {
  slack.reset();
  running = await startRunningApp(slack, { secret: SECRET, rows: ROWS, clock: () => LATER });
  ({ store, runtime, url, outbox } = running);
});

afterEach(async () => running.stop());

async function click(user: string, actionId: string, value: string, signed = true) {
  const dm = (await store.orders.get(REF.itemKey, REF.orderId))?.message;
  const body = blockActionBody({ userId: user, actionId, value, channelId: dm?.channel ?? 'D0OWNER', messageTs: dm?.ts ?? '1.0' });
  const headers = signed ? signSlackRequest(SECRET, body) : {};
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
}

async function draftInTheOwnersDm() {
  const report = await dailyCheck({ documents: runtime.deps.documents, store, notifier: runtime.deps.drafts }, MONDAY);
  expect(report.notifyFailures).toEqual([]);
  const order = await store.orders.get(REF.itemKey, REF.orderId);
  expect(order?.message).toBeDefined();
  return order!.message!;
}

describe('the owner DM loop: check → DM → Approve → PO email → on-order → message and App Home updated', () => {
  it('walks the whole loop', async () => {
    const dm = await draftInTheOwnersDm();
    const posted = slack.last('chat.postMessage');
    expect(posted?.args.channel).toBe(dm.channel);
    expect(String(posted?.args.text)).toContain('House Blend beans');
    expect(blockKitProblems({ kind: 'message', blocks: posted?.args.blocks as never, text: String(posted?.args.text) })).toEqual([]);

    const res = await click('U0OWNER', ACTION.approvePo, encodeOrderRef(REF));
    expect(res.status).toBe(200);
    await runtime.queue.drain();

    const order = await store.orders.get(REF.itemKey, REF.orderId);
    expect(order).toMatchObject({ status: 'on-order', po_number: 'PO-000001', sent_to: 'orders@bayside.example' });
    const eml = readFileSync(join(outbox, readdirSync(outbox)[0]!), 'utf8').replace(/=\r?\n/g, '');
    expect(eml).toMatch(/Please supply 120 x House Blend beans \(BEAN-HB\)/);

    const message = slack.message(dm.channel, dm.ts);
    expect(JSON.stringify(message)).toContain('PO-000001');
    expect(JSON.stringify(message)).not.toContain(ACTION.approvePo);
    const home = slack.last('views.publish');
    expect(home?.args.user_id).toBe('U0OWNER');
    expect(JSON.stringify(home?.args.view)).toContain('PO-000001');
  });

  it('a non-owner click is refused privately, audited, and changes nothing', async () => {
    await draftInTheOwnersDm();
    await click('U0MALLORY', ACTION.approvePo, encodeOrderRef(REF));
    await runtime.queue.drain();
    expect(slack.last('chat.postEphemeral')?.args).toMatchObject({ user: 'U0MALLORY' });
    expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ status: 'pending' });
    expect((await store.audit.forSubject(REF.itemKey)).map((a) => a.action)).toContain('refused');
    expect(readdirSync(outbox)).toEqual([]);
  });

  it('unsigned or wrongly signed requests get 401 and change nothing', async () => {
    await draftInTheOwnersDm();
    expect((await click('U0OWNER', ACTION.approvePo, encodeOrderRef(REF), false)).status).toBe(401);
    const body = blockActionBody({
      userId: 'U0OWNER',
      actionId: ACTION.approvePo,
      value: encodeOrderRef(REF),
      channelId: 'D1',
      messageTs: '1.0',
    });
    const wrong = signSlackRequest('not-the-secret', body);
    expect(
      (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...wrong }, body })).status,
    ).toBe(401);
    const stale = signSlackRequest(SECRET, body, Math.floor(Date.now() / 1000) - 6 * 60);
    expect(
      (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...stale }, body })).status,
    ).toBe(401);
    expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ status: 'pending' });
  });

  it('20 concurrent Approve clicks: every click acknowledged, exactly one PO email and one on-order', async () => {
    await draftInTheOwnersDm();
    const responses = await Promise.all(Array.from({ length: 20 }, () => click('U0OWNER', ACTION.approvePo, encodeOrderRef(REF))));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    await runtime.queue.drain();
    expect(readdirSync(outbox)).toHaveLength(1);
    expect(await store.orders.listByStatus('on-order')).toHaveLength(1);
  });

  it('Skip marks the draft skipped and updates the DM without buttons; App Home is redrawn after the ack, on the queue', async () => {
    const dm = await draftInTheOwnersDm();
    expect((await click('U0OWNER', ACTION.skipPo, encodeOrderRef(REF))).status).toBe(200);
    expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ status: 'skipped', decided_by: 'U0OWNER' });
    expect(JSON.stringify(slack.message(dm.channel, dm.ts))).not.toContain(ACTION.approvePo);
    // App Home is queued work, built once the click has been answered.
    await runtime.queue.drain();
    expect(slack.last('views.publish')?.args.user_id).toBe('U0OWNER');
    expect(JSON.stringify(slack.last('views.publish')?.args.view)).not.toContain(ACTION.skipPo);
  });

  it('Edit opens a pre-filled modal; an off-pack quantity is a field error; a valid edit is sent as edited', async () => {
    await draftInTheOwnersDm();
    await click('U0OWNER', ACTION.editPo, encodeOrderRef(REF));
    const opened = slack.last('views.open');
    const view = opened?.args.view as Record<string, unknown>;
    expect(view.callback_id).toBe(VIEW.editPo);
    expect(blockKitProblems({ kind: 'modal', view })).toEqual([]);
    expect(JSON.stringify(view)).toContain('"initial_value":"120"');

    const submit = async (qty: string, note = '') => {
      const values = {
        [EDIT_BLOCK.qty]: { [EDIT_INPUT.qty]: { type: 'plain_text_input', value: qty } },
        [EDIT_BLOCK.supplier]: { [EDIT_INPUT.supplier]: { type: 'static_select', selected_option: { value: 'Bayside Roasters' } } },
        [EDIT_BLOCK.note]: { [EDIT_INPUT.note]: { type: 'plain_text_input', value: note } },
      };
      const body = viewSubmissionBody({ userId: 'U0OWNER', callbackId: VIEW.editPo, privateMetadata: encodeOrderRef(REF), values });
      return fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(SECRET, body) },
        body,
      });
    };
    const bad = await submit('125');
    expect(await bad.json()).toEqual({ response_action: 'errors', errors: { [EDIT_BLOCK.qty]: 'Order in packs of 12: try 120 or 132.' } });
    expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ status: 'pending' });

    expect((await submit('144', 'Café crème delivery, rear door')).status).toBe(200);
    await runtime.queue.drain();
    expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ status: 'on-order', qty: 144, edited: { qty: 144 } });
  });

  it('the Lambda handler verifies a base64 Function URL body with non-ASCII text, and a retried event is handled once', async () => {
    await draftInTheOwnersDm();
    const receiver = new AwsLambdaReceiver({ signingSecret: SECRET, logLevel: LogLevel.ERROR });
    buildApp({
      config: {
        botToken: 'xoxb-test',
        signingSecret: SECRET,
        botId: 'B0BOT',
        botUserId: 'U0BOT',
        slackApiUrl: slack.url,
        port: 0,
        mailFrom: 'o@x.example',
        linkSecret: 'l',
        emailActionUrl: 'http://localhost/email-action',
      },
      services: runtime.services,
      receiver,
      logLevel: LogLevel.ERROR,
    });
    const handler = slackFunctionUrlHandler(receiver);
    // Events API bodies are raw UTF-8 JSON (form bodies are percent-encoded ASCII), so this is where base64 bites.
    const body = JSON.stringify({
      type: 'event_callback',
      team_id: 'T0TEAM',
      api_app_id: 'A0APP',
      event_id: 'Ev0CAFE',
      event_time: 1763884800,
      event: { type: 'app_home_opened', user: 'U0OWNER', channel: 'D0OWNER', tab: 'home', note: 'Café crème £4.20' },
    });
    const headers = { 'content-type': 'application/json', ...signSlackRequest(SECRET, body) };
    expect((await receiver.toHandler()(functionUrlEvent({ body, headers, base64: true }) as never, {} as never)).statusCode).toBe(401);
    expect((await handler(functionUrlEvent({ body, headers, base64: true }))).statusCode).toBe(200);
    expect(slack.last('views.publish')?.args.user_id).toBe('U0OWNER');

    // Slack's retry of the same event is acknowledged and does nothing more.
    const published = slack.callsTo('views.publish').length;
    expect((await handler(functionUrlEvent({ body, headers: { ...headers, 'x-slack-retry-num': '1' }, base64: true }))).statusCode).toBe(
      200,
    );
    expect(slack.callsTo('views.publish')).toHaveLength(published);
  });

  it('App Home lists drafts waiting, and passes the Block Kit limits', async () => {
    await draftInTheOwnersDm();
    const _rules = await runtime.deps.documents.readRules();
    await runtime.services.home.publish('U0OWNER');
    const view = slack.last('views.publish')?.args.view as Record<string, unknown>;
    expect(JSON.stringify(view)).toContain('House Blend beans');
    expect(blockKitProblems({ kind: 'home', view })).toEqual([]);
  });

  it('a draft made in quiet hours waits for the next business minute, then is delivered once', async () => {
    const evening = new Date('2026-11-23T19:30:00Z'); // Monday 19:30 in London: inside 18:00-08:00
    const notifier = quietHoursNotifier(runtime.deps.drafts, store, () => evening);
    await dailyCheck({ documents: runtime.deps.documents, store, notifier }, evening);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ deliver_at: '2026-11-24T08:00:00.000Z' });

    const rules = await runtime.deps.documents.readRules();
    const deliver = (at: string) => deliverDueDrafts({ store, notifier: runtime.deps.drafts }, rules, new Date(at));
    expect(await deliver('2026-11-24T07:59:00Z')).toBe(0);
    expect(await deliver('2026-11-24T08:00:00Z')).toBe(1);
    expect(await deliver('2026-11-24T08:01:00Z')).toBe(0);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect((await store.orders.get(REF.itemKey, REF.orderId))?.message).toBeDefined();
  });

  it('a draft whose DM failed (Slack down) is delivered by the next sweep, not lost', async () => {
    slack.fail('chat.postMessage', 'service_unavailable', 1);
    const notifier = quietHoursNotifier(runtime.deps.drafts, store, () => MONDAY);
    const report = await dailyCheck({ documents: runtime.deps.documents, store, notifier }, MONDAY);
    expect(report.notifyFailures.map((f) => f.order.sku)).toEqual(['BEAN-HB']);
    const rules = await runtime.deps.documents.readRules();
    expect(await deliverDueDrafts({ store, notifier: runtime.deps.drafts }, rules, LATER)).toBe(1);
    expect((await store.orders.get(REF.itemKey, REF.orderId))?.message).toBeDefined();
  });

  it('serves the email-action endpoint: GET confirms without acting, POST approves once', async () => {
    await draftInTheOwnersDm();
    const token = signLink('link-secret', REF, 'approve', new Date(Date.now() + 86_400_000));
    const page = url.replace('/slack/events', '/email-action');
    const get = await fetch(`${page}?token=${encodeURIComponent(token)}`);
    expect(get.status).toBe(200);
    expect(await get.text()).toContain('Approve and send this purchase order?');
    expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ status: 'pending' });
    const post = await fetch(page, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${encodeURIComponent(token)}`,
    });
    expect(post.status).toBe(200);
    const again = await fetch(page, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${encodeURIComponent(token)}`,
    });
    expect(again.status).toBe(409);
    await runtime.queue.drain();
    expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ status: 'on-order' });
  });

  it('a rate-limited post is retried after Retry-After; invalid_blocks is reported and the draft kept', async () => {
    slack.rateLimit('chat.postMessage', 1);
    const first = await dailyCheck({ documents: runtime.deps.documents, store, notifier: runtime.deps.drafts }, MONDAY);
    expect(first.notifyFailures).toEqual([]);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(2);

    slack.fail('chat.postMessage', 'invalid_blocks');
    const next = await dailyCheck(
      { documents: runtime.deps.documents, store, notifier: runtime.deps.drafts },
      new Date('2026-11-24T08:00:00Z'),
    );
    expect(next.created).toEqual([]); // the draft from Monday is still pending; nothing new to post
    await store.orders.put({ ...(await store.orders.get(REF.itemKey, REF.orderId))!, status: 'skipped' });
    const later = await dailyCheck(
      { documents: runtime.deps.documents, store, notifier: runtime.deps.drafts },
      new Date('2026-11-26T08:00:00Z'),
    );
    expect(later.notifyFailures.map((f) => f.error)).toEqual([expect.stringContaining('invalid_blocks')]);
    expect(await store.orders.get(REF.itemKey, '2026-11-26')).toMatchObject({ status: 'pending' });
  });
});

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findJob } from '../../jobs';
import { dailyCheck } from '../../jobs/daily-check';
import { runJob } from '../../jobs/run';
import type { Store } from '../../src/store/open-store';
import type { LocalRuntime } from '../../src/wiring';
import { ACTION, RECEIVE_BLOCK, RECEIVE_INPUT, VIEW, encodeOrderRef } from '../../views/ids';
import { blockKitProblems } from '../support/block-kit-limits';
import { runCli } from '../support/cli';
import type { writeDocuments } from '../support/documents';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { startRunningApp, type RunningApp } from '../support/running-app';
import { blockActionBody, signSlackRequest, viewSubmissionBody } from '../support/slack-signing';

// Receiving closes the reorder loop: an order on order is booked in (all at once or in parts), on hand rises in the
// stock sheet by exactly what arrived, and the item is checked normally again.
const MONDAY = new Date('2026-11-23T08:00:00Z');
const SECRET = 'test-signing-secret';
const ROWS = ['BEAN-HB,House Blend beans,main,Bayside Roasters,coffee,58,8,5,20,,4.20,,178,'];
const REF = { itemKey: 'main#BEAN-HB', orderId: '2026-11-23' };

let slack: FakeSlack;
let store: Store;
let runtime: LocalRuntime;
let url: string;
let docs: ReturnType<typeof writeDocuments>;
let outbox: string;
let now = MONDAY;

beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(async () => slack.close());

let running: RunningApp;
beforeEach(async () => {
  slack.reset();
  now = MONDAY;
  running = await startRunningApp(slack, { secret: SECRET, rows: ROWS, clock: () => now });
  ({ store, runtime, url, docs, outbox } = running);
});

afterEach(async () => running.stop());

const post = (body: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(SECRET, body) }, body });

async function click(user: string, actionId: string) {
  const dm = (await store.orders.get(REF.itemKey, REF.orderId))?.message;
  return post(
    blockActionBody({
      userId: user,
      actionId,
      value: encodeOrderRef(REF),
      channelId: dm?.channel ?? 'D0OWNER',
      messageTs: dm?.ts ?? '1.0',
    }),
  );
}

function submitReceipt(qty: string, viewId = `V${randomUUID().slice(0, 8)}`, user = 'U0OWNER', note = '') {
  const values = {
    [RECEIVE_BLOCK.qty]: { [RECEIVE_INPUT.qty]: { type: 'plain_text_input', value: qty } },
    [RECEIVE_BLOCK.note]: { [RECEIVE_INPUT.note]: { type: 'plain_text_input', value: note } },
  };
  return post(viewSubmissionBody({ userId: user, callbackId: VIEW.receiveOrder, privateMetadata: encodeOrderRef(REF), values, viewId }));
}

/** The morning check drafts 120 bags, the owner approves, and the PO goes out: the order is on order. */
async function onOrder() {
  await dailyCheck({ documents: runtime.deps.documents, store, notifier: runtime.deps.drafts }, MONDAY);
  await click('U0OWNER', ACTION.approvePo);
  await runtime.queue.drain();
  expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ status: 'on-order', po_number: 'PO-000001', qty: 120 });
}

const sheetOnHand = async () => (await runtime.deps.documents.readStockSheet()).find((i) => i.sku === 'BEAN-HB')!.onHand;

describe('receiving an order', () => {
  it('Mark received on the DM opens a modal for what is still to come; a partial then the rest close the order', async () => {
    await onOrder();
    const dm = (await store.orders.get(REF.itemKey, REF.orderId))!.message!;
    expect(JSON.stringify(slack.message(dm.channel, dm.ts))).toContain(ACTION.markReceived);

    await click('U0OWNER', ACTION.markReceived);
    const modal = slack.last('views.open')?.args.view as Record<string, unknown>;
    expect(modal.callback_id).toBe(VIEW.receiveOrder);
    expect(JSON.stringify(modal)).toContain('"initial_value":"120"');
    expect(blockKitProblems({ kind: 'modal', view: modal })).toEqual([]);

    // 80 arrive first: partly received, on hand up by exactly 80, the rest still on order.
    expect((await submitReceipt('80', 'V0FIRST')).status).toBe(200);
    await runtime.queue.drain();
    expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ status: 'partly-received', received_qty: 80 });
    expect(await sheetOnHand()).toBe(58 + 80);
    expect(JSON.stringify(slack.message(dm.channel, dm.ts))).toMatch(/80 of 120 received; 40 still to come/);

    // The same modal submitted twice (a double click, a retry) records once.
    expect((await submitReceipt('80', 'V0FIRST')).status).toBe(200);
    await runtime.queue.drain();
    expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ received_qty: 80 });

    await click('U0OWNER', ACTION.markReceived);
    expect(JSON.stringify(slack.last('views.open')?.args.view)).toContain('"initial_value":"40"');
    await submitReceipt('40');
    await runtime.queue.drain();
    expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ status: 'received', received_qty: 120 });
    expect(await sheetOnHand()).toBe(178);
    expect(JSON.stringify(slack.message(dm.channel, dm.ts))).not.toContain(ACTION.markReceived);

    // The ledger and the audit trail say exactly what arrived, by whom.
    const ledger = await store.inventory.movementsSince('main', 'BEAN-HB', '0');
    // Both receipts happened at the same (frozen) test time, so compare them as a set.
    expect(
      ledger
        .filter((m) => m.source === 'receipt')
        .map((m) => [m.delta, m.ref, m.by])
        .sort((a, b) => Number(b[0]) - Number(a[0])),
    ).toEqual([
      [80, 'PO-000001', 'U0OWNER'],
      [40, 'PO-000001', 'U0OWNER'],
    ]);
    expect((await store.audit.forSubject(REF.itemKey)).filter((a) => a.action === 'received')).toHaveLength(2);
  });

  it('a received item is checked normally again and drafted afresh when it runs low', async () => {
    await onOrder();
    await submitReceipt('120');
    await runtime.queue.drain();
    const tomorrow = new Date('2026-11-24T08:00:00Z');
    expect((await dailyCheck({ documents: runtime.deps.documents, store, notifier: runtime.deps.drafts }, tomorrow)).created).toEqual([]);
    // A week of sales later the sheet says 50: a new draft.
    docs.writeStock(['BEAN-HB,House Blend beans,main,Bayside Roasters,coffee,50,8,5,20,,4.20,,178,']);
    const later = await dailyCheck(
      { documents: runtime.deps.documents, store, notifier: runtime.deps.drafts },
      new Date('2026-11-30T08:00:00Z'),
    );
    expect(later.created.map((o) => [o.sku, o.order_id, o.qty])).toEqual([['BEAN-HB', '2026-11-30', 132]]);
  });

  it('a bad quantity keeps the modal open with the reason; only the owner may record a delivery', async () => {
    await onOrder();
    expect(await (await submitReceipt('lots')).json()).toEqual({
      response_action: 'errors',
      errors: { [RECEIVE_BLOCK.qty]: 'Enter how many arrived as a number, e.g. 120; got "lots".' },
    });
    expect(await (await submitReceipt('-3')).json()).toMatchObject({
      errors: { [RECEIVE_BLOCK.qty]: 'Enter how many arrived: a number above 0.' },
    });
    await click('U0MALLORY', ACTION.markReceived);
    expect(slack.last('chat.postEphemeral')?.args).toMatchObject({ user: 'U0MALLORY', text: expect.stringContaining('Only the owner') });
    expect(await (await submitReceipt('120', 'V0MAL', 'U0MALLORY')).json()).toMatchObject({ response_action: 'errors' });
    expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ status: 'on-order' });
    expect(await sheetOnHand()).toBe(58);
  });
});

describe('stockbot orders and stockbot receive', () => {
  it('list the orders and book a delivery in by PO number, on the same data as a running app', async () => {
    await onOrder();
    const env = {
      DYNAMODB_ENDPOINT: process.env.STOCKBOT_TEST_DYNAMODB,
      TABLE_PREFIX: store.dynamo.tables.orders.replace(/orders$/, ''),
      STOCK_SHEET: docs.paths.stockSheet,
      RULES_DOC: docs.paths.rules,
      SUPPLIER_DOC: docs.paths.suppliers,
      STOCKBOT_DATA_DIR: mkdtempSync(join(tmpdir(), 'stockbot-cli-')),
      USER: 'sam',
    };
    const listed = await runCli(['orders', '--json'], env);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.out)).toEqual({
      orders: [
        {
          po_number: 'PO-000001',
          sku: 'BEAN-HB',
          location: 'main',
          status: 'on-order',
          qty: 120,
          received_qty: 0,
          supplier: 'Bayside Roasters',
          expected_date: '2026-11-28',
        },
      ],
    });

    const partial = await runCli(['receive', 'po-000001', '--qty', '100'], env);
    expect(partial.out).toBe('PO-000001: 100 of 120 BEAN-HB received at main; on hand now 158; 20 still to come.');
    const rest = await runCli(['receive', 'PO-000001'], env);
    expect(rest.out).toBe('PO-000001: 120 of 120 BEAN-HB received at main; on hand now 178. The order is complete.');
    expect(await sheetOnHand()).toBe(178);
    expect((await store.audit.forSubject(REF.itemKey)).filter((a) => a.action === 'received').map((a) => a.by)).toEqual(['sam', 'sam']);

    expect((await runCli(['receive', 'PO-000001'], env)).err).toMatch(/no order on order has PO number PO-000001/);
    expect((await runCli(['receive', 'PO-000009', '--qty', 'ten'], env)).code).toBe(2);
    expect(JSON.parse((await runCli(['orders', '--json', '--status', 'received'], env)).out).orders).toHaveLength(1);
    expect((await runCli(['orders'], env)).out).toBe('No drafts waiting and nothing on order.');
  });
});

describe('App Home, a place to act', () => {
  it('offers Mark received on orders on order and opens the count modal from its button', async () => {
    await onOrder();
    await runtime.services.home.publish('U0OWNER');
    const view = JSON.stringify(slack.last('views.publish')?.args.view);
    expect(view).toContain(ACTION.markReceived);
    expect(view).toContain(ACTION.openCount);
    expect(blockKitProblems({ kind: 'home', view: slack.last('views.publish')?.args.view as Record<string, unknown> })).toEqual([]);

    await post(blockActionBody({ userId: 'U0SAM', actionId: ACTION.openCount, value: 'home', channelId: 'D0SAM', messageTs: '1.0' }));
    expect(slack.last('views.open')?.args.view).toMatchObject({ callback_id: VIEW.openCount });
  });
});

describe('order follow-ups (the order-followups job, 09:00 on business days)', () => {
  const followUps = async (iso: string) => {
    now = new Date(iso);
    const result = await runJob(runtime.deps, findJob('order-followups')!, now);
    await runtime.queue.drain();
    return result;
  };

  it('a draft nobody decided within the draft expiry days expires, and the item is drafted afresh', async () => {
    await dailyCheck({ documents: runtime.deps.documents, store, notifier: runtime.deps.drafts }, MONDAY);
    const dm = (await store.orders.get(REF.itemKey, REF.orderId))!.message!;
    expect((await followUps('2026-11-27T09:00:00Z'))?.summary).toBe('Order follow-ups: 0 drafts expired, 0 overdue orders reminded.');
    expect((await followUps('2026-11-30T09:00:00Z'))?.summary).toBe('Order follow-ups: 1 draft expired, 0 overdue orders reminded.');
    expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ status: 'expired' });
    expect(JSON.stringify(slack.message(dm.channel, dm.ts))).not.toContain(ACTION.approvePo);
    expect((await store.audit.forSubject(REF.itemKey)).map((a) => a.action)).toContain('expired');
    const fresh = await dailyCheck(
      { documents: runtime.deps.documents, store, notifier: runtime.deps.drafts },
      new Date('2026-12-01T08:00:00Z'),
    );
    expect(fresh.created.map((o) => o.order_id)).toEqual(['2026-12-01']);
  });

  it('an order past its expected date is put to the owner once a business day, who can ask the supplier in one tap', async () => {
    await onOrder(); // expected 28 Nov
    expect((await followUps('2026-11-27T09:00:00Z'))?.summary).toMatch(/0 overdue orders reminded/);
    const before = slack.callsTo('chat.postMessage').length;
    expect((await followUps('2026-11-30T09:00:00Z'))?.summary).toMatch(/1 overdue order reminded/);
    const reminder = slack.last('chat.postMessage')!.args;
    expect(reminder.text).toMatch(/^Overdue: PO-000001, 120 x House Blend beans from Bayside Roasters, expected 28 Nov/);
    expect(JSON.stringify(reminder.blocks)).toContain(ACTION.markReceived);
    expect(JSON.stringify(reminder.blocks)).toContain(ACTION.chasePo);
    expect(blockKitProblems({ kind: 'message', blocks: reminder.blocks as unknown[], text: reminder.text as string })).toEqual([]);
    // Run again the same day (a restart, a retried schedule): no second reminder. The next business day: one more.
    await runJob(runtime.deps, findJob('order-followups')!, new Date('2026-11-30T10:00:00Z'), { force: true });
    expect(slack.callsTo('chat.postMessage').length).toBe(before + 1);
    await followUps('2026-12-01T09:00:00Z');
    expect(slack.callsTo('chat.postMessage').length).toBe(before + 2);

    const sentBefore = readdirSync(outbox).length;
    await click('U0OWNER', ACTION.chasePo);
    await runtime.queue.drain();
    const mails = readdirSync(outbox);
    expect(mails.length).toBe(sentBefore + 1);
    const chase = readFileSync(join(outbox, mails.sort().at(-1)!), 'utf8').replace(/=\r?\n/g, '');
    expect(chase).toMatch(/^To: orders@bayside\.example/m);
    expect(chase).toMatch(/Where is PO-000001\?/);
    expect((await store.audit.forSubject(REF.itemKey)).filter((a) => a.action === 'chased')).toHaveLength(1);
    // Only the owner may.
    await click('U0MALLORY', ACTION.chasePo);
    await runtime.queue.drain();
    expect(readdirSync(outbox).length).toBe(sentBefore + 1);
  });
});

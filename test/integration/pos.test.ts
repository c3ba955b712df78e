import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { findJob } from '../../jobs';
import { runJob } from '../../jobs/run';
import { measuredRate } from '../../src/domain/sales-rate';
import { applyPosEvent } from '../../src/services/pos-intake';
import { dailyCheck } from '../../jobs/daily-check';
import type { Store } from '../../src/store/open-store';
import type { LocalRuntime } from '../../src/wiring';
import { ACTION, TILL_FIX_BLOCK, TILL_FIX_INPUT, VIEW } from '../../views/ids';
import { blockKitProblems } from '../support/block-kit-limits';
import { blockActionBody, signSlackRequest, viewSubmissionBody } from '../support/slack-signing';
import { RULES } from '../support/documents';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { startRunningApp, type RunningApp } from '../support/running-app';

// The till lane through the real app over HTTP: each format signed as the till signs it, answered at once, applied on
// the queue exactly once, and written into the stock sheet by the write-back.
const NOW = new Date('2026-11-23T10:00:00Z');
const TILLS = {
  genericSecret: 'whsec_generic',
  shopifySecret: 'shpss_shopify',
  squareKey: 'sq_signature_key',
  squareUrl: 'https://shop.example/pos/square',
};
const ROWS = [
  'BEAN-HB,House Blend beans,main,Bayside Roasters,coffee,58,8,5,20,,4.20,,178,',
  'MILK-WH,Whole milk 2L,main,Acme Wholesale,dairy,40,10,2,10,,1.10,,,SQVAR-MILK-1',
  'CUP-12,Cups 12oz,main,Acme Wholesale,packaging,300,20,3,50,,0.05,,,',
  'CUP-12,Cups 12oz,Kiosk,Acme Wholesale,packaging,100,20,3,50,,0.05,,,',
];

let slack: FakeSlack;
let running: RunningApp;
let store: Store;
let runtime: LocalRuntime;
let base: string;

beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(async () => slack.close());
beforeEach(async () => {
  slack.reset();
  running = await startRunningApp(slack, {
    secret: 'slack-secret',
    rows: ROWS,
    rules: `${RULES}pos location: 655441491 = main\npos location: L-KIOSK = Kiosk\n`,
    clock: () => NOW,
    tills: TILLS,
  });
  ({ store, runtime } = running);
  base = running.url.replace('/slack/events', '');
});
afterEach(async () => running.stop());

const hmac = (secret: string, ...parts: string[]) => {
  const h = createHmac('sha256', secret);
  for (const p of parts) h.update(p);
  return h;
};
const postRaw = (path: string, body: string, headers: Record<string, string>) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
const generic = (body: object, t = Math.floor(NOW.getTime() / 1000), secret = TILLS.genericSecret) => {
  const text = JSON.stringify(body);
  return postRaw('/pos', text, { 'x-stockbot-signature': `t=${t},v1=${hmac(secret, `${t}.`, text).digest('hex')}` });
};
const shopify = (topic: string, webhookId: string, text: string) =>
  postRaw('/pos/shopify', text, {
    'x-shopify-topic': topic,
    'x-shopify-webhook-id': webhookId,
    'x-shopify-hmac-sha256': hmac(TILLS.shopifySecret, text).digest('base64'),
  });
const square = (body: object) => {
  const text = JSON.stringify(body);
  return postRaw('/pos/square', text, { 'x-square-hmacsha256-signature': hmac(TILLS.squareKey, TILLS.squareUrl, text).digest('base64') });
};
const onHand = async (sku: string, location = 'main') => (await store.inventory.get(location, sku))?.quantity;
/** The stock sheet after the write-back has run (on its schedule: a till's sales do not each write the sheet). */
async function sheetOnHand(sku: string, location = 'main') {
  await runJob(runtime.deps, findJob('sheet-flush')!, NOW, { force: true });
  return (await runtime.deps.documents.readStockSheet()).find((i) => i.sku === sku && i.location === location)?.onHand;
}
const sale = (eventId: string, sku: string, qty: number, extra: object = {}) => ({
  event_id: eventId,
  type: 'sale',
  sku,
  location: 'main',
  qty,
  at: NOW.toISOString(),
  ...extra,
});

describe('the generic till endpoint', () => {
  it('a signed sale lowers on hand once, in the ledger and in the stock sheet; a redelivery changes nothing', async () => {
    expect((await generic(sale('sale-1', 'BEAN-HB', 3))).status).toBe(200);
    expect((await generic(sale('sale-1', 'BEAN-HB', 3))).status).toBe(200);
    await runtime.queue.drain();
    expect(await onHand('BEAN-HB')).toBe(55);
    expect(await sheetOnHand('BEAN-HB')).toBe(55);
    const ledger = await store.inventory.movementsSince('main', 'BEAN-HB', '0');
    expect(ledger.filter((m) => m.source === 'pos').map((m) => [m.delta, m.ref, m.by])).toEqual([[-3, 'sale-1', 'till']]);
  });

  it('a batch of events, a refund and a delivery with no order: each applied; a delivery against an order books the order in', async () => {
    const res = await generic({
      events: [
        sale('b-1', 'BEAN-HB', 5),
        { ...sale('b-2', 'BEAN-HB', 2), type: 'refund' },
        { ...sale('b-3', 'MILK-WH', 12), type: 'received' },
      ],
    });
    expect(res.status).toBe(200);
    await runtime.queue.drain();
    expect(await onHand('BEAN-HB')).toBe(55);
    expect(await onHand('MILK-WH')).toBe(52);

    await dailyCheck({ documents: runtime.deps.documents, store, notifier: runtime.deps.drafts }, new Date('2026-11-23T08:00:00Z'));
    const draft = (await store.orders.listByStatus('pending')).find((o) => o.sku === 'BEAN-HB')!;
    await runtime.services.orders.decide({ itemKey: draft.item_key, orderId: draft.order_id }, 'U0OWNER', 'approve');
    await runtime.queue.drain();
    await generic({ ...sale('deliv-1', 'BEAN-HB', draft.qty), type: 'received' });
    await runtime.queue.drain();
    expect(await store.orders.get(draft.item_key, draft.order_id)).toMatchObject({ status: 'received', received_qty: draft.qty });
    expect(await onHand('BEAN-HB')).toBe(55 + draft.qty);
  });

  it('refuses a bad, missing or stale signature (401, nothing stored), a body that does not read (400)', async () => {
    expect((await generic(sale('x-1', 'BEAN-HB', 1), undefined, 'wrong-secret')).status).toBe(401);
    expect((await postRaw('/pos', JSON.stringify(sale('x-2', 'BEAN-HB', 1)), {})).status).toBe(401);
    expect((await generic(sale('x-3', 'BEAN-HB', 1), Math.floor(NOW.getTime() / 1000) - 600)).status).toBe(401);
    const bad = await generic({ event_id: 'x-4', type: 'sale', sku: 'BEAN-HB', qty: -1, at: NOW.toISOString() });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/qty/);
    await runtime.queue.drain();
    expect(await store.inventory.movementsSince('main', 'BEAN-HB', '0')).toEqual([]);
    expect(await sheetOnHand('BEAN-HB')).toBe(58);
    expect(await store.pos.parked()).toEqual([]);
  });

  it('an unknown SKU is answered 200 and parked for the owner, with its reason', async () => {
    expect((await generic(sale('u-1', 'NOT-A-SKU', 1))).status).toBe(200);
    await runtime.queue.drain();
    expect(await store.pos.parked()).toMatchObject([
      { format: 'generic', event_id: 'u-1', line: { code: 'NOT-A-SKU' }, reason: expect.stringMatching(/NOT-A-SKU/) },
    ]);
    // The owner's App Home lists it; nobody else's does.
    await runtime.services.home.publish('U0OWNER');
    const home = slack.last('views.publish')!.args;
    expect(JSON.stringify(home.view)).toMatch(/Till lines that need you.*NOT-A-SKU\* × 1 sold, from the till/);
    expect(blockKitProblems({ kind: 'home', view: home.view })).toEqual([]);
    await runtime.services.home.publish('U0SAM');
    expect(JSON.stringify(slack.last('views.publish')!.args.view)).not.toMatch(/Till lines/);
  });

  it('Fix on a parked line: the owner says which SKU the code is; the line applies once and the code is learned', async () => {
    await generic(sale('u-2', 'BEANS-1KG', 2));
    await runtime.queue.drain();
    const [parked] = await store.pos.parked();
    const slackPost = (body: string) =>
      fetch(running.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest('slack-secret', body) },
        body,
      });
    // Only the owner may fix; anyone else is told so.
    await slackPost(
      blockActionBody({ userId: 'U0SAM', actionId: ACTION.fixTill, value: parked!.sk, channelId: 'D0SAM', messageTs: '1.0' }),
    );
    expect(slack.callsTo('views.open')).toHaveLength(0);
    await slackPost(
      blockActionBody({ userId: 'U0OWNER', actionId: ACTION.fixTill, value: parked!.sk, channelId: 'D0OWNER', messageTs: '1.0' }),
    );
    const modal = slack.last('views.open')!.args.view as { private_metadata: string };
    expect(blockKitProblems({ kind: 'modal', view: modal })).toEqual([]);
    const submit = (sku: string) =>
      slackPost(
        viewSubmissionBody({
          userId: 'U0OWNER',
          callbackId: VIEW.fixTill,
          privateMetadata: modal.private_metadata,
          values: {
            [TILL_FIX_BLOCK.sku]: { [TILL_FIX_INPUT.sku]: { type: 'plain_text_input', value: sku } },
            [TILL_FIX_BLOCK.location]: { [TILL_FIX_INPUT.location]: { type: 'static_select', selected_option: { value: 'main' } } },
          },
        }),
      );
    const wrong = await submit('NO-SUCH');
    expect(JSON.stringify(await wrong.json())).toMatch(/has no NO-SUCH at main/);
    expect((await submit('BEAN-HB')).status).toBe(200);
    await runtime.queue.drain();
    expect(await onHand('BEAN-HB')).toBe(56);
    expect(await store.pos.parked()).toEqual([]);
    // The till's next line with that code goes straight through.
    await generic(sale('u-3', 'BEANS-1KG', 1));
    await runtime.queue.drain();
    expect(await onHand('BEAN-HB')).toBe(55);
    expect(await store.pos.parked()).toEqual([]);
  });

  it('is not set up without its secret', async () => {
    await running.stop();
    running = await startRunningApp(slack, { secret: 'slack-secret', rows: ROWS, clock: () => NOW });
    ({ store, runtime } = running);
    base = running.url.replace('/slack/events', '');
    const res = await generic(sale('n-1', 'BEAN-HB', 1));
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/set POS_SECRET/);
  });
});

describe('Shopify', () => {
  // 64-bit ids: 5678901234567890123 is not a double; JSON.parse would round it.
  const order = (locationId: string) => `{"id":5678901234567890123,"admin_graphql_api_id":"gid://shopify/Order/5678901234567890123",
    "created_at":"2026-11-23T09:58:00Z","location_id":${locationId},"line_items":[
    {"id":9876543210987654321,"sku":"BEAN-HB","quantity":4,"variant_id":44000000000000001},
    {"id":9876543210987654322,"sku":"CUP-12","quantity":10,"variant_id":44000000000000002},
    {"id":9876543210987654323,"sku":"","quantity":1,"variant_id":44000000000000003}]}`;

  it('an order sells its lines once; an unmapped till location goes where the item is stocked, else it is parked', async () => {
    expect((await shopify('orders/create', 'wh-1', order('655441491'))).status).toBe(200);
    expect((await shopify('orders/create', 'wh-1', order('655441491'))).status).toBe(200);
    await runtime.queue.drain();
    expect([await onHand('BEAN-HB'), await onHand('CUP-12')]).toEqual([54, 290]);
    // The line without a SKU is parked, named by its variant.
    expect((await store.pos.parked()).map((p) => p.line.code)).toEqual(['shopify-variant:44000000000000003']);

    // An online order (no location): BEAN-HB is stocked only at main; CUP-12 at two places, so it is parked.
    await shopify('orders/create', 'wh-2', order('null').replace(/5678901234567890123/g, '5678901234567890124'));
    await runtime.queue.drain();
    expect([await onHand('BEAN-HB'), await onHand('CUP-12'), await sheetOnHand('CUP-12', 'Kiosk')]).toEqual([50, 290, 100]);
    expect((await store.pos.parked()).map((p) => p.line.code)).toContain('CUP-12');
  });

  it('a cancel after a partial refund restocks only what was not restocked already, once', async () => {
    await shopify('orders/create', 'wh-1', order('655441491'));
    await runtime.queue.drain();
    const refund = `{"id":777,"order_id":5678901234567890123,"created_at":"2026-11-23T10:30:00Z","refund_line_items":[
      {"id":1,"line_item_id":9876543210987654321,"quantity":1,"restock_type":"return","location_id":655441491,"line_item":{"sku":"BEAN-HB"}},
      {"id":2,"line_item_id":9876543210987654322,"quantity":3,"restock_type":"no_restock","location_id":655441491,"line_item":{"sku":"CUP-12"}}]}`;
    await shopify('refunds/create', 'wh-3', refund);
    await runtime.queue.drain();
    expect([await onHand('BEAN-HB'), await onHand('CUP-12')]).toEqual([55, 290]);

    const cancelled = order('655441491').replace('"created_at"', '"cancelled_at":"2026-11-23T11:00:00Z","created_at"');
    await shopify('orders/cancelled', 'wh-4', cancelled);
    await shopify('orders/cancelled', 'wh-5', cancelled); // Shopify sent it twice under two webhook ids
    await runtime.queue.drain();
    expect([await onHand('BEAN-HB'), await onHand('CUP-12')]).toEqual([58, 300]);
    expect(await sheetOnHand('BEAN-HB')).toBe(58);
  });

  it('refuses a bad signature and an unknown topic', async () => {
    expect(
      (
        await postRaw('/pos/shopify', order('1'), {
          'x-shopify-topic': 'orders/create',
          'x-shopify-webhook-id': 'w',
          'x-shopify-hmac-sha256': 'AAAA',
        })
      ).status,
    ).toBe(401);
    expect((await shopify('products/update', 'wh-9', '{"id":1}')).status).toBe(400);
  });
});

describe('Square', () => {
  const counts = (eventId: string, quantity: number, calculatedAt: string, location = 'L-MAIN') => ({
    merchant_id: 'M1',
    type: 'inventory.count.updated',
    event_id: eventId,
    created_at: calculatedAt,
    data: {
      type: 'inventory_counts',
      id: 'x',
      object: {
        inventory_counts: [
          {
            catalog_object_id: 'SQVAR-MILK-1',
            catalog_object_type: 'ITEM_VARIATION',
            state: 'IN_STOCK',
            location_id: location,
            quantity: String(quantity),
            calculated_at: calculatedAt,
          },
          {
            catalog_object_id: 'SQVAR-MILK-1',
            catalog_object_type: 'ITEM_VARIATION',
            state: 'WASTE',
            location_id: location,
            quantity: '2',
            calculated_at: calculatedAt,
          },
        ],
      },
    },
  });

  it('absolute counts become deltas against the last count: a missed event is made good by the next; a late older one changes nothing', async () => {
    // Square's location is not in the rules doc, but the milk is stocked only at main.
    await square(counts('sq-1', 35, '2026-11-23T09:00:00Z'));
    await runtime.queue.drain();
    expect(await onHand('MILK-WH')).toBe(35);
    // sq-2 (count 31) is lost; sq-3 says 30: on hand follows Square.
    await square(counts('sq-3', 30, '2026-11-23T09:20:00Z'));
    await runtime.queue.drain();
    expect(await onHand('MILK-WH')).toBe(30);
    // sq-2 arrives late: older than what was applied, so nothing moves.
    await square(counts('sq-2', 31, '2026-11-23T09:10:00Z'));
    await square(counts('sq-3', 30, '2026-11-23T09:20:00Z'));
    await runtime.queue.drain();
    expect(await onHand('MILK-WH')).toBe(30);
    expect((await store.inventory.movementsSince('main', 'MILK-WH', '0')).filter((m) => m.source === 'pos').map((m) => m.delta)).toEqual([
      -5, -5,
    ]);
    expect(await sheetOnHand('MILK-WH')).toBe(30);
  });

  it('a signature over a different notification URL is refused', async () => {
    const text = JSON.stringify(counts('sq-9', 1, '2026-11-23T09:00:00Z'));
    const sig = hmac(TILLS.squareKey, 'https://shop.example/pos/square/', text).digest('base64');
    expect((await postRaw('/pos/square', text, { 'x-square-hmacsha256-signature': sig })).status).toBe(401);
  });
});

describe('sales measured from the till', () => {
  it('a replayed history of 40 days gives the known rate: the last 28 days of net sales a day', async () => {
    const day = (n: number) => new Date(Date.UTC(2026, 10, 1) + n * 86_400_000).toISOString();
    // Enough beans on the shelf for 40 days of sales, and still below the reorder point (60) after them.
    running.docs.writeStock([ROWS[0]!.replace(',coffee,58,', ',coffee,380,'), ...ROWS.slice(1)]);
    await runJob(runtime.deps, findJob('sheet-sync')!, NOW, { force: true });
    // 40 days from 1 Nov: 3 a day for the first 12 days, then 11 a day; a refund of 14 on the last day.
    for (let n = 0; n < 40; n++) {
      await applyPosEvent(runtime.deps, {
        format: 'generic',
        eventId: `h-${n}`,
        at: day(n),
        lines: [{ lineId: '0', kind: 'sale', code: 'BEAN-HB', location: 'main', qty: n < 12 ? 3 : 11 }],
      });
    }
    await applyPosEvent(runtime.deps, {
      format: 'generic',
      eventId: 'h-refund',
      at: day(39),
      lines: [{ lineId: '0', kind: 'refund', code: 'BEAN-HB', location: 'main', qty: 14 }],
    });
    const today = day(40).slice(0, 10);
    const history = (await store.pos.salesHistory(today)).get('main#BEAN-HB')!;
    expect(history.firstSale).toBe('2026-11-01');
    // 28 days of 11, less the refund of 14: 10.5 a day.
    expect(measuredRate(history.days, history.firstSale, today)).toEqual({ perDay: 10.5, days: 28 });
    // The morning check shows it beside the sheet's 8/day on the draft: they differ by more than a quarter.
    const check = await dailyCheck(
      { documents: runtime.deps.documents, store, notifier: runtime.deps.drafts },
      new Date(`${today}T08:00:00Z`),
    );
    const draft = check.created.find((o) => o.sku === 'BEAN-HB')!;
    expect(draft.draft.tillRate).toEqual({ perDay: 10.5, days: 28 });
    const { message } = (await store.orders.get(draft.item_key, draft.order_id))!;
    const dm = slack.message(message!.channel, message!.ts);
    expect(JSON.stringify(dm?.blocks)).toContain('sheet 8/day · till 10.5/day over 28 days');
    expect(check.created.find((o) => o.sku === 'MILK-WH')?.draft.tillRate).toBeUndefined();
    // The run keeps the disagreement for the weekly digest.
    expect((await store.state.latestRun())?.rate_gaps).toEqual([
      { sku: 'BEAN-HB', name: 'House Blend beans', location: 'main', sheet: 8, till: 10.5, days: 28 },
    ]);

    // "Use 10.5/day": only the owner; the rate goes into the sheet through the write-back, and the draft says so.
    const use = (userId: string) => {
      const body = blockActionBody({
        userId,
        actionId: ACTION.useTillRate,
        value: JSON.stringify([draft.item_key, draft.order_id]),
        channelId: message!.channel,
        messageTs: message!.ts,
      });
      return fetch(running.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest('slack-secret', body) },
        body,
      });
    };
    expect(JSON.stringify(dm?.blocks)).toContain('Use 10.5/day');
    await use('U0SAM');
    await runtime.queue.drain();
    await runJob(runtime.deps, findJob('sheet-flush')!, NOW, { force: true });
    const beansRow = () =>
      readFileSync(running.docs.paths.stockSheet, 'utf8')
        .split('\n')
        .find((l) => l.startsWith('BEAN-HB,'));
    expect(beansRow()).toBe('BEAN-HB,House Blend beans,main,Bayside Roasters,coffee,50,8,5,20,,4.20,,178,');
    await use('U0OWNER');
    await use('U0OWNER');
    await runtime.queue.drain();
    await runJob(runtime.deps, findJob('sheet-flush')!, NOW, { force: true });
    expect(beansRow()).toBe('BEAN-HB,House Blend beans,main,Bayside Roasters,coffee,50,10.5,5,20,,4.20,,178,');
    expect(await store.inventory.pendingSheetWrites()).toEqual([]);
    const redrawn = JSON.stringify(slack.message(message!.channel, message!.ts)?.blocks);
    expect(redrawn).toContain('10.5/day going into the stock sheet');
    expect(redrawn).not.toContain('Use 10.5/day');
    const audit = await store.audit.forSubject(draft.item_key);
    expect(audit.filter((a) => a.action === 'sales-rate-set')).toHaveLength(1);
    expect(audit.filter((a) => a.action === 'refused')).toHaveLength(1);
    // Deliveries at the till are not sales.
    await applyPosEvent(runtime.deps, {
      format: 'generic',
      eventId: 'h-delivery',
      at: day(39),
      lines: [{ lineId: '0', kind: 'received', code: 'MILK-WH', location: 'main', qty: 24 }],
    });
    expect(await onHand('MILK-WH')).toBe(64);
    expect((await store.pos.salesHistory(today)).get('main#MILK-WH')).toBeUndefined();
  });
  it("a daily_sales_rate of auto takes the till's measured rate; a row without enough till history is skipped and told", async () => {
    running.docs.writeStock([
      ROWS[0]!.replace(',coffee,58,8,', ',coffee,380,auto,'),
      ROWS[1]!.replace(',dairy,40,10,', ',dairy,40,AUTO,'),
      ...ROWS.slice(2),
    ]);
    const day = (n: number) => new Date(Date.UTC(2026, 10, 1) + n * 86_400_000).toISOString();
    for (let n = 0; n < 20; n++) {
      await applyPosEvent(runtime.deps, {
        format: 'generic',
        eventId: `a-${n}`,
        at: day(n),
        lines: [{ lineId: '0', kind: 'sale', code: 'BEAN-HB', location: 'main', qty: 5 }],
      });
    }
    const check = await dailyCheck(
      { documents: runtime.deps.documents, store, notifier: runtime.deps.drafts },
      new Date(`${day(20).slice(0, 10)}T08:00:00Z`),
    );
    const beans = check.checks.find((c) => c.item.sku === 'BEAN-HB')!;
    // 100 sold over the 20 days since its first sale; 280 on hand against a reorder point of 5 × 5 + 20.
    expect([beans.item.dailySalesRate, beans.item.onHand, beans.point.point, beans.decision.move]).toEqual([5, 280, 45, 'stocked']);
    expect(check.checks.find((c) => c.item.sku === 'MILK-WH')).toBeUndefined();
    expect(check.warnings).toContain(
      'stock.csv row 3 skipped: column "daily_sales_rate": "auto" needs 14 days of MILK-WH\'s sales from the till, which has fewer; type a daily rate until it has',
    );
  });
});

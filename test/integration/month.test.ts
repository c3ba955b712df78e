import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findJob } from '../../jobs';
import { runJob } from '../../jobs/run';
import { outboxMail } from '../../src/adapters/mail/outbox';
import type { AppConfig } from '../../src/config/app-config';
import type { OrderRecord } from '../../src/domain/order-record';
import { reorderPoint } from '../../src/domain/reorder-point';
import { itemKey, type StockItem } from '../../src/domain/types';
import { receiveOrder } from '../../src/services/receiving';
import type { Store } from '../../src/store/open-store';
import { localRuntime, type LocalRuntime } from '../../src/wiring';
import { writeDocuments } from '../support/documents';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { testStore } from '../support/store';

// A month at a small café, as the product would live it: 22 business days of sales, morning checks, the owner's
// decisions (most approved, one skipped, one edited, an urgent one left waiting for a few days), deliveries after
// each supplier's lead time (Acme's a day late, Bayside's first one in two parts), the deliveries booked in, and one
// stock count. Everything runs through the real services on DynamoDB Local and the fake Slack; only the clock and the
// shop's sales are simulated (a fixed seed, so every run is the same month).

const RULES = `timezone: Europe/London
quiet hours: 18:00-08:00
business days: mon-fri
watch margin: 10%
days of cover: 14
order cap: 2000
skip cooldown days: 1
draft expiry days: 7
owner: U0OWNER
location approver: main = U0PRIYA
location channel: main = C0MAIN
currency: GBP
`;

const SUPPLIERS = `## Bayside Roasters
email: orders@bayside.example
pack size: 12
minimum order: 24
lead time days: 5

## Dairy Direct
email: orders@dairydirect.example
pack size: 6
minimum order: 12
lead time days: 2

## Acme Wholesale
email: po@acme.example
lead time days: 3
`;

interface Item {
  sku: string;
  name: string;
  supplier: string;
  onHand: number;
  rate: number;
  lead: number;
  buffer: number;
  pack: number | '';
  cost: number;
}

const START: Item[] = [
  {
    sku: 'BEAN-HB',
    name: 'House Blend beans',
    supplier: 'Bayside Roasters',
    onHand: 90,
    rate: 8,
    lead: 5,
    buffer: 20,
    pack: '',
    cost: 4.2,
  },
  { sku: 'MILK-OAT', name: 'Oat milk', supplier: 'Dairy Direct', onHand: 40, rate: 6, lead: 2, buffer: 6, pack: '', cost: 1.9 },
  { sku: 'CUP-12', name: 'Paper cups', supplier: 'Acme Wholesale', onHand: 700, rate: 40, lead: 3, buffer: 100, pack: 50, cost: 0.08 },
  { sku: 'SUGAR', name: 'Sugar sticks', supplier: 'Acme Wholesale', onHand: 60, rate: 3, lead: 3, buffer: 5, pack: 10, cost: 0.02 },
  { sku: 'LID-12', name: 'Cup lids', supplier: 'Acme Wholesale', onHand: 50, rate: 30, lead: 3, buffer: 60, pack: 50, cost: 0.05 },
];

const row = (i: Item) => `${i.sku},${i.name},main,${i.supplier},cafe,${i.onHand},${i.rate},${i.lead},${i.buffer},${i.pack},${i.cost},,,`;

/** Business days from Monday 2 November 2026: 22 of them, to Tuesday 1 December. */
function businessDays(): string[] {
  const days: string[] = [];
  for (let d = Date.UTC(2026, 10, 2); days.length < 22; d += 86_400_000) {
    const day = new Date(d).getUTCDay();
    if (day !== 0 && day !== 6) days.push(new Date(d).toISOString().slice(0, 10));
  }
  return days;
}
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00Z`); // London is on GMT all month
const nextBusinessDay = (days: string[], date: string) => days.find((d) => d > date) ?? '9999-12-31';

/** The same "random" sales every run. */
function sales(seed: number): (rate: number) => number {
  let s = seed;
  return (rate) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return Math.round(rate * (0.6 + (0.8 * s) / 2 ** 31));
  };
}

let slack: FakeSlack;
let store: Store;
let runtime: LocalRuntime;
let now = new Date(0);

beforeAll(async () => {
  slack = await startFakeSlack();
  store = await testStore();
  const docs = writeDocuments(START.map(row), RULES, SUPPLIERS);
  const config: AppConfig = {
    botToken: 'xoxb-test',
    signingSecret: 'month-secret',
    botId: 'B0BOT',
    botUserId: 'U0BOT',
    slackApiUrl: slack.url,
    port: 0,
    mailFrom: 'orders@cafe.example',
    linkSecret: 'link-secret',
    emailActionUrl: 'http://localhost/email-action',
  };
  runtime = localRuntime({
    config,
    store,
    documents: docs.paths,
    mail: outboxMail(mkdtempSync(join(tmpdir(), 'stockbot-month-'))),
    clock: () => now,
    queueBackoffMs: 5,
  });
  writeStock = docs.writeStock;
});
afterAll(async () => {
  await store.close();
  await slack.close();
});

let writeStock: (rows: string[]) => void;

describe('a month at the café', () => {
  it('runs 22 business days without anything getting stuck, and the books add up', async () => {
    const days = businessDays();
    const sell = sales(20261102);
    const rules = await runtime.deps.documents.readRules();
    const planned = new Map<string, { day: string; qty: number }[]>(); // order key → its deliveries
    const receipts: { po: string; sku: string; qty: number }[] = [];
    const missedDrafts: string[] = [];
    const urgentShown = new Map<string, number>(); // date → URGENT DMs for the lids that day
    let skipped = false;
    let edited = false;
    let splitFirstBayside = true;
    let lidsDraftSeen: string | null = null;
    const orderKey = (o: Pick<OrderRecord, 'item_key' | 'order_id'>) => `${o.item_key}|${o.order_id}`;
    const current = async (): Promise<StockItem[]> => runtime.deps.documents.readStockSheet();

    for (const [n, day] of days.entries()) {
      // Morning: yesterday's sales come off the shelf (the stock sheet), and the sheet is mirrored.
      now = at(day, '07:30');
      const sheet = await current();
      const sold = START.map((start) => {
        const item = sheet.find((i) => i.sku === start.sku)!;
        return { ...start, onHand: n === 0 ? item.onHand : Math.max(0, item.onHand - sell(start.rate)) };
      });
      writeStock(sold.map(row));
      now = at(day, '07:45');
      await store.inventory.syncFromSheet(await current(), now);

      // What the check must draft: every item at or below its reorder point with no open order and no skip holding it.
      const open = await store.orders.listOpen();
      const states = await store.state.getMany(sold.map((i) => itemKey('main', i.sku)));
      const due = (await current()).filter((item) => {
        const key = itemKey('main', item.sku);
        const held = (states.get(key)?.skipUntil ?? '') > at(day, '08:00').toISOString();
        return item.onHand <= reorderPoint(item, rules).point && !open.has(key) && !held;
      });

      now = at(day, '08:00');
      const dmsBefore = slack.callsTo('chat.postMessage').length;
      await runJob(runtime.deps, findJob('daily-check')!, now);
      await runtime.queue.drain();
      for (const item of due) {
        if (!(await store.orders.get(itemKey('main', item.sku), day))) missedDrafts.push(`${day} ${item.sku}`);
      }
      const urgentToday = slack
        .callsTo('chat.postMessage')
        .slice(dmsBefore)
        .filter((c) => String(c.args.text).startsWith('URGENT reorder: Cup lids')).length;
      urgentShown.set(day, urgentToday);

      // 08:30, the owner decides: the lids draft waits three days, one sugar draft is skipped, one milk draft is
      // edited, everything else is approved as drafted.
      now = at(day, '08:30');
      for (const order of await store.orders.listByStatus('pending')) {
        const ref = { itemKey: order.item_key, orderId: order.order_id };
        if (order.sku === 'LID-12') {
          lidsDraftSeen ??= day;
          if (days.indexOf(day) - days.indexOf(lidsDraftSeen) < 3) continue;
        }
        if (order.sku === 'SUGAR' && !skipped) {
          skipped = true;
          await runtime.services.orders.decide(ref, 'U0OWNER', 'skip');
        } else if (order.sku === 'MILK-OAT' && !edited) {
          edited = true;
          expect(
            await runtime.services.orders.submitEdit(ref, 'U0OWNER', {
              qty: String(order.qty + 6),
              supplier: null,
              note: 'Extra for the weekend',
            }),
          ).toEqual({
            kind: 'close',
          });
        } else {
          await runtime.services.orders.decide(ref, 'U0OWNER', 'approve');
        }
      }
      await runtime.queue.drain();

      // Orders that went out today get their deliveries planned: on the expected date, Acme a business day late,
      // Bayside's first order in two parts.
      for (const order of await store.orders.listByStatus('on-order')) {
        if (planned.has(orderKey(order))) continue;
        const expected = order.expected_date!;
        const arrives =
          order.supplier === 'Acme Wholesale' ? nextBusinessDay(days, expected) : (days.find((d) => d >= expected) ?? '9999-12-31');
        if (order.supplier === 'Bayside Roasters' && splitFirstBayside) {
          splitFirstBayside = false;
          const half = Math.floor(order.qty / 2);
          planned.set(orderKey(order), [
            { day: arrives, qty: half },
            { day: nextBusinessDay(days, arrives), qty: order.qty - half },
          ]);
        } else planned.set(orderKey(order), [{ day: arrives, qty: order.qty }]);
      }

      now = at(day, '09:00');
      await runJob(runtime.deps, findJob('order-followups')!, now);
      await runtime.queue.drain();

      // Midday: what arrives today is booked in.
      now = at(day, '12:00');
      for (const [key, deliveries] of planned) {
        for (const delivery of deliveries.filter((d) => d.day === day)) {
          const [item_key, order_id] = key.split('|') as [string, string];
          const outcome = await receiveOrder(
            runtime.deps,
            { itemKey: item_key, orderId: order_id },
            {
              qty: delivery.qty,
              by: 'U0OWNER',
              source: 'slack',
              receiptId: `${key}|${delivery.day}`,
            },
          );
          expect(outcome.kind).toBe('received');
          if (outcome.kind === 'received') receipts.push({ po: outcome.order.po_number!, sku: outcome.order.sku, qty: delivery.qty });
        }
      }
      await runtime.queue.drain();

      // Day 10: the counter counts the cups; 5 fewer than the system holds; Priya approves.
      if (n === 10) {
        now = at(day, '15:00');
        expect(
          await runtime.services.counts.submitOpen({ location: 'main', categories: [], counter: 'U0SAM', fallbackChannel: null }, 'U0SAM'),
        ).toEqual({ kind: 'close' });
        await runtime.queue.drain();
        const [session] = await store.counts.listActive();
        const system = (await store.inventory.get('main', 'CUP-12'))!.quantity;
        const upload = slack.userUpload({
          user: 'U0SAM',
          channel: session!.channel!,
          threadTs: session!.ts!,
          name: 'cups.csv',
          bytes: Buffer.from(`barcode,qty\nCUP-12,${system - 5}\n`),
        });
        await runtime.services.counts.upload({
          fileId: upload.fileShared.file_id,
          name: 'cups.csv',
          size: 20,
          user: 'U0SAM',
          channel: session!.channel!,
          threadTs: session!.ts!,
        });
        await runtime.queue.drain();
        const line = await store.counts.line(session!.session_id, 'CUP-12');
        expect(line).toMatchObject({ state: 'material', variance_status: 'queued' });
        await runtime.services.variances.decide({ sessionId: session!.session_id, sku: 'CUP-12' }, 'U0PRIYA', 'approve');
        await runtime.queue.drain();
        expect(await store.counts.line(session!.session_id, 'CUP-12')).toMatchObject({ variance_status: 'approved' });
        await runtime.services.counts.close(session!.session_id, 'U0SAM');
      }
    }

    // Every item that fell to its reorder point got its draft that morning.
    expect(missedDrafts).toEqual([]);

    // The urgent lids draft was shown once every business day it waited, at the 08:00 check, inside business hours.
    const waited = days.slice(days.indexOf(lidsDraftSeen!), days.indexOf(lidsDraftSeen!) + 4);
    expect(waited.map((d) => urgentShown.get(d))).toEqual([1, 1, 1, 1]);

    // Nothing is left on order whose delivery came: orders still open are the ones whose delivery is after the month.
    const lastDay = days.at(-1)!;
    const stillOpen = [...(await store.orders.listByStatus('on-order')), ...(await store.orders.listByStatus('partly-received'))];
    for (const order of stillOpen) {
      const deliveries = planned.get(orderKey(order)) ?? [];
      expect(deliveries.some((d) => d.day > lastDay)).toBe(true);
    }
    expect((await store.orders.listByStatus('received')).length).toBeGreaterThanOrEqual(5);

    // Each receipt added exactly its quantity, under its PO.
    const ledger = new Map<string, { source: string; delta: number; ref?: string | undefined }[]>();
    for (const item of START) ledger.set(item.sku, await store.inventory.movementsSince('main', item.sku, '0'));
    const receiptMovements = [...ledger.entries()].flatMap(([sku, ms]) =>
      ms.filter((m) => m.source === 'receipt').map((m) => ({ po: m.ref!, sku, qty: m.delta })),
    );
    const byPo = (list: { po: string; sku: string; qty: number }[]) =>
      [...list].sort((a, b) => a.po.localeCompare(b.po) || a.qty - b.qty).map((r) => `${r.po} ${r.sku} ${r.qty}`);
    expect(byPo(receiptMovements)).toEqual(byPo(receipts));
    const receivedAudits = (await Promise.all(START.map((i) => store.audit.forSubject(itemKey('main', i.sku)))))
      .flat()
      .filter((a) => a.action === 'received');
    expect(receivedAudits).toHaveLength(receipts.length);

    // The ledger reconciles with the stock sheet: every item's movements add up to its final on hand.
    now = at(lastDay, '18:00');
    await runJob(runtime.deps, findJob('sheet-flush')!, now, { force: true });
    const final = await current();
    await store.inventory.syncFromSheet(final, now);
    for (const item of final) {
      const moves = await store.inventory.movementsSince('main', item.sku, '0');
      expect([item.sku, moves.reduce((sum, m) => sum + m.delta, 0)]).toEqual([item.sku, item.onHand]);
      expect((await store.inventory.get('main', item.sku))!.quantity).toBe(item.onHand);
    }
    // The decisions the owner made are all in the audit trail.
    const actions = (await Promise.all(START.map((i) => store.audit.forSubject(itemKey('main', i.sku))))).flat().map((a) => a.action);
    expect(actions).toContain('skipped');
    expect(actions).toContain('edited');
    expect(actions.filter((a) => a === 'po-sent').length).toBe(actions.filter((a) => a === 'approved' || a === 'edited').length);
  }, 240_000);
});

import { createHmac } from 'node:crypto';
import { findJob } from '../../jobs';
import { runJob } from '../../jobs/run';
import type { PosSettings } from '../../src/domain/pos';
import type { Store } from '../../src/store/open-store';
import type { LocalRuntime } from '../../src/wiring';
import { RULES } from '../support/documents';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { startRunningApp, type RunningApp } from '../support/running-app';

// A flood over loopback: the three formats at once, with duplicates, forged signatures and deliveries out of order,
// many in flight together. After the write-back the stock sheet holds exactly the expected totals, and every forged
// signature got 401.
const NOW = new Date('2026-11-23T12:00:00Z');
const TILLS: PosSettings = {
  genericSecret: 'g-secret',
  shopifySecret: 's-secret',
  squareKey: 'q-key',
  squareUrl: 'https://shop.example/pos/square',
};
const ROWS = [
  'BEAN-HB,House Blend beans,main,Bayside Roasters,coffee,5000,8,5,20,,4.20,,,',
  'CUP-12,Cups 12oz,main,Acme Wholesale,packaging,5000,20,3,50,,0.05,,,',
  'LID-12,Cup lids,main,Acme Wholesale,packaging,5000,20,3,50,,0.03,,,',
  'MILK-WH,Whole milk 2L,main,Acme Wholesale,dairy,40,10,2,10,,1.10,,,SQVAR-MILK',
];
const EVENTS = 300;

let slack: FakeSlack;
let running: RunningApp;
let store: Store;
let runtime: LocalRuntime;

beforeAll(async () => {
  slack = await startFakeSlack();
  running = await startRunningApp(slack, {
    secret: 's',
    rows: ROWS,
    rules: `${RULES}pos location: * = main\n`,
    clock: () => NOW,
    tills: TILLS,
  });
  ({ store, runtime } = running);
});
afterAll(async () => {
  await running.stop();
  await slack.close();
});

interface Delivery {
  path: string;
  body: string;
  headers: Record<string, string>;
  forged: boolean;
}

/** A deterministic shuffle, so a failure can be replayed. */
function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

it('300 events in three formats, 20% duplicates, 5% forged, out of order: exact totals, each forged one refused', async () => {
  const hmac = (secret: string, ...parts: string[]) => parts.reduce((h, p) => h.update(p), createHmac('sha256', secret));
  const t = Math.floor(NOW.getTime() / 1000);
  const expected: Record<string, number> = { 'BEAN-HB': 5000, 'CUP-12': 5000, 'LID-12': 5000 };
  const deliveries: Delivery[] = [];
  let squareCount = 40;
  let lastSquare = 40;
  for (let i = 0; i < EVENTS; i++) {
    const forged = i % 20 === 7;
    const kind = i % 5;
    let d: Delivery;
    if (kind < 3) {
      const sku = (['BEAN-HB', 'CUP-12', 'LID-12'] as const)[i % 3]!;
      const qty = 1 + (i % 4);
      const body = JSON.stringify({ event_id: `g-${i}`, type: 'sale', sku, location: 'main', qty, at: NOW.toISOString() });
      d = {
        path: '/pos',
        body,
        forged,
        headers: { 'x-stockbot-signature': `t=${t},v1=${hmac(forged ? 'nope' : TILLS.genericSecret!, `${t}.`, body).digest('hex')}` },
      };
      if (!forged) expected[sku]! -= qty;
    } else if (kind === 3) {
      const qty = 1 + (i % 3);
      const body = `{"id":${9000000000000000000 + i},"location_id":null,"created_at":"${NOW.toISOString()}","line_items":[{"id":${8000000000000000000 + i},"sku":"CUP-12","quantity":${qty}}]}`;
      d = {
        path: '/pos/shopify',
        body,
        forged,
        headers: {
          'x-shopify-topic': 'orders/create',
          'x-shopify-webhook-id': `wh-${i}`,
          'x-shopify-hmac-sha256': hmac(forged ? 'nope' : TILLS.shopifySecret!, body).digest('base64'),
        },
      };
      if (!forged) expected['CUP-12']! -= qty;
    } else {
      squareCount = Math.max(0, squareCount + ((i * 7) % 5) - 2);
      const at = new Date(NOW.getTime() - (EVENTS - i) * 1000).toISOString();
      const body = JSON.stringify({
        type: 'inventory.count.updated',
        event_id: `sq-${i}`,
        created_at: at,
        data: {
          object: {
            inventory_counts: [
              { catalog_object_id: 'SQVAR-MILK', state: 'IN_STOCK', location_id: 'L1', quantity: String(squareCount), calculated_at: at },
            ],
          },
        },
      });
      d = {
        path: '/pos/square',
        body,
        forged,
        headers: { 'x-square-hmacsha256-signature': hmac(forged ? 'nope' : TILLS.squareKey!, TILLS.squareUrl!, body).digest('base64') },
      };
      if (!forged) lastSquare = squareCount;
    }
    deliveries.push(d);
    // One in five delivered twice, as tills redeliver.
    if (i % 5 === 2) deliveries.push(d);
  }
  const base = running.url.replace('/slack/events', '');
  const order = shuffle(deliveries, 42);
  const statuses: { forged: boolean; status: number }[] = [];
  // Twenty in flight at a time, as a busy till and an online store would send them.
  let next = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < order.length) {
        const d = order[next++]!;
        const res = await fetch(`${base}${d.path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...d.headers },
          body: d.body,
        });
        statuses.push({ forged: d.forged, status: res.status });
      }
    }),
  );
  await runtime.queue.drain();
  expect(statuses.filter((s) => s.forged).every((s) => s.status === 401)).toBe(true);
  expect(statuses.filter((s) => !s.forged).every((s) => s.status === 200)).toBe(true);

  // Square's counts arrived out of order: on hand follows the newest one. The write-back runs on its schedule.
  await runJob(runtime.deps, findJob('sheet-flush')!, NOW, { force: true });
  const sheet = await runtime.deps.documents.readStockSheet();
  const onHand = (sku: string) => sheet.find((i) => i.sku === sku)?.onHand;
  expect({ 'BEAN-HB': onHand('BEAN-HB'), 'CUP-12': onHand('CUP-12'), 'LID-12': onHand('LID-12'), 'MILK-WH': onHand('MILK-WH') }).toEqual({
    ...expected,
    'MILK-WH': lastSquare,
  });
  expect(await store.inventory.pendingSheetWrites()).toEqual([]);
  expect(await store.pos.parked()).toEqual([]);
}, 240_000);

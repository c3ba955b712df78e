import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { findJob } from '../../jobs';
import { dailyCheck } from '../../jobs/daily-check';
import { runJob } from '../../jobs/run';
import { receiveOrder } from '../../src/services/receiving';
import { syncSheet } from '../../src/services/sheet-sync';
import { flushSheetWrites } from '../../src/services/sheet-writes';
import { inventoryKey, queueSheetWrite } from '../../src/store/inventory';
import type { Store } from '../../src/store/open-store';
import { documentPortsFromEnv, type LocalRuntime } from '../../src/wiring';
import { COUNT_ROWS, COUNT_RULES, CountHarness } from '../support/count-harness';
import { RULES, STOCK_HEADER, SUPPLIERS } from '../support/documents';
import { ACTION } from '../../views/ids';
import { type FakeGoogle, makeServiceAccountKey, startFakeGoogle } from '../support/fake-google';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { startRunningApp, type RunningApp } from '../support/running-app';

// The stock sheet as a Google Sheet and the rules and suppliers as Google Docs, reached through the real Sheets and
// Drive clients (self-signed JWTs, no token exchange) pointed at a loopback fake by GOOGLE_API_ROOT: the sync reads
// only what changed, the write-back applies exactly what was approved, once, into the row where the item is now.
const MONDAY = new Date('2026-11-23T08:00:00Z');
const SHEET = 'sheet-1AbC';
const RULES_DOC = 'doc-rules';
const SUPPLIER_DOC = 'doc-suppliers';
const TAB = 'Stock';
const header = STOCK_HEADER.split(',');
const row = (line: string) => line.split(',');
const beans = (onHand: number) => row(`BEAN-HB,House Blend beans,main,Bayside Roasters,coffee,${onHand},8,5,20,,4.20,,178,`);
const milk = (onHand: number) => row(`MILK-WH,Whole milk 2L,main,Acme Wholesale,dairy,${onHand},10,2,10,,1.10,,,`);
const REF = { itemKey: 'main#BEAN-HB', orderId: '2026-11-23' };
const ON_HAND = header.indexOf('on_hand');

let google: FakeGoogle;
let slack: FakeSlack;
let running: RunningApp;
let store: Store;
let runtime: LocalRuntime;
let now = MONDAY;
const later = (minutes: number) => new Date(MONDAY.getTime() + minutes * 60_000);

beforeAll(async () => {
  [google, slack] = await Promise.all([startFakeGoogle(), startFakeSlack()]);
});
afterAll(async () => Promise.all([google.close(), slack.close()]));

beforeEach(async () => {
  google.reset();
  slack.reset();
  now = MONDAY;
  google.setSheet(SHEET, TAB, [header, beans(58), milk(40)]);
  google.setDoc(RULES_DOC, RULES);
  google.setDoc(SUPPLIER_DOC, SUPPLIERS);
  running = await startRunningApp(slack, { secret: 'secret', rows: [], clock: () => now, documents: documentPortsFromEnv(googleEnv()) });
  ({ store, runtime } = running);
});
afterEach(async () => running.stop());

/** The settings that put the documents in Google (the fake), with a data folder of their own. */
function googleEnv(): NodeJS.ProcessEnv {
  return {
    STOCK_SHEET_ID: SHEET,
    STOCK_SHEET_TAB: TAB,
    RULES_DOC_ID: RULES_DOC,
    SUPPLIER_DOC_ID: SUPPLIER_DOC,
    GOOGLE_SERVICE_ACCOUNT_JSON: JSON.stringify(makeServiceAccountKey()),
    GOOGLE_API_ROOT: google.url,
    GOOGLE_RETRY_DELAY_MS: '1',
    STOCKBOT_DATA_DIR: mkdtempSync(join(tmpdir(), 'stockbot-google-')),
  };
}

const cellOf = (sku: string) => {
  const rows = google.sheet(SHEET, TAB);
  const r = rows.find((cells) => cells[0] === sku);
  return r ? Number(r[ON_HAND]) : undefined;
};
const ledger = async (sku: string) => (await store.inventory.movementsSince('main', sku, '0')).map((m) => [m.source, m.delta]);
const googleCalls = () => google.requests.length;
const ownerDms = () => slack.callsTo('chat.postMessage').filter((c) => c.args.channel === slack.dmFor('U0OWNER'));

describe('the sheet sync from Google', () => {
  it('reads everything once; then an unchanged sheet costs three Drive requests and no DynamoDB write; an edit is one movement', async () => {
    const first = await syncSheet(runtime.deps, later(0));
    expect(first.changed).toEqual(['stockSheet', 'rules', 'suppliers']);
    expect(first.mirror).toMatchObject({ added: 2 });
    expect((await runtime.deps.documents.readStockSheet()).map((i) => [i.sku, i.onHand])).toEqual([
      ['BEAN-HB', 58],
      ['MILK-WH', 40],
    ]);
    expect((await runtime.deps.documents.readRules()).owner).toBe('U0OWNER');

    const callsBefore = googleCalls();
    const dynamoBefore = store.dynamo.requestCount();
    expect((await syncSheet(runtime.deps, later(15))).changed).toEqual([]);
    expect(google.requests.slice(callsBefore).map((r) => r.route)).toEqual(['files.get', 'files.get', 'files.get']);
    // One read of the sync's bookkeeping, nothing written.
    expect(store.dynamo.requestCount() - dynamoBefore).toBe(1);

    google.setSheet(SHEET, TAB, [header, beans(50), milk(40)]);
    const edited = await syncSheet(runtime.deps, later(30));
    expect(edited).toMatchObject({ changed: ['stockSheet'], mirror: { moved: 1, added: 0, updated: 0 } });
    expect(await ledger('BEAN-HB')).toEqual([
      ['sheet', 58],
      ['sheet', -8],
    ]);
    expect(await ledger('MILK-WH')).toEqual([['sheet', 40]]);
  });

  it('keeps the last good rules doc when a broken one arrives, tells the owner once, and again when it reads', async () => {
    await syncSheet(runtime.deps, later(0));
    google.setDoc(RULES_DOC, RULES.replace('order cap: 500', 'order cap: lots'));
    expect((await syncSheet(runtime.deps, later(15))).broken.map((b) => b.kind)).toEqual(['rules']);
    google.setDoc(RULES_DOC, RULES.replace('order cap: 500', 'order cap: many'));
    await syncSheet(runtime.deps, later(30));
    expect((await runtime.deps.documents.readRules()).orderCap).toBe(500);
    const told = ownerDms().filter((c) => String(c.args.text).includes('Google rules doc'));
    expect(told).toHaveLength(1);
    expect(JSON.stringify(told[0]!.args.blocks)).toMatch(/line \d+.*order cap/);

    google.setDoc(RULES_DOC, RULES.replace('order cap: 500', 'order cap: 300'));
    expect((await syncSheet(runtime.deps, later(45))).fixed).toEqual(['rules']);
    expect((await runtime.deps.documents.readRules()).orderCap).toBe(300);
    expect(String(ownerDms().at(-1)!.args.text)).toMatch(/Google rules doc reads again/);
  });

  it('the daily check drafts from the synced sheet', async () => {
    await runJob(runtime.deps, findJob('sheet-sync')!, later(0));
    const report = await dailyCheck({ documents: runtime.deps.documents, store, notifier: runtime.deps.drafts }, MONDAY);
    expect(report.created.map((o) => [o.sku, o.qty])).toEqual([['BEAN-HB', 120]]);
  });
});

describe('the write-back into Google', () => {
  async function onOrder() {
    await syncSheet(runtime.deps, MONDAY);
    await dailyCheck({ documents: runtime.deps.documents, store, notifier: runtime.deps.drafts }, MONDAY);
    await runtime.services.orders.decide(REF, 'U0OWNER', 'approve');
    await runtime.queue.drain();
  }
  // An approved change as the app records one: the item's quantity and the change queued for the sheet, together.
  const adjust = (sku: string, delta: number, at = MONDAY) =>
    store.dynamo.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: store.dynamo.tables.inventory,
              Key: inventoryKey('main', sku),
              UpdateExpression: 'ADD quantity :d, version :one',
              ExpressionAttributeValues: { ':d': delta, ':one': 1 },
            },
          },
          queueSheetWrite(store.dynamo.tables.inventory, { location: 'main', sku, onHand: 0, delta, reason: 'test', at: at.toISOString() }),
        ],
      }),
    );

  it('a change not written into the sheet yet counts in the daily check: sheet plus unwritten changes', async () => {
    await syncSheet(runtime.deps, MONDAY);
    await adjust('BEAN-HB', 120); // a delivery booked in; the write-back has not run
    const report = await dailyCheck({ documents: runtime.deps.documents, store, notifier: runtime.deps.drafts }, MONDAY);
    expect(report.checks.find((c) => c.item.sku === 'BEAN-HB')).toMatchObject({ item: { onHand: 178 }, decision: { move: 'stocked' } });
    expect(report.created).toEqual([]);
  });

  it('a receipt lands in the sheet cell, in one RAW batchUpdate, and the next sync sees no edit', async () => {
    await onOrder();
    now = later(60);
    expect((await receiveOrder(runtime.deps, REF, { qty: 120, by: 'U0OWNER', source: 'slack', receiptId: 'r1' })).kind).toBe('received');
    await runtime.queue.drain();
    expect(cellOf('BEAN-HB')).toBe(178);
    const writes = google.requests.filter((r) => r.route === 'batchUpdate');
    expect(writes).toHaveLength(1);
    expect(google.lastValueInputOption).toBe('RAW');
    expect(await store.inventory.pendingSheetWrites()).toEqual([]);
    const resync = await syncSheet(runtime.deps, later(75));
    expect(resync.mirror).toMatchObject({ moved: 0 });
    expect(await ledger('BEAN-HB')).toEqual([
      ['sheet', 58],
      ['receipt', 120],
    ]);
  });

  it('a row inserted above the item and the rows sorted since the sync: the write goes to the item, not the old row number', async () => {
    await syncSheet(runtime.deps, MONDAY);
    await adjust('MILK-WH', -4);
    google.setSheet(SHEET, TAB, [header, row('CUP-12,Cups 12oz,main,Acme Wholesale,packaging,300,20,3,50,,0.05,,,'), milk(40), beans(58)]);
    const flushed = await flushSheetWrites(runtime.deps, later(5));
    expect(flushed.written).toEqual([{ location: 'main', sku: 'MILK-WH', onHand: 36 }]);
    expect(google.sheet(SHEET, TAB).map((r) => [r[0], r[ON_HAND]])).toEqual([
      ['sku', 'on_hand'],
      ['CUP-12', '300'],
      ['MILK-WH', '36'],
      ['BEAN-HB', '58'],
    ]);
  });

  it('a sale typed into the cell since the sync is kept: the delta is applied to the cell as it is now', async () => {
    await syncSheet(runtime.deps, MONDAY);
    await adjust('BEAN-HB', 24);
    google.setSheet(SHEET, TAB, [header, beans(50), milk(40)]);
    await flushSheetWrites(runtime.deps, later(5));
    expect(cellOf('BEAN-HB')).toBe(74);
    await syncSheet(runtime.deps, later(15));
    expect((await store.inventory.get('main', 'BEAN-HB'))?.quantity).toBe(74);
  });

  it('a write that lands but whose answer is lost, then a rerun: applied once, exact totals', async () => {
    await syncSheet(runtime.deps, MONDAY);
    await adjust('BEAN-HB', 10);
    await adjust('MILK-WH', -5);
    google.failNext('batchUpdate', 500, { afterApplying: true, times: 6 });
    await expect(flushSheetWrites(runtime.deps, later(5))).rejects.toThrow();
    expect([cellOf('BEAN-HB'), cellOf('MILK-WH')]).toEqual([68, 35]);
    // Changes keep arriving while the write-back is in doubt.
    await adjust('BEAN-HB', 2);
    const rerun = await flushSheetWrites(runtime.deps, later(10));
    expect(rerun.finished).toBe(2);
    expect([cellOf('BEAN-HB'), cellOf('MILK-WH')]).toEqual([70, 35]);
    expect(await store.inventory.pendingSheetWrites()).toEqual([]);
  });

  it('a write refused outright (Sheets 503 on every retry) loses nothing: the next run writes it', async () => {
    await syncSheet(runtime.deps, MONDAY);
    await adjust('BEAN-HB', 10);
    google.failNext('batchUpdate', 503, { times: 6 });
    await expect(flushSheetWrites(runtime.deps, later(5))).rejects.toThrow();
    expect(cellOf('BEAN-HB')).toBe(58);
    expect((await flushSheetWrites(runtime.deps, later(10))).written).toHaveLength(1);
    expect(cellOf('BEAN-HB')).toBe(68);
  });

  it('a 429 is retried by the client and the write goes through', async () => {
    await syncSheet(runtime.deps, MONDAY);
    await adjust('BEAN-HB', 1);
    google.failNext('batchUpdate', 429, { times: 1 });
    expect((await flushSheetWrites(runtime.deps, later(5))).written).toHaveLength(1);
    expect(cellOf('BEAN-HB')).toBe(59);
  });

  it('200 concurrent adjustments to one item, with write-backs running meanwhile, flush to the exact sum', async () => {
    await syncSheet(runtime.deps, MONDAY);
    const deltas = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? -1 : 2));
    const flushes: Promise<unknown>[] = [];
    await Promise.all(
      deltas.map(async (d, i) => {
        await adjust('BEAN-HB', d, later(i % 7));
        if (i % 50 === 0) flushes.push(flushSheetWrites(runtime.deps, later(1)).catch(() => null));
      }),
    );
    await Promise.all(flushes);
    await flushSheetWrites(runtime.deps, later(20));
    expect(cellOf('BEAN-HB')).toBe(58 + deltas.reduce((a, b) => a + b, 0));
    expect(await store.inventory.pendingSheetWrites()).toEqual([]);
  });

  it('a row deleted from the sheet parks its change, tells the owner once, and writes it when the row is back', async () => {
    await syncSheet(runtime.deps, MONDAY);
    await adjust('MILK-WH', -5);
    google.setSheet(SHEET, TAB, [header, beans(58)]);
    expect((await flushSheetWrites(runtime.deps, later(5))).parked).toHaveLength(1);
    await flushSheetWrites(runtime.deps, later(10));
    const told = ownerDms().filter((c) => String(c.args.text).includes('no row'));
    expect(told).toHaveLength(1);
    expect(await store.inventory.pendingSheetWrites()).toMatchObject([{ sku: 'MILK-WH', delta: -5 }]);

    google.setSheet(SHEET, TAB, [header, beans(58), milk(40)]);
    expect((await flushSheetWrites(runtime.deps, later(15))).written).toEqual([{ location: 'main', sku: 'MILK-WH', onHand: 35 }]);
    expect(cellOf('MILK-WH')).toBe(35);
  });
});

describe('an approved count, with the documents in Google', () => {
  it('the count opens from the synced sheet, and the approved quantity lands in the Google cell', async () => {
    const h = await new CountHarness(slack, {
      documents: documentPortsFromEnv({ ...googleEnv(), STOCKBOT_DATA_DIR: mkdtempSync(join(tmpdir(), 'stockbot-google-count-')) }),
    }).start();
    try {
      google.setSheet(SHEET, TAB, [header, ...COUNT_ROWS.map(row)]);
      google.setDoc(RULES_DOC, COUNT_RULES);
      await syncSheet(h.runtime.deps, h.now);
      const session = await h.openFixingsCount();
      await h.upload(session, 'scan.csv', 'barcode,qty\n5012345678900,432\nNUT-M6,900\nDRILL-18V,4\n');
      const bolts = (await h.store.counts.line(session.session_id, 'BOLT-M6-50'))!;
      expect(bolts).toMatchObject({ counted: 432, system: 480, state: 'material' });
      await h.click('U0PRIYA', ACTION.approveVariance, JSON.stringify([session.session_id, 'BOLT-M6-50']), 'C0FIX', bolts.card!.ts);
      await h.runtime.queue.drain();
      expect(cellOf('BOLT-M6-50')).toBe(432);
      expect(await h.store.inventory.pendingSheetWrites()).toEqual([]);
      // The sync after sees the sheet agree with the inventory: no phantom movement.
      expect((await syncSheet(h.runtime.deps, new Date(h.now.getTime() + 3_600_000))).mirror).toMatchObject({ moved: 0 });
    } finally {
      await h.stop();
    }
  });
});

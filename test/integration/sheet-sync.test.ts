import { writeFileSync } from 'node:fs';
import { findJob } from '../../jobs';
import { dailyCheck } from '../../jobs/daily-check';
import { runJob } from '../../jobs/run';
import { syncSheet } from '../../src/services/sheet-sync';
import type { Store } from '../../src/store/open-store';
import type { LocalRuntime } from '../../src/wiring';
import { ACTION, encodeOrderRef } from '../../views/ids';
import { blockKitProblems } from '../support/block-kit-limits';
import { RULES, type writeDocuments } from '../support/documents';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { startRunningApp, type RunningApp } from '../support/running-app';
import { blockActionBody, signSlackRequest } from '../support/slack-signing';

// The sheet sync on the embedded defaults (local files): one look per document tells what changed, the stock sheet
// is mirrored into the inventory with a movement per on-hand edit, a delivery typed into the sheet books its order in
// (with Undo), and a document that stops reading is reported to the owner once.
const MONDAY = new Date('2026-11-23T08:00:00Z');
const SECRET = 'test-signing-secret';
const beans = (onHand: number) => `BEAN-HB,House Blend beans,main,Bayside Roasters,coffee,${onHand},8,5,20,,4.20,,178,`;
const MILK = 'MILK-WH,Whole milk 2L,main,Acme Wholesale,dairy,40,10,2,10,,1.10,,,';
const REF = { itemKey: 'main#BEAN-HB', orderId: '2026-11-23' };

let slack: FakeSlack;
let running: RunningApp;
let store: Store;
let runtime: LocalRuntime;
let docs: ReturnType<typeof writeDocuments>;
let now = MONDAY;
const later = (minutes: number) => new Date(MONDAY.getTime() + minutes * 60_000);

beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(async () => slack.close());
beforeEach(async () => {
  slack.reset();
  now = MONDAY;
  running = await startRunningApp(slack, { secret: SECRET, rows: [beans(58), MILK], clock: () => now });
  ({ store, runtime, docs } = running);
});
afterEach(async () => running.stop());

const ownerDms = () =>
  slack
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === slack.dmFor('U0OWNER'))
    .map((c) => ({ text: String(c.args.text), blocks: c.args.blocks }));
const ledger = async (sku: string) => (await store.inventory.movementsSince('main', sku, '0')).map((m) => [m.source, m.delta]);

describe('the sheet sync on local files', () => {
  it('mirrors the sheet once, then only what changed: an edit is one movement and one write; unchanged is nothing', async () => {
    const first = await syncSheet(runtime.deps, later(0));
    expect(first.changed).toEqual(['stockSheet', 'rules', 'suppliers']);
    expect(first.mirror).toMatchObject({ added: 2, moved: 0 });

    const untouched = await syncSheet(runtime.deps, later(15));
    expect(untouched).toMatchObject({ changed: [], broken: [] });
    expect(untouched.mirror).toBeUndefined();

    docs.writeStock([beans(50), MILK]);
    const edited = await syncSheet(runtime.deps, later(30));
    expect(edited.changed).toEqual(['stockSheet']);
    expect(edited.mirror).toMatchObject({ added: 0, moved: 1, updated: 0 });
    expect(await ledger('BEAN-HB')).toEqual([
      ['sheet', 58],
      ['sheet', -8],
    ]);
    expect(await ledger('MILK-WH')).toEqual([['sheet', 40]]);
    expect(await store.inventory.get('main', 'BEAN-HB')).toMatchObject({ quantity: 50, sheet_on_hand: 50, version: 2 });
  });

  it('is a registry job every 15 minutes that runs on the sheets function on AWS', async () => {
    const job = findJob('sheet-sync')!;
    expect(job).toMatchObject({ runsOn: 'sheets', schedule: { every: 15 } });
    expect((await runJob(runtime.deps, job, later(0)))?.summary).toMatch(/^Sheet sync: changed: .*stock\.csv/);
    expect(await runJob(runtime.deps, job, later(15))).toEqual({ summary: 'Sheet sync: nothing changed.', idle: true });
  });

  it('a rules doc that stops reading is reported to the owner once, however often it is saved, and again when it reads', async () => {
    await syncSheet(runtime.deps, later(0));
    writeFileSync(docs.paths.rules, `${RULES}order cap: lots\n`);
    const broken = await syncSheet(runtime.deps, later(15));
    expect(broken.broken.map((b) => b.kind)).toEqual(['rules']);
    writeFileSync(docs.paths.rules, `${RULES}order cap: many\n`);
    await syncSheet(runtime.deps, later(30));
    const told = ownerDms().filter((m) => m.text.includes('rules.txt'));
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toMatch(/cannot read/);
    expect(JSON.stringify(told[0]!.blocks)).toMatch(/line \d+/);
    expect(blockKitProblems({ kind: 'message', text: told[0]!.text, blocks: told[0]!.blocks as never })).toEqual([]);

    writeFileSync(docs.paths.rules, RULES);
    const fixed = await syncSheet(runtime.deps, later(45));
    expect(fixed.fixed).toEqual(['rules']);
    expect(ownerDms().at(-1)!.text).toMatch(/rules\.txt reads again/);
  });
});

describe('a delivery typed into the sheet', () => {
  const post = (body: string) =>
    fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(SECRET, body) },
      body,
    });

  async function onOrder() {
    await syncSheet(runtime.deps, MONDAY);
    await dailyCheck({ documents: runtime.deps.documents, store, notifier: runtime.deps.drafts }, MONDAY);
    await runtime.services.orders.decide(REF, 'U0OWNER', 'approve');
    await runtime.queue.drain();
    expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ status: 'on-order', qty: 120 });
  }

  it('books the order in when on hand rises by half of what is to come, without adding it twice; Undo puts the order back', async () => {
    await onOrder();
    now = later(60);
    docs.writeStock([beans(58 + 110), MILK]); // 120 arrived, 10 sold meanwhile
    const synced = await syncSheet(runtime.deps, now);
    expect(synced.received.map((r) => [r.order.po_number, r.rise])).toEqual([['PO-000001', 110]]);
    expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ status: 'received', received_qty: 120 });
    // On hand is what the sheet says: the receipt adds nothing on top, and nothing is queued to write back.
    expect(await store.inventory.get('main', 'BEAN-HB')).toMatchObject({ quantity: 168 });
    expect(await store.inventory.pendingSheetWrites()).toEqual([]);
    expect((await runtime.deps.documents.readStockSheet()).find((i) => i.sku === 'BEAN-HB')!.onHand).toBe(168);

    const notice = ownerDms().at(-1)!;
    expect(notice.text).toMatch(/Booked in from the stock sheet: PO-000001/);
    expect(JSON.stringify(notice.blocks)).toContain(ACTION.undoReceipt);
    expect(blockKitProblems({ kind: 'message', text: notice.text, blocks: notice.blocks as never })).toEqual([]);

    // A second sync of the same sheet books nothing twice.
    expect((await syncSheet(runtime.deps, later(75))).received).toEqual([]);

    const dm = slack.dmFor('U0OWNER');
    expect(
      (
        await post(
          blockActionBody({ userId: 'U0OWNER', actionId: ACTION.undoReceipt, value: encodeOrderRef(REF), channelId: dm, messageTs: '1.0' }),
        )
      ).status,
    ).toBe(200);
    await runtime.queue.drain();
    expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ status: 'on-order', received_qty: 0 });
    expect(await store.inventory.get('main', 'BEAN-HB')).toMatchObject({ quantity: 168 });
    expect((await store.audit.forSubject(REF.itemKey)).map((a) => a.action)).toContain('receipt-undone');
  });

  it('a small rise (a few returned to the shelf) books nothing', async () => {
    await onOrder();
    docs.writeStock([beans(58 + 20), MILK]);
    expect((await syncSheet(runtime.deps, later(60))).received).toEqual([]);
    expect(await store.orders.get(REF.itemKey, REF.orderId)).toMatchObject({ status: 'on-order' });
  });
});

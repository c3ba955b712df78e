import { dailyCheck } from '../../jobs/daily-check';
import type { DraftNotifier } from '../../src/services/owner-notices';
import { printedDrafts } from '../../src/services/owner-notices';
import type { Store } from '../../src/store/open-store';
import { writeDocuments } from '../support/documents';
import { testStore } from '../support/store';

// 08:00 London on a Monday in winter (GMT).
const MONDAY = new Date('2026-11-23T08:00:00Z');
const TUESDAY = new Date('2026-11-24T08:00:00Z');

const ROWS = [
  'BEAN-HB,House Blend beans,main,Bayside Roasters,coffee,58,8,5,20,,4.20,,178,', // reorder → 120
  'BEAN-DC,Decaf beans,main,Bayside Roasters,coffee,10,2,5,12,,5.10,,,', // urgent
  'CUP-12,Paper cups 12oz,main,,packaging,900,40,7,100,50,0.08,,,', // stocked (point 380, watch ≤ 418)
  'LID-12,Cup lids,main,,packaging,400,40,7,100,50,0.05,,,', // watch
];

let store: Store;
const printed: string[] = [];
const notifier = printedDrafts((t) => printed.push(t));

beforeEach(async () => {
  store = await testStore();
  printed.length = 0;
});
afterEach(async () => store.close());

describe('daily check against DynamoDB Local', () => {
  it('stores one pending draft per reorder item, and a second run the same day creates nothing', async () => {
    const { documents } = writeDocuments(ROWS);
    const first = await dailyCheck({ documents, store, notifier }, MONDAY);
    expect(first.counts).toEqual({ stocked: 1, watch: 1, reorder: 1, urgent_reorder: 1 });
    expect(first.created.map((o) => o.sku)).toEqual(['BEAN-DC', 'BEAN-HB']); // urgent first
    expect(printed).toHaveLength(2);

    const second = await dailyCheck({ documents, store, notifier }, new Date('2026-11-23T15:00:00Z'));
    expect(second.created).toEqual([]);
    expect(printed).toHaveLength(2);

    const open = await store.orders.listOpen();
    expect([...open.keys()].sort()).toEqual(['main#BEAN-DC', 'main#BEAN-HB']);
    const hb = await store.orders.get('main#BEAN-HB', '2026-11-23');
    expect(hb).toMatchObject({ status: 'pending', qty: 120, supplier: 'Bayside Roasters', draft: { total: 504 } });
    // On the second run the pending drafts make both items stocked (the urgent one was drafted today, so no re-surface).
    expect(second.counts).toEqual({ stocked: 2, watch: 1, reorder: 0, urgent_reorder: 1 });
  });

  it('two checks racing on the same day still write each draft once', async () => {
    const { documents } = writeDocuments(ROWS);
    const [a, b] = await Promise.all([
      dailyCheck({ documents, store, notifier }, MONDAY),
      dailyCheck({ documents, store, notifier }, MONDAY),
    ]);
    expect(a.created.length + b.created.length).toBe(2);
    expect(printed).toHaveLength(2);
  });

  it('writes an audit row for each draft', async () => {
    const { documents } = writeDocuments(ROWS.slice(0, 1));
    await dailyCheck({ documents, store, notifier }, MONDAY);
    const audit = await store.audit.forSubject('main#BEAN-HB');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'drafted', by: 'stockbot', after: { order_id: '2026-11-23', status: 'pending', qty: 120 } });
  });

  it('an item with an on-order order is stocked and gets no draft', async () => {
    const { documents } = writeDocuments(ROWS.slice(0, 1));
    const first = await dailyCheck({ documents, store, notifier }, MONDAY);
    await store.orders.put({ ...first.created[0]!, status: 'on-order', expected_date: '2026-11-28' });

    const next = await dailyCheck({ documents, store, notifier }, TUESDAY);
    expect(next.checks[0]?.decision).toMatchObject({ move: 'stocked', action: 'none' });
    expect(next.checks[0]?.decision.reason).toContain('expected 2026-11-28');
    expect(next.created).toEqual([]);
  });

  it('a skipped item waits out its cooldown, then is drafted again', async () => {
    const { documents } = writeDocuments(ROWS.slice(0, 1));
    const first = await dailyCheck({ documents, store, notifier }, MONDAY);
    await store.orders.put({ ...first.created[0]!, status: 'skipped' });
    await store.state.setSkipUntil('main#BEAN-HB', '2026-11-24T10:00:00.000Z');

    const held = await dailyCheck({ documents, store, notifier }, TUESDAY);
    expect(held.checks[0]?.decision).toMatchObject({ move: 'reorder', action: 'hold' });
    expect(held.created).toEqual([]);

    const after = await dailyCheck({ documents, store, notifier }, new Date('2026-11-25T08:00:00Z'));
    expect(after.created.map((o) => o.order_id)).toEqual(['2026-11-25']);
  });

  it('a skipped urgent item ignores the cooldown', async () => {
    const { documents } = writeDocuments(ROWS.slice(1, 2));
    const first = await dailyCheck({ documents, store, notifier }, MONDAY);
    await store.orders.put({ ...first.created[0]!, status: 'skipped' });
    await store.state.setSkipUntil('main#BEAN-DC', '2026-11-30T00:00:00.000Z');

    const next = await dailyCheck({ documents, store, notifier }, TUESDAY);
    expect(next.created.map((o) => [o.sku, o.order_id])).toEqual([['BEAN-DC', '2026-11-24']]);
  });

  it('an urgent draft still pending is re-surfaced once a day', async () => {
    const { documents } = writeDocuments(ROWS.slice(1, 2));
    await dailyCheck({ documents, store, notifier }, MONDAY);
    printed.length = 0;

    const tuesday = await dailyCheck({ documents, store, notifier }, TUESDAY);
    expect(tuesday.resurfaced.map((o) => o.order_id)).toEqual(['2026-11-23']);
    expect(printed[0]).toContain('Still waiting for a decision since 2026-11-23');

    const again = await dailyCheck({ documents, store, notifier }, new Date('2026-11-24T12:00:00Z'));
    expect(again.resurfaced).toEqual([]);
    expect(printed).toHaveLength(1);
  });

  it('records last_move only when the move changes (no row means stocked), and one run row per check', async () => {
    const { documents, writeStock } = writeDocuments(ROWS.slice(2, 3));
    await dailyCheck({ documents, store, notifier }, MONDAY);
    expect((await store.state.getMany(['main#CUP-12'])).size).toBe(0);

    writeStock(['CUP-12,Paper cups 12oz,main,,packaging,400,40,7,100,50,0.08,,,']);
    await dailyCheck({ documents, store, notifier }, TUESDAY);
    expect((await store.state.getMany(['main#CUP-12'])).get('main#CUP-12')).toMatchObject({
      lastMove: 'watch',
      moveSince: TUESDAY.toISOString(),
    });
    expect(await store.state.getRun('2026-11-24')).toMatchObject({ items: 1, counts: { watch: 1 }, checked_at: TUESDAY.toISOString() });

    writeStock(['CUP-12,Paper cups 12oz,main,,packaging,900,40,7,100,50,0.08,,,']);
    const wednesday = new Date('2026-11-25T08:00:00Z');
    await dailyCheck({ documents, store, notifier }, wednesday);
    expect((await store.state.getMany(['main#CUP-12'])).get('main#CUP-12')).toMatchObject({
      lastMove: 'stocked',
      moveSince: wednesday.toISOString(),
    });
  });

  it('a failed delivery keeps the draft stored and reports it', async () => {
    const { documents } = writeDocuments(ROWS.slice(0, 1));
    const failing: DraftNotifier = {
      draftCreated: async () => {
        throw new Error('slack is down');
      },
      draftResurfaced: async () => {},
    };
    const report = await dailyCheck({ documents, store, notifier: failing }, MONDAY);
    expect(report.notifyFailures.map((f) => [f.order.sku, f.error])).toEqual([['BEAN-HB', 'slack is down']]);
    expect(await store.orders.get('main#BEAN-HB', '2026-11-23')).toMatchObject({ status: 'pending' });
  });

  it('a dry run reads and writes no state', async () => {
    const { documents } = writeDocuments(ROWS);
    const report = await dailyCheck({ documents, notifier }, MONDAY, { dryRun: true });
    expect(report.counts.reorder + report.counts.urgent_reorder).toBe(2);
    expect(report.created).toEqual([]);
    expect(printed).toEqual([]);
  });
});

import { dailyCheck, dailyCheckJob } from '../../jobs/daily-check';
import { everyMinuteSweep } from '../../src/adapters/scheduler';
import type { Chat } from '../../src/adapters/slack/chat';
import { consoleChat } from '../../src/adapters/slack/console-chat';
import { DocumentError, formatProblem } from '../../src/config/errors';
import type { DraftNotifier } from '../../src/services/owner-notices';
import { printedDrafts } from '../../src/services/owner-notices';
import type { Store } from '../../src/store/open-store';
import { RULES, SUPPLIERS, writeDocuments } from '../support/documents';
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

  it('the largest numbers the documents may hold are decided, drafted and stored', async () => {
    const rules = RULES.replace('days of cover: 30', 'days of cover: 3650').replace('order cap: 500', 'order cap: none');
    const suppliers = SUPPLIERS.replace('minimum order: 24', 'minimum order: 1,000,000,000');
    const { documents } = writeDocuments(
      ['BIG-1,The biggest order,main,Bayside Roasters,coffee,0,1000000,3650,1000000000,1000000,"£1,000,000",,,'],
      rules,
      suppliers,
    );
    const report = await dailyCheck({ documents, store, notifier }, MONDAY);
    expect(report.skippedRows).toEqual([]);
    const [draft] = report.created;
    // 1,000,000/day × 3,650 days + 1,000,000,000 buffer = 4,650,000,000; + 1,000,000/day × 3,650 days of cover.
    expect(draft).toMatchObject({ qty: 8_300_000_000, draft: { unitCost: 1_000_000, total: 8.3e15 } });
    expect(draft!.draft.total).toBeLessThan(Number.MAX_SAFE_INTEGER);
    expect(await store.orders.get('main#BIG-1', '2026-11-23')).toMatchObject({ status: 'pending', qty: 8_300_000_000 });
  });
});

describe('a stock sheet with bad rows', () => {
  const BAD = [
    'BEAN-X,Mystery beans,main,Bayside Roasters,coffee,1e300,8,5,20,,4.20,,,', // row 6
    'CUP-X,Cups,main,,packaging,10,1e300,7,100,50,0.08,,,', // row 7: once a crash in the store, naming nothing
    'LID-X,Lids,main,,packaging,,eight,7,100,50,0.05,,,', // row 8
  ];

  it('skips each bad row and reports it; every other row is decided and drafted', async () => {
    const { documents } = writeDocuments([...ROWS, ...BAD]);
    const report = await dailyCheck({ documents, store, notifier }, MONDAY);
    expect(report.counts).toEqual({ stocked: 1, watch: 1, reorder: 1, urgent_reorder: 1 });
    expect(report.created.map((o) => o.sku)).toEqual(['BEAN-DC', 'BEAN-HB']);
    expect(report.skippedRows.map(formatProblem)).toEqual([
      'stock.csv row 6, column "on_hand": expected a number ≤ 1,000,000,000, got "1e300"',
      'stock.csv row 7, column "daily_sales_rate": expected a number ≤ 1,000,000, got "1e300"',
      'stock.csv row 8, column "on_hand": expected a number ≥ 0, got an empty cell',
      'stock.csv row 8, column "daily_sales_rate": expected a number ≥ 0, got "eight"',
    ]);
    expect(report.warnings.slice(0, 3)).toEqual([
      'stock.csv row 6 skipped: column "on_hand": expected a number ≤ 1,000,000,000, got "1e300"',
      'stock.csv row 7 skipped: column "daily_sales_rate": expected a number ≤ 1,000,000, got "1e300"',
      'stock.csv row 8 skipped: column "on_hand": expected a number ≥ 0, got an empty cell; column "daily_sales_rate": expected a ' +
        'number ≥ 0, got "eight"',
    ]);
    expect(await store.state.getRun('2026-11-23')).toMatchObject({ items: 4 });

    const dry = await dailyCheck({ documents, notifier }, MONDAY, { dryRun: true });
    expect(dry.skippedRows).toHaveLength(4);
    expect(dry.checks).toHaveLength(4);
  });

  it('a problem of the whole sheet still fails the check: a SKU twice at one location', async () => {
    const { documents } = writeDocuments([...ROWS, ROWS[0]!]);
    const check = dailyCheck({ documents, store, notifier }, MONDAY);
    await expect(check).rejects.toThrow(DocumentError);
    await expect(check).rejects.toThrow('stock.csv row 6, column "sku": duplicate of row 2 (BEAN-HB at main)');
    expect(await store.orders.listOpen()).toEqual(new Map());
  });

  describe('the scheduled job', () => {
    const dms: { user: string; text: string }[] = [];
    let failDm = false;
    const chat: Chat = {
      ...consoleChat(() => {}),
      dm: async (user, message) => {
        if (failDm) throw new Error('slack is down');
        dms.push({ user, text: message.text });
        return { channel: user, ts: '1' };
      },
    };
    beforeEach(() => {
      dms.length = 0;
      failDm = false;
    });
    const run = (documents: ReturnType<typeof writeDocuments>['documents']) =>
      dailyCheckJob({ documents, store, drafts: notifier, scheduler: everyMinuteSweep, chat }, MONDAY);

    it('tells the owner in one DM which rows were skipped and why', async () => {
      const result = await run(writeDocuments([...ROWS, ...BAD]).documents);
      expect(result.summary).toContain('1 urgent reorder');
      expect(result.warnings?.[0]).toBe('stock.csv row 6 skipped: column "on_hand": expected a number ≤ 1,000,000,000, got "1e300"');
      expect(dms).toEqual([
        {
          user: 'U0OWNER',
          text: [
            'The daily check for 2026-11-23 skipped 3 rows of the stock sheet; every other item was checked. To fix:',
            '• stock.csv row 6 skipped: column "on_hand": expected a number ≤ 1,000,000,000, got "1e300"',
            '• stock.csv row 7 skipped: column "daily_sales_rate": expected a number ≤ 1,000,000, got "1e300"',
            '• stock.csv row 8 skipped: column "on_hand": expected a number ≥ 0, got an empty cell; column "daily_sales_rate": expected ' +
              'a number ≥ 0, got "eight"',
          ].join('\n'),
        },
      ]);
    });

    it('lists at most 10 rows, then how many more', async () => {
      const bad = Array.from({ length: 13 }, (_, i) => `BAD-${i},Bad ${i},main,,misc,-${i + 1},1,1,,,,,,`);
      await run(writeDocuments([...ROWS, ...bad]).documents);
      const lines = dms[0]!.text.split('\n');
      expect(lines).toHaveLength(12);
      expect(lines[10]).toBe('• stock.csv row 15 skipped: column "on_hand": expected a number ≥ 0, got "-10"');
      expect(lines[11]).toBe('…and 3 more');
    });

    it('sends nothing when no row was skipped, or when the rules doc names no owner; a failed DM is a warning', async () => {
      await run(writeDocuments(ROWS).documents);
      expect(dms).toEqual([]);

      await run(writeDocuments([...ROWS, ...BAD], RULES.replace('owner: U0OWNER\n', '')).documents);
      expect(dms).toEqual([]);

      failDm = true;
      const result = await run(writeDocuments([...ROWS, ...BAD]).documents);
      expect(result.warnings).toContain('the owner was not told about the skipped stock sheet rows: slack is down');
    });
  });
});

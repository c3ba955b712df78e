import { deliverDraftsJob } from '../../jobs/deliver-drafts';
import { weeklyDigestJob } from '../../jobs/weekly-digest';
import type { CountLine } from '../../src/domain/count-records';
import type { Store } from '../../src/store/open-store';
import type { LocalRuntime } from '../../src/wiring';
import { blockKitProblems } from '../support/block-kit-limits';
import { draftFor, orderRecord } from '../support/builders';
import { RULES } from '../support/documents';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { startRunningApp, type RunningApp } from '../support/running-app';

// The weekly digest on DynamoDB Local and the fake Slack, with the clock fixed: a busy week and a quiet one, posted
// once per week however often the job runs, and held over quiet hours (18:00-08:00 London, Monday to Friday).
const SUNDAY_NOON = new Date('2026-11-29T12:00:00Z');
const ROWS = ['BEAN-HB,House Blend beans,main,Bayside Roasters,coffee,58,8,5,20,,4.20,,178,'];
/** A shop open every day with no quiet hours: the digest goes out when the job runs. */
const OPEN_RULES = `${RULES.replace('quiet hours: 18:00-08:00', 'quiet hours: none')}business days: mon-sun\ndigest channel: C0DIGEST\n`;

let slack: FakeSlack;
let running: RunningApp;
let store: Store;
let runtime: LocalRuntime;

beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(async () => slack.close());
afterEach(async () => running.stop());
async function start(rules: string) {
  slack.reset();
  running = await startRunningApp(slack, { secret: 's', rows: ROWS, rules, clock: () => SUNDAY_NOON });
  ({ store, runtime } = running);
}
const digests = () => slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0DIGEST');

async function busyWeek() {
  const beans = draftFor({ sku: 'BEAN-HB', name: 'House Blend beans', unitCost: 4.2 });
  const milk = draftFor({ sku: 'MILK-WH', name: 'Whole milk 2L', unitCost: 1.1, supplier: 'Dairy Direct' });
  const cups = draftFor({ sku: 'CUP-12', name: 'Cups 12oz', unitCost: null, supplier: 'Acme Wholesale' });
  await store.orders.put(
    orderRecord(beans, {
      order_id: '2026-11-24',
      status: 'on-order',
      qty: 120,
      decided_at: '2026-11-24T09:00:00Z',
      po_number: 'PO-000001',
      expected_date: '2026-11-27',
    }),
  );
  await store.orders.put(
    orderRecord(milk, {
      order_id: '2026-11-25',
      status: 'received',
      qty: 48,
      supplier: 'Dairy Direct',
      decided_at: '2026-11-25T09:00:00Z',
    }),
  );
  await store.orders.put(
    orderRecord(cups, {
      order_id: '2026-11-26',
      status: 'approved',
      qty: 500,
      supplier: 'Acme Wholesale',
      decided_at: '2026-11-26T09:00:00Z',
    }),
  );
  // Last week's order is not this week's spend.
  await store.orders.put(orderRecord(beans, { order_id: '2026-11-17', status: 'received', qty: 60, decided_at: '2026-11-17T09:00:00Z' }));
  // Napkins skipped four mornings running.
  const napkins = draftFor({ sku: 'NAP-WH', name: 'Napkins' });
  for (const day of ['2026-11-20', '2026-11-23', '2026-11-24', '2026-11-25'])
    await store.orders.put(orderRecord(napkins, { order_id: day, status: 'skipped' }));
  await store.state.recordRun({
    date: '2026-11-27',
    checked_at: '2026-11-27T08:00:00Z',
    items: 3,
    counts: { stocked: 1, watch: 1, reorder: 1, urgent_reorder: 0 },
    drafts: 1,
    resurfaced: 0,
    watch: [{ sku: 'SYR-VAN', name: 'Vanilla syrup', location: 'main', onHand: 14, reorderPoint: 12 }],
    fallback: [{ sku: 'TEA-EB', name: 'Breakfast tea', location: 'main', supplier: 'Acme Wholesale' }],
    rate_gaps: [{ sku: 'BEAN-HB', name: 'House Blend beans', location: 'main', sheet: 8, till: 10.5, days: 28 }],
  });
  const line = {
    pk: 'SESSION#FIX-1',
    sk: 'LINE#BOLT-M6-50',
    session_id: 'FIX-1',
    location: 'Fixings',
    sku: 'BOLT-M6-50',
    name: 'M6 bolts',
    category: null,
    system: 480,
    unit_cost: 0.35,
    inventory_version: 1,
    counted: 432,
    state: 'material',
    gap_value: -16.8,
    variance_status: 'queued',
    card: { channel: 'C0FIX', ts: '1.0', link: 'https://slack.example/card' },
  } as CountLine;
  await store.counts.putLine(line, new Date('2026-11-24T10:00:00Z'));
  await store.pos.park(
    'shopify',
    'order-9',
    { lineId: '1', kind: 'sale', code: 'GIFT-CARD', location: 'main', qty: 1 },
    'GIFT-CARD is neither a SKU nor an alias',
    '2026-11-26T10:00:00Z',
  );
  await store.intake.record({
    mail_id: 'abc123',
    status: 'proposed',
    received_at: '2026-11-28T10:00:00Z',
    from: 'sam@harbourstreet.example',
    subject: 'Fridge count',
    raw_key: 'inbox/x',
    files: ['count.csv'],
    rows: [],
    dropped: [],
    waiting: 'yes',
  });
}

describe('the weekly digest', () => {
  it('a busy week: spend by supplier, what is overdue and waiting, skip streaks, rate gaps, fallbacks and the watch list, once', async () => {
    await start(OPEN_RULES);
    await busyWeek();
    expect((await weeklyDigestJob(runtime.deps, SUNDAY_NOON)).summary).toBe(
      'Weekly digest for 2026-11-23 to 2026-11-29 posted: 3 orders placed, 1 variances waiting.',
    );
    const [post] = digests();
    expect(blockKitProblems({ kind: 'message', blocks: post!.args.blocks as never, text: String(post!.args.text) })).toEqual([]);
    const text = JSON.stringify(post!.args.blocks);
    for (const expected of [
      'Orders placed: £556.80',
      'Bayside Roasters: 1 order, £504.00',
      'Dairy Direct: 1 order, £52.80',
      'Acme Wholesale: 1 order, £0.00 (1 without a unit cost)',
      'PO-000001 from Bayside Roasters (BEAN-HB), expected',
      '<https://slack.example/card|M6 bolts (Fixings)>: -£16.80',
      'Fridge count',
      '`GIFT-CARD` × 1',
      'Napkins (main), skipped 4 times',
      'sheet 8/day, till 10.5/day over 28 days',
      'Breakfast tea (main) → Acme Wholesale',
      'Vanilla syrup (main): 14 on hand, reorder at 12',
    ])
      expect(text).toContain(expected);
    // The same week again: nothing posted twice.
    expect((await weeklyDigestJob(runtime.deps, new Date('2026-11-29T19:00:00Z'))).summary).toBe(
      "Weekly digest: this week's was sent already.",
    );
    expect(digests()).toHaveLength(1);
  });

  it('a quiet week gets one line, not silence', async () => {
    await start(OPEN_RULES);
    await weeklyDigestJob(runtime.deps, SUNDAY_NOON);
    expect(digests().map((c) => c.args.text)).toEqual([
      'Weekly stock digest, 23 Nov – 29 Nov: a quiet week. No orders placed, nothing waiting, nothing overdue.',
    ]);
  });

  it('Sunday 18:00 is inside quiet hours: held, and posted once at Monday 08:00 by the deliver-drafts job', async () => {
    await start(`${RULES}digest channel: C0DIGEST\n`);
    expect((await weeklyDigestJob(runtime.deps, new Date('2026-11-29T18:00:00Z'))).summary).toBe(
      'Weekly digest: held over quiet hours until 2026-11-30T08:00:00.000Z.',
    );
    expect(digests()).toEqual([]);
    await deliverDraftsJob(runtime.deps, new Date('2026-11-30T08:00:00Z'));
    await deliverDraftsJob(runtime.deps, new Date('2026-11-30T08:05:00Z'));
    expect(digests().map((c) => String(c.args.text))).toEqual([expect.stringContaining('Weekly stock digest, 23 Nov – 29 Nov')]);
  });
});

import type { CountLine } from '../../../src/domain/count-records';
import { monthlySummary, previousMonth, sixMonths, type MonthFacts } from '../../../src/domain/monthly-summary';
import type { OrderRecord } from '../../../src/domain/order-record';
import { draftFor, orderRecord } from '../../support/builders';

const beans = draftFor({ sku: 'BEAN-HB', name: 'House Blend beans', unitCost: 4.2 });
const milk = draftFor({ sku: 'MILK-WH', name: 'Whole milk', unitCost: 1.1, supplier: 'Dairy Direct' });
const oat = draftFor({ sku: 'MILK-OAT', name: 'Oat milk', unitCost: 1.5, supplier: 'Dairy Direct' });
const order = (d: typeof beans, extra: Partial<OrderRecord>) =>
  orderRecord(d, { status: 'received', supplier: d.supplier, draft_date: extra.order_id, ...extra });
const urgent = (d: typeof beans) => ({ ...d, urgent: true });

const facts = (extra: Partial<MonthFacts> = {}): MonthFacts => ({
  month: '2026-11',
  orders: [],
  drafts: [],
  outOfStock: new Map(),
  countedLines: [],
  recentLines: [],
  names: new Map(),
  ...extra,
});

/** A count line of the bolts rack, as a session opened at `opened_at` left it. */
const line = (opened_at: string, extra: Partial<CountLine> = {}): CountLine & { opened_at: string } => ({
  pk: `SESSION#${opened_at}`,
  sk: 'LINE#BOLT-M6-50',
  session_id: opened_at,
  location: 'Fixings',
  sku: 'BOLT-M6-50',
  name: 'M6 bolts',
  category: null,
  system: 480,
  unit_cost: 0.35,
  inventory_version: 1,
  counted: 480,
  gap_units: 0,
  gap_value: 0,
  state: 'agreement',
  opened_at,
  ...extra,
});
const short = (opened_at: string, units: number, extra: Partial<CountLine> = {}) =>
  line(opened_at, { counted: 480 + units, gap_units: units, gap_value: units * 0.35, state: 'material', ...extra });

describe('the monthly summary', () => {
  it('spend by supplier comes from orders approved in the month; the chart gets six months, month by month', () => {
    const s = monthlySummary(
      facts({
        orders: [
          order(beans, { order_id: '2026-11-09', qty: 120, decided_at: '2026-11-09T09:00:00Z' }),
          order(milk, { order_id: '2026-11-10', qty: 48, decided_at: '2026-11-10T09:00:00Z', status: 'on-order' }),
          order(milk, { order_id: '2026-11-20', qty: 24, decided_at: '2026-11-20T09:00:00Z', status: 'approved' }),
          order(beans, { order_id: '2026-10-12', qty: 60, decided_at: '2026-10-12T09:00:00Z' }),
          order(beans, { order_id: '2026-05-04', qty: 12, decided_at: '2026-05-04T09:00:00Z' }),
          // Skipped and still-pending drafts are not spend.
          order(beans, { order_id: '2026-11-24', qty: 120, decided_at: '2026-11-24T09:00:00Z', status: 'skipped' }),
          order(milk, { order_id: '2026-11-30', qty: 48, status: 'pending' }),
        ],
      }),
    );
    expect(s.spend).toEqual([
      { supplier: 'Bayside Roasters', orders: 1, total: 504 },
      { supplier: 'Dairy Direct', orders: 2, total: 79.2 },
    ]);
    expect(s.spendTotal).toBe(583.2);
    // June to November: May is outside the chart.
    expect(s.spendHistory).toEqual(
      expect.arrayContaining([
        { month: '2026-11', supplier: 'Bayside Roasters', amount: 504 },
        { month: '2026-11', supplier: 'Dairy Direct', amount: 79.2 },
        { month: '2026-10', supplier: 'Bayside Roasters', amount: 252 },
      ]),
    );
    expect(s.spendHistory).toHaveLength(3);
  });

  it('urgent items once each; a stockout is avoided when the urgent order arrived before a morning at zero', () => {
    const oos = new Map([
      ['2026-11-17', [{ sku: 'MILK-OAT', location: 'main' }]],
      ['2026-11-18', [{ sku: 'MILK-OAT', location: 'main' }]],
      ['2026-10-30', [{ sku: 'MILK-OAT', location: 'main' }]],
    ]);
    const orders = [
      // Whole milk: urgent twice, both in time (one stockout avoided, not two).
      order(urgent(milk), { order_id: '2026-11-02', draft: urgent(milk), received_at: '2026-11-04T10:00:00Z' }),
      order(urgent(milk), { order_id: '2026-11-20', draft: urgent(milk), received_at: '2026-11-22T10:00:00Z' }),
      // Oat milk: urgent on the 16th, ran out on the 17th, delivered on the 19th: not avoided.
      order(urgent(oat), { order_id: '2026-11-16', draft: urgent(oat), received_at: '2026-11-19T10:00:00Z' }),
      // Beans: urgent but still on order: nothing to claim yet.
      order(urgent(beans), { order_id: '2026-11-25', draft: urgent(beans), status: 'on-order' }),
    ];
    const s = monthlySummary(facts({ orders, drafts: orders, outOfStock: oos }));
    expect(s.urgent.map((u) => u.name)).toEqual(['House Blend beans', 'Oat milk', 'Whole milk']);
    expect(s.stockoutsAvoided).toEqual([{ sku: 'MILK-WH', location: 'main', name: 'Whole milk' }]);
  });

  it('days out of stock per item, from the mornings of the month only, most first', () => {
    const s = monthlySummary(
      facts({
        outOfStock: new Map([
          ['2026-10-31', [{ sku: 'MILK-OAT', location: 'main' }]],
          [
            '2026-11-17',
            [
              { sku: 'MILK-OAT', location: 'main' },
              { sku: 'CUP-12', location: 'main' },
            ],
          ],
          ['2026-11-18', [{ sku: 'MILK-OAT', location: 'main' }]],
        ]),
        names: new Map([['main#MILK-OAT', 'Oat milk']]),
      }),
    );
    expect(s.daysOutOfStock).toEqual([
      { sku: 'MILK-OAT', location: 'main', name: 'Oat milk', days: 2 },
      // An item the sheet no longer names is shown by its SKU.
      { sku: 'CUP-12', location: 'main', name: 'CUP-12', days: 1 },
    ]);
  });

  it('counts: lines counted, material variances by cause with their net value, and the value caught by approvals', () => {
    const s = monthlySummary(
      facts({
        countedLines: [
          short('2026-11-02', -48, { cause: 'shrinkage', variance_status: 'approved' }),
          short('2026-11-02', 20, { sku: 'NUT-M6', cause: 'receiving_error', variance_status: 'approved' }),
          short('2026-11-02', -10, { sku: 'WASHER', cause: 'shrinkage', variance_status: 'rejected' }),
          short('2026-11-02', -5, { sku: 'HOOK', variance_status: 'queued' }),
          line('2026-11-02', { sku: 'SCREW' }),
          // Not counted: not a line counted.
          line('2026-11-02', { sku: 'RAWPLUG', counted: null, kind: 'not_counted', state: null, gap_units: null, gap_value: null }),
        ],
      }),
    );
    expect(s.linesCounted).toBe(5);
    expect(s.variancesByCause).toEqual([
      { cause: 'shrinkage', count: 2, value: -20.3 },
      { cause: 'receiving_error', count: 1, value: 7 },
      { cause: 'unknown', count: 1, value: -1.75 },
    ]);
    // |−16.80| + |+7.00|: a correction either way is stock the sheet had wrong.
    expect(s.valueCaught).toBe(23.8);
  });

  it('a SKU short in 3 of its last 4 counts keeps coming back short; an older count does not count', () => {
    const s = monthlySummary(
      facts({
        recentLines: [
          short('2026-11-23T10:00:00Z', -6),
          short('2026-11-02T10:00:00Z', -48),
          line('2026-10-19T10:00:00Z'),
          short('2026-10-05T10:00:00Z', -10),
          // Washers: short twice in four, then short long ago.
          short('2026-11-23T10:00:00Z', -1, { sku: 'WASHER' }),
          line('2026-11-02T10:00:00Z', { sku: 'WASHER' }),
          line('2026-10-19T10:00:00Z', { sku: 'WASHER' }),
          short('2026-10-05T10:00:00Z', -3, { sku: 'WASHER' }),
          short('2026-09-07T10:00:00Z', -3, { sku: 'WASHER' }),
          // Hooks: short in both of only two counts: too few to call a pattern.
          short('2026-11-23T10:00:00Z', -2, { sku: 'HOOK' }),
          short('2026-11-02T10:00:00Z', -2, { sku: 'HOOK' }),
        ],
        names: new Map([['Fixings#BOLT-M6-50', 'M6 bolts']]),
      }),
    );
    expect(s.repeatShort).toEqual([{ sku: 'BOLT-M6-50', location: 'Fixings', name: 'M6 bolts', short: 3, of: 4 }]);
  });

  it('the summary is of the month before, and its chart covers six months', () => {
    expect(previousMonth('2026-01-05')).toBe('2025-12');
    expect(sixMonths('2026-02')).toEqual(['2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02']);
  });
});

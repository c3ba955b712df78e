import type { OrderRecord } from '../../../src/domain/order-record';
import { SKIP_STREAK, weeklyDigest, type DigestFacts } from '../../../src/domain/weekly-digest';
import { draftFor, orderRecord } from '../../support/builders';

// The week of Monday 23 to Sunday 29 November 2026, read on the Sunday.
const WEEK = { from: '2026-11-23', to: '2026-11-29', today: '2026-11-29' };
const quietFacts = (extra: Partial<DigestFacts> = {}): DigestFacts => ({
  ...WEEK,
  orders: [],
  skipHistories: [],
  watch: [],
  fallback: [],
  rateGaps: [],
  variances: [],
  tillParked: [],
  inboxWaiting: [],
  ...extra,
});

const beans = draftFor({ sku: 'BEAN-HB', name: 'House Blend beans', unitCost: 4.2 });
const milk = draftFor({ sku: 'MILK-WH', name: 'Whole milk 2L', unitCost: 1.1, supplier: 'Dairy Direct' });
const cups = draftFor({ sku: 'CUP-12', name: 'Cups 12oz', unitCost: null, supplier: 'Acme Wholesale' });
const placed = (d: typeof beans, extra: Partial<OrderRecord>) => orderRecord(d, { status: 'on-order', supplier: d.supplier, ...extra });

describe('the weekly digest', () => {
  it('sums the week’s orders by supplier, most spent first, with a grand total; an unpriced order is counted, not summed', () => {
    const d = weeklyDigest(
      quietFacts({
        orders: [
          placed(beans, { order_id: '2026-11-24', qty: 120, decided_at: '2026-11-24T09:00:00Z', po_number: 'PO-000001' }),
          placed(beans, {
            order_id: '2026-11-27',
            qty: 24,
            decided_at: '2026-11-27T09:00:00Z',
            po_number: 'PO-000004',
            status: 'received',
          }),
          placed(milk, { order_id: '2026-11-25', qty: 48, decided_at: '2026-11-25T09:00:00Z', po_number: 'PO-000002' }),
          placed(cups, { order_id: '2026-11-26', qty: 500, decided_at: '2026-11-26T09:00:00Z', status: 'approved' }),
          // Last week's order, a skipped draft and one still waiting are not this week's spend.
          placed(beans, { order_id: '2026-11-17', qty: 60, decided_at: '2026-11-17T09:00:00Z', status: 'received' }),
          placed(milk, { order_id: '2026-11-28', qty: 48, decided_at: '2026-11-28T09:00:00Z', status: 'skipped' }),
          placed(milk, { order_id: '2026-11-29', qty: 48, status: 'pending' }),
        ],
      }),
    );
    expect(d.placed).toEqual([
      {
        supplier: 'Bayside Roasters',
        orders: 2,
        total: 604.8,
        unpriced: 0,
        placed: [
          { po: 'PO-000001', sku: 'BEAN-HB', name: 'House Blend beans', qty: 120, total: 504 },
          { po: 'PO-000004', sku: 'BEAN-HB', name: 'House Blend beans', qty: 24, total: 100.8 },
        ],
      },
      {
        supplier: 'Dairy Direct',
        orders: 1,
        total: 52.8,
        unpriced: 0,
        placed: [{ po: 'PO-000002', sku: 'MILK-WH', name: 'Whole milk 2L', qty: 48, total: 52.8 }],
      },
      {
        supplier: 'Acme Wholesale',
        orders: 1,
        total: 0,
        unpriced: 1,
        placed: [{ po: '2026-11-26', sku: 'CUP-12', name: 'Cups 12oz', qty: 500, total: null }],
      },
    ]);
    expect(d.placedTotal).toBe(657.6);
    expect(d.quiet).toBe(false);
  });

  it(`lists an item skipped ${SKIP_STREAK} or more times in a row; an approval breaks the streak, a waiting or expired draft does not`, () => {
    const s = (status: OrderRecord['status']) => ({ status });
    const d = weeklyDigest(
      quietFacts({
        skipHistories: [
          {
            itemKey: 'main#NAP-WH',
            name: 'Napkins',
            orders: [s('skipped'), s('pending'), s('skipped'), s('expired'), s('skipped'), s('skipped')],
          },
          { itemKey: 'main#LID-12', name: 'Lids', orders: [s('skipped'), s('skipped'), s('skipped'), s('received'), s('skipped')] },
          { itemKey: 'Back room#STRAW', name: 'Straws', orders: [...Array(6)].map(() => s('skipped')) },
        ],
      }),
    );
    expect(d.skipStreaks).toEqual([
      { itemKey: 'Back room#STRAW', sku: 'STRAW', location: 'Back room', name: 'Straws', skips: 6 },
      { itemKey: 'main#NAP-WH', sku: 'NAP-WH', location: 'main', name: 'Napkins', skips: 4 },
    ]);
  });

  it('an order on order past its expected date is overdue, with the days late; most overdue first; one received is not', () => {
    const d = weeklyDigest(
      quietFacts({
        orders: [
          placed(beans, { order_id: '2026-11-20', po_number: 'PO-000001', expected_date: '2026-11-27' }),
          placed(milk, { order_id: '2026-11-18', po_number: 'PO-000002', expected_date: '2026-11-23', status: 'partly-received' }),
          placed(cups, { order_id: '2026-11-19', po_number: 'PO-000003', expected_date: '2026-11-24', status: 'received' }),
          // Due today is not late yet.
          placed(beans, { order_id: '2026-11-24', po_number: 'PO-000005', expected_date: '2026-11-29' }),
        ],
      }),
    );
    expect(d.overdue).toEqual([
      { po: 'PO-000002', supplier: 'Dairy Direct', sku: 'MILK-WH', name: 'Whole milk 2L', expected: '2026-11-23', daysLate: 6 },
      { po: 'PO-000001', supplier: 'Bayside Roasters', sku: 'BEAN-HB', name: 'House Blend beans', expected: '2026-11-27', daysLate: 2 },
    ]);
    expect(d.quiet).toBe(false);
  });

  it("a variance's age is counted in the shop's calendar days, longest waiting first", () => {
    const variance = (sku: string, since: string) => ({ sku, name: sku, location: 'Fixings', gapValue: -1, since, link: null });
    const facts = quietFacts({
      variances: [variance('LATE-EVENING', '2026-11-24T23:30:00Z'), variance('OLDER', '2026-11-20T10:00:00Z'), variance('NO-DATE', '')],
    });
    expect(weeklyDigest({ ...facts, timezone: 'Europe/London' }).variances.map((v) => [v.sku, v.ageDays])).toEqual([
      ['OLDER', 9],
      ['LATE-EVENING', 5],
      ['NO-DATE', 0],
    ]);
    // 23:30 UTC on the 24th is already the 25th in Auckland: a day younger there.
    expect(weeklyDigest({ ...facts, timezone: 'Pacific/Auckland' }).variances.map((v) => [v.sku, v.ageDays])[1]).toEqual([
      'LATE-EVENING',
      4,
    ]);
  });

  it('is quiet only when nothing at all happened or waits', () => {
    expect(weeklyDigest(quietFacts()).quiet).toBe(true);
    // Last week's order and a skipped draft alone leave this week quiet.
    expect(
      weeklyDigest(
        quietFacts({
          orders: [
            placed(beans, { order_id: '2026-11-17', decided_at: '2026-11-17T09:00:00Z', status: 'received' }),
            placed(milk, { order_id: '2026-11-24', decided_at: '2026-11-24T09:00:00Z', status: 'skipped' }),
          ],
        }),
      ).quiet,
    ).toBe(true);
    const one: Partial<DigestFacts>[] = [
      { watch: [{ sku: 'SYR-VAN', name: 'Vanilla syrup', location: 'main', onHand: 14, reorderPoint: 12 }] },
      { fallback: [{ sku: 'TEA-EB', name: 'Breakfast tea', location: 'main', supplier: 'Acme Wholesale' }] },
      { rateGaps: [{ sku: 'BEAN-HB', name: 'House Blend beans', location: 'main', sheet: 8, till: 10.5, days: 28 }] },
      { tillParked: [{ code: 'GIFT-CARD', qty: 1, reason: 'not a SKU' }] },
      { inboxWaiting: [{ from: 'sam@shop.example', subject: 'Fridge count', rows: 3, link: null }] },
      { variances: [{ sku: 'BOLT', name: 'Bolts', location: 'Fixings', gapValue: null, since: '2026-11-24T10:00:00Z', link: null }] },
    ];
    for (const extra of one) expect(weeklyDigest(quietFacts(extra)).quiet).toBe(false);
  });
});

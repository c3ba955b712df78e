import type { DraftOrder } from '../../../src/domain/draft-order';
import type { StockItem } from '../../../src/domain/types';
import { appHomeView, shareRows, type AppHomeData } from '../../../views/app-home';
import { blockKitProblems } from '../../support/block-kit-limits';
import { book, draftFor, orderRecord, supplier } from '../../support/builders';

const suppliers = book(supplier());
const NOW = new Date('2026-11-25T09:30:00Z');

const draft = (overrides: Partial<StockItem> = {}, urgent = false): DraftOrder => draftFor(overrides, { urgent, suppliers });

const record = orderRecord;

const home = (data: Partial<AppHomeData>) =>
  appHomeView({ watch: [], pending: [], onOrder: [], currency: 'GBP', timezone: 'Europe/London', now: NOW, ...data }) as Record<
    string,
    any
  >;
const texts = (view: Record<string, any>): string[] =>
  view.blocks.flatMap((b: Record<string, any>) =>
    b.text
      ? [b.text.text]
      : b.elements
        ? b.elements.map((e: Record<string, any>) => e.text).filter((t: unknown) => typeof t === 'string')
        : [],
  );
/** Every button's action id, in order. */
const actions = (view: Record<string, any>): string[] =>
  view.blocks.flatMap((b: Record<string, any>) => [
    ...(b.accessory?.action_id ? [b.accessory.action_id] : []),
    ...(b.type === 'actions' ? b.elements.map((e: Record<string, any>) => e.action_id) : []),
  ]);
const INTRO =
  "*stockbot keeps your stock honest.* Every business morning it checks each item and drafts purchase orders for the owner to approve; counts are reconciled against the stock sheet for each location's manager to sign off. Nothing is ordered or adjusted without a tap.";

describe('App Home', () => {
  it('is a home view with friendly empty states', () => {
    const view = home({});
    expect(view.type).toBe('home');
    expect(texts(view)).toEqual([
      INTRO,
      'Updated 09:30 on 25 Nov',
      'Drafts waiting for you',
      'Nothing waiting — every item is stocked or on order.',
      'Variances waiting for your sign-off',
      'No count variance waits for you.',
      'On order',
      'Nothing on order right now.',
      'Counts open',
      'No counts open. Type `/count` in any channel to start one.',
      'On watch',
      'Nothing on watch — every item is comfortably above its reorder point.',
    ]);
    expect(blockKitProblems({ kind: 'home', view })).toEqual([]);
  });

  it('lists drafts waiting, urgent first, with the order line and cover left', () => {
    const calm = record(draft({ sku: 'MILK', name: 'Oat milk', targetLevel: 178 }));
    const urgent = record(draft({ onHand: 16, targetLevel: 160 }, true));
    const view = home({ pending: [calm, urgent] });
    const t = texts(view);
    expect(t[2]).toBe('Drafts waiting for you (2)');
    expect(t[3]).toBe(
      ':rotating_light: *Urgent* · *House Blend beans* (BEAN-HB, main)\n144 × £4.20 = £604.80 from Bayside Roasters · drafted 23 Nov · ' +
        '~2 days of cover left',
    );
    expect(t[4]).toBe('*Oat milk* (MILK, main)\n120 × £4.20 = £504.00 from Bayside Roasters · drafted 23 Nov');
    // Each draft can be decided here as in its DM; the home also opens a count.
    expect(actions(view)).toEqual(['count.open', 'po.approve', 'po.edit', 'po.skip', 'po.approve', 'po.edit', 'po.skip']);
    expect(blockKitProblems({ kind: 'home', view })).toEqual([]);
  });

  it('lists orders on order with PO number, supplier and expected date, the soonest first', () => {
    const d = draft({ targetLevel: 178 });
    const later = record(d, { status: 'on-order', po_number: 'PO-000002', expected_date: '2026-11-30' });
    const today = record(d, { status: 'on-order', po_number: 'PO-000003', expected_date: '2026-11-25' });
    const late = record(d, { status: 'on-order', po_number: 'PO-000001', expected_date: '2026-11-20' });
    const t = texts(home({ onOrder: [later, today, late] }));
    const i = t.indexOf('On order (3)');
    expect(t.slice(i + 1, i + 4)).toEqual([
      '*House Blend beans* (BEAN-HB, main)\nPO-000001: 120 from Bayside Roasters · :warning: overdue, expected 20 Nov',
      '*House Blend beans* (BEAN-HB, main)\nPO-000003: 120 from Bayside Roasters · expected today',
      '*House Blend beans* (BEAN-HB, main)\nPO-000002: 120 from Bayside Roasters · expected 30 Nov',
    ]);
  });

  it('lists items on watch, closest to the reorder point first', () => {
    const t = texts(
      home({
        watch: [
          { sku: 'CUPS', name: 'Cups', location: 'main', onHand: 70, reorderPoint: 65 },
          { sku: 'BEAN-HB', name: 'House Blend beans', location: 'main', onHand: 64, reorderPoint: 60 },
        ],
      }),
    );
    expect(t.slice(-3)).toEqual([
      'On watch (2)',
      '*House Blend beans* (BEAN-HB, main): 64 on hand, reorder point 60',
      '*Cups* (CUPS, main): 70 on hand, reorder point 65',
    ]);
  });

  it('escapes user text', () => {
    const view = home({
      pending: [record(draft({ name: 'Nuts & <bolts>', targetLevel: 178 }))],
      watch: [{ sku: '<S>', name: 'A&B', location: 'main', onHand: 1, reorderPoint: 1 }],
    });
    const json = JSON.stringify(view);
    expect(json).toContain('Nuts &amp; &lt;bolts&gt;');
    expect(json).toContain('*A&amp;B* (&lt;S&gt;, main)');
    expect(json).not.toMatch(/<bolts>|<S>/);
  });

  it('2,000 pending drafts (and long lists elsewhere) stay within 100 blocks, saying how many are left out', () => {
    const pending = Array.from({ length: 2000 }, (_, i) =>
      record(draft({ sku: `SKU-${i}`, name: `${'&'.repeat(300)} ${i}`, location: 'L'.repeat(300), targetLevel: 178 }, i % 7 === 0)),
    );
    const onOrder = Array.from({ length: 300 }, (_, i) =>
      record(draft({ sku: `O-${i}` }), { status: 'on-order', po_number: `PO-${i}`, expected_date: '2026-12-01' }),
    );
    const watch = Array.from({ length: 150 }, (_, i) => ({
      sku: `W-${i}`,
      name: '<'.repeat(500),
      location: 'main',
      onHand: 10 + i,
      reorderPoint: 10,
    }));
    const view = home({ pending, onOrder, watch });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(blockKitProblems({ kind: 'home', view })).toEqual([]);

    const t = texts(view);
    const shownDrafts = t.filter((x) => x.includes('drafted 23 Nov')).length;
    const more = t.find((x) => x.startsWith('…and') && x.includes('more draft'))!;
    expect(more).toBe(
      `…and ${(2000 - shownDrafts).toLocaleString('en-GB')} more drafts: each one is in your DMs with Approve / Edit / Skip.`,
    );
    // Urgent drafts come first, so a cut never hides one while a calm one shows (286 of the 2,000 are urgent).
    expect(t.filter((x) => x.includes('drafted 23 Nov')).every((x) => x.startsWith(':rotating_light:'))).toBe(true);
    expect(t).toContain('Drafts waiting for you (2,000)');
    expect(t.some((x) => /^…and \d+ more orders on the way\.$/.test(x))).toBe(true);
    expect(t.some((x) => /^…and \d+ more items close to the reorder point\.$/.test(x))).toBe(true);
  });

  it('a long list alone gets the room the others do not need', () => {
    const pending = Array.from({ length: 2000 }, (_, i) => record(draft({ sku: `SKU-${i}`, targetLevel: 178 })));
    const view = home({ pending });
    expect(view.blocks.length).toBeGreaterThanOrEqual(99);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(blockKitProblems({ kind: 'home', view })).toEqual([]);
    // Two blocks a draft (the line and its buttons): 41 of the 2,000 fit.
    const shown = texts(view).filter((x) => x.includes('drafted 23 Nov')).length;
    expect(shown).toBe(41);
    expect(texts(view)).toContain(
      `…and ${(2000 - shown).toLocaleString('en-GB')} more drafts: each one is in your DMs with Approve / Edit / Skip.`,
    );
  });

  it('shows the counts open and the variances waiting for this approver, held ones flagged', () => {
    const meta = {
      pk: 'SESSION#FIXINGS-1',
      sk: 'META' as const,
      session_id: 'FIXINGS-1',
      location: 'Fixings',
      counter: 'U0SAM',
      opened_by: 'U0SAM',
      scope: null,
      opened_at: '2026-11-25T08:00:00Z',
      session_status: 'captured' as const,
      snapshot_version: 1,
      channel: 'C0FIX',
      ts: '1.1',
    };
    const line = {
      pk: meta.pk,
      sk: 'LINE#BOLT-M6-50',
      session_id: meta.session_id,
      location: 'Fixings',
      sku: 'BOLT-M6-50',
      name: 'M6 bolts',
      category: null,
      system: 480,
      unit_cost: 0.35,
      inventory_version: 1,
      counted: 432,
      state: 'material' as const,
      gap_value: -16.8,
      cause: 'shrinkage',
      variance_status: 'held' as const,
    };
    const view = home({ counts: [{ meta, waiting: 1 }], variances: [line] });
    const t = texts(view);
    expect(t).toContain('Variances waiting for your sign-off (1)');
    expect(t).toContain(
      '*M6 bolts* (BOLT-M6-50, Fixings): counted 432 vs 480, −£16.80 · Shrinkage · :warning: stock moved since the count: choose on the ' +
        'card',
    );
    expect(t).toContain('*Fixings*: count FIXINGS-1 in <#C0FIX>, captured, opened 08:00 on 25 Nov · 1 variance waiting');
    expect(blockKitProblems({ kind: 'home', view })).toEqual([]);
  });

  it('lists that fit are shown whole', () => {
    const pending = Array.from({ length: 20 }, (_, i) => record(draft({ sku: `SKU-${i}`, targetLevel: 178 })));
    const onOrder = Array.from({ length: 40 }, (_, i) => record(draft({ sku: `O-${i}` }), { status: 'on-order' }));
    const view = home({ pending, onOrder, watch: [{ sku: 'W', name: 'W', location: 'main', onHand: 1, reorderPoint: 1 }] });
    expect(JSON.stringify(view)).not.toContain('…and');
    expect(blockKitProblems({ kind: 'home', view })).toEqual([]);
  });
});

describe('shareRows', () => {
  it.each([
    [[5, 5, 5], 91, [5, 5, 5]],
    [[2000, 0, 0], 91, [91, 0, 0]],
    [[2000, 300, 150], 91, [31, 30, 30]],
    [[2000, 10, 150], 91, [41, 10, 40]],
    [[1, 1, 1], 2, [1, 1, 0]],
    [[3, 3], 0, [0, 0]],
  ])('%j in %i → %j', (sizes, capacity, shown) => {
    const got = shareRows(sizes, capacity);
    expect(got).toEqual(shown);
    expect(got.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(capacity);
  });

  it('orders on order carry Mark received for the owner, overdue first; others see the list without it', () => {
    const d = draft({ targetLevel: 178 });
    const late = record(d, { status: 'on-order', po_number: 'PO-000001', expected_date: '2026-11-20' });
    const part = record(d, { status: 'partly-received', po_number: 'PO-000002', expected_date: '2026-11-27', received_qty: 60 });
    const view = home({ onOrder: [part, late] });
    const t = texts(view);
    const first = t.findIndex((x) => x.includes('PO-000001'));
    expect(first).toBeLessThan(t.findIndex((x) => x.includes('PO-000002')));
    expect(t[first]).toContain(':warning: overdue, expected 20 Nov');
    expect(t.find((x) => x.includes('PO-000002'))).toContain('60 received so far');
    expect(actions(view).filter((a) => a === 'po.mark-received')).toHaveLength(2);
    expect(actions(home({ onOrder: [late], isOwner: false })).filter((a) => a === 'po.mark-received')).toEqual([]);
    expect(blockKitProblems({ kind: 'home', view })).toEqual([]);
  });
});

import { sessionPk, lineSk, type CountLine, type SessionMeta } from '../../src/store/counts';
import type { Store } from '../../src/store/open-store';
import { item } from '../support/builders';
import { testStore } from '../support/store';

const OPENED = new Date('2026-11-23T09:00:00Z');
const LATER = new Date('2026-11-23T11:00:00Z');
const BOLT = item({
  sku: 'BOLT-M6-50',
  name: 'M6 x 50 bolts',
  location: 'Fixings',
  category: 'fixings',
  onHand: 480,
  unitCost: 0.35,
  packSize: 100,
});

let store: Store;
beforeEach(async () => {
  store = await testStore();
});
afterEach(async () => store.close());

function meta(id: string, location = 'Fixings'): SessionMeta {
  return {
    pk: sessionPk(id),
    sk: 'META',
    session_id: id,
    location,
    counter: 'U0SAM',
    opened_by: 'U0SAM',
    scope: null,
    opened_at: OPENED.toISOString(),
    session_status: 'open',
    snapshot_version: 1,
  };
}

function line(id: string, counted: number): CountLine {
  return {
    pk: sessionPk(id),
    sk: lineSk('BOLT-M6-50'),
    session_id: id,
    location: 'Fixings',
    sku: 'BOLT-M6-50',
    name: 'M6 x 50 bolts',
    category: 'fixings',
    system: 480,
    unit_cost: 0.35,
    inventory_version: 1,
    counted,
    kind: 'matched',
    state: 'material',
    gap_units: counted - 480,
    variance_status: 'queued',
  };
}

describe('inventory mirrored from the stock sheet', () => {
  it('adds rows with a ledger entry, leaves unchanged rows alone, and takes sheet edits as sheet movements', async () => {
    expect(await store.inventory.syncFromSheet([BOLT], OPENED)).toEqual({ added: 1, changes: [], moved: 0, updated: 0 });
    expect(await store.inventory.syncFromSheet([BOLT], OPENED)).toEqual({ added: 0, changes: [], moved: 0, updated: 0 });
    expect(await store.inventory.syncFromSheet([{ ...BOLT, onHand: 470 }], LATER)).toEqual({
      added: 0,
      changes: [{ location: 'Fixings', sku: 'BOLT-M6-50', before: 480, after: 470 }],
      moved: 1,
      updated: 0,
    });
    expect(await store.inventory.get('Fixings', 'BOLT-M6-50')).toMatchObject({
      quantity: 470,
      sheet_on_hand: 470,
      version: 2,
      name: 'M6 x 50 bolts',
    });
    const ledger = await store.inventory.movementsSince('Fixings', 'BOLT-M6-50', '2026-01-01');
    expect(ledger.map((m) => [m.source, m.delta, m.quantity_after])).toEqual([
      ['sheet', 480, 480],
      ['sheet', -10, 470],
    ]);
  });

  it('an approved count the sheet has not caught up with is not undone by the next sync', async () => {
    await store.inventory.syncFromSheet([BOLT], OPENED);
    await store.inventory.setQuantity('Fixings', 'BOLT-M6-50', 432, 'count', 'U0PRIYA', LATER);
    await store.inventory.syncFromSheet([BOLT], LATER);
    expect((await store.inventory.get('Fixings', 'BOLT-M6-50'))?.quantity).toBe(432);
  });
});

describe('count sessions', () => {
  it('one open session per location: a second open points to the first', async () => {
    expect(await store.counts.open(meta('S1'), [line('S1', 432)])).toEqual({ opened: true, sessionId: 'S1' });
    expect(await store.counts.open(meta('S2'), [line('S2', 432)])).toEqual({ opened: false, sessionId: 'S1' });
    expect(await store.counts.meta('S2')).toBeNull();
    expect((await store.counts.listActive()).map((s) => s.session_id)).toEqual(['S1']);
    await store.counts.close('S1', 'Fixings', LATER);
    expect(await store.counts.open(meta('S3'), [])).toEqual({ opened: true, sessionId: 'S3' });
  });

  it('finds a session by its thread', async () => {
    await store.counts.open(meta('S1'), []);
    await store.counts.setThread('S1', 'C0FIX', '1700000000.000100');
    expect((await store.counts.byThread('C0FIX', '1700000000.000100'))?.session_id).toBe('S1');
    expect(await store.counts.byThread('C0FIX', '1.0')).toBeNull();
  });
});

describe('posting an approved variance (stock-poster write)', () => {
  const post = (l: CountLine) =>
    store.counts.postAdjustment({
      line: l,
      expected: 480,
      after: 432,
      by: 'U0PRIYA',
      now: LATER,
      cause: 'miscount',
      detail: '432 − 480 = −48',
    });

  it('20 parallel approvals of one variance post exactly one adjustment', async () => {
    await store.inventory.syncFromSheet([BOLT], OPENED);
    await store.counts.open(meta('S1'), [line('S1', 432)]);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => post(line('S1', 432))));
    expect(outcomes.filter((o) => o.kind === 'posted')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'already-decided')).toHaveLength(19);
    expect(await store.inventory.get('Fixings', 'BOLT-M6-50')).toMatchObject({ quantity: 432, version: 2 });
    const ledger = await store.inventory.movementsSince('Fixings', 'BOLT-M6-50', '2026-01-01');
    expect(ledger.filter((m) => m.source === 'count').map((m) => [m.delta, m.quantity_after, m.ref])).toEqual([[-48, 432, 'S1']]);
    expect((await store.audit.forSubject('Fixings#BOLT-M6-50')).map((a) => a.action)).toEqual(['count-adjusted']);
    expect((await store.counts.line('S1', 'BOLT-M6-50'))?.variance_status).toBe('approved');
  });

  it('a quantity that moved since the snapshot holds the post and changes no stock', async () => {
    await store.inventory.syncFromSheet([BOLT], OPENED);
    await store.counts.open(meta('S1'), [line('S1', 432)]);
    await store.inventory.setQuantity('Fixings', 'BOLT-M6-50', 470, 'sale', 'pos', LATER);
    const outcome = await post(line('S1', 432));
    expect(outcome).toMatchObject({ kind: 'held', current: 470 });
    expect((await store.inventory.get('Fixings', 'BOLT-M6-50'))?.quantity).toBe(470);
    expect(await store.counts.line('S1', 'BOLT-M6-50')).toMatchObject({ variance_status: 'held', held_quantity: 470 });
  });

  it('reject records the decision once and leaves stock alone', async () => {
    await store.inventory.syncFromSheet([BOLT], OPENED);
    await store.counts.open(meta('S1'), [line('S1', 432)]);
    expect(await store.counts.decide(line('S1', 432), 'rejected', 'U0PRIYA', LATER, 'recount')).toMatchObject({
      variance_status: 'rejected',
    });
    expect(await store.counts.decide(line('S1', 432), 'rejected', 'U0PRIYA', LATER, 'recount')).toBeNull();
    expect((await post(line('S1', 432))).kind).toBe('already-decided');
    expect((await store.inventory.get('Fixings', 'BOLT-M6-50'))?.quantity).toBe(480);
  });
});

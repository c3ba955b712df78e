import { reconcile, type SystemLine } from '../../../src/domain/reconcile';

const M = { units: 2, percent: 0.01, value: 20 };
const SNAPSHOT: SystemLine[] = [
  { sku: 'BOLT-M6-50', name: 'M6 bolts', system: 480, unitCost: 0.35 },
  { sku: 'NUT-M6', name: 'M6 nuts', system: 900, unitCost: 0.05 },
  { sku: 'DRILL-18V', name: '18V drill', system: 4, unitCost: 45 },
];
const run = (counts: [string, number][], snapshot = SNAPSHOT, unlisted = new Map()) =>
  reconcile({ location: 'Fixings', snapshot, counts: new Map(counts), unlisted, materiality: M, currency: 'GBP' });

describe('the join against the snapshot', () => {
  it('counted and in the system: the gap and its state', () => {
    const [bolts, drill, nuts] = run([
      ['BOLT-M6-50', 432],
      ['NUT-M6', 899],
      ['DRILL-18V', 2],
    ]);
    expect(bolts).toMatchObject({
      sku: 'BOLT-M6-50',
      kind: 'matched',
      counted: 432,
      system: 480,
      gap: { units: -48, pct: -0.1, value: -16.8 },
      state: 'material',
    });
    expect(bolts?.arithmetic).toBe('432 − 480 = −48 (−10%, −£16.80) > 2 units and 1%');
    expect(nuts).toMatchObject({ kind: 'matched', state: 'agreement' });
    expect(drill).toMatchObject({ kind: 'matched', gap: { units: -2, value: -90 }, state: 'material' });
  });

  it('in the system but not counted: listed as not_counted with no numbers, never as a zero', () => {
    const lines = run([['BOLT-M6-50', 480]]);
    expect(lines.find((l) => l.sku === 'DRILL-18V')).toEqual({
      sku: 'DRILL-18V',
      name: '18V drill',
      kind: 'not_counted',
      counted: null,
      system: 4,
      unitCost: 45,
      gap: null,
      state: null,
      arithmetic: null,
    });
  });

  it('counted but not in the system here: material, system 0, valued at the unit cost it has elsewhere', () => {
    const lines = run([['BEAN-HB', 12]], SNAPSHOT, new Map([['BEAN-HB', { name: 'House Blend', unitCost: 4.2 }]]));
    expect(lines.find((l) => l.sku === 'BEAN-HB')).toMatchObject({
      kind: 'not_in_system',
      counted: 12,
      system: 0,
      name: 'House Blend',
      gap: { units: 12, pct: null, value: 50.4 },
      state: 'material',
      arithmetic: '12 counted, none in the system at Fixings: +12 (£50.40)',
    });
  });

  it('even one unit not in the system is material (it is an unrecorded item, not noise)', () => {
    expect(run([['X-1', 1]]).find((l) => l.sku === 'X-1')).toMatchObject({ kind: 'not_in_system', state: 'material', name: 'X-1' });
  });

  it('a confirmed zero is a counted 0 and always material', () => {
    const snapshot = SNAPSHOT.map((s) => (s.sku === 'NUT-M6' ? { ...s, system: 1, confirmedZero: true } : s));
    expect(run([], snapshot).find((l) => l.sku === 'NUT-M6')).toMatchObject({
      counted: 0,
      kind: 'matched',
      state: 'material',
      gap: { units: -1 },
    });
  });

  it('a confirmed zero against a system of 0 is simply in agreement', () => {
    const snapshot = [{ sku: 'Z', name: 'z', system: 0, unitCost: 1, confirmedZero: true }];
    expect(run([], snapshot)[0]).toMatchObject({ counted: 0, state: 'agreement' });
  });

  it('a count that arrives after a confirmed zero wins over it', () => {
    const snapshot = SNAPSHOT.map((s) => (s.sku === 'NUT-M6' ? { ...s, confirmedZero: true } : s));
    expect(run([['NUT-M6', 900]], snapshot).find((l) => l.sku === 'NUT-M6')).toMatchObject({ counted: 900, state: 'agreement' });
  });

  it('SKUs join case-insensitively; lines come out sorted by SKU', () => {
    expect(run([['bolt-m6-50', 480]]).map((l) => [l.sku, l.kind])).toEqual([
      ['BOLT-M6-50', 'matched'],
      ['DRILL-18V', 'not_counted'],
      ['NUT-M6', 'not_counted'],
    ]);
  });
});

import { captureCounts, readQuantity } from '../../../src/domain/count-capture';
import type { CountFile, CountRow } from '../../../src/domain/count-rows';
import { item } from '../../support/builders';

const ITEMS = [
  item({
    sku: 'BOLT-M6-50',
    name: 'M6 bolts',
    location: 'Fixings',
    category: 'fixings',
    packSize: 50,
    unitCost: 0.35,
    aliases: ['5060001234567', 'FT-M650'],
  }),
  item({ sku: 'NUT-M6', name: 'M6 nuts', location: 'Fixings', category: 'fixings', packSize: 100, unitCost: 0.05, aliases: ['FT-N6'] }),
  item({ sku: 'PNT-WH5', name: 'White emulsion', location: 'Fixings', category: 'paint', packSize: null, unitCost: 24, aliases: [] }),
  item({ sku: 'CLN-SPR', name: 'Surface spray', location: 'Fixings', category: 'cleaning', aliases: ['5060000000102'] }),
  item({ sku: 'CLN-SPR', name: 'Surface spray', location: 'main', category: 'cleaning', aliases: ['5060000000102'] }),
  item({ sku: 'BEAN-HB', name: 'House Blend', location: 'main', category: 'coffee', unitCost: 4.2, aliases: ['5012345678900'] }),
  item({ sku: 'MUG-A', location: 'main', aliases: ['DUP-CODE'] }),
  item({ sku: 'MUG-B', location: 'main', aliases: ['DUP-CODE'] }),
];

let n = 1;
const row = (code: string, qty: string | null, extra: Partial<CountRow> = {}): CountRow => ({
  row: ++n,
  code,
  qty,
  unit: '',
  location: '',
  raw: [code, qty].filter((x) => x !== null).join(','),
  ...extra,
});
const scanner = (rows: CountRow[], hasQuantity = true): CountFile => ({ file: 'scan.csv', kind: 'scanner', hasQuantity, rows });
const sheet = (rows: CountRow[]): CountFile => ({ file: 'sheet.xlsx', kind: 'sheet', hasQuantity: true, rows });
const capture = (file: CountFile, scope: string[] | null = null) => captureCounts(file, 'Fixings', ITEMS, scope);

describe('mapping codes to SKUs', () => {
  it('a SKU, a barcode alias and a supplier code all land on the same SKU, summed', () => {
    const c = capture(scanner([row('BOLT-M6-50', '100'), row('5060001234567', '300'), row('ft-m650', '32')]));
    expect(c.counts).toEqual(new Map([['BOLT-M6-50', 432]]));
    expect(c.rows.get('BOLT-M6-50')?.map((r) => r.raw)).toEqual(['BOLT-M6-50,100', '5060001234567,300', 'ft-m650,32']);
    expect(c.parked).toEqual([]);
  });
  it('SKUs match case-insensitively and take the stock sheet spelling', () => {
    expect(capture(scanner([row('nut-m6', '5')])).counts).toEqual(new Map([['NUT-M6', 5]]));
  });
  it('a barcode shared by the same SKU at two locations is that SKU here, not an ambiguity', () => {
    expect(capture(scanner([row('5060000000102', '4')])).counts).toEqual(new Map([['CLN-SPR', 4]]));
  });
  it('a code known nowhere is parked with its reason, never guessed', () => {
    const c = capture(scanner([row('99999', '3')]));
    expect(c.counts.size).toBe(0);
    expect(c.parked).toEqual([
      {
        row: n,
        raw: '99999,3',
        code: '99999',
        qty: '3',
        unit: '',
        reason: expect.stringMatching(/code "99999" is not a SKU, barcode or supplier code/),
      },
    ]);
  });
  it('an alias of two different SKUs is parked as ambiguous', () => {
    const c = captureCounts(scanner([row('DUP-CODE', '1')]), 'main', ITEMS);
    expect(c.parked[0]?.reason).toMatch(/alias of more than one SKU \(MUG-A, MUG-B\)/);
  });
  it('a SKU known only at another location is counted and reported as known elsewhere (not in the system here)', () => {
    const c = capture(scanner([row('5012345678900', '12')]));
    expect(c.counts).toEqual(new Map([['BEAN-HB', 12]]));
    expect([...c.elsewhere.keys()]).toEqual(['BEAN-HB']);
  });
  it('a blank code with a quantity is parked', () => {
    expect(capture(scanner([row('', '4')])).parked[0]?.reason).toBe('no SKU or barcode in the row');
  });
});

describe('quantities', () => {
  it('a scanner export without a quantity column counts one per row', () => {
    const c = capture(scanner([row('FT-N6', null), row('FT-N6', null), row('NUT-M6', null)], false));
    expect(c.counts.get('NUT-M6')).toBe(3);
    expect(c.rescans).toBe(0);
  });
  it('an exact repeat of the previous row (same code, same quantity) is one re-scan, counted once', () => {
    const c = capture(scanner([row('FT-N6', '40'), row('FT-N6', '40'), row('FT-N6', '40')]));
    expect(c.counts.get('NUT-M6')).toBe(40);
    expect(c.rescans).toBe(2);
  });
  it('the same code with another quantity, or the same quantity later on, is a second bin and adds up', () => {
    const c = capture(scanner([row('FT-N6', '40'), row('FT-N6', '41'), row('BOLT-M6-50', '1'), row('FT-N6', '40')]));
    expect(c.counts.get('NUT-M6')).toBe(121);
    expect(c.rescans).toBe(0);
  });
  it('in a count sheet a repeated row is a second bin, not a re-scan', () => {
    const c = capture(sheet([row('NUT-M6', '40'), row('NUT-M6', '40')]));
    expect(c.counts.get('NUT-M6')).toBe(80);
  });
  it('blank means not counted; 0 means counted zero', () => {
    const c = capture(sheet([row('NUT-M6', ''), row('BOLT-M6-50', '0')]));
    expect(c.counts).toEqual(new Map([['BOLT-M6-50', 0]]));
    expect(c.blanks).toBe(1);
    expect(c.parked).toEqual([]);
  });
  it('a blank quantity in a scanner export with quantities is parked, not read as zero or one', () => {
    expect(capture(scanner([row('NUT-M6', '')])).parked[0]?.reason).toMatch(/quantity is blank/);
  });
  it('text and negative quantities are parked', () => {
    const c = capture(scanner([row('NUT-M6', 'twelve'), row('BOLT-M6-50', '-4'), row('PNT-WH5', '4,5')]));
    expect(c.counts.size).toBe(0);
    expect(c.parked.map((p) => p.reason)).toEqual([
      'quantity "twelve" is not a number',
      'quantity "-4" is negative; a count is 0 or more',
      'quantity "4,5" is not a number',
    ]);
  });
  it('thousands separators and decimals are read as written', () => {
    expect(readQuantity('1,200')).toEqual({ qty: 1200 });
    expect(readQuantity('2.5')).toEqual({ qty: 2.5 });
    expect(readQuantity(' 7 ')).toEqual({ qty: 7 });
    expect(readQuantity('')).toEqual({ problem: 'quantity "" is not a number' });
  });
});

describe('cases to eaches', () => {
  it('cases, boxes and packs are multiplied by the pack size', () => {
    const c = capture(
      sheet([
        row('BOLT-M6-50', '4', { unit: 'case' }),
        row('BOLT-M6-50', '2', { unit: 'Box' }),
        row('NUT-M6', '1', { unit: 'packs' }),
        row('NUT-M6', '5', { unit: 'each' }),
      ]),
    );
    expect(c.counts).toEqual(
      new Map([
        ['BOLT-M6-50', 300],
        ['NUT-M6', 105],
      ]),
    );
  });
  it('a case of an item without a pack size is parked', () => {
    expect(capture(sheet([row('PNT-WH5', '2', { unit: 'case' })])).parked[0]?.reason).toMatch(/no pack_size for PNT-WH5/);
  });
  it('an unknown unit is parked', () => {
    expect(capture(sheet([row('NUT-M6', '2', { unit: 'dozen' })])).parked[0]?.reason).toBe('unit "dozen" is not each, case, box or pack');
  });
});

describe('the session’s location and scope', () => {
  it('a sheet row for another location is parked', () => {
    expect(capture(sheet([row('CLN-SPR', '3', { location: 'main' })])).parked[0]?.reason).toMatch(
      /the row is for main, but this count is for Fixings/,
    );
  });
  it('the location cell matches case-insensitively', () => {
    expect(capture(sheet([row('CLN-SPR', '3', { location: 'fixings' })])).counts.get('CLN-SPR')).toBe(3);
  });
  it('an item here outside the count’s categories is parked, not added', () => {
    const c = capture(scanner([row('NUT-M6', '3'), row('PNT-WH5', '1')]), ['Fixings']);
    expect(c.counts).toEqual(new Map([['NUT-M6', 3]]));
    expect(c.parked[0]?.reason).toBe("PNT-WH5 (paint) is not in this count's categories (Fixings)");
  });
  it('every row is accounted for: counted, re-scan, blank or parked', () => {
    const rows = [row('NUT-M6', '3'), row('NUT-M6', '3'), row('X', '1'), row('BOLT-M6-50', 'x')];
    const c = capture(scanner(rows));
    expect(c.linesRead).toBe(4);
    expect(c.rescans + c.parked.length + [...c.rows.values()].flat().length).toBe(4);
  });
});

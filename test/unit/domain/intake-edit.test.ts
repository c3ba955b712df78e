import { parseEditedRows } from '../../../src/domain/intake-edit';

const LIMITS = { maxOnHand: 1_000_000, maxUnitCost: 1_000_000 };

describe("the owner's edit of a proposal, as lines", () => {
  it('reads on hand and cost in either order, with thousands separators and a currency sign; blank lines are skipped', () => {
    expect(
      parseEditedRows('BEAN-HB @ main: on hand 12, cost 4.50\n\nNAP-WH @ Kiosk: cost £3,200.5\nMILK @ main: on hand 1,200', LIMITS),
    ).toEqual({
      ok: true,
      rows: [
        { sku: 'BEAN-HB', location: 'main', onHand: 12, unitCost: 4.5 },
        { sku: 'NAP-WH', location: 'Kiosk', unitCost: 3200.5 },
        { sku: 'MILK', location: 'main', onHand: 1200 },
      ],
    });
  });

  it('a SKU with an @ in it keeps it: the location is after the last @ before the colon', () => {
    expect(parseEditedRows('A@B @ main: on hand 1', LIMITS)).toEqual({ ok: true, rows: [{ sku: 'A@B', location: 'main', onHand: 1 }] });
  });

  it('names the line of every problem: no colon, a fractional or huge on hand, a word, nothing to write, a row given twice', () => {
    const out = parseEditedRows(
      [
        'BEAN-HB main on hand 12',
        'A @ main: on hand 1.5',
        'B @ main: on hand lots',
        'C @ main:',
        'D @ main: on hand 2000000',
        'E @ main: on hand 1',
        'e @ MAIN: cost 2',
      ].join('\n'),
      LIMITS,
    );
    expect(out).toEqual({
      ok: false,
      problems: [
        'line 1: expected "SKU @ location: on hand 12, cost 4.50", got "BEAN-HB main on hand 12"',
        'line 2: expected "on hand <whole number>" or "cost <amount>", got "on hand 1.5"',
        'line 3: expected "on hand <whole number>" or "cost <amount>", got "on hand lots"',
        'line 4: C has no on hand or cost to write',
        'line 5: expected "on hand <whole number>" or "cost <amount>", got "on hand 2000000"',
        'line 7: e @ MAIN is given twice',
      ],
    });
  });
});

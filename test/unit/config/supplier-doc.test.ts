import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSupplierDoc, readSupplierDocFile } from '../../../src/config/supplier-doc';
import type { SupplierBook } from '../../../src/domain/types';
import { problemsOf, problemsOfAsync } from './problems';

const parse = (...lines: string[]): SupplierBook => parseSupplierDoc(lines.join('\n'), 'suppliers.txt');
const problems = (...lines: string[]): string[] => problemsOf(() => parse(...lines));

const ALLOWED = 'allowed: {po_number} {date} {item} {sku} {qty} {unit_cost} {line_total} {note} {supplier}';

/** A supplier doc with every key set, plus a second supplier without a template. */
const DOC = `## Bayside Roasters
email: orders@bayside.example
pack size: 12
minimum order: 24
lead time days: 5
template:
Please supply {qty} x {item} ({sku}) at {unit_cost} each, total {line_total}.
PO {po_number}. {note}
Deliver to 1 High St. Account 4471.

## Acme Wholesale
email: po@acme.example
`;

const BOOK: SupplierBook = {
  'bayside roasters': {
    name: 'Bayside Roasters',
    email: 'orders@bayside.example',
    packSize: 12,
    minimumOrder: 24,
    leadTimeDays: 5,
    template: [
      'Please supply {qty} x {item} ({sku}) at {unit_cost} each, total {line_total}.',
      'PO {po_number}. {note}',
      'Deliver to 1 High St. Account 4471.',
    ].join('\n'),
  },
  'acme wholesale': {
    name: 'Acme Wholesale',
    email: 'po@acme.example',
    packSize: null,
    minimumOrder: null,
    leadTimeDays: null,
    template: null,
  },
};

describe('parseSupplierDoc: good docs', () => {
  it('reads each section, keyed by the lower-cased supplier name', () => {
    expect(parseSupplierDoc(DOC, 'suppliers.txt')).toEqual(BOOK);
  });

  it('an empty doc, or one with only comments, has no suppliers', () => {
    expect(parseSupplierDoc('', 'suppliers.txt')).toEqual({});
    expect(parse('# Suppliers', '', '# one section each')).toEqual({});
  });

  it('every key is optional, and keys are matched case-insensitively with spaces, underscores and dashes alike', () => {
    expect(
      parse(
        '## Speedy Beans',
        'Pack-Size: 6',
        'MINIMUM_ORDER: 2.5',
        'Lead Time Days : 1  # usually next day',
        '# a comment',
        '',
        '## Empty Co',
      ),
    ).toEqual({
      'speedy beans': { name: 'Speedy Beans', email: null, packSize: 6, minimumOrder: 2.5, leadTimeDays: 1, template: null },
      'empty co': { name: 'Empty Co', email: null, packSize: null, minimumOrder: null, leadTimeDays: null, template: null },
    });
  });

  it('a template runs verbatim to the next "## " heading: comment-like lines kept, surrounding blank lines dropped', () => {
    const book = parse(
      '## Bayside Roasters',
      'template: Hello {supplier},',
      '',
      '# Please quote our account number',
      '  {qty} x {item}',
      '',
      '',
      '## Acme Wholesale',
      'template:',
      '',
      'Order {po_number}',
      '',
    );
    expect(book['bayside roasters']?.template).toBe('Hello {supplier},\n\n# Please quote our account number\n  {qty} x {item}');
    expect(book['acme wholesale']?.template).toBe('Order {po_number}');
  });

  it('an empty template falls back to the built-in one', () => {
    expect(parse('## Acme Wholesale', 'template:', '', '## Other')['acme wholesale']?.template).toBeNull();
  });

  it('leaves braces that are not placeholder names alone', () => {
    expect(parse('## Acme', 'template:', 'Order {qty} of {item} {} {1234}').acme?.template).toBe('Order {qty} of {item} {} {1234}');
  });

  it('ignores a UTF-8 byte-order mark and Windows line endings (no stray \\r in templates)', () => {
    expect(parseSupplierDoc(`\uFEFF${DOC.replace(/\n/g, '\r\n')}`, 'suppliers.txt')).toEqual(BOOK);
  });
});

describe('parseSupplierDoc: broken docs name the file, line, key and what was expected', () => {
  it('an unknown placeholder names its line, suggests the closest and lists the allowed ones', () => {
    const lines = DOC.split('\n');
    lines.splice(7, 0, 'Quantity: {quantity}, cost {unit cost}, ref {PO_Number}, {colour}');
    expect(problemsOf(() => parseSupplierDoc(lines.join('\n'), 'suppliers.txt'))).toEqual([
      `suppliers.txt line 8: unknown placeholder "{quantity}" in the template of "Bayside Roasters" (did you mean "{qty}"?); ${ALLOWED}`,
      `suppliers.txt line 8: unknown placeholder "{unit cost}" in the template of "Bayside Roasters" (did you mean "{unit_cost}"?); ` +
        `${ALLOWED}`,
      `suppliers.txt line 8: unknown placeholder "{PO_Number}" in the template of "Bayside Roasters" (did you mean "{po_number}"?); ` +
        `${ALLOWED}`,
      `suppliers.txt line 8: unknown placeholder "{colour}" in the template of "Bayside Roasters"; ${ALLOWED}`,
    ]);
  });

  it('a supplier named twice, whatever the case, names both lines', () => {
    expect(problems('## Bayside Roasters', 'email: a@b.example', '', '## bayside roasters', 'email: c@d.example')).toEqual([
      'suppliers.txt line 4: supplier "bayside roasters" is already defined on line 1; keep one section per supplier',
    ]);
  });

  it('settings before the first section, reported once', () => {
    expect(problems('Our suppliers', 'email: x@y.example', '## Acme')).toEqual([
      'suppliers.txt line 1: expected a "## Supplier name" heading before any settings, got "Our suppliers"',
    ]);
  });

  it('a heading without a name', () => {
    expect(problems('##', 'email: a@b.example')).toEqual([
      'suppliers.txt line 1: expected a supplier name after "##", like "## Bayside Roasters"',
    ]);
  });

  it('an unknown key, with the closest known key', () => {
    expect(problems('## Acme', 'emial: po@acme.example', 'phone: 0123')).toEqual([
      'suppliers.txt line 2: unknown key "emial" (did you mean "email"?); expected one of: email, pack size, minimum order, lead time ' +
        'days, template',
      'suppliers.txt line 3: unknown key "phone"; expected one of: email, pack size, minimum order, lead time days, template',
    ]);
  });

  it('a line without a colon', () => {
    expect(problems('## Acme', 'pack size 12')).toEqual([
      'suppliers.txt line 2: expected "key: value" (email, pack size, minimum order, lead time days, template) in the section for ' +
        '"Acme", got "pack size 12"',
    ]);
  });

  it('bad values: pack size 0 or 2.5, a bad email, a negative minimum, a word for lead time', () => {
    expect(
      problems(
        '## Acme',
        'pack size: 0',
        'email: po at acme',
        'minimum order: -1',
        'lead time days: a week',
        '## Bayside',
        'pack size: 2.5',
      ),
    ).toEqual([
      'suppliers.txt line 2: "pack size" for "Acme": expected a whole number ≥ 1, got "0"',
      'suppliers.txt line 3: "email" for "Acme": expected an email address like "orders@supplier.example", got "po at acme"',
      'suppliers.txt line 4: "minimum order" for "Acme": expected a number ≥ 0, got "-1"',
      'suppliers.txt line 5: "lead time days" for "Acme": expected a number ≥ 0, got "a week"',
      'suppliers.txt line 7: "pack size" for "Bayside": expected a whole number ≥ 1, got "2.5"',
    ]);
  });

  it('a key given twice in one section', () => {
    expect(problems('## Acme', 'pack size: 6', 'Pack Size: 12')).toEqual([
      'suppliers.txt line 3: "pack size" for "Acme" is already set on line 2; keep one of them',
    ]);
  });

  it('reports every problem together, in line order, including those inside a duplicate section', () => {
    expect(problems('## Acme', 'template:', 'Send {quantity}', '## ACME', 'pack size: 0', '## Bayside', 'emial: x@y.example')).toEqual([
      `suppliers.txt line 3: unknown placeholder "{quantity}" in the template of "Acme" (did you mean "{qty}"?); ${ALLOWED}`,
      'suppliers.txt line 4: supplier "ACME" is already defined on line 1; keep one section per supplier',
      'suppliers.txt line 5: "pack size" for "ACME": expected a whole number ≥ 1, got "0"',
      'suppliers.txt line 7: unknown key "emial" (did you mean "email"?); expected one of: email, pack size, minimum order, lead time ' +
        'days, template',
    ]);
  });
});

describe('readSupplierDocFile', () => {
  it('reads a file and names it by its basename in messages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockbot-suppliers-'));
    const good = join(dir, 'suppliers.txt');
    writeFileSync(good, DOC);
    expect(await readSupplierDocFile(good)).toEqual(BOOK);
    const bad = join(dir, 'vendors.txt');
    writeFileSync(bad, '## Acme\npack size: 0\n');
    expect(await problemsOfAsync(() => readSupplierDocFile(bad))).toEqual([
      'vendors.txt line 2: "pack size" for "Acme": expected a whole number ≥ 1, got "0"',
    ]);
  });

  it('a missing file is a document problem naming the path', async () => {
    expect(await problemsOfAsync(() => readSupplierDocFile('examples/nowhere/suppliers.txt'))).toEqual([
      'examples/nowhere/suppliers.txt: file not found',
    ]);
  });
});

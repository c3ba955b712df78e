import { missingSupplierWarnings, resolveSupplier } from '../../../src/domain/supplier';
import { book, item, rules, supplier } from '../../support/builders';

const suppliers = book(supplier(), supplier({ name: 'Acme Wholesale', email: 'po@acme.example' }), supplier({ name: 'Speedy Beans' }));

describe('supplier resolution: item → category → fallback', () => {
  it('the item supplier wins over category and fallback', () => {
    const r = resolveSupplier(
      item(),
      rules({ categorySuppliers: { coffee: 'Speedy Beans' }, fallbackSupplier: 'Acme Wholesale' }),
      suppliers,
    );
    expect(r).toMatchObject({ name: 'Bayside Roasters', source: 'item' });
    expect(r.details?.email).toBe('orders@bayside.example');
  });

  it('the category supplier is used when the item names none', () => {
    const r = resolveSupplier(
      item({ supplier: null }),
      rules({ categorySuppliers: { coffee: 'Speedy Beans' }, fallbackSupplier: 'Acme Wholesale' }),
      suppliers,
    );
    expect(r).toMatchObject({ name: 'Speedy Beans', source: 'category' });
  });

  it('the fallback supplier catches the rest', () => {
    const r = resolveSupplier(item({ supplier: null }), rules({ fallbackSupplier: 'Acme Wholesale' }), suppliers);
    expect(r).toMatchObject({ name: 'Acme Wholesale', source: 'fallback' });
  });

  it('no supplier anywhere → none', () => {
    expect(resolveSupplier(item({ supplier: null, category: null }), rules(), suppliers)).toMatchObject({
      name: null,
      source: 'none',
      details: null,
    });
  });

  it('matches supplier names case-insensitively and uses the doc spelling', () => {
    expect(resolveSupplier(item({ supplier: 'bayside roasters' }), rules(), suppliers).name).toBe('Bayside Roasters');
  });

  it('a supplier missing from the doc resolves by name without details', () => {
    expect(resolveSupplier(item({ supplier: 'Nobody Ltd' }), rules(), suppliers)).toMatchObject({ name: 'Nobody Ltd', details: null });
  });
});

describe('missing supplier warnings', () => {
  it('names suppliers the sheet or rules doc use but the supplier doc lacks', () => {
    const warnings = missingSupplierWarnings(
      [item({ supplier: 'Nobody Ltd' }), item({ sku: 'X2', supplier: 'Nobody Ltd' }), item({ sku: 'OK' })],
      rules({ fallbackSupplier: 'Ghost Co', categorySuppliers: { tea: 'Acme Wholesale' }, backupSuppliers: { 'bean-hb': 'Zed' } }),
      suppliers,
    );
    expect(warnings).toEqual([
      'the stock sheet names supplier "Nobody Ltd" (BEAN-HB, X2) but the supplier doc has no "## Nobody Ltd" section',
      `the rules doc's fallback supplier is "Ghost Co", but the supplier doc has no "## Ghost Co" section`,
      `the rules doc's backup supplier for bean-hb is "Zed", but the supplier doc has no "## Zed" section`,
    ]);
  });
});

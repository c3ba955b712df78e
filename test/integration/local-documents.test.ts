import { rmSync, writeFileSync } from 'node:fs';
import { formatProblem } from '../../src/config/errors';
import { writeDocuments } from '../support/documents';

describe('local documents', () => {
  it('an edit to the rules doc takes effect on the next read, even when the size is unchanged', async () => {
    const { documents, paths } = writeDocuments([]);
    writeFileSync(paths.rules, 'order cap: 500\n');
    expect((await documents.readRules()).orderCap).toBe(500);
    expect((await documents.readRules()).orderCap).toBe(500);
    await new Promise((r) => setTimeout(r, 5));
    writeFileSync(paths.rules, 'order cap: 300\n');
    expect((await documents.readRules()).orderCap).toBe(300);
  });

  it('a document that goes missing is reported, not served from memory', async () => {
    const { documents, paths } = writeDocuments([]);
    await documents.readSuppliers();
    rmSync(paths.suppliers);
    await expect(documents.readSuppliers()).rejects.toThrow('suppliers.txt: file not found');
  });

  it('a bad stock sheet row is left out of the items and named in the report; a fixed row comes back', async () => {
    const { documents, writeStock } = writeDocuments([
      'A,Apples,main,,,10,1,2,,,,,,',
      'B,Beans,main,,,99999999999999999999,1,2,,,,,,',
      'C,Cups,main,,,5,1,2,,,,,,',
    ]);
    expect((await documents.readStockSheet()).map((i) => i.sku)).toEqual(['A', 'C']);
    const report = await documents.readStockSheetReport();
    expect(report.items.map((i) => i.sku)).toEqual(['A', 'C']);
    expect(report.skipped.map(formatProblem)).toEqual([
      'stock.csv row 3, column "on_hand": expected a number ≤ 1,000,000,000, got "99999999999999999999"',
    ]);

    await new Promise((r) => setTimeout(r, 5));
    writeStock(['A,Apples,main,,,10,1,2,,,,,,', 'B,Beans,main,,,9,1,2,,,,,,', 'C,Cups,main,,,5,1,2,,,,,,']);
    expect(await documents.readStockSheetReport()).toEqual({ items: expect.any(Array), skipped: [] });
    expect((await documents.readStockSheet()).map((i) => i.sku)).toEqual(['A', 'B', 'C']);
  });

  it('a problem of the whole stock sheet still fails both reads', async () => {
    const { documents } = writeDocuments(['A,Apples,main,,,10,1,2,,,,,,', 'A,Apples,main,,,3,1,2,,,,,,']);
    await expect(documents.readStockSheet()).rejects.toThrow('stock.csv row 3, column "sku": duplicate of row 2 (A at main)');
    await expect(documents.readStockSheetReport()).rejects.toThrow('stock.csv row 3, column "sku": duplicate of row 2 (A at main)');
  });
});

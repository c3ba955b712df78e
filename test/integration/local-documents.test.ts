import { rmSync, writeFileSync } from 'node:fs';
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
});

import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStockSheetFile } from '../../src/config/stock-sheet';
import { EXAMPLES, exampleShop, runCli as run } from '../support/cli';

// `stockbot intake`: a forwarded mail (or a bare file) from this machine through the inbox lane; the card is printed,
// and only --approve (the owner at the terminal) writes the sheet.
const shop = () => exampleShop('intake');
const sheet = async (dir: string) =>
  new Map((await readStockSheetFile(join(dir, 'stock.csv'))).filter((i) => i.location === 'main').map((i) => [i.sku, i]));

describe('stockbot intake', () => {
  it('prints the proposal and changes nothing; with --approve the rows are written into the sheet, once', async () => {
    const { dir, env } = shop();
    const mail = join(EXAMPLES, 'inbox', 'saturday-count.eml');
    const proposed = await run(['intake', mail], env);
    expect(proposed).toMatchObject({ code: 0, err: '' });
    expect(proposed.out).toContain('Fwd: Saturday fridge count');
    expect(proposed.out).toContain('`MILK-OAT` Oat milk (1L) (main): on hand 5 → 2 (95% sure) :warning: on hand falls by 60%');
    expect(proposed.out).toContain('saturday-count.eml: 3 rows proposed, waiting for the owner');
    expect((await sheet(dir)).get('MILK-WH')?.onHand).toBe(40);

    const again = await run(['intake', mail, '--approve'], env);
    expect(again.out).toContain('was read before (proposed); nothing was done twice.');

    const { dir: dir2, env: env2 } = shop();
    const approved = await run(['intake', mail, '--approve'], env2);
    expect(approved.out).toContain('Approved: 3 rows written into');
    const after = await sheet(dir2);
    expect([
      after.get('MILK-WH')?.onHand,
      after.get('MILK-OAT')?.onHand,
      after.get('CUP-12')?.onHand,
      after.get('SYR-VAN')?.onHand,
    ]).toEqual([31, 2, 250, 12]);
  });

  it('a bare price list is read as the one attachment of a mail from the terminal: unit costs change', async () => {
    const { dir, env } = shop();
    const out = await run(['intake', join(EXAMPLES, 'inbox', 'bayside-prices.csv'), '--approve'], env);
    expect(out).toMatchObject({ code: 0 });
    const after = await sheet(dir);
    expect([after.get('BEAN-DC')?.unitCost, after.get('BEAN-ES')?.unitCost, after.get('SYR-VAN')?.unitCost]).toEqual([4.95, 4.6, 5.75]);
  });

  it('a photo without Textract says so; a missing file and no file are usage errors', async () => {
    const { dir, env } = shop();
    copyFileSync(join(EXAMPLES, 'inbox', 'saturday-count.eml'), join(dir, 'shelf.png'));
    const photo = await run(['intake', join(dir, 'shelf.png')], env);
    expect(photo.out).toContain('shelf.png is an image; reading PDFs and photos needs Amazon Textract');
    expect((await run(['intake', join(dir, 'nope.eml')], env)).code).toBe(2);
    expect((await run(['intake'], env)).code).toBe(2);
  });
});

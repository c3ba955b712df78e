import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStockSheetFile } from '../../src/config/stock-sheet';
import { EXAMPLES, exampleShop, runCli as run } from '../support/cli';

// `stockbot pos replay`: a till's export through the same path as its webhooks, each line once.
const shop = () => exampleShop('replay');
const onHand = async (dir: string, sku: string) =>
  (await readStockSheetFile(join(dir, 'stock.csv'))).find((i) => i.sku === sku && i.location === 'main')?.onHand;

describe('stockbot pos replay', () => {
  it('applies each event once, parks what it cannot place, writes the sheet; a second replay changes nothing', async () => {
    const { dir, env } = shop();
    const file = join(EXAMPLES, 'pos', 'till-sales.csv');
    const first = await run(['pos', 'replay', file], env);
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toBe('5 till events read from till-sales.csv: 4 applied, 0 already applied before, 1 parked (App Home lists them).');
    expect([await onHand(dir, 'BEAN-HB'), await onHand(dir, 'MILK-WH')]).toEqual([56, 34]);
    const again = await run(['pos', 'replay', file], env);
    expect(again.out).toBe('5 till events read from till-sales.csv: 0 applied, 4 already applied before, 1 parked (App Home lists them).');
    expect(await onHand(dir, 'BEAN-HB')).toBe(56);
  });

  it('a file with problems applies nothing and names each row and field', async () => {
    const { dir, env } = shop();
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      'event_id,type,sku,location,qty,at\ne1,sale,BEAN-HB,main,two,2026-11-23T09:00:00Z\ne2,sold,BEAN-HB,main,1,2026-11-23T09:00:00Z\n',
    );
    const out = await run(['pos', 'replay', bad], env);
    expect(out.code).toBe(1);
    expect(out.err).toMatch(/bad\.csv row 2, column "qty"/);
    expect(out.err).toMatch(/bad\.csv row 3, column "type"/);
    expect(await onHand(dir, 'BEAN-HB')).toBe(58);
  });

  it('usage', async () => {
    expect((await run(['pos'], shop().env)).code).toBe(2);
  });
});

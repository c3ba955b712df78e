import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLES, runCli as run } from '../support/cli';
import { RULES, STOCK_HEADER, SUPPLIERS } from '../support/documents';
import { type FakeGoogle, makeServiceAccountKey, startFakeGoogle } from '../support/fake-google';

// The commands on the shop's computer with the documents in Google: `stockbot run sheet-sync` takes the copies, and
// `stockbot check` reads them, unless a flag names a file.
let google: FakeGoogle;
beforeAll(async () => {
  google = await startFakeGoogle();
});
afterAll(async () => google.close());

function shop() {
  google.reset();
  google.setSheet('sheet', 'Stock', [
    STOCK_HEADER.split(','),
    'BEAN-HB,House Blend beans,main,Bayside Roasters,coffee,30,8,5,20,,4.20,,178,'.split(','),
  ]);
  google.setDoc('rules', RULES);
  google.setDoc('suppliers', SUPPLIERS);
  const dir = mkdtempSync(join(tmpdir(), 'stockbot-cli-google-'));
  const keyFile = join(dir, 'key.json');
  writeFileSync(keyFile, JSON.stringify(makeServiceAccountKey()));
  return {
    DYNAMODB_ENDPOINT: process.env.STOCKBOT_TEST_DYNAMODB,
    TABLE_PREFIX: `g${randomUUID().slice(0, 6)}-`,
    STOCKBOT_DATA_DIR: dir,
    STOCK_SHEET_ID: 'sheet',
    STOCK_SHEET_TAB: 'Stock',
    RULES_DOC_ID: 'rules',
    SUPPLIER_DOC_ID: 'suppliers',
    GOOGLE_APPLICATION_CREDENTIALS: keyFile,
    GOOGLE_API_ROOT: google.url,
    GOOGLE_RETRY_DELAY_MS: '1',
  };
}

const moves = (out: string) => (JSON.parse(out) as { items: { sku: string; move: string; on_hand: number }[] }).items;

describe('stockbot with the documents in Google', () => {
  it('check says what to do before the first sync; after `run sheet-sync` it reads the synced copies', async () => {
    const env = shop();
    // Each whole result is compared, so a failure shows what the command printed.
    const before = await run(['check', '--dry-run', '--json'], env);
    expect(before).toMatchObject({
      code: 1,
      // The check reads the three documents at once, so whichever copy is found missing first is the one named.
      err: expect.stringMatching(/Google (stock sheet|rules doc|supplier doc): not synced from Google yet.*stockbot run sheet-sync/),
    });

    const synced = await run(['run', 'sheet-sync'], env);
    expect(synced).toMatchObject({
      code: 0,
      out: expect.stringMatching(
        /^Sheet sync: changed: Google stock sheet, Google rules doc, Google supplier doc; 0 on-hand edits, 1 new item/,
      ),
    });
    const after = await run(['check', '--dry-run', '--json'], env);
    expect(after).toMatchObject({ code: 0, err: '' });
    expect(moves(after.out)).toEqual([expect.objectContaining({ sku: 'BEAN-HB', on_hand: 30, move: 'reorder' })]);
  });

  it('--sheet names a file for that run; the other documents still come from the copies', async () => {
    const env = shop();
    await run(['run', 'sheet-sync'], env);
    const { out, code } = await run(['check', '--dry-run', '--json', '--sheet', join(EXAMPLES, 'stock.csv')], env);
    expect(code).toBe(0);
    expect(moves(out).length).toBeGreaterThan(1);
  });

  it('a missing id or key names the setting', async () => {
    const { RULES_DOC_ID: _r, ...noRules } = shop();
    expect((await run(['check', '--dry-run'], noRules)).err).toMatch(/RULES_DOC_ID is not set/);
    const { GOOGLE_APPLICATION_CREDENTIALS: _k, ...noKey } = shop();
    expect((await run(['check', '--dry-run'], noKey)).err).toMatch(/no Google key is: set GOOGLE_APPLICATION_CREDENTIALS/);
  });
});

// Sheet-sync benchmark: `npm run bench` (or `node dist/bench/sheet-sync.js [--items 10000] [--edited 0.01]`).
// A shop of --items rows in a Google Sheet served by the tests' loopback fake of Sheets and Drive, synced through the
// real clients into DynamoDB Local, three ways: the first sync (every row new), a sync of the unchanged sheet, and a
// sync after --edited of the rows changed their on hand. For each it prints Google requests, DynamoDB requests and
// reads/writes, and the time; beside them, the bare Sheets client reading the same sheet (one values.get), so the
// ratio says what the sync adds to the read it cannot avoid.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sheets } from '@googleapis/sheets';
import { JWT } from 'google-auth-library';
import { syncSheet } from '../src/services/sheet-sync';
import type { Deps } from '../src/services/deps';
import { openStore } from '../src/store/open-store';
import { documentPortsFromEnv } from '../src/wiring';
import { RULES, STOCK_HEADER, SUPPLIERS } from '../test/support/documents';
import { makeServiceAccountKey, startFakeGoogle } from '../test/support/fake-google';

const { values } = parseArgs({ options: { items: { type: 'string', default: '10000' }, edited: { type: 'string', default: '0.01' } } });
const ITEMS = Number(values.items);
const EDITED = Number(values.edited);

const row = (i: number, onHand: number) =>
  `SKU-${i},Item ${i},${i % 2 ? 'Fixings' : 'main'},Bayside Roasters,cat${i % 12},${onHand},${(i % 50) / 5},${2 + (i % 9)},5,,1.50,,,`.split(
    ',',
  );

async function main() {
  const google = await startFakeGoogle();
  const store = await openStore({ target: { kind: 'embedded' }, region: 'eu-west-2', tablePrefix: 'bench-sync-', createTables: true });
  try {
    const onHand = Array.from({ length: ITEMS }, (_, i) => 100 + (i % 400));
    const put = () => google.setSheet('sheet', 'Stock', [STOCK_HEADER.split(','), ...onHand.map((q, i) => row(i, q))]);
    put();
    google.setDoc('rules', RULES);
    google.setDoc('suppliers', SUPPLIERS);
    const key = makeServiceAccountKey();
    const env = {
      STOCK_SHEET_ID: 'sheet',
      STOCK_SHEET_TAB: 'Stock',
      RULES_DOC_ID: 'rules',
      SUPPLIER_DOC_ID: 'suppliers',
      GOOGLE_SERVICE_ACCOUNT_JSON: JSON.stringify(key),
      GOOGLE_API_ROOT: google.url,
      STOCKBOT_DATA_DIR: mkdtempSync(join(tmpdir(), 'stockbot-bench-sync-')),
    };
    const chat = { dm: async () => ({ channel: 'D', ts: '1' }) };
    const deps = { store, ...documentPortsFromEnv(env), chat, clock: () => new Date() } as unknown as Deps;

    const measure = async (label: string) => {
      const [g, d] = [google.requests.length, store.dynamo.requestCount()];
      const t = performance.now();
      const result = await syncSheet(deps, new Date());
      const m = result.mirror;
      return {
        sync: label,
        'google requests': google.requests.length - g,
        'dynamodb requests': store.dynamo.requestCount() - d,
        'rows written': m ? m.added + m.moved + m.updated : 0,
        ms: Math.round(performance.now() - t),
      };
    };
    const rows = [await measure('first (all new)'), await measure('unchanged')];
    for (let i = 0; i < ITEMS; i += Math.round(1 / EDITED)) onHand[i]! -= 3;
    put();
    rows.push(await measure(`${EDITED * 100}% of rows edited`));

    // The bare client doing the one read a changed sheet needs.
    const auth = new JWT({ email: key.client_email, key: key.private_key, scopes: ['https://www.googleapis.com/auth/spreadsheets'] });
    auth.useJWTAccessWithScope = true;
    const bare = sheets({ version: 'v4', auth, rootUrl: google.url, fetchImplementation: fetch });
    const t = performance.now();
    await bare.spreadsheets.values.get({ spreadsheetId: 'sheet', range: `'Stock'!A1:GR${ITEMS + 1}` });
    const bareMs = Math.round(performance.now() - t);

    console.log(`Sheet sync of ${ITEMS.toLocaleString('en-GB')} items, Google served by the loopback fake, DynamoDB Local\n`);
    const cols = Object.keys(rows[0]!);
    const table = [cols, ...rows.map((r) => cols.map((c) => String(r[c as keyof typeof r])))];
    const widths = cols.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
    for (const r of table) console.log(r.map((c, i) => c.padStart(widths[i]!)).join('  '));
    console.log(`\nbare @googleapis/sheets values.get of the same sheet: ${bareMs} ms`);
  } finally {
    await store.close();
    await google.close();
  }
}

void main();

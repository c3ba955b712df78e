import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLES, runCli as run } from '../support/cli';
import { STOCK_HEADER } from '../support/documents';

function files(contents: Record<string, string>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'stockbot-cli-'));
  return Object.fromEntries(
    Object.entries(contents).map(([name, text]) => {
      writeFileSync(join(dir, name), text);
      return [name, join(dir, name)];
    }),
  );
}

/** The M6 bolts, and a £45 drill. */
const SEED = files({
  'inventory.csv': [
    STOCK_HEADER,
    'BOLT-M6-50,M6 bolts,Fixings,,fixings,480,6,7,,50,0.35,,,FT-M650',
    'DRILL-18V,18V drill,Fixings,,tools,4,0.1,10,1,,45.00,,,',
  ].join('\n'),
  'rules.txt': 'materiality: 2 units and 1%, or 20\ncurrency: GBP\n',
});
const reconcileJson = async (count: string) => {
  const path = files({ 'count.csv': count })['count.csv']!;
  const { code, out, err } = await run([
    'reconcile',
    '--inventory',
    SEED['inventory.csv']!,
    '--count',
    path,
    '--location',
    'Fixings',
    '--rules',
    SEED['rules.txt']!,
    '--json',
  ]);
  expect(err).toBe('');
  expect(code).toBe(0);
  return JSON.parse(out) as { lines: Record<string, unknown>[]; parked: Record<string, unknown>[] };
};

describe('stockbot reconcile', () => {
  it('--json prints exactly the contract object: BOLT-M6-50 432 vs 480 is −48, −10%, −£16.80, material', async () => {
    const json = await reconcileJson('barcode,qty\nFT-M650,432\n');
    expect(Object.keys(json)).toEqual(['lines', 'parked']);
    expect(json.lines).toEqual([
      {
        sku: 'BOLT-M6-50',
        location: 'Fixings',
        counted: 432,
        system: 480,
        gap_units: -48,
        gap_pct: -0.1,
        gap_value: -16.8,
        state: 'material',
        kind: 'matched',
      },
      {
        sku: 'DRILL-18V',
        location: 'Fixings',
        counted: null,
        system: 4,
        gap_units: null,
        gap_pct: null,
        gap_value: null,
        state: null,
        kind: 'not_counted',
      },
    ]);
  });

  it.each([
    ['479 → agreement', 'BOLT-M6-50,479', 'BOLT-M6-50', 'agreement'],
    ['476 → minor', 'BOLT-M6-50,476', 'BOLT-M6-50', 'minor'],
    ['a 2-unit gap on a £45 item → material by value', 'DRILL-18V,2', 'DRILL-18V', 'material'],
  ])('the bolts line: %s', async (_name, row, sku, state) => {
    const json = await reconcileJson(`sku,qty\n${row}\n`);
    expect(json.lines.find((l) => l.sku === sku)?.state).toBe(state);
  });

  it('parked lines carry row, raw and reason; a SKU known only elsewhere is not_in_system', async () => {
    const json = await reconcileJson('barcode,qty\n99999,3\nFT-M650,ten\n');
    expect(json.parked).toEqual([
      { row: 2, raw: '99999,3', reason: expect.stringMatching(/code "99999" is not a SKU/) },
      { row: 3, raw: 'FT-M650,ten', reason: 'quantity "ten" is not a number' },
    ]);
    const { out } = await run([
      'reconcile',
      '--inventory',
      join(EXAMPLES, 'stock.csv'),
      '--count',
      join(EXAMPLES, 'counts', 'fixings-scan.csv'),
      '--count',
      join(EXAMPLES, 'counts', 'fixings-sheet.csv'),
      '--location',
      'Fixings',
      '--rules',
      join(EXAMPLES, 'rules.txt'),
      '--json',
    ]);
    const example = JSON.parse(out) as { lines: Record<string, unknown>[]; parked: unknown[] };
    expect(example.lines.find((l) => l.sku === 'BEAN-HB')).toMatchObject({
      kind: 'not_in_system',
      system: 0,
      counted: 2,
      state: 'material',
      gap_value: 8.4,
    });
    expect(example.lines.find((l) => l.sku === 'GLV-WRK')).toMatchObject({ counted: 12, gap_units: 4, state: 'material' }); // one case of 12
    expect(example.parked).toHaveLength(4);
  });

  it('the table names every line and every parked row with its file', async () => {
    const path = files({ 'scan.csv': 'barcode,qty\nFT-M650,432\n99999,1\n' })['scan.csv']!;
    const { code, out } = await run([
      'reconcile',
      '--inventory',
      SEED['inventory.csv']!,
      '--count',
      path,
      '--location',
      'fixings',
      '--rules',
      SEED['rules.txt']!,
    ]);
    expect(code).toBe(0);
    expect(out).toMatch(/BOLT-M6-50\s+432\s+480\s+−48\s+−10%\s+−£16\.80\s+MATERIAL/);
    expect(out).toContain('scan.csv row 3 "99999,1"');
  });

  it('bad input: a file it cannot read exits 1 naming file and row; a location it does not hold exits 1; missing flags exit 2', async () => {
    const bad = files({ 'scan.csv': 'barcod,qty\nA,1\n' })['scan.csv']!;
    const unreadable = await run([
      'reconcile',
      '--inventory',
      SEED['inventory.csv']!,
      '--count',
      bad,
      '--location',
      'Fixings',
      '--rules',
      SEED['rules.txt']!,
    ]);
    expect(unreadable.code).toBe(1);
    expect(unreadable.err).toMatch(/scan\.csv row 1.*did you mean "barcode"/s);
    const nowhere = await run([
      'reconcile',
      '--inventory',
      SEED['inventory.csv']!,
      '--count',
      bad,
      '--location',
      'Attic',
      '--rules',
      SEED['rules.txt']!,
    ]);
    expect(nowhere.code).toBe(1);
    expect(nowhere.err).toContain('has no items at location "Attic"; its locations are Fixings');
    expect((await run(['reconcile', '--inventory', SEED['inventory.csv']!])).code).toBe(2);
  });
});

describe('stockbot count', () => {
  it('open → submit → status → close, on the configured DynamoDB, with messages printed', async () => {
    const data = mkdtempSync(join(tmpdir(), 'stockbot-data-'));
    const env = {
      DYNAMODB_ENDPOINT: process.env.STOCKBOT_TEST_DYNAMODB,
      TABLE_PREFIX: `cnt${randomUUID().slice(0, 6)}-`,
      STOCKBOT_DATA_DIR: data,
      STOCK_SHEET: join(EXAMPLES, 'stock.csv'),
      RULES_DOC: join(EXAMPLES, 'rules.txt'),
    };
    const opened = await run(['count', 'open', '--location', 'Fixings', '--counter', 'U0SAM'], env);
    expect(opened.code).toBe(0);
    const id = /Count (\S+) is open with 17 SKUs/.exec(opened.out)?.[1];
    expect(id).toBeDefined();
    expect(readdirSync(join(data, 'counts'))).toEqual([`count-${id}.xlsx`]);
    expect((await run(['count', 'open', '--location', 'Fixings'], env)).err).toContain(`already has an open count, ${id}`);

    const submitted = await run(
      ['count', 'submit', '--location', 'Fixings', '--counter', 'U0SAM', join(EXAMPLES, 'counts', 'fixings-scan.csv')],
      env,
    );
    expect(submitted.code).toBe(0);
    expect(submitted.out).toContain('Read fixings-scan.csv: 9 lines read, 2 parked (1 re-scan counted once)');
    expect(submitted.out).toContain('432 − 480 = −48 (−10%, −£16.80) > 2 units and 1%');
    expect(submitted.out).toContain('[Approve] [Reject]');

    expect((await run(['count', 'status'], env)).out).toContain(`${id} at Fixings`);
    expect((await run(['count', 'close', '--location', 'Fixings', '--counter', 'U0TOM'], env)).code).toBe(2);
    expect((await run(['count', 'close', '--location', 'Fixings', '--counter', 'U0SAM'], env)).out).toMatch(/was closed by @U0SAM/);
    expect((await run(['count', 'status'], env)).out).toBe('No counts are open. Type `/count` to start one.');
  });

  it('usage: an unknown subcommand or a submit without files is a usage error', async () => {
    expect((await run(['count', 'frob'])).code).toBe(2);
    const noFiles = await run(['count', 'submit', '--location', 'Fixings']);
    expect(noFiles.code).toBe(2);
    expect(noFiles.err).toContain('name the count files to read');
    expect((await run(['count', 'close'])).err).toContain('--session ID or --location L is required');
  });
});

import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { EXAMPLES, runCli as run } from '../support/cli';
import { testStore } from '../support/store';
import { writeDocuments } from '../support/documents';
import { startFakeSlack } from '../support/fake-slack';

const exampleArgs = [
  '--sheet',
  join(EXAMPLES, 'stock.csv'),
  '--rules',
  join(EXAMPLES, 'rules.txt'),
  '--suppliers',
  join(EXAMPLES, 'suppliers.txt'),
];

describe('stockbot check', () => {
  it('--dry-run --json prints exactly the contract object for the example shop', async () => {
    const { code, out, err } = await run(['check', '--dry-run', '--json', '--now', '2026-11-23T08:00:00Z', ...exampleArgs]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(out) as { items: Record<string, unknown>[] };
    expect(Object.keys(json)).toEqual(['items']);
    for (const it of json.items) {
      expect(Object.keys(it)).toEqual(['sku', 'location', 'move', 'reorder_point', 'urgent_line', 'on_hand', 'order']);
      expect(['stocked', 'watch', 'reorder', 'urgent_reorder']).toContain(it.move);
      if (it.order !== null) expect(Object.keys(it.order as object)).toEqual(['qty', 'supplier', 'unit_cost', 'total', 'capped']);
    }
    expect(json.items.find((i) => i.sku === 'BEAN-HB')).toEqual({
      sku: 'BEAN-HB',
      location: 'main',
      move: 'reorder',
      reorder_point: 60,
      urgent_line: 20,
      on_hand: 58,
      order: { qty: 120, supplier: 'Bayside Roasters', unit_cost: 4.2, total: 504, capped: false },
    });
    const moves = new Set(json.items.map((i) => i.move));
    expect(moves).toEqual(new Set(['stocked', 'watch', 'reorder', 'urgent_reorder']));
  });

  it('prints the four-move table and the drafts in a dry run', async () => {
    const { code, out } = await run(['check', '--dry-run', '--now', '2026-11-23T08:00:00Z', ...exampleArgs]);
    expect(code).toBe(0);
    expect(out).toContain('dry run, nothing stored');
    expect(out).toMatch(/URGENT REORDER/);
    expect(out).toContain('Reorder: House Blend beans (1kg) (BEAN-HB) at main');
    expect(out).toContain('Order 120 × £4.20 = £504.00 from Bayside Roasters <orders@bayside.example>');
    expect(out).toContain('Reorder point: 8/day × 5 days + 20 buffer = 60');
  });

  it('stores drafts in the configured DynamoDB, once per day', async () => {
    const store = await testStore(); // only to learn the endpoint and a fresh prefix
    await store.close();
    const env = { DYNAMODB_ENDPOINT: process.env.STOCKBOT_TEST_DYNAMODB, TABLE_PREFIX: `cli${randomUUID().slice(0, 6)}-` };
    const first = await run(['check', '--now', '2026-11-23T08:00:00Z', ...exampleArgs], env);
    expect(first.code).toBe(0);
    const created = Number(/(\d+) new drafts?/.exec(first.out)?.[1]);
    expect(created).toBeGreaterThan(0);
    expect(first.out).toContain('Reorder: House Blend beans (1kg)');

    const second = await run(['check', '--now', '2026-11-23T09:00:00Z', ...exampleArgs], env);
    expect(second.out).toContain('0 new drafts');
  });

  it('with Slack configured, DMs each new draft to the owner and remembers the message', async () => {
    const slack = await startFakeSlack();
    try {
      const env = {
        DYNAMODB_ENDPOINT: process.env.STOCKBOT_TEST_DYNAMODB,
        TABLE_PREFIX: `cli${randomUUID().slice(0, 6)}-`,
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: 'secret',
        SLACK_API_URL: slack.url,
      };
      const { code, out } = await run(['check', '--now', '2026-11-23T08:00:00Z', ...exampleArgs], env);
      expect(code).toBe(0);
      const created = Number(/(\d+) new drafts?/.exec(out)?.[1]);
      const posts = slack.callsTo('chat.postMessage');
      expect(posts).toHaveLength(created);
      expect(posts.every((p) => p.args.channel === 'D0OWNER' && p.token === 'xoxb-test')).toBe(true);
      expect(String(posts[0]?.args.text)).toMatch(/^URGENT reorder: /); // urgent drafts first
    } finally {
      await slack.close();
    }
  });

  it('a broken stock sheet exits 1 naming the file, row and column, and stores nothing', async () => {
    const { paths } = writeDocuments(['BEAN-HB,House Blend,main,,coffee,58,eight,5,20,,4.20,,,']);
    const { code, err } = await run([
      'check',
      '--dry-run',
      '--sheet',
      paths.stockSheet,
      '--rules',
      paths.rules,
      '--suppliers',
      paths.suppliers,
    ]);
    expect(code).toBe(1);
    expect(err).toContain('stock.csv row 2, column "daily_sales_rate": expected a number ≥ 0, got "eight"');
  });

  it('a bad --now is a usage error', async () => {
    const { code, err } = await run(['check', '--dry-run', '--now', 'tomorrow', ...exampleArgs]);
    expect(code).toBe(2);
    expect(err).toContain('--now: expected an ISO date-time');
  });

  it('an unknown flag or command is a usage error', async () => {
    expect((await run(['check', '--frobnicate'])).code).toBe(2);
    const unknown = await run(['chekc']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown command "chekc"');
  });
});

describe('stockbot demo', () => {
  it('walks the example shop on an in-memory store and shows a re-run creates nothing', async () => {
    const temp = () => new Set(readdirSync(tmpdir()).filter((f) => f.startsWith('stockbot-shop-') || f.startsWith('stockbot-demo-')));
    const before = temp();
    const { code, out } = await run(['demo', '--now', '2026-11-23T08:00:00Z']);
    // The demo works on copies in the temp folder and removes them when it ends.
    expect([...temp()].filter((f) => !before.has(f))).toEqual([]);
    expect(code).toBe(0);
    expect(out).toContain('DynamoDB Local (in memory)');
    expect(out).toContain('Order 120 × £4.20 = £504.00 from Bayside Roasters');
    expect(out).toMatch(/\d+ items: \d+ urgent reorder · \d+ reorder · \d+ watch · \d+ stocked/);
    expect(out).toContain('0 new drafts: every item already has its one draft for today');
    // The messy count at Fixings: parked lines, cards, the approver's decisions, the ledger.
    expect(out).toContain('Read fixings-scan.csv: 9 lines read, 2 parked (1 re-scan counted once)');
    expect(out).toContain('Nothing has moved yet: the system still holds 480 M6 bolts.');
    expect(out).toContain('Only @U0PRIYA can approve or reject');
    expect(out).toContain('Approved by @U0PRIYA');
    expect(out).toContain('M6 bolts now 432 in the system; ledger: sheet +480, count -48.');
    expect(out).toContain('The silicone stays at 14.');
    // The inbox: a forwarded count becomes an approved proposal.
    expect(out).toContain('Oat milk in the stock sheet: 5.');
    expect(out).toContain('Oat milk in the stock sheet: 2 (3 rows written; SYR-VAN, unchanged, was left out).');
    // The reports: the digest and the summary, with the charts saved as PNG files.
    expect(out).toContain('Weekly stock digest, 23 Nov – 29 Nov');
    expect(out).toContain('Monthly stock summary, November 2026');
    expect(out).toMatch(/Chart saved: \.data[/\\]demo-charts[/\\]variances-by-cause\.png \(1600×800\)/);
  });
});

describe('stockbot check with a bad row', () => {
  it('reports the row and skips it, decides every other row, and exits 1', async () => {
    const { paths } = writeDocuments([
      'BEAN-HB,House Blend beans,main,Bayside Roasters,coffee,58,8,5,20,,4.20,,178,',
      'MILK,Oat milk,main,,dairy,1e300,3,2,6,,1.90,,,',
    ]);
    const { code, out, err } = await run([
      'check',
      '--dry-run',
      '--json',
      '--sheet',
      paths.stockSheet,
      '--rules',
      paths.rules,
      '--suppliers',
      paths.suppliers,
    ]);
    expect(code).toBe(1);
    expect(err).toMatch(/stock\.csv row 3 skipped: column "on_hand": expected a number ≤ 1,000,000,000, got "1e300"/);
    expect((JSON.parse(out) as { items: { sku: string }[] }).items.map((i) => i.sku)).toEqual(['BEAN-HB']);
  });
});

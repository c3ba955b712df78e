// Daily-check benchmark: `npm run bench` (or `node dist/bench/check.js [--sizes 2000,20000] [--no-store]`).
// For each shop size it prints the CSV parse time, the decision pass alone (four moves, quantities: pure code), a whole
// dry run (parse + decide), items/second for that and for a full
// check against DynamoDB Local (first run: every item new; second run: a normal day), DynamoDB requests per check,
// and peak memory. Each size runs in its own child process so peak memory is that size's alone.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { dailyCheck } from '../jobs/daily-check';
import { localDocuments } from '../src/adapters/documents/local-files';
import { decideAll } from '../src/domain/check';
import type { DraftNotifier } from '../src/adapters/notifier';
import { openStore } from '../src/store/open-store';

const HEADER = 'sku,name,location,supplier,category,on_hand,daily_sales_rate,lead_time_days,safety_buffer,pack_size,unit_cost,point_override,target_level,aliases';
const SUPPLIERS = ['Bayside Roasters', 'Acme Wholesale', 'Fastenal Trade', 'Dairy Direct'];

/** A deterministic shop: most items stocked, a few percent on watch, reorder and urgent, like a real morning. */
function shopCsv(size: number): string {
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const lines = [HEADER];
  for (let i = 0; i < size; i++) {
    const rate = Math.round(rand() * 200) / 10;
    const lead = 2 + Math.floor(rand() * 10);
    const buffer = Math.round(rate * 2);
    const point = rate * lead + buffer;
    const r = rand();
    const onHand = Math.round(r < 0.01 ? buffer * 0.5 : r < 0.04 ? point * 0.9 : r < 0.08 ? point * 1.05 : point * (1.2 + rand() * 3));
    const location = i % 2 === 0 ? 'main' : 'Fixings';
    lines.push(
      [`SKU-${i}`, `Item ${i}`, location, SUPPLIERS[i % 4], `cat${i % 12}`, onHand, rate, lead, buffer, 1 + (i % 3) * 5, (1 + (i % 50) / 10).toFixed(2), '', '', `50${String(i).padStart(11, '0')}`].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

const silent: DraftNotifier = { draftCreated: async () => {}, draftResurfaced: async () => {} };

async function runSize(size: number, withStore: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'stockbot-bench-'));
  const paths = { stockSheet: join(dir, 'stock.csv'), rules: join(dir, 'rules.txt'), suppliers: join(dir, 'suppliers.txt') };
  writeFileSync(paths.stockSheet, shopCsv(size));
  writeFileSync(paths.rules, 'timezone: Europe/London\norder cap: 500\nfallback supplier: Acme Wholesale\n');
  writeFileSync(paths.suppliers, SUPPLIERS.map((s) => `## ${s}\nemail: orders@${s.split(' ')[0]!.toLowerCase()}.example\n`).join('\n'));
  const documents = localDocuments(paths);
  const now = new Date('2026-11-23T08:00:00Z');
  const result: Record<string, unknown> = { size };

  let t = performance.now();
  const items = await documents.readStockSheet();
  result.parseMs = Math.round(performance.now() - t);
  const [rules, suppliers] = await Promise.all([documents.readRules(), documents.readSuppliers()]);
  t = performance.now();
  decideAll({ items, rules, suppliers, openOrders: new Map(), states: new Map(), now, today: '2026-11-23' });
  result.decideMs = Math.round(performance.now() - t);

  t = performance.now();
  const dry = await dailyCheck({ documents, notifier: silent }, now, { dryRun: true });
  const dryMs = performance.now() - t;
  result.dryRunMs = Math.round(dryMs);
  result.dryItemsPerSec = Math.round(size / (dryMs / 1000));
  result.drafts = dry.checks.filter((c) => c.draft).length;

  if (withStore) {
    const store = await openStore({ target: { kind: 'embedded' }, region: 'eu-west-2', tablePrefix: 'bench-', createTables: true });
    try {
      for (const label of ['firstRun', 'nextDay'] as const) {
        const before = store.dynamo.requestCount();
        t = performance.now();
        const when = label === 'firstRun' ? now : new Date(now.getTime() + 86_400_000);
        await dailyCheck({ documents, store, notifier: silent }, when);
        const ms = performance.now() - t;
        result[`${label}Ms`] = Math.round(ms);
        result[`${label}ItemsPerSec`] = Math.round(size / (ms / 1000));
        result[`${label}Requests`] = store.dynamo.requestCount() - before;
      }
    } finally {
      await store.close();
    }
  }
  result.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(JSON.stringify(result));
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { values } = parseArgs({
    options: { sizes: { type: 'string', default: '2000,20000,100000' }, size: { type: 'string' }, 'no-store': { type: 'boolean', default: false } },
  });
  const withStore = !values['no-store'];
  if (values.size) return runSize(Number(values.size), withStore);

  const rows = values.sizes!.split(',').map((s) => {
    const out = execFileSync(process.execPath, [__filename, '--size', s, ...(withStore ? [] : ['--no-store'])], { encoding: 'utf8', maxBuffer: 1 << 20 });
    return JSON.parse(out) as Record<string, number>;
  });
  console.log('Daily check benchmark (dry run = CSV parse + decisions; store runs against DynamoDB Local on this machine)\n');
  const cols: [string, string][] = [
    ['size', 'items'],
    ['parseMs', 'parse CSV ms'],
    ['decideMs', 'decide ms'],
    ['dryRunMs', 'dry run ms'],
    ['dryItemsPerSec', 'dry items/s'],
    ['drafts', 'drafts'],
    ['firstRunMs', '1st run ms'],
    ['firstRunRequests', '1st run requests'],
    ['nextDayMs', 'next day ms'],
    ['nextDayItemsPerSec', 'next day items/s'],
    ['nextDayRequests', 'next day requests'],
    ['peakRssMb', 'peak RSS MB'],
  ];
  const shown = cols.filter(([k]) => rows.some((r) => r[k] !== undefined));
  const table = [shown.map(([, h]) => h), ...rows.map((r) => shown.map(([k]) => String(r[k] ?? '')))];
  const widths = shown.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table) console.log(row.map((c, i) => c.padStart(widths[i]!)).join('  '));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

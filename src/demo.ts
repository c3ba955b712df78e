import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { dailyCheck } from '../jobs/daily-check';
import { moveCountsLine, moveTableText } from '../views/check-report';
import type { Deps } from './services/deps';
import { captureCount } from './services/count-capture';
import { fixParked } from './services/count-fixes';
import { closeCount, openCount } from './services/count-sessions';
import { decideIntake } from './services/intake-decisions';
import { receiveLocalFile } from './services/mail-intake';
import { sendMonthlySummary } from './services/monthly-summary';
import { digestWeek, sendWeeklyDigest } from './services/weekly-digest';
import { localDate } from './domain/quiet-hours';
import type { Rules } from './domain/types';
import { printedDrafts } from './services/owner-notices';
import { flushSheetWrites } from './services/sheet-writes';
import { authorizeApprover, postVariance, rejectVariance } from './services/variance-decisions';
import { openStore } from './store/open-store';
import { cliRuntime } from './wiring';

export interface DemoOptions {
  now: Date;
  /** The folder with stock.csv, rules.txt and suppliers.txt. */
  examples: string;
  out: (text: string) => void;
}

/**
 * A day at the example shop on the embedded defaults: no Slack, no AWS, no network. The store is a fresh
 * in-memory DynamoDB Local each time, so the demo always tells the same story.
 */
export async function runDemo({ now, examples, out }: DemoOptions): Promise<number> {
  // Approved counts are written back into the stock sheet, so the demo works on a copy and the examples stay as shipped.
  const shop = mkdtempSync(join(tmpdir(), 'stockbot-shop-'));
  cpSync(examples, shop, { recursive: true });
  out('stockbot demo — a day at the example shop, on the embedded defaults (no Slack, no AWS, no network)\n');
  out('Starting the embedded store (DynamoDB Local, in memory)…');
  const work = mkdtempSync(join(tmpdir(), 'stockbot-demo-'));
  const cleanUp = () => {
    // The shop's copy and the count's files were only for this run: leave nothing behind in the temp folder.
    for (const dir of [shop, work]) rmSync(dir, { recursive: true, force: true });
  };
  const store = await openStore({ target: { kind: 'embedded' }, region: 'eu-west-2', tablePrefix: 'demo-', createTables: true }).catch(
    (err: unknown) => {
      cleanUp();
      throw err;
    },
  );
  let tick = 0;
  // Each step a minute later, so the audit trail reads in order.
  const clock = () => new Date(now.getTime() + 60_000 * ++tick);
  // The embedded defaults, from the same composition root as every command: the shop's copy, this store, no Slack.
  const env = {
    STOCK_SHEET: join(shop, 'stock.csv'),
    RULES_DOC: join(shop, 'rules.txt'),
    SUPPLIER_DOC: join(shop, 'suppliers.txt'),
    STOCKBOT_DATA_DIR: work,
  };
  const { deps, queue } = await cliRuntime(env, { store, print: (t) => out(`  ${t.replace(/\n/g, '\n  ')}`), clock });
  const { documents } = deps;
  try {
    out(`Store ready: ${store.description}.\n`);
    out(
      `The daily check reads ${relative(process.cwd(), join(examples, 'stock.csv'))} (a copy of it), the rules doc and the supplier ` +
        `doc, and picks one of four moves per item.`,
    );
    out('Drafts go to the owner; here they are printed instead of sent as Slack DMs:\n');
    const report = await dailyCheck({ documents, store, notifier: printedDrafts(out) }, now);
    for (const warning of report.warnings) out(`warning: ${warning}`);

    out(`\nThe four moves on ${report.today} (${report.rules.timezone}):\n`);
    out(moveTableText(report.checks, report.rules.currency));
    out(`\n${report.checks.length} items: ${moveCountsLine(report.counts)}; ${report.created.length} drafts waiting for the owner.`);

    out('\nRunning the same check again, as a retried schedule would:');
    const again = await dailyCheck({ documents, store, notifier: printedDrafts(out) }, now);
    out(
      `${again.created.length} new drafts: every item already has its one draft for today. Nothing is ordered until the owner taps ` +
        `Approve.`,
    );

    await countDemo(deps, examples, out);
    await inboxDemo(deps, examples, out, () => queue.drain());
    await reportsDemo(deps, now, out);
    return 0;
  } finally {
    await store.close();
    cleanUp();
  }
}

const SAM = 'U0SAM';
const PRIYA = 'U0PRIYA';

/**
 * A count at the example shop: Sam counts the hardware aisle (a scanner export and the filled sheet, both messy),
 * the app reconciles against the snapshot, parks what it cannot read, labels each material gap, and nothing moves
 * until Priya, Fixings' approver, decides. Slack messages are printed as text.
 */
async function countDemo(deps: Deps, examples: string, out: (text: string) => void): Promise<void> {
  const { store, clock, documents } = deps;
  const rules = await documents.readRules();

  out('\n— The count —\n');
  out(`Sam types /count for Fixings. The app snapshots the location and posts the session in its channel with a pre-filled sheet:`);
  const opened = await openCount(deps, { location: 'Fixings', categories: null, counter: SAM, by: SAM, fallbackChannel: null }, clock());
  if (opened.kind !== 'opened') throw new Error(`the demo could not open its count: ${opened.kind}`);
  const session = opened.meta;

  out(`Sam uploads the scanner export (a re-scan, barcodes and supplier codes, a typo, an unknown code, beans from the café):`);
  await captureCount(deps, { sessionId: session.session_id, fileId: join(examples, 'counts', 'fixings-scan.csv'), user: SAM }, clock());
  out(`Then the filled sheet (a case of gloves, a blank, a zero, a negative, a case of paint with no pack size):`);
  await captureCount(deps, { sessionId: session.session_id, fileId: join(examples, 'counts', 'fixings-sheet.csv'), user: SAM }, clock());

  const bolts = await store.inventory.get('Fixings', 'BOLT-M6-50');
  out(`Nothing has moved yet: the system still holds ${bolts?.quantity} M6 bolts.\n`);

  out('Sam fixes the parked "FT-W6,2OO" (letter O for zero) as 200 washers:');
  const parked = (await store.counts.parked(session.session_id)).find((p) => p.code === 'FT-W6');
  if (parked) await fixParked(deps, { sessionId: session.session_id, sk: parked.sk, sku: 'WSH-M6', qty: 200, by: SAM }, clock());

  const line = async (sku: string) => (await store.counts.line(session.session_id, sku))!;
  out('Sam taps Approve on the bolts card; only the approver may:');
  if (!(await authorizeApprover(deps, rules, SAM, await line('BOLT-M6-50'), 'approve', clock())))
    out(`  Only @${PRIYA} can approve or reject Fixings' count variances. Nothing was changed.\n`);

  out('Priya recounts the bolts rack, agrees, and approves. The stock-poster posts it in one transaction:');
  await postVariance(deps, await line('BOLT-M6-50'), 'counted', PRIYA, clock());
  await flushSheetWrites(deps, clock());
  out('Priya suspects the silicone was missed, not gone, and rejects it for a recount:');
  await rejectVariance(deps, await line('SIL-CL'), PRIYA, clock());

  const after = await store.inventory.get('Fixings', 'BOLT-M6-50');
  const ledger = await store.inventory.movementsSince('Fixings', 'BOLT-M6-50', '0');
  const [adjustment] = await store.counts.adjustmentsFor('Fixings', 'BOLT-M6-50');
  out(
    `M6 bolts now ${after?.quantity} in the system; ledger: ${ledger.map((m) => `${m.source} ${m.delta > 0 ? '+' : ''}${m.delta}`).join(', ')}.`,
  );
  const sheetNow = (await documents.readStockSheet()).find((i) => i.sku === 'BOLT-M6-50' && i.location === 'Fixings');
  out(`The stock sheet, the source of truth, was written back: BOLT-M6-50 on_hand ${sheetNow?.onHand}.`);
  if (adjustment)
    out(
      `Adjustment: ${adjustment.before} → ${adjustment.after} by ${adjustment.by}, cause ${adjustment.cause}, session ` +
        `${adjustment.session_id}.`,
    );
  out(
    `The silicone stays at ${(await store.inventory.get('Fixings', 'SIL-CL'))?.quantity}. Other cards wait for Priya; closing the count ` +
      `frees Fixings for the next one:`,
  );
  await closeCount(deps, session.session_id, SAM, clock());
}

/**
 * Sam forwards Saturday's fridge count to stock@: the app reads the attachment, proposes the rows that changed (each
 * checked against the document's own text), and the owner approves the card; only then does the sheet change.
 */
async function inboxDemo(deps: Deps, examples: string, out: (text: string) => void, drain: () => Promise<void>): Promise<void> {
  const rules = await deps.documents.readRules();
  out('\n— The inbox —\n');
  out("Sam forwards Saturday's fridge count to stock@. The owner gets a proposal card; nothing changes yet:");
  const file = join(examples, 'inbox', 'saturday-count.eml');
  const outcome = await receiveLocalFile(deps, 'saturday-count.eml', readFileSync(file));
  const oat = () => deps.documents.readStockSheet().then((items) => items.find((i) => i.sku === 'MILK-OAT')?.onHand);
  out(`Oat milk in the stock sheet: ${await oat()}.\n`);
  if (outcome.kind !== 'proposed' || !rules.owner) return;
  out('The owner taps Approve. The stock-poster writes each row once, as an `inbox` movement, through the write-back:');
  await decideIntake(deps, outcome.record.mail_id, rules.owner, 'approve');
  await drain();
  await flushSheetWrites(deps, deps.clock());
  out(`Oat milk in the stock sheet: ${await oat()} (${outcome.record.rows.length} rows written; SYR-VAN, unchanged, was left out).`);
}

const dayAfter = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Where the demo leaves the summary's charts to look at: `.data/demo-charts` under the folder it was run from. */
const DEMO_CHARTS = join('.data', 'demo-charts');

/**
 * The scheduled reports, run now rather than on Sunday evening and the first Monday: the week's digest, and the month
 * so far as the monthly summary, with its two charts saved as PNG files. Quiet hours are set aside for the demo only.
 */
async function reportsDemo(deps: Deps, now: Date, out: (text: string) => void): Promise<void> {
  const rules: Rules = { ...(await deps.documents.readRules()), quietHours: null, businessDays: [1, 2, 3, 4, 5, 6, 7], holidays: [] };
  const today = localDate(now, rules.timezone);
  // This week's Sunday: the digest of the week so far.
  const sunday = digestWeek(today).to === today ? today : digestWeek(dayAfter(today, 7)).to;
  out('\n— The weekly digest (Sunday 18:00), for this week so far —\n');
  await sendWeeklyDigest(deps, rules, deps.clock(), sunday);
  out('\n— The monthly summary (first Monday, 09:00), for this month so far —\n');
  const summary = await sendMonthlySummary(deps, rules, deps.clock(), today.slice(0, 7));
  mkdirSync(DEMO_CHARTS, { recursive: true });
  for (const chart of summary.charts) {
    const path = join(DEMO_CHARTS, chart.fileName);
    writeFileSync(path, chart.png);
    out(`Chart saved: ${path} (${chart.width}×${chart.height}). ${chart.altText}`);
  }
  if (summary.emailedTo.length > 0)
    out(`Emailed, charts inline, to ${summary.emailedTo.join(' and ')} (locally, .eml files in the outbox folder).`);
}

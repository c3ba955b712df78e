import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { DailyCheckReport } from '../jobs/daily-check';
import { byMoveThenItem, checkJson, moveCountsLine, moveTableText } from '../views/check-report';
import { countStatusText } from '../views/count-session';
import { poDraftText } from '../views/po-draft-text';
import { reconcileText } from '../views/reconcile-report';
import { DocumentError } from './config/errors';
import { slackConfigured } from './config/app-config';
import { documentsFromEnv, PACKAGE_ROOT } from './wiring';

// Each command loads what it uses when it runs (the store, Slack, the AWS SDK, Bolt), so `check --dry-run` and
// `reconcile` start without any of them.
const lazy = {
  wiring: () => require('./wiring') as typeof import('./wiring'),
  dailyCheck: () => require('../jobs/daily-check') as typeof import('../jobs/daily-check'),
  jobs: () => require('../jobs') as typeof import('../jobs'),
};

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

const HELP = `stockbot — keeps a small business's stock honest

Usage:
  stockbot start                  serve the Slack app when SLACK_BOT_TOKEN is set (.env), else run the demo
  stockbot serve                  serve the Slack app: Socket Mode with SLACK_APP_TOKEN, else HTTP on $PORT at /slack/events
  stockbot demo [--now ISO]       walk a day at the example shop on the embedded defaults (no network, no credentials)
  stockbot check [options]        run the daily reorder check
      --sheet FILE       stock sheet, .csv or .xlsx   (default: $STOCK_SHEET or examples/stock.csv)
      --rules FILE       rules doc                    (default: $RULES_DOC or examples/rules.txt)
      --suppliers FILE   supplier doc                 (default: $SUPPLIER_DOC or examples/suppliers.txt)
      --now ISO          the instant to check as, e.g. 2026-11-23T08:00:00Z (default: now)
      --dry-run          decide from the documents alone: no state read or written, no drafts stored
      --json             print one JSON object instead of the table
  stockbot reconcile [options]    reconcile count files against an inventory, with no state read or written
      --inventory FILE   the system of record: a stock sheet (.csv or .xlsx), on_hand as the system quantity
      --count FILE       a scanner export or a filled count sheet (.csv or .xlsx); repeat for several bins
      --location L       the location counted
      --rules FILE       rules doc, for the materiality tolerance (default: $RULES_DOC or examples/rules.txt)
      --json             print one JSON object instead of the table
  stockbot count open --location L [--categories a,b] [--counter NAME]
                                  open a count session locally: snapshot stored, pre-filled sheet written to .data/counts
  stockbot count submit [--session ID | --location L] FILE...
                                  read count files into a session: summary, parked lines and variance cards printed
  stockbot count status           list the counts not yet closed
  stockbot count close [--session ID | --location L]
                                  close a count and free its location
  stockbot orders [--status S] [--json]
                                  list orders: drafts, approved, on order (or one status: pending, on-order, received…)
  stockbot receive PO-NUMBER [--qty N] [--note TEXT]
                                  record a delivery against an order on order (default: all that is still to come)
  stockbot pos replay FILE        feed a CSV or JSON export of past till events (event_id,type,sku,location,qty,at)
                                  through the till lane: each applied once, unknown codes parked
  stockbot intake FILE [--approve]
                                  read a forwarded mail (.eml) or a count or price list (.csv, .xlsx; .pdf and photos need
                                  Textract) into a proposal for the owner; --approve approves it as the owner and writes the sheet
  stockbot jobs [--json]          list the scheduled jobs: name, schedule (in the rules doc's timezone), what each does
  stockbot run JOB [--now ISO]    run one scheduled job now (daily-check, sheet-sync, sheet-flush…), as its schedule would
  stockbot help                   this text

State lives in the embedded DynamoDB Local under .data/dynamodb unless DYNAMODB_ENDPOINT is set
(a URL, or "aws" for AWS's DynamoDB).`;

class UsageError extends Error {}

function parseNow(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const now = new Date(value);
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now: expected an ISO date-time like 2026-11-23T08:00:00Z, got "${value}"`);
  return now;
}

async function check(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      sheet: { type: 'string' },
      rules: { type: 'string' },
      suppliers: { type: 'string' },
      now: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const now = parseNow(values.now);
  const dryRun = values['dry-run'] ?? false;
  const json = values.json ?? false;
  // With --json, stdout carries exactly one object; everything else goes to stderr.
  const say = json ? io.err : io.out;
  const { dailyCheck, ownersDailyCheck } = lazy.dailyCheck();
  const flags = { sheet: values.sheet, rules: values.rules, suppliers: values.suppliers };

  let report: DailyCheckReport;
  let where = 'dry run, nothing stored';
  if (dryRun) {
    // Decided from the documents alone: no store, no Slack, no AWS SDK loaded.
    const { printedDrafts } = require('./services/owner-notices') as typeof import('./services/owner-notices');
    report = await dailyCheck({ documents: documentsFromEnv(io.env, flags), notifier: printedDrafts(say) }, now, { dryRun: true });
  } else {
    // With Slack configured, drafts go to the owner (DM, or email with signed links); otherwise they are printed.
    const rt = await lazy.wiring().cliRuntime(io.env, { flags, print: say, clock: () => now });
    try {
      where = rt.deps.store.description;
      const outcome = await ownersDailyCheck(rt.deps, now);
      report = outcome.report;
      if (outcome.delivered > 0)
        say(`${outcome.delivered} draft${outcome.delivered === 1 ? '' : 's'} held over quiet hours sent to the owner.`);
    } finally {
      await rt.deps.store.close();
    }
  }
  for (const warning of report.warnings) io.err(`warning: ${warning}`);
  for (const failure of report.notifyFailures) {
    io.err(`warning: draft ${failure.order.item_key} ${failure.order.order_id} is stored but was not delivered: ${failure.error}`);
  }
  // Rows skipped for a bad cell were reported above; every other row was still decided. Exit 1 says "fix the sheet".
  const exitCode = report.skippedRows.length > 0 ? 1 : 0;
  if (json) {
    io.out(JSON.stringify(checkJson(report.checks)));
    return exitCode;
  }
  const { rules } = report;
  io.out(`Daily check for ${report.today} (${rules.timezone}) — ${where}`);
  io.out(moveTableText(report.checks, rules.currency));
  io.out(`\n${report.checks.length} items: ${moveCountsLine(report.counts)}`);
  if (dryRun) {
    const drafts = [...report.checks].sort(byMoveThenItem).flatMap((c) => (c.draft ? [c.draft] : []));
    if (drafts.length > 0)
      io.out(`\nDrafts this check would send to the owner:\n\n${drafts.map((d) => poDraftText(d, rules.currency)).join('\n\n')}`);
  } else {
    const held = report.checks.length - report.counts.stocked - report.counts.watch - report.created.length - report.resurfaced.length;
    io.out(
      `${report.created.length} new draft${report.created.length === 1 ? '' : 's'}, ${report.resurfaced.length} urgent ` +
        `draft${report.resurfaced.length === 1 ? '' : 's'} shown again` +
        (held > 0 ? `, ${held} already drafted or held by a skip` : ''),
    );
  }
  return exitCode;
}

async function reconcileCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      inventory: { type: 'string' },
      count: { type: 'string', multiple: true },
      location: { type: 'string' },
      rules: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (!values.inventory) throw new UsageError('--inventory FILE is required: the stock sheet whose on_hand is the system quantity');
  if (!values.count?.length) throw new UsageError('--count FILE is required (repeat it for several files)');
  if (!values.location) throw new UsageError('--location L is required: the location that was counted');
  const { readStockSheetFile } = require('./config/stock-sheet') as typeof import('./config/stock-sheet');
  const { readCountPaths, reconcileFiles, reconcileJson } =
    require('./services/reconcile-files') as typeof import('./services/reconcile-files');
  const [inventory, rules, counts] = await Promise.all([
    readStockSheetFile(values.inventory),
    documentsFromEnv(io.env, { rules: values.rules }).readRules(),
    readCountPaths(values.count),
  ]);
  const result = await reconcileFiles({ inventory, counts, location: values.location, rules });
  io.out(values.json ? JSON.stringify(reconcileJson(result)) : reconcileText(result, rules.currency));
  return 0;
}

/** `stockbot count …`: count sessions on this machine, the same workflow as Slack's with messages printed. */
async function countCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      location: { type: 'string' },
      session: { type: 'string' },
      categories: { type: 'string' },
      counter: { type: 'string' },
      sheet: { type: 'string' },
      rules: { type: 'string' },
    },
    strict: true,
    allowPositionals: sub === 'submit',
  });
  if (sub !== 'open' && sub !== 'submit' && sub !== 'status' && sub !== 'close')
    throw new UsageError('expected `count open`, `count submit`, `count status` or `count close`');
  // Usage is checked before the store starts: a typo should not wait for DynamoDB Local.
  if (sub === 'open' && !values.location) throw new UsageError('--location L is required');
  if (sub === 'submit' && positionals.length === 0)
    throw new UsageError('name the count files to read: stockbot count submit --location L FILE...');
  if ((sub === 'submit' || sub === 'close') && !values.session && !values.location)
    throw new UsageError('--session ID or --location L is required');
  const who = values.counter ?? io.env.USER ?? 'local';
  const rt = await lazy.wiring().cliRuntime(io.env, { flags: values, print: io.out });
  const { deps } = rt;
  const { store } = deps;
  const { captureCount } = require('./services/count-capture') as typeof import('./services/count-capture');
  const { closeCount, openCount } = require('./services/count-sessions') as typeof import('./services/count-sessions');
  try {
    const sessionFor = async (): Promise<string> => {
      if (values.session) return values.session;
      const open = await store.counts.openFor(values.location!);
      if (!open)
        throw new UsageError(`no count is open at ${values.location}; \`stockbot count open --location ${values.location}\` opens one`);
      return open;
    };
    switch (sub) {
      case 'open': {
        const categories = values.categories
          ? values.categories
              .split(',')
              .map((c) => c.trim())
              .filter(Boolean)
          : null;
        const outcome = await openCount(
          deps,
          { location: values.location!, categories, counter: who, by: who, fallbackChannel: 'terminal' },
          deps.clock(),
        );
        if (outcome.kind === 'nothing-to-count') throw new UsageError(outcome.reason);
        if (outcome.kind === 'already-open') {
          io.err(`${outcome.meta.location} already has an open count, ${outcome.meta.session_id}: submit into it, or close it first.`);
          return 1;
        }
        io.out(
          `Count ${outcome.meta.session_id} is open with ${outcome.skus} SKUs. Fill in the sheet, then: stockbot count submit --session ` +
            `${outcome.meta.session_id} FILE`,
        );
        return 0;
      }
      case 'submit': {
        const sessionId = await sessionFor();
        if (!(await store.counts.meta(sessionId)))
          throw new UsageError(`there is no count ${sessionId}; \`stockbot count status\` lists them`);
        for (const path of positionals) await captureCount(deps, { sessionId, fileId: resolve(path), user: who }, deps.clock());
        await rt.queue.drain();
        return 0;
      }
      case 'status': {
        const rules = await deps.documents.readRules();
        const { mrkdwnToText } = require('./adapters/slack/blocks-text') as typeof import('./adapters/slack/blocks-text');
        io.out(mrkdwnToText(countStatusText(await store.counts.listActive(), rules.timezone)));
        return 0;
      }
      case 'close': {
        const outcome = await closeCount(deps, await sessionFor(), who, deps.clock());
        if (outcome.kind === 'not-allowed')
          throw new UsageError(
            `only the counter (${outcome.meta.counter}), whoever opened it or the location's approver can close it; pass --counter`,
          );
        if (outcome.kind === 'unknown') throw new UsageError('there is no such count; `stockbot count status` lists them');
        if (outcome.kind === 'already-closed') io.out('That count was already closed.');
        return 0;
      }
    }
  } finally {
    await store.close();
  }
}

/** Runs the Slack app until the process is stopped. */
async function serve(io: CliIo): Promise<number> {
  const { buildApp } = require('./app') as typeof import('./app');
  const { localScheduler } = require('../jobs/local-scheduler') as typeof import('../jobs/local-scheduler');
  const runtime = await lazy.wiring().serveRuntime(io.env);
  const { config, deps } = runtime;
  const app = buildApp({ config, services: runtime.services });
  await app.start(config.port);
  localScheduler(deps, io).start();
  const state = `State: ${deps.store.description}. Mail: ${deps.mail.describe()}.`;
  io.out(
    config.appToken
      ? `stockbot is connected to Slack in Socket Mode. ${state}`
      : `stockbot is listening on http://localhost:${config.port}/slack/events. ${state}`,
  );
  return new Promise<number>(() => {});
}

const ORDER_STATUSES = ['pending', 'approved', 'on-order', 'partly-received', 'received', 'skipped', 'expired'] as const;

/** `stockbot orders`: what is drafted, approved and on order, on this machine's store (beside a running serve). */
async function ordersCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { status: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true });
  const status = values.status as (typeof ORDER_STATUSES)[number] | undefined;
  if (status !== undefined && !ORDER_STATUSES.includes(status))
    throw new UsageError(`--status: expected one of ${ORDER_STATUSES.join(', ')}`);
  const { listOrders } = require('./services/receiving') as typeof import('./services/receiving');
  const rt = await lazy.wiring().cliRuntime(io.env, { print: io.err });
  try {
    const orders = await listOrders(rt.deps, status);
    const rows = orders.map((o) => ({
      po_number: o.po_number ?? null,
      sku: o.sku,
      location: o.location,
      status: o.status,
      qty: o.qty,
      received_qty: o.received_qty ?? 0,
      supplier: o.supplier,
      expected_date: o.expected_date ?? null,
    }));
    if (values.json) {
      io.out(JSON.stringify({ orders: rows }));
      return 0;
    }
    if (rows.length === 0) {
      io.out(status ? `No orders are ${status}.` : 'No drafts waiting and nothing on order.');
      return 0;
    }
    const table = [
      ['po', 'sku', 'location', 'status', 'qty', 'received', 'supplier', 'expected'],
      ...rows.map((r) => [
        r.po_number ?? '(draft)',
        r.sku,
        r.location,
        r.status,
        String(r.qty),
        String(r.received_qty),
        r.supplier ?? '',
        r.expected_date ?? '',
      ]),
    ];
    const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
    io.out(
      table
        .map((row) =>
          row
            .map((c, i) => c.padEnd(widths[i]!))
            .join('  ')
            .trimEnd(),
        )
        .join('\n'),
    );
    return 0;
  } finally {
    await rt.deps.store.close();
  }
}

/** `stockbot receive PO-000123 [--qty N]`: the same receipt as Mark received in Slack. */
/**
 * `stockbot pos replay FILE`: past till events through the same path as the webhooks (each line applied once, so a
 * replay run twice changes nothing the second time), then the write-back.
 */
async function posCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'replay' || rest.length !== 1)
    throw new UsageError('usage: stockbot pos replay FILE (a .csv or .json export of till events)');
  const file = rest[0]!;
  const { readDocumentBytes } = require('./config/headers') as typeof import('./config/headers');
  const { parsePosReplay } = require('./config/pos-events') as typeof import('./config/pos-events');
  const { applyPosEvent } = require('./services/pos-intake') as typeof import('./services/pos-intake');
  const events = parsePosReplay(basename(file), await readDocumentBytes(file));
  const rt = await lazy.wiring().cliRuntime(io.env, { print: () => {} });
  try {
    const total = { applied: 0, duplicates: 0, parked: 0, nothing: 0 };
    for (const event of events) {
      const outcome = await applyPosEvent(rt.deps, event);
      for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += outcome[k];
    }
    // The write-back would run on serve's schedule; a replay writes the sheet before it returns.
    const { flushSheetWrites } = require('./services/sheet-writes') as typeof import('./services/sheet-writes');
    await flushSheetWrites(rt.deps, new Date());
    await rt.queue.drain();
    io.out(
      `${events.length} till event${events.length === 1 ? '' : 's'} read from ${basename(file)}: ${total.applied} applied, ` +
        `${total.duplicates} already applied before, ${total.parked} parked (App Home lists them)` +
        (total.nothing > 0 ? `, ${total.nothing} with nothing to change` : '') +
        '.',
    );
    return 0;
  } finally {
    await rt.deps.store.close();
  }
}

/** `stockbot intake FILE [--approve]`: the inbox lane for one file on this machine. */
async function intakeCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { approve: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
  const file = positionals[0];
  if (!file || positionals.length > 1)
    throw new UsageError('usage: stockbot intake FILE [--approve] (a forwarded .eml, or a .csv, .xlsx, .pdf, .png, .jpg or .tiff)');
  const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(err.code === 'ENOENT' ? `${file} does not exist` : `${file} could not be read: ${err.message}`);
  });
  const { receiveLocalFile } = require('./services/mail-intake') as typeof import('./services/mail-intake');
  const rt = await lazy.wiring().cliRuntime(io.env, { print: io.out });
  try {
    const outcome = await receiveLocalFile(rt.deps, basename(file), bytes);
    const { record } = outcome;
    const rows = `${record.rows.length} row${record.rows.length === 1 ? '' : 's'}`;
    switch (outcome.kind) {
      case 'duplicate':
        io.out(`${basename(file)} was read before (${record.status}); nothing was done twice.`);
        return 0;
      case 'ignored':
      case 'nothing-usable':
        io.out(`${basename(file)}: nothing proposed. ${record.note ?? ''}`.trim());
        return outcome.kind === 'ignored' ? 1 : 0;
      case 'proposed':
        break;
    }
    if (!values.approve) {
      io.out(`${basename(file)}: ${rows} proposed, waiting for the owner (run again with --approve to approve as the owner).`);
      return 0;
    }
    const rules = await rt.deps.documents.readRules();
    if (!rules.owner) throw new UsageError('--approve needs an owner in the rules doc (owner: <Slack member ID>)');
    const { decideIntake } = require('./services/intake-decisions') as typeof import('./services/intake-decisions');
    const reply = await decideIntake(rt.deps, record.mail_id, rules.owner, 'approve');
    if (reply.kind === 'tell') io.err(reply.text);
    await rt.queue.drain();
    // The write-back would run on serve's schedule; from the command line the sheet is written before it returns.
    const { flushSheetWrites } = require('./services/sheet-writes') as typeof import('./services/sheet-writes');
    await flushSheetWrites(rt.deps, new Date());
    io.out(`Approved: ${rows} written into ${rt.deps.documents.describe().stockSheet}.`);
    return 0;
  } finally {
    await rt.deps.store.close();
  }
}

async function receiveCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { qty: { type: 'string' }, note: { type: 'string' } },
    strict: true,
    allowPositionals: true,
  });
  const po = positionals[0];
  if (!po || positionals.length > 1) throw new UsageError('name one PO number, e.g. stockbot receive PO-000123 --qty 120');
  const qty = values.qty === undefined ? undefined : Number(values.qty);
  if (qty !== undefined && !Number.isFinite(qty)) throw new UsageError(`--qty: expected a number, got "${values.qty}"`);
  const { findByPoNumber, receiveOrder } = require('./services/receiving') as typeof import('./services/receiving');
  const { stillToCome } = require('./domain/receipt') as typeof import('./domain/receipt');
  // Without Slack there is no DM to redraw: the one line below says what happened.
  const rt = await lazy.wiring().cliRuntime(io.env, { print: () => {} });
  try {
    const order = await findByPoNumber(rt.deps, po);
    if (!order) throw new UsageError(`no order on order has PO number ${po}; \`stockbot orders\` lists them`);
    const by = io.env.USER ?? 'local';
    const outcome = await receiveOrder(
      rt.deps,
      { itemKey: order.item_key, orderId: order.order_id },
      {
        qty: qty ?? stillToCome(order),
        by,
        source: 'cli',
        receiptId: `cli#${randomUUID()}`,
        ...(values.note ? { note: values.note } : {}),
      },
    );
    await rt.queue.drain();
    switch (outcome.kind) {
      case 'received': {
        const o = outcome.order;
        io.out(
          `${o.po_number}: ${o.received_qty} of ${o.qty} ${o.sku} received at ${o.location}; on hand now ${outcome.onHand}` +
            (o.status === 'received' ? '. The order is complete.' : `; ${stillToCome(o)} still to come.`),
        );
        return 0;
      }
      case 'invalid':
        io.err(`stockbot receive: ${outcome.message}`);
        return 1;
      default:
        io.err(`stockbot receive: ${po} was not found or was already recorded; nothing changed.`);
        return 1;
    }
  } finally {
    await rt.deps.store.close();
  }
}

/** `stockbot jobs`: the registry, as the schedulers read it. */
async function jobsCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, strict: true, allowPositionals: false });
  const { describeSchedule, scheduleExpression } = require('./domain/job-schedule') as typeof import('./domain/job-schedule');
  const { JOBS } = lazy.jobs();
  // The schedules run in the rules doc's timezone; a doc with problems still lets the list print (and says so).
  const timezone = await documentsFromEnv(io.env)
    .readRules()
    .then((rules) => rules.timezone)
    .catch(() => "the rules doc's timezone (it has problems: `stockbot check --dry-run` shows them)");
  const rows = JOBS.map((job) => ({
    name: job.name,
    schedule: scheduleExpression(job.schedule),
    timezone,
    when: describeSchedule(job.schedule),
    runs_on: job.runsOn,
    ...(job.aws ? { on_aws: 'woken by one-off at() schedules when there is work' } : {}),
    description: job.description,
  }));
  if (values.json) {
    io.out(JSON.stringify(rows));
    return 0;
  }
  const width = Math.max(...rows.map((r) => r.name.length));
  io.out(`Scheduled jobs (times in ${timezone}):`);
  for (const r of rows) io.out(`  ${r.name.padEnd(width)}  ${r.when.padEnd(24)}  ${r.description}`);
  return 0;
}

/** `stockbot run JOB`: one registry job, now (or as of --now), on this machine's store. */
async function runCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { now: { type: 'string' } }, strict: true, allowPositionals: true });
  const { JOBS, findJob } = lazy.jobs();
  const name = positionals[0];
  if (!name || positionals.length > 1) throw new UsageError(`name one job: ${JOBS.map((j) => j.name).join(', ')}`);
  const job = findJob(name);
  if (!job)
    throw new UsageError(`there is no job "${name}"; the jobs are ${JOBS.map((j) => j.name).join(', ')} (\`stockbot jobs\` lists them)`);
  const now = parseNow(values.now);
  const { runJob } = require('../jobs/run') as typeof import('../jobs/run');
  const rt = await lazy.wiring().cliRuntime(io.env, { print: io.out, clock: () => now });
  try {
    const result = await runJob(rt.deps, job, now, { force: true });
    await rt.queue.drain();
    for (const warning of result?.warnings ?? []) io.err(`warning: ${warning}`);
    io.out(result?.summary ?? `${job.name}: nothing to do.`);
    return 0;
  } finally {
    await rt.deps.store.close();
  }
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command = 'help', ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await check(rest, io);
      case 'serve':
        return await serve(io);
      case 'reconcile':
        return await reconcileCommand(rest, io);
      case 'count':
        return await countCommand(rest, io);
      case 'orders':
        return await ordersCommand(rest, io);
      case 'receive':
        return await receiveCommand(rest, io);
      case 'pos':
        return await posCommand(rest, io);
      case 'intake':
        return await intakeCommand(rest, io);
      case 'jobs':
        return await jobsCommand(rest, io);
      case 'run':
        return await runCommand(rest, io);
      case 'demo':
      case 'start': {
        if (command === 'start' && slackConfigured(io.env)) return await serve(io);
        const { values } = parseArgs({ args: rest, options: { now: { type: 'string' } }, strict: true });
        const { runDemo } = require('./demo') as typeof import('./demo');
        return await runDemo({ now: parseNow(values.now), examples: resolve(PACKAGE_ROOT, 'examples'), out: io.out });
      }
      case 'help':
      case '--help':
      case '-h':
        io.out(HELP);
        return 0;
      default:
        io.err(`stockbot: unknown command "${command}"\n\n${HELP}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof DocumentError) {
      io.err(`stockbot: the documents have problems; nothing was changed:\n${err.message}`);
      return 1;
    }
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`stockbot ${command}: ${(err as Error).message}\nRun \`stockbot help\` for usage.`);
      return 2;
    }
    io.err(`stockbot ${command}: ${(err as Error).message}`);
    return 1;
  }
}

export function runCli(): void {
  // On Node 20 the AWS SDK warns that its 2027 releases need Node 22; the README says so once, the CLI need not every run.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Local settings (Slack tokens, document paths) from .env, as .env.example describes; real variables win.
  if (existsSync('.env')) process.loadEnvFile('.env');
  // Node skips 'exit' handlers when a signal ends it; exiting explicitly runs them, so the embedded DynamoDB Local stops too.
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)
    process.once(signal, () => process.exit(code));
  main(process.argv.slice(2), {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
    env: process.env,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`stockbot: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

if (require.main === module) runCli();

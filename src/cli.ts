import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dailyCheck, ownersDailyCheck, type DailyCheckReport } from '../jobs/daily-check';
import { byMoveThenItem, checkJson, moveCountsLine, moveTableText } from '../views/check-report';
import { poDraftText } from '../views/po-draft-text';
import { countStatusText } from '../views/count-session';
import { mrkdwnToText } from '../views/blocks-text';
import { reconcileText } from '../views/reconcile-report';
import { localDocuments, type LocalDocumentPaths } from './adapters/documents/local-files';
import { localFiles } from './adapters/files';
import { causeSuggesterFromEnv } from './adapters/model/from-env';
import { consoleCountChannel } from './adapters/slack/console-count-channel';
import { readStockSheetFile } from './config/stock-sheet';
import { captureCount, type CaptureDeps } from './services/count-capture';
import { closeCount, openCount } from './services/count-sessions';
import { readCountPaths, reconcileFiles, reconcileJson } from './services/reconcile-files';
import { consoleNotifier } from './adapters/notifier/console';
import { DocumentError } from './config/errors';
import { buildApp } from './app';
import { appConfigFromEnv, slackConfigured } from './config/app-config';
import { runDemo } from './demo';
import { localSchedule } from './local-schedule';
import { localRuntime, mailFromEnv, ownerWiring } from './runtime';
import { openStore, storeOptionsFromEnv } from './store/open-store';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

/** The package root: examples/ lives here whether the CLI runs from dist/ or from src/. */
export const PACKAGE_ROOT = resolve(__dirname, '..');

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

function documentPaths(values: { sheet?: string; rules?: string; suppliers?: string }, env: NodeJS.ProcessEnv): LocalDocumentPaths {
  const pick = (flag: string | undefined, envValue: string | undefined, example: string) =>
    relative(process.cwd(), resolve(flag ?? envValue ?? resolve(PACKAGE_ROOT, 'examples', example))) || '.';
  return {
    stockSheet: pick(values.sheet, env.STOCK_SHEET, 'stock.csv'),
    rules: pick(values.rules, env.RULES_DOC, 'rules.txt'),
    suppliers: pick(values.suppliers, env.SUPPLIER_DOC, 'suppliers.txt'),
  };
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
  const documents = localDocuments(documentPaths(values, io.env));
  // With --json, stdout carries exactly one object; everything else goes to stderr.
  const say = json ? io.err : io.out;

  const store = dryRun ? undefined : await openStore(storeOptionsFromEnv(io.env));
  try {
    // With Slack configured, drafts go to the owner (DM, or email with signed links); otherwise they are printed.
    let report: DailyCheckReport;
    if (store && slackConfigured(io.env)) {
      const { drafts } = ownerWiring({ config: appConfigFromEnv(io.env), store, documents, mail: mailFromEnv(io.env), clock: () => now });
      const outcome = await ownersDailyCheck({ documents, store, drafts }, now);
      report = outcome.report;
      if (outcome.delivered > 0) io.out(`${outcome.delivered} draft${outcome.delivered === 1 ? '' : 's'} held over quiet hours sent to the owner.`);
    } else {
      report = await dailyCheck({ documents, notifier: consoleNotifier(say), ...(store ? { store } : {}) }, now, { dryRun });
    }
    for (const warning of report.warnings) io.err(`warning: ${warning}`);
    for (const failure of report.notifyFailures) {
      io.err(`warning: draft ${failure.order.item_key} ${failure.order.order_id} is stored but was not delivered: ${failure.error}`);
    }
    if (json) {
      io.out(JSON.stringify(checkJson(report.checks)));
      return 0;
    }
    const { rules } = report;
    io.out(`Daily check for ${report.today} (${rules.timezone})${dryRun ? ' — dry run, nothing stored' : ` — ${store?.description}`}`);
    io.out(moveTableText(report.checks, rules.currency));
    io.out(`\n${report.checks.length} items: ${moveCountsLine(report.counts)}`);
    if (dryRun) {
      const drafts = [...report.checks].sort(byMoveThenItem).flatMap((c) => (c.draft ? [c.draft] : []));
      if (drafts.length > 0) io.out(`\nDrafts this check would send to the owner:\n\n${drafts.map((d) => poDraftText(d, rules.currency)).join('\n\n')}`);
    } else {
      const held = report.checks.length - report.counts.stocked - report.counts.watch - report.created.length - report.resurfaced.length;
      io.out(
        `${report.created.length} new draft${report.created.length === 1 ? '' : 's'}, ${report.resurfaced.length} urgent draft${report.resurfaced.length === 1 ? '' : 's'} shown again` +
          (held > 0 ? `, ${held} already drafted or held by a skip` : ''),
      );
    }
    return 0;
  } finally {
    await store?.close();
  }
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
  const [inventory, rules, counts] = await Promise.all([
    readStockSheetFile(values.inventory),
    localDocuments(documentPaths({ rules: values.rules }, io.env)).readRules(),
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
  if (sub !== 'open' && sub !== 'submit' && sub !== 'status' && sub !== 'close') throw new UsageError('expected `count open`, `count submit`, `count status` or `count close`');
  // Usage is checked before the store starts: a typo should not wait for DynamoDB Local.
  if (sub === 'open' && !values.location) throw new UsageError('--location L is required');
  if (sub === 'submit' && positionals.length === 0) throw new UsageError('name the count files to read: stockbot count submit --location L FILE...');
  if ((sub === 'submit' || sub === 'close') && !values.session && !values.location) throw new UsageError('--session ID or --location L is required');
  const store = await openStore(storeOptionsFromEnv(io.env));
  try {
    const who = values.counter ?? io.env.USER ?? 'local';
    // Pre-filled sheets and kept originals go under the data folder, beside the embedded database.
    const dataDir = io.env.STOCKBOT_DATA_DIR || '.data';
    const deps: CaptureDeps = {
      store,
      documents: localDocuments(documentPaths(values, io.env)),
      channel: consoleCountChannel(io.out, join(dataDir, 'counts')),
      clock: () => new Date(),
      files: localFiles(join(dataDir, 'files')),
      suggester: causeSuggesterFromEnv(io.env),
    };
    const sessionFor = async (): Promise<string> => {
      if (values.session) return values.session;
      const open = await store.counts.openFor(values.location!);
      if (!open) throw new UsageError(`no count is open at ${values.location}; \`stockbot count open --location ${values.location}\` opens one`);
      return open;
    };
    switch (sub) {
      case 'open': {
        const categories = values.categories ? values.categories.split(',').map((c) => c.trim()).filter(Boolean) : null;
        const outcome = await openCount(deps, { location: values.location!, categories, counter: who, by: who, fallbackChannel: 'terminal' }, deps.clock());
        if (outcome.kind === 'nothing-to-count') throw new UsageError(outcome.reason);
        if (outcome.kind === 'already-open') {
          io.err(`${outcome.meta.location} already has an open count, ${outcome.meta.session_id}: submit into it, or close it first.`);
          return 1;
        }
        io.out(`Count ${outcome.meta.session_id} is open with ${outcome.skus} SKUs. Fill in the sheet, then: stockbot count submit --session ${outcome.meta.session_id} FILE`);
        return 0;
      }
      case 'submit': {
        const sessionId = await sessionFor();
        if (!(await store.counts.meta(sessionId))) throw new UsageError(`there is no count ${sessionId}; \`stockbot count status\` lists them`);
        for (const path of positionals) await captureCount(deps, { sessionId, fileId: resolve(path), user: who }, deps.clock());
        return 0;
      }
      case 'status': {
        const rules = await deps.documents.readRules();
        io.out(mrkdwnToText(countStatusText(await store.counts.listActive(), rules.timezone)));
        return 0;
      }
      case 'close': {
        const outcome = await closeCount(deps, await sessionFor(), who, deps.clock());
        if (outcome.kind === 'not-allowed') throw new UsageError(`only the counter (${outcome.meta.counter}), whoever opened it or the location's approver can close it; pass --counter`);
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
  const config = appConfigFromEnv(io.env);
  const store = await openStore(storeOptionsFromEnv(io.env));
  const runtime = localRuntime({ config, store, documents: documentPaths({}, io.env), mail: mailFromEnv(io.env), suggester: causeSuggesterFromEnv(io.env) });
  const app = buildApp({ config, services: runtime.services });
  await app.start(config.port);
  localSchedule({ runtime, store, dailyCheckAt: config.dailyCheckAt ?? 7 * 60, out: io.out, err: io.err }).start();
  io.out(
    config.appToken
      ? `stockbot is connected to Slack in Socket Mode. State: ${store.description}. Mail: ${runtime.mail.describe()}.`
      : `stockbot is listening on http://localhost:${config.port}/slack/events. State: ${store.description}. Mail: ${runtime.mail.describe()}.`,
  );
  return new Promise<number>(() => {});
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
      case 'demo':
      case 'start': {
        if (command === 'start' && slackConfigured(io.env)) return await serve(io);
        const { values } = parseArgs({ args: rest, options: { now: { type: 'string' } }, strict: true });
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
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) process.once(signal, () => process.exit(code));
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

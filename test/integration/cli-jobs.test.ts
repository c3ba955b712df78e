import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JOBS } from '../../jobs';
import { openStore, type Store } from '../../src/store/open-store';
import { runCli as run } from '../support/cli';
import { RULES, writeDocuments } from '../support/documents';

const ROWS = ['BEAN-HB,House Blend beans,main,Bayside Roasters,coffee,58,8,5,20,,4.20,,178,'];

/** A shop of its own on the run's DynamoDB Local, as `stockbot run` on the shop's computer would see it. */
function shop(rules = RULES) {
  const { paths } = writeDocuments(ROWS, rules);
  const env = {
    DYNAMODB_ENDPOINT: process.env.STOCKBOT_TEST_DYNAMODB,
    TABLE_PREFIX: `job${randomUUID().slice(0, 6)}-`,
    STOCK_SHEET: paths.stockSheet,
    RULES_DOC: paths.rules,
    SUPPLIER_DOC: paths.suppliers,
    STOCKBOT_DATA_DIR: mkdtempSync(join(tmpdir(), 'stockbot-jobs-')),
  };
  const store = () =>
    openStore({
      target: { kind: 'endpoint', endpoint: env.DYNAMODB_ENDPOINT! },
      region: 'eu-west-2',
      tablePrefix: env.TABLE_PREFIX,
      createTables: true,
    });
  return { env, store };
}

describe('stockbot jobs', () => {
  it('--json lists every registry job with its schedule and the rules doc timezone', async () => {
    const { env } = shop();
    const { code, out, err } = await run(['jobs', '--json'], env);
    expect(err).toBe('');
    expect(code).toBe(0);
    const jobs = JSON.parse(out) as Record<string, unknown>[];
    expect(jobs.map((j) => j.name)).toEqual(JOBS.map((j) => j.name));
    for (const job of jobs)
      expect(job).toMatchObject({ name: expect.any(String), schedule: expect.stringMatching(/^(cron|rate)\(/), timezone: 'Europe/London' });
    expect(jobs.find((j) => j.name === 'daily-check')).toMatchObject({ schedule: 'cron(0 8 * * ? *)', when: '08:00 on business days' });
    expect(jobs.find((j) => j.name === 'sheet-flush')).toMatchObject({ schedule: 'rate(5 minutes)', when: 'every 5 minutes' });
  });

  it('prints a table a person can read', async () => {
    const { code, out } = await run(['jobs'], shop().env);
    expect(code).toBe(0);
    expect(out).toMatch(/^Scheduled jobs \(times in Europe\/London\):/);
    expect(out).toMatch(/daily-check\s+08:00 on business days\s+a move for every item; drafts orders/);
  });
});

describe('stockbot run', () => {
  let store: Store | undefined;
  afterEach(async () => store?.close());

  it('daily-check: drafts stored and printed, and a second run stores nothing twice', async () => {
    const s = shop();
    const first = await run(['run', 'daily-check', '--now', '2026-11-23T08:00:00Z'], s.env);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/Reorder: House Blend beans/);
    expect(first.out).toMatch(/Daily check for 2026-11-23: 0 urgent reorder · 1 reorder · 0 watch · 0 stocked; 1 new draft\.$/);
    const again = await run(['run', 'daily-check', '--now', '2026-11-23T08:05:00Z'], s.env);
    expect(again.out).toMatch(/; 0 new drafts\.$/);
    store = await s.store();
    expect(await store.orders.listByStatus('pending')).toEqual([expect.objectContaining({ sku: 'BEAN-HB', draft_date: '2026-11-23' })]);
    // The newest run is the one App Home reads: the item now has its draft, so it is stocked until the order is done.
    expect(await store.state.latestRun()).toMatchObject({
      date: '2026-11-23',
      checked_at: '2026-11-23T08:05:00.000Z',
      counts: { stocked: 1 },
    });
  });

  it('deliver-drafts: a draft held over quiet hours is delivered once its time has come, once', async () => {
    const s = shop();
    // 19:00 in London is inside the quiet hours: the draft is stored with its delivery time, not sent.
    const evening = await run(['run', 'daily-check', '--now', '2026-11-23T19:00:00Z'], s.env);
    expect(evening.out).not.toMatch(/Reorder: House Blend beans/);
    expect((await run(['run', 'deliver-drafts', '--now', '2026-11-24T07:59:00Z'], s.env)).out).toBe('0 held drafts sent to the owner.');
    const morning = await run(['run', 'deliver-drafts', '--now', '2026-11-24T08:00:00Z'], s.env);
    expect(morning.out).toMatch(/Reorder: House Blend beans[\s\S]*1 held draft sent to the owner\.$/);
    expect((await run(['run', 'deliver-drafts', '--now', '2026-11-24T08:01:00Z'], s.env)).out).toBe('0 held drafts sent to the owner.');
  });

  it('sheet-flush: nothing waiting, nothing written', async () => {
    const { code, out } = await run(['run', 'sheet-flush'], shop().env);
    expect(code).toBe(0);
    expect(out).toBe('Sheet write-back: 0 on-hand values written to the stock sheet.');
  });

  it('runs each registry job', async () => {
    const s = shop();
    for (const job of JOBS) expect((await run(['run', job.name, '--now', '2026-11-23T09:00:00Z'], s.env)).code).toBe(0);
  });

  it('an unknown job, or none, is a usage error that lists the jobs', async () => {
    const unknown = await run(['run', 'tidy-shelves'], shop().env);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(
      /there is no job "tidy-shelves"; the jobs are sheet-sync, daily-check, deliver-drafts, order-followups, sheet-flush/,
    );
    expect((await run(['run'], shop().env)).code).toBe(2);
    // Nothing was written for a job that did not run.
    expect(readdirSync(shop().env.STOCKBOT_DATA_DIR)).toEqual([]);
  });
});

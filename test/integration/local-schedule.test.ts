import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outboxMail } from '../../src/adapters/mail/outbox';
import type { AppConfig } from '../../src/config/app-config';
import { localScheduler } from '../../jobs/local-scheduler';
import { localRuntime } from '../../src/wiring';
import type { Store } from '../../src/store/open-store';
import { RULES, writeDocuments } from '../support/documents';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { testStore } from '../support/store';

const ROWS = ['BEAN-HB,House Blend beans,main,Bayside Roasters,coffee,58,8,5,20,,4.20,,178,'];

let slack: FakeSlack;
let store: Store;
beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(async () => slack.close());
beforeEach(async () => {
  slack.reset();
  store = await testStore();
});
afterEach(async () => store.close());

function schedule(rules = RULES) {
  const { paths } = writeDocuments(ROWS, rules);
  const config: AppConfig = {
    botToken: 'xoxb-test',
    signingSecret: 's',
    slackApiUrl: slack.url,
    port: 0,
    mailFrom: 'orders@harbourstreet.example',
    linkSecret: 'l',
    emailActionUrl: 'http://localhost/email-action',
  };
  // One clock for the schedule and the queued work it triggers, as in serve.
  let now = new Date(0);
  const runtime = localRuntime({
    config,
    store,
    documents: paths,
    mail: outboxMail(mkdtempSync(join(tmpdir(), 'stockbot-outbox-'))),
    clock: () => now,
    queueBackoffMs: 5,
  });
  const out: string[] = [];
  const s = localScheduler(runtime.deps, { out: (l) => out.push(l), err: (l) => out.push(l) });
  const tick = async (iso: string) => {
    now = new Date(iso);
    await s.tick(now);
    await runtime.queue.drain();
  };
  return { tick, out };
}

describe('stockbot serve: the local schedule', () => {
  it('runs the daily check once on a business day from its local time, and a restart does not run it again', async () => {
    const first = schedule();
    await first.tick('2026-11-23T07:59:00Z');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);

    // 08:00 in London, the end of the example quiet hours (18:00-08:00): the draft reaches the owner at once.
    await first.tick('2026-11-23T08:00:00Z');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    // The sheet sync runs first (every 15 minutes, from the start), then the check.
    expect(first.out).toEqual([
      expect.stringMatching(/^Sheet sync: changed: .*stock\.csv.*; 0 on-hand edits, 1 new item/),
      'Daily check for 2026-11-23: 0 urgent reorder · 1 reorder · 0 watch · 0 stocked; 1 new draft.',
    ]);

    await first.tick('2026-11-23T08:01:00Z');
    const restarted = schedule();
    await restarted.tick('2026-11-23T09:00:00Z');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(restarted.out).toEqual([]);
  });

  it('does not check on a weekend, nor on a holiday of the rules doc, and does on a business day it names', async () => {
    const weekend = schedule();
    await weekend.tick('2026-11-22T09:00:00Z');
    expect(await store.state.getRun('2026-11-22')).toBeNull();

    const holiday = schedule(`${RULES}\nholidays: 2026-11-23\n`);
    await holiday.tick('2026-11-23T09:00:00Z');
    expect(await store.state.getRun('2026-11-23')).toBeNull();

    // A shop open on Saturdays: the rules doc's business days decide, not a fixed Monday to Friday.
    const saturdays = schedule(`${RULES}\nbusiness days: mon-sat\n`);
    await saturdays.tick('2026-11-28T09:00:00Z');
    expect(await store.state.getRun('2026-11-28')).toMatchObject({ items: 1 });
  });

  it('a draft held over quiet hours goes out at the next business minute, through the deliver-drafts job', async () => {
    const s = schedule(RULES.replace('quiet hours: 18:00-08:00', 'quiet hours: 18:00-09:00'));
    await s.tick('2026-11-23T08:00:00Z');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    await s.tick('2026-11-23T08:59:00Z');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    await s.tick('2026-11-23T09:00:00Z');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    await s.tick('2026-11-23T09:01:00Z');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(s.out.filter((line) => !line.startsWith('Sheet sync'))).toEqual([
      'Daily check for 2026-11-23: 0 urgent reorder · 1 reorder · 0 watch · 0 stocked; 1 new draft.',
      '1 held draft sent to the owner.',
    ]);
  });
});

import { deliverDraftsJob } from '../../jobs/deliver-drafts';
import { varianceSweepJob } from '../../jobs/variance-sweep';
import { ACTION } from '../../views/ids';
import { blockKitProblems } from '../support/block-kit-limits';
import { COUNT_RULES, CountHarness } from '../support/count-harness';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';

// The morning sweep on DynamoDB Local and the fake Slack, with the clock fixed: aged variances re-surfaced to their
// approver once a day (closed counts included), count reminders with Start count, and both held over quiet hours
// (18:00-08:00 London, Monday to Friday; GMT in November).

const at = (iso: string) => new Date(iso);
let slack: FakeSlack;
let h: CountHarness;

beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(async () => slack.close());
afterEach(async () => h?.stop());

const RULES = `${COUNT_RULES}aged variance days: 2\ncount reminder days: 30\nlocation channel: main = C0CAFE\n`;
const postsTo = (channel: string) => slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);
/** The sweep's own messages: its reminders to approvers, and its count reminders. */
const remindersTo = (channel: string) => postsTo(channel).filter((c) => /still waits? for you|time for a count/.test(String(c.args.text)));
const sweep = (now: Date) => varianceSweepJob(h.runtime.deps, now);

async function countWithTwoWaiting() {
  slack.reset();
  h = await new CountHarness(slack, { rules: RULES, now: at('2026-11-23T10:00:00Z') }).start(); // Monday
  const session = await h.openFixingsCount();
  await h.upload(session, 'scan.csv', 'barcode,qty\n5012345678900,432\nNUT-M6,800\n');
  return session;
}

describe('the variance sweep', () => {
  it('re-surfaces variances older than aged variance days to their approver once a day, closed counts included; decided ones drop out', async () => {
    const session = await countWithTwoWaiting();
    expect((await h.store.counts.waitingVariances()).map((l) => l.sku).sort()).toEqual(['BOLT-M6-50', 'NUT-M6']);
    await h.store.counts.close(session.session_id, 'Fixings', at('2026-11-23T12:00:00Z'));

    // Tuesday 08:30: a day old, not yet aged.
    expect((await sweep(at('2026-11-24T08:30:00Z'))).summary).toBe(
      'Variance sweep: 0 aged variances re-surfaced; count reminders for main.',
    );
    expect(remindersTo('D0PRIYA')).toEqual([]);
    // Wednesday: two days old. One DM to Priya lists both, linking each card.
    expect((await sweep(at('2026-11-25T08:30:00Z'))).summary).toBe(
      'Variance sweep: 2 aged variances re-surfaced; no location due a count.',
    );
    const [dm] = remindersTo('D0PRIYA');
    expect(String(dm!.args.text)).toBe('2 count variances still wait for you');
    expect(JSON.stringify(dm!.args.blocks)).toContain('M6 x 50 bolts');
    expect(blockKitProblems({ kind: 'message', blocks: dm!.args.blocks as never, text: String(dm!.args.text) })).toEqual([]);
    // The same day again: nothing twice.
    expect((await sweep(at('2026-11-25T09:30:00Z'))).summary).toBe("Variance sweep: today's was sent already.");
    expect(remindersTo('D0PRIYA')).toHaveLength(1);

    // Priya rejects the bolts; Thursday's reminder has the nuts alone.
    const bolts = (await h.store.counts.line(session.session_id, 'BOLT-M6-50'))!;
    await h.click('U0PRIYA', ACTION.rejectVariance, JSON.stringify([session.session_id, 'BOLT-M6-50']), 'C0FIX', bolts.card!.ts);
    await h.runtime.queue.drain();
    expect((await h.store.counts.waitingVariances()).map((l) => l.sku)).toEqual(['NUT-M6']);
    await sweep(at('2026-11-26T08:30:00Z'));
    expect(remindersTo('D0PRIYA')).toHaveLength(2);
    expect(String(remindersTo('D0PRIYA')[1]!.args.text)).toBe('1 count variance still waits for you');
  });

  it('held over quiet hours: the 07:00 run holds it, and the deliver-drafts job sends it once at 08:00', async () => {
    await countWithTwoWaiting();
    expect((await sweep(at('2026-11-26T07:00:00Z'))).summary).toBe('Variance sweep: held over quiet hours until 2026-11-26T08:00:00.000Z.');
    expect(remindersTo('D0PRIYA')).toEqual([]);
    expect((await deliverDraftsJob(h.runtime.deps, at('2026-11-26T07:59:00Z'))).idle).toBe(true);
    expect((await deliverDraftsJob(h.runtime.deps, at('2026-11-26T08:00:00Z'))).summary).toBe(
      '0 held drafts sent to the owner. 1 held report sent.',
    );
    expect((await deliverDraftsJob(h.runtime.deps, at('2026-11-26T08:01:00Z'))).idle).toBe(true);
    expect(remindersTo('D0PRIYA')).toHaveLength(1);
    expect((await sweep(at('2026-11-26T09:00:00Z'))).summary).toBe("Variance sweep: today's was sent already.");
  });

  it('reminds a location not counted within count reminder days, in its channel, once a period, with Start count opening /count there', async () => {
    await countWithTwoWaiting(); // Fixings counted on Monday; main never
    await sweep(at('2026-11-24T08:30:00Z'));
    const [reminder] = remindersTo('C0CAFE');
    expect(String(reminder!.args.text)).toBe(
      'main has not been counted yet: time for a count (every 30 days keeps the stock sheet honest).',
    );
    expect(remindersTo('C0FIX')).toEqual([]);
    await sweep(at('2026-11-25T08:30:00Z'));
    expect(remindersTo('C0CAFE')).toHaveLength(1);

    await h.click('U0SAM', ACTION.startCount, 'main', 'C0CAFE', '1.0');
    const modal = slack.last('views.open')!.args.view as { blocks: { element?: { initial_option?: { value: string } } }[] };
    expect(modal.blocks[0]!.element!.initial_option!.value).toBe('main');
  });
});

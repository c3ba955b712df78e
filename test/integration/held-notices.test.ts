import { deliverDraftsJob } from '../../jobs/deliver-drafts';
import { ownersDailyCheck } from '../../jobs/daily-check';
import { CountHarness } from '../support/count-harness';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';

// Quiet hours are 18:00-08:00 London (GMT in November), Monday to Friday. What is held is stored with its time and
// sent by the deliver-drafts job, so a process that stops in between loses nothing: every job run below reads only
// what is stored.

const URGENT = 'BEAN-DC,Decaf beans,main,Bayside Roasters,coffee,10,2,5,12,,5.10,,,';
const MONDAY = new Date('2026-11-23T08:00:00Z');
const TUESDAY_EVENING = new Date('2026-11-24T19:30:00Z');
const at = (iso: string) => new Date(iso);

let slack: FakeSlack;
let h: CountHarness;

beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(async () => slack.close());
afterEach(async () => h?.stop());

async function start(opts: ConstructorParameters<typeof CountHarness>[1] = {}) {
  slack.reset();
  h = await new CountHarness(slack, opts).start();
  return h;
}
const dmsTo = (channel: string) => slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);
const job = (now: Date) => deliverDraftsJob(h.runtime.deps, now);
const check = (now: Date) => ownersDailyCheck(h.runtime.deps, now);

describe('an urgent reminder inside quiet hours', () => {
  async function heldOnTuesdayEvening() {
    await start({ rows: [URGENT] });
    await check(MONDAY);
    expect(dmsTo('D0OWNER')).toHaveLength(1); // Monday's draft
    const first = (await h.store.orders.get('main#BEAN-DC', '2026-11-23'))!.message!;

    // The check runs late on Tuesday, inside quiet hours: the reminder is held, not dropped.
    const { report } = await check(TUESDAY_EVENING);
    expect(report.resurfaced.map((o) => o.sku)).toEqual(['BEAN-DC']);
    expect(dmsTo('D0OWNER')).toHaveLength(1);
    expect(await h.store.orders.get('main#BEAN-DC', '2026-11-23')).toMatchObject({
      status: 'pending',
      deliver_at: '2026-11-25T08:00:00.000Z',
      deliver_reminder: true,
    });
    return { first };
  }

  it('is held and sent once at the next business minute by the deliver-drafts job; that day’s check does not repeat it', async () => {
    const { first } = await heldOnTuesdayEvening();
    expect((await job(at('2026-11-25T07:59:00Z'))).summary).toBe('0 held drafts sent to the owner.');
    expect((await job(at('2026-11-25T08:00:00Z'))).summary).toBe('1 held draft sent to the owner.');
    expect((await job(at('2026-11-25T08:01:00Z'))).summary).toBe('0 held drafts sent to the owner.');
    const reminders = dmsTo('D0OWNER').slice(1);
    expect(reminders).toHaveLength(1);
    expect(JSON.stringify(reminders[0]!.args.blocks)).toContain('Decaf beans');
    // The earlier DM points to the new one, as any reminder does.
    expect(String(slack.message(first.channel, first.ts)?.text)).toMatch(/^Shown again below/);
    expect(await h.store.orders.get('main#BEAN-DC', '2026-11-23')).toMatchObject({ resurfaced_on: '2026-11-25' });

    const { report } = await check(at('2026-11-25T08:00:30Z'));
    expect(report.resurfaced).toEqual([]);
    expect(dmsTo('D0OWNER')).toHaveLength(2);
  });

  it("when the next day's check comes first, it sends the held reminder once and the job finds nothing left", async () => {
    await heldOnTuesdayEvening();
    const { report, delivered } = await check(at('2026-11-25T08:00:00Z'));
    expect(report.resurfaced).toEqual([]);
    expect(delivered).toBe(1);
    expect((await job(at('2026-11-25T08:01:00Z'))).summary).toBe('0 held drafts sent to the owner.');
    expect(dmsTo('D0OWNER')).toHaveLength(2);
  });

  it('a reminder whose DM fails is put back and sent by the next run', async () => {
    await heldOnTuesdayEvening();
    slack.fail('chat.postMessage', 'service_unavailable');
    await expect(job(at('2026-11-25T08:00:00Z'))).rejects.toThrow(/service_unavailable/);
    expect(await h.store.orders.get('main#BEAN-DC', '2026-11-23')).toMatchObject({ deliver_reminder: true });
    expect((await job(at('2026-11-25T08:05:00Z'))).summary).toBe('1 held draft sent to the owner.');
    expect(dmsTo('D0OWNER')).toHaveLength(3); // Monday's draft, the refused post, the reminder
    expect((await job(at('2026-11-25T08:10:00Z'))).summary).toBe('0 held drafts sent to the owner.');
  });
});

describe('an urgent reminder whose DM fails outside quiet hours', () => {
  it('is kept for the delivery sweep, not lost', async () => {
    await start({ rows: [URGENT] });
    await check(MONDAY);
    slack.fail('chat.postMessage', 'service_unavailable');
    // The failed reminder is stored for the sweep, and the sweep that ends the check sends it.
    const { report, delivered } = await check(at('2026-11-24T08:00:00Z'));
    expect(report.notifyFailures.map((f) => f.order.sku)).toEqual(['BEAN-DC']);
    expect(delivered).toBe(1);
    expect(dmsTo('D0OWNER')).toHaveLength(3); // Monday's draft, the refused post, the reminder
    expect(await h.store.orders.get('main#BEAN-DC', '2026-11-23')).toMatchObject({ resurfaced_on: '2026-11-24' });
    expect((await job(at('2026-11-24T08:05:00Z'))).summary).toBe('0 held drafts sent to the owner.');
  });
});

describe("the approver's notice inside quiet hours", () => {
  it('is held, one per count however many summaries, and sent by the deliver-drafts job at the next business minute', async () => {
    await start({ now: at('2026-11-23T19:00:00Z') }); // Monday 19:00, quiet
    const session = await h.openFixingsCount();
    await h.upload(session, 'scan.csv', 'barcode,qty\n5012345678900,432\n');
    await h.upload(session, 'bin-2.csv', 'barcode,qty\nNUT-M6,800\n');
    expect(h.threadTexts(session).filter((t) => t.startsWith('Read '))).toHaveLength(2);
    expect(dmsTo('D0PRIYA')).toEqual([]);

    expect((await job(at('2026-11-24T07:59:00Z'))).summary).toBe('0 held drafts sent to the owner.');
    expect((await job(at('2026-11-24T08:00:00Z'))).summary).toBe('0 held drafts sent to the owner. 1 approver notice sent.');
    expect((await job(at('2026-11-24T08:01:00Z'))).summary).toBe('0 held drafts sent to the owner.');
    expect(dmsTo('D0PRIYA').map((c) => String(c.args.text))).toEqual([
      `2 variances wait for you in <#C0FIX> (count ${session.session_id}): Approve or Reject each card in the count's thread.`,
    ]);
  });

  it('counts what still waits when it is sent: a notice about variances all decided overnight is not sent', async () => {
    await start({ now: at('2026-11-27T20:00:00Z') }); // Friday evening: held over the weekend
    const session = await h.openFixingsCount();
    await h.upload(session, 'scan.csv', 'barcode,qty\n5012345678900,432\n');
    const bolts = (await h.store.counts.line(session.session_id, 'BOLT-M6-50'))!;
    expect((await h.store.counts.dueApproverNotices(at('2026-11-30T08:00:00Z'))).map((n) => n.deliver_at)).toEqual([
      '2026-11-30T08:00:00.000Z',
    ]);
    await h.click('U0PRIYA', 'variance.reject', JSON.stringify([session.session_id, 'BOLT-M6-50']), 'C0FIX', bolts.card!.ts);
    await h.runtime.queue.drain();
    expect((await job(at('2026-11-30T08:00:00Z'))).summary).toBe('0 held drafts sent to the owner.');
    expect(dmsTo('D0PRIYA')).toEqual([]);
    expect(await h.store.counts.dueApproverNotices(at('2026-11-30T09:00:00Z'))).toEqual([]);
  });
});

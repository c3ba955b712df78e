import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import PostalMime from 'postal-mime';
import { monthlySummaryJob } from '../../jobs/monthly-summary';
import { bedrockNarrativeWriter, NARRATIVE_TOOL } from '../../src/adapters/model/bedrock-narrative';
import type { CountLine, SessionMeta } from '../../src/domain/count-records';
import type { Store } from '../../src/store/open-store';
import type { LocalRuntime } from '../../src/wiring';
import { blockKitProblems } from '../support/block-kit-limits';
import { draftFor, orderRecord } from '../support/builders';
import { RULES } from '../support/documents';
import { fakeBedrock, type FakeBedrock } from '../support/fake-bedrock';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { startRunningApp, type RunningApp } from '../support/running-app';

// The monthly summary on DynamoDB Local, the fake Slack and a fake Bedrock, with the clock fixed on the first Monday
// of December: November's figures posted with two charts and emailed with the charts inline, once.
const FIRST_MONDAY = new Date('2026-12-07T09:00:00Z');
const ROWS = ['BEAN-HB,House Blend beans,main,Bayside Roasters,coffee,58,8,5,20,,4.20,,178,'];
const SUMMARY_RULES = `${RULES}digest channel: C0DIGEST\nsummary recipients: owner@harbourstreet.example, accounts@harbourstreet.example\n`;

let slack: FakeSlack;
let bedrock: FakeBedrock;
let running: RunningApp;
let store: Store;
let runtime: LocalRuntime;

beforeAll(async () => {
  slack = await startFakeSlack();
  bedrock = fakeBedrock();
  await bedrock.start();
});
afterAll(async () => {
  await slack.close();
  await bedrock.close();
});
afterEach(async () => {
  bedrock.reset();
  await running.stop();
});
async function start() {
  slack.reset();
  running = await startRunningApp(slack, { secret: 's', rows: ROWS, rules: SUMMARY_RULES, clock: () => FIRST_MONDAY });
  ({ store, runtime } = running);
  // The narrative from the model (through the real client, at the fake): its paragraph is used only if it invents nothing.
  runtime.deps.narrator = bedrockNarrativeWriter(
    new BedrockRuntimeClient({
      endpoint: bedrock.url,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 1,
    }),
    { modelId: 'global.anthropic.claude-haiku-4-5-20251001-v1:0' },
  );
}
const paragraph = (text: string) => bedrock.script({ kind: 'tool', name: NARRATIVE_TOOL, input: { paragraph: text } });

async function busyNovember() {
  const beans = draftFor({ sku: 'BEAN-HB', name: 'House Blend beans', unitCost: 4.2 });
  const milk = draftFor({ sku: 'MILK-WH', name: 'Whole milk', unitCost: 1.1, supplier: 'Dairy Direct' });
  await store.orders.put(
    orderRecord(beans, {
      order_id: '2026-11-09',
      draft_date: '2026-11-09',
      status: 'received',
      qty: 120,
      decided_at: '2026-11-09T09:00:00Z',
      received_at: '2026-11-13T10:00:00Z',
    }),
  );
  await store.orders.put(
    orderRecord(milk, {
      order_id: '2026-11-10',
      draft_date: '2026-11-10',
      status: 'received',
      qty: 48,
      supplier: 'Dairy Direct',
      decided_at: '2026-11-10T09:00:00Z',
      received_at: '2026-11-11T10:00:00Z',
      draft: { ...milk, urgent: true },
    }),
  );
  await store.orders.put(
    orderRecord(beans, {
      order_id: '2026-10-12',
      draft_date: '2026-10-12',
      status: 'received',
      qty: 60,
      decided_at: '2026-10-12T09:00:00Z',
    }),
  );
  // Oat milk ran out on two mornings.
  for (const date of ['2026-11-17', '2026-11-18'])
    await store.state.recordRun({
      date,
      checked_at: `${date}T08:00:00Z`,
      items: 1,
      counts: { stocked: 0, watch: 0, reorder: 0, urgent_reorder: 1 },
      drafts: 0,
      resurfaced: 0,
      out_of_stock: [{ sku: 'MILK-OAT', location: 'main' }],
    });
  // Two counts of the bolts rack, short both times, plus one in October.
  const counts: [string, string, number][] = [
    ['S-OCT', '2026-10-05T10:00:00.000Z', -10],
    ['S-NOV1', '2026-11-02T10:00:00.000Z', -48],
    ['S-NOV2', '2026-11-23T10:00:00.000Z', -6],
  ];
  for (const [id, at, gap] of counts) {
    const meta: SessionMeta = {
      pk: `SESSION#${id}`,
      sk: 'META',
      session_id: id,
      location: 'Fixings',
      counter: 'U0SAM',
      opened_by: 'U0SAM',
      scope: null,
      opened_at: at,
      session_status: 'open',
      snapshot_version: 1,
    };
    const line = {
      pk: `SESSION#${id}`,
      sk: 'LINE#BOLT-M6-50',
      session_id: id,
      location: 'Fixings',
      sku: 'BOLT-M6-50',
      name: 'M6 bolts',
      category: null,
      system: 480,
      unit_cost: 0.35,
      inventory_version: 1,
      counted: 480 + gap,
      gap_units: gap,
      gap_value: gap * 0.35,
      state: 'material',
      cause: gap === -48 ? 'shrinkage' : 'miscount',
      variance_status: 'approved',
    } as CountLine;
    await store.counts.open(meta, [line]);
    await store.counts.close(id, 'Fixings', new Date(at));
  }
}

describe('the monthly summary', () => {
  it("posts November's figures, narrative and two charts, emails them with the charts inline, once", async () => {
    await start();
    await busyNovember();
    paragraph('In November 2026 you spent £556.80 with 2 suppliers; Whole milk hit urgent and arrived in time.');
    const result = await monthlySummaryJob(runtime.deps, FIRST_MONDAY);
    expect(result.summary).toBe(
      'Monthly summary for 2026-11 sent with 2 charts; emailed to owner@harbourstreet.example, accounts@harbourstreet.example.',
    );
    expect(result.warnings).toEqual([]);
    const post = slack.callsTo('chat.postMessage').find((c) => c.args.channel === 'C0DIGEST')!;
    expect(blockKitProblems({ kind: 'message', blocks: post.args.blocks as never, text: String(post.args.text) })).toEqual([]);
    const text = JSON.stringify(post.args.blocks);
    for (const expected of [
      'Monthly stock summary, November 2026',
      'In November 2026 you spent £556.80 with 2 suppliers',
      'Spend: £556.80',
      'Bayside Roasters: £504.00 (1 order)',
      'Urgent: 1 item, 1 stockout avoided',
      'MILK-OAT (main): 2 days',
      'Counts: 2 lines counted, £18.90 caught',
      'Shrinkage: 1 (-£16.80)',
      'M6 bolts (Fixings): short in 3 of the last 3 counts',
    ])
      expect(text).toContain(expected);
    // The charts: PNGs of the renderer's size, posted in the channel.
    const files = slack.files().filter((f) => f.name.endsWith('.png'));
    expect(files.map((f) => f.name).sort()).toEqual(
      [expect.stringMatching(/^spend-by-supplier/), expect.stringMatching(/^variances-by-cause/)].sort(),
    );
    for (const f of files) {
      expect(f.bytes.subarray(1, 4).toString()).toBe('PNG');
      expect([f.bytes.readUInt32BE(16), f.bytes.readUInt32BE(20)]).toEqual([1600, 800]);
    }
    // The emails: one per recipient, with both charts inline by cid.
    const mails = readdirSync(running.outbox).map((f) => readFileSync(join(running.outbox, f)));
    expect(mails).toHaveLength(2);
    const parsed = await PostalMime.parse(mails[0]!);
    expect(parsed.subject).toBe('Monthly stock summary, November 2026');
    expect(parsed.html).toContain('src="cid:chart-1@stockbot"');
    expect(parsed.attachments.filter((a) => a.mimeType === 'image/png').map((a) => a.contentId)).toEqual([
      '<chart-1@stockbot>',
      '<chart-2@stockbot>',
    ]);

    expect((await monthlySummaryJob(runtime.deps, new Date('2026-12-07T10:00:00Z'))).summary).toBe(
      "Monthly summary: this month's was sent already.",
    );
    expect(readdirSync(running.outbox)).toHaveLength(2);
  });

  it("a model paragraph with a number the summary does not hold is replaced by the template's", async () => {
    await start();
    await busyNovember();
    paragraph('In November 2026 you spent £556.80, 12% less than October, with 2 suppliers.');
    const result = await monthlySummaryJob(runtime.deps, FIRST_MONDAY);
    expect(result.warnings).toEqual(["the template paragraph was used: the model's paragraph had numbers not in the summary (12)"]);
    const post = slack.callsTo('chat.postMessage').find((c) => c.args.channel === 'C0DIGEST')!;
    expect(JSON.stringify(post.args.blocks)).toContain(
      'In November 2026 you spent £556.80 with 2 suppliers, the most with Bayside Roasters (£504.00).',
    );
  });

  it('a quiet month still posts, with charts that say there was nothing', async () => {
    await start();
    bedrock.script({ kind: 'error', status: 500, type: 'InternalServerException' });
    const result = await monthlySummaryJob(runtime.deps, FIRST_MONDAY);
    expect(result.summary).toContain('Monthly summary for 2026-11 sent with 2 charts');
    const post = slack.callsTo('chat.postMessage').find((c) => c.args.channel === 'C0DIGEST')!;
    expect(String(post.args.text)).toContain('In November 2026 no orders were placed. Nothing ran out.');
  });
});

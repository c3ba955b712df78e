import type { CountLine, SessionMeta } from '../../../src/store/counts';
import { countSessionMessage, countStatusText, countOpenModal, COUNT_HELP } from '../../../views/count-session';
import { countSummaryMessage } from '../../../views/count-summary';
import { ACTION, decodeVarianceRef } from '../../../views/ids';
import { causeLabel, varianceCard } from '../../../views/variance-card';
import { blockKitProblems } from '../../support/block-kit-limits';

const OPTS = { currency: 'GBP', timezone: 'Europe/London' };
const meta: SessionMeta = {
  pk: 'SESSION#FIXINGS-20261123-AB12',
  sk: 'META',
  session_id: 'FIXINGS-20261123-AB12',
  location: 'Fixings',
  counter: 'U0SAM',
  opened_by: 'U0SAM',
  scope: null,
  opened_at: '2026-11-23T09:00:00Z',
  session_status: 'open',
  snapshot_version: 3,
  channel: 'C0FIX',
  ts: '1.2',
};
const bolt: CountLine = {
  pk: meta.pk,
  sk: 'LINE#BOLT-M6-50',
  session_id: meta.session_id,
  location: 'Fixings',
  sku: 'BOLT-M6-50',
  name: 'M6 x 50 bolts',
  category: 'bolts',
  system: 480,
  unit_cost: 0.35,
  inventory_version: 1,
  counted: 432,
  kind: 'matched',
  state: 'material',
  gap_units: -48,
  gap_pct: -0.1,
  gap_value: -16.8,
  arithmetic: '432 − 480 = −48 (−10%, −£16.80) > 2 units and 1%',
  cause: 'miscount',
  rationale: 'No sales or deliveries since the last count.',
  variance_status: 'queued',
};
const actionIds = (blocks: any[]) =>
  blocks
    .flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])])
    .filter((e) => e.type === 'button')
    .map((e) => e.action_id);
const allText = (m: { text: string; blocks: any[] }) => JSON.stringify(m.blocks);

describe('variance card', () => {
  it('shows counted, system, gap in units, % and value, the arithmetic and the cause, with Approve / Reject', () => {
    const card = varianceCard(bolt, OPTS);
    expect(blockKitProblems({ kind: 'message', ...card })).toEqual([]);
    expect(allText(card)).toContain('*Counted*\\n432');
    expect(allText(card)).toContain('*System*\\n480');
    expect(allText(card)).toContain('*Gap*\\n−48 (−10%)');
    expect(allText(card)).toContain('*Value*\\n−£16.80');
    expect(allText(card)).toContain('432 − 480 = −48 (−10%, −£16.80) &gt; 2 units and 1%');
    expect(allText(card)).toContain('Likely cause: *Miscount* — No sales or deliveries since the last count.');
    expect(actionIds(card.blocks)).toEqual([ACTION.approveVariance, ACTION.rejectVariance]);
    const value = card.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.type === 'button')?.value;
    expect(decodeVarianceRef(value)).toEqual({ sessionId: meta.session_id, sku: 'BOLT-M6-50' });
    expect(card.text).toBe('Variance: M6 x 50 bolts (BOLT-M6-50) at Fixings counted 432 vs 480 in the system (−48, −£16.80)');
  });

  it('an off-list or missing cause reads "Cause unknown"', () => {
    expect(causeLabel('theft by pixies')).toBe('Cause unknown');
    expect(causeLabel(undefined)).toBe('Cause unknown');
  });

  it('held: says the stock moved and offers set to counted, apply the difference, or recount', () => {
    const card = varianceCard({ ...bolt, variance_status: 'held', held_quantity: 470 }, OPTS);
    expect(allText(card)).toContain('the system says *470* now, not 480');
    expect(actionIds(card.blocks)).toEqual([ACTION.setCounted, ACTION.applyDifference, ACTION.recount]);
    expect(allText(card)).toContain('Apply −48 to today');
  });

  it('after a decision: who and when, no live buttons', () => {
    const approved = varianceCard(
      { ...bolt, variance_status: 'approved', decided_by: 'U0PRIYA', decided_at: '2026-11-23T10:05:00Z' },
      OPTS,
    );
    expect(allText(approved)).toContain('Approved by <@U0PRIYA> at 10:05 on 23 Nov: stock adjusted.');
    expect(actionIds(approved.blocks)).toEqual([]);
    const rejected = varianceCard({ ...bolt, variance_status: 'rejected', decided_by: 'U0PRIYA' }, OPTS);
    expect(allText(rejected)).toContain('Rejected by <@U0PRIYA>: stock left as it was.');
    expect(actionIds(rejected.blocks)).toEqual([]);
  });

  it('escapes names from the sheet and stays within limits for huge ones', () => {
    const card = varianceCard({ ...bolt, name: 'Nuts & <bolts> '.repeat(400) }, OPTS);
    expect(blockKitProblems({ kind: 'message', ...card })).toEqual([]);
    expect(allText(card)).not.toContain('<bolts>');
  });
});

describe('count session surfaces', () => {
  it('the session message says where, what, who and how to upload', () => {
    const m = countSessionMessage(meta, 3, 'Europe/London');
    expect(blockKitProblems({ kind: 'message', ...m })).toEqual([]);
    expect(allText(m)).toContain('*Count FIXINGS-20261123-AB12* at *Fixings*: the whole location, 3 SKUs. Counter: <@U0SAM>.');
    expect(allText(m)).toContain('A blank cell means *not counted*');
    expect(countSessionMessage({ ...meta, scope: ['bolts', 'nuts'] }, 2, 'Europe/London').blocks[0]).toMatchObject({
      text: { text: expect.stringContaining('categories bolts, nuts, 2 SKUs') },
    });
  });

  it('status lists open counts with their channel; with none, says how to start', () => {
    expect(countStatusText([], 'Europe/London')).toBe('No counts are open. Type `/count` to start one.');
    expect(countStatusText([meta], 'Europe/London')).toBe(
      'Open counts:\n• *FIXINGS-20261123-AB12* at *Fixings* (<#C0FIX>): open, opened 09:00 on 23 Nov by <@U0SAM>',
    );
    expect(COUNT_HELP).toContain('/count status');
  });

  it('the /count modal fits Block Kit and preselects the only location', () => {
    const modal = countOpenModal({ locations: ['Fixings'], categories: ['bolts'], user: 'U0SAM' }) as any;
    expect(blockKitProblems({ kind: 'modal', view: modal })).toEqual([]);
    expect(modal.blocks[0].element.initial_option.value).toBe('Fixings');
    expect(countOpenModal({ locations: ['a', 'b'], categories: [], user: 'U0SAM' }).blocks).toHaveLength(2);
  });

  it('the summary lists parked lines with reasons and offers Confirm zero for lines nobody counted', () => {
    const m = countSummaryMessage({
      sessionId: meta.session_id,
      file: 'scan.csv',
      linesRead: 12,
      rescans: 1,
      blanks: 0,
      parkedNow: 1,
      replaced: false,
      counted: 9,
      parked: [
        { sk: 'PARKED#FILE#F1#000007', file: 'scan.csv', row: 7, raw: '99999,3', reason: 'code 99999 is not known at any location' },
      ],
      agreement: 6,
      minor: 2,
      material: 1,
      notCounted: Array.from({ length: 30 }, (_, i) => ({ sku: `SKU-${i}`, name: `Item ${i}`, system: i })),
    });
    expect(blockKitProblems({ kind: 'message', ...m })).toEqual([]);
    expect(allText(m)).toContain(
      "*Read scan.csv*: 12 lines read, 1 parked (1 re-scan counted once). So far this count has 9 SKUs counted: 6 in agreement, 2 minor, 1 material (a card for each below, for the location's approver).",
    );
    expect(allText(m)).toContain('scan.csv row 7 `99999,3`: code 99999 is not known at any location');
    expect(actionIds(m.blocks).filter((a) => a === ACTION.fixParked)).toHaveLength(1);
    expect(actionIds(m.blocks).at(-1)).toBe(ACTION.closeCount);
    expect(actionIds(m.blocks).filter((a) => a === ACTION.confirmZero)).toHaveLength(20);
    expect(allText(m)).toContain('…and 10 more not counted.');
  });
});

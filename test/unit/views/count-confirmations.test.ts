import type { CountLine } from '../../../src/store/counts';
import { approverNoticeMessage, countSummaryMessage, type CountSummary } from '../../../views/count-summary';
import { ACTION } from '../../../views/ids';
import { varianceCard } from '../../../views/variance-card';
import { blockKitProblems } from '../../support/block-kit-limits';

// Slack's limits on a confirmation dialog (docs.slack.dev, the confirmation dialog object): title 100 characters,
// text 300, each button 30; title and buttons plain_text.
const CONFIRM_LIMITS = { title: 100, text: 300, confirm: 30, deny: 30 } as const;

type Button = { type: string; action_id: string; confirm?: Record<string, { type: string; text: string }> };

const buttons = (blocks: any[]): Button[] =>
  blocks.flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])]).filter((e) => e.type === 'button');
const button = (blocks: any[], id: string) => buttons(blocks).find((b) => b.action_id === id);

/** What is wrong with a button's confirmation dialog: missing parts, wrong text types, or over Slack's limits. */
function confirmProblems(b: Button | undefined): string[] {
  if (!b) return ['no such button'];
  if (!b.confirm) return [`${b.action_id}: no confirm dialog`];
  const problems: string[] = [];
  for (const [part, max] of Object.entries(CONFIRM_LIMITS)) {
    const t = b.confirm[part];
    if (!t || t.text.trim() === '') problems.push(`${b.action_id}.${part}: missing`);
    else if (t.text.length > max) problems.push(`${b.action_id}.${part}: ${t.text.length} chars > ${max}`);
    else if (part !== 'text' && t.type !== 'plain_text') problems.push(`${b.action_id}.${part}: not plain_text`);
  }
  return problems;
}

const line: CountLine = {
  pk: 'SESSION#FIXINGS-20261123-AB12',
  sk: 'LINE#BOLT-M6-50',
  session_id: 'FIXINGS-20261123-AB12',
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
const OPTS = { currency: 'GBP', timezone: 'Europe/London', approver: 'U0PRIYA' };
const summary = (over: Partial<CountSummary> = {}): CountSummary => ({
  sessionId: 'FIXINGS-20261123-AB12',
  file: 'scan.csv',
  linesRead: 3,
  rescans: 0,
  blanks: 0,
  parkedNow: 0,
  replaced: false,
  counted: 2,
  parked: [],
  agreement: 1,
  minor: 0,
  material: 1,
  notCounted: [{ sku: 'DRILL-18V', name: '18V drill', system: 4 }],
  ...over,
});

describe('irreversible taps ask first', () => {
  it('Approve and Reject on a variance card each open a dialog saying what happens to the stock', () => {
    const card = varianceCard(line, OPTS);
    expect(blockKitProblems({ kind: 'message', ...card })).toEqual([]);
    const approve = button(card.blocks, ACTION.approveVariance);
    const reject = button(card.blocks, ACTION.rejectVariance);
    expect([...confirmProblems(approve), ...confirmProblems(reject)]).toEqual([]);
    expect(approve?.confirm?.text?.text).toBe(
      'Stock of *M6 x 50 bolts* (BOLT-M6-50) at Fixings is set from 480 to the counted 432 (−48) and the adjustment is written to the ' +
        'ledger. This cannot be undone.',
    );
    expect(approve?.confirm?.confirm?.text).toBe('Approve');
    expect(reject?.confirm).toMatchObject({ title: { text: 'Reject this variance?' }, confirm: { text: 'Reject' }, style: 'danger' });
    expect(reject?.confirm?.text?.text).toContain('stock stays at 480');
  });

  it('the held choices that post stock ask too', () => {
    const card = varianceCard({ ...line, variance_status: 'held', held_quantity: 470 }, OPTS);
    expect(confirmProblems(button(card.blocks, ACTION.setCounted))).toEqual([]);
    expect(confirmProblems(button(card.blocks, ACTION.applyDifference))).toEqual([]);
    expect(button(card.blocks, ACTION.applyDifference)?.confirm?.text?.text).toContain('goes from 470 to 422 (−48');
  });

  it('Confirm zero and Close count on the summary each open a dialog', () => {
    const m = countSummaryMessage(summary());
    expect(blockKitProblems({ kind: 'message', ...m })).toEqual([]);
    const zero = button(m.blocks, ACTION.confirmZero);
    const close = button(m.blocks, ACTION.closeCount);
    expect([...confirmProblems(zero), ...confirmProblems(close)]).toEqual([]);
    expect(zero?.confirm?.text?.text).toBe(
      "18V drill (DRILL-18V) is recorded as none on the shelf, 0 against 4 in the system, and the gap goes to the location's approver as a material variance.",
    );
    expect(close?.confirm?.text?.text).toContain('Count FIXINGS-20261123-AB12 closes');
  });

  it('dialogs stay within Slack limits, never cutting an escape, for huge names from the sheet', () => {
    const huge = 'Nuts & <bolts> '.repeat(400);
    const card = varianceCard({ ...line, name: huge, sku: huge, location: huge }, OPTS);
    const m = countSummaryMessage(summary({ sessionId: huge, notCounted: [{ sku: huge, name: huge, system: 4 }] }));
    for (const b of [...buttons(card.blocks), ...buttons(m.blocks)].filter((b) => b.confirm)) {
      expect(confirmProblems(b)).toEqual([]);
      expect(b.confirm!.text!.text).not.toMatch(/&[a-z]{0,3}…|<bolts>/);
    }
    expect(buttons(card.blocks).filter((b) => b.confirm)).toHaveLength(2);
  });
});

describe('approvers are told', () => {
  it('a waiting card names the location approver; without one it says how to name one', () => {
    expect(JSON.stringify(varianceCard(line, OPTS).blocks)).toContain('Waiting for <@U0PRIYA>, the approver for Fixings.');
    const none = JSON.stringify(varianceCard(line, { ...OPTS, approver: null }).blocks);
    expect(none).toContain('No approver is named for Fixings: add `location approver: Fixings = U…` to the rules doc.');
    const decided = varianceCard({ ...line, variance_status: 'approved', decided_by: 'U0PRIYA' }, OPTS);
    expect(JSON.stringify(decided.blocks)).not.toContain('Waiting for');
  });

  it('the approver notice says how many variances wait, where, and in which count', () => {
    expect(approverNoticeMessage({ sessionId: 'FIXINGS-20261123-AB12', channel: 'C0FIX', waiting: 3 }).text).toBe(
      "3 variances wait for you in <#C0FIX> (count FIXINGS-20261123-AB12): Approve or Reject each card in the count's thread.",
    );
    expect(approverNoticeMessage({ sessionId: 'X', channel: 'C0FIX', waiting: 1 }).text).toMatch(/^1 variance waits for you in <#C0FIX>/);
  });
});

import type { KnownBlock } from '@slack/types';
import { formatMoney } from '../src/domain/money';
import { showQty } from '../src/domain/numbers';
import type { CountLine } from '../src/domain/count-records';
import { ACTION, encodeVarianceRef } from './ids';
import { button, clip, escapeMrkdwn, fitMrkdwn, formatWhen, whoDecided } from './mrkdwn';

export interface VarianceCardOptions {
  currency: string;
  timezone: string;
}

const CAUSE_LABELS: Record<string, string> = {
  shrinkage: 'Shrinkage',
  miscount: 'Miscount',
  unrecorded_sale: 'Unrecorded sale',
  receiving_error: 'Receiving error',
};

/** `Miscount`, or `Cause unknown` for anything off the list. */
export const causeLabel = (cause: string | undefined): string => (cause && CAUSE_LABELS[cause]) || 'Cause unknown';

const esc = (text: string, max = 200) => escapeMrkdwn(clip(text, max));
const signed = (n: number) => (n > 0 ? `+${showQty(n)}` : n < 0 ? `−${showQty(-n)}` : '0');
const percent = (p: number | null | undefined) =>
  p === null || p === undefined ? 'n/a' : `${p > 0 ? '+' : p < 0 ? '−' : ''}${Math.round(Math.abs(p) * 1000) / 10}%`;

/**
 * One material variance in the session thread: counted, system, the gap in units, % and value, the arithmetic, the
 * likely cause, and what the location's approver can do (Approve / Reject; when the stock moved since the snapshot,
 * the three ways forward). After a decision, what was done, with no live buttons. Pure.
 */
export function varianceCard(line: CountLine, opts: VarianceCardOptions): { text: string; blocks: KnownBlock[] } {
  const value = encodeVarianceRef({ sessionId: line.session_id, sku: line.sku });
  const gap = line.gap_units ?? 0;
  const money =
    line.gap_value === null || line.gap_value === undefined ? 'n/a' : formatMoney(line.gap_value, opts.currency).replace('-', '−');
  const kind = line.kind === 'not_in_system' ? ' — not in the system here' : line.confirmed_zero ? ' — confirmed none on the shelf' : '';
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: fitMrkdwn(`*${esc(line.name)}* (${esc(line.sku, 80)}) at ${esc(line.location, 80)}${kind}`, 3000) },
      fields: [
        { type: 'mrkdwn', text: `*Counted*\n${showQty(line.counted ?? 0)}` },
        { type: 'mrkdwn', text: `*System*\n${showQty(line.system)}` },
        { type: 'mrkdwn', text: `*Gap*\n${signed(gap)} (${percent(line.gap_pct)})` },
        { type: 'mrkdwn', text: `*Value*\n${money}` },
      ],
    },
  ];
  if (line.arithmetic) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: fitMrkdwn(esc(line.arithmetic, 500), 3000) }] });
  const rationale = line.rationale ? ` — ${esc(line.rationale, 400)}` : '';
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: fitMrkdwn(`Likely cause: *${causeLabel(line.cause)}*${rationale}`, 3000) }],
  });

  // A later file made up the gap: the card stays in the thread, but nothing waits for the approver any more.
  if (line.state !== 'material' && line.variance_status === undefined) {
    const now =
      line.state === 'agreement' ? 'in agreement' : line.state === 'minor' ? 'a minor variance (logged, nothing to post)' : 'not counted';
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `No longer a material variance: with the later counts it is ${now}. Nothing to approve.` },
    });
    const text = `No longer a variance: ${line.name} (${line.sku}) at ${line.location} is ${now} (counted ${showQty(line.counted ?? 0)} vs ${showQty(line.system)})`;
    return { text: fitMrkdwn(escapeMrkdwn(text), 3000), blocks };
  }
  switch (line.variance_status ?? 'queued') {
    case 'queued':
      blocks.push({
        type: 'actions',
        elements: [button(ACTION.approveVariance, 'Approve', value, 'primary'), button(ACTION.rejectVariance, 'Reject', value, 'danger')],
      });
      break;
    case 'held': {
      const now = line.held_quantity ?? line.system;
      blocks.push(
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `:warning: The stock moved since the count was opened: the system says *${showQty(now)}* now, not ${showQty(line.system)}. Nothing was posted. Choose how to go on:`,
          },
        },
        {
          type: 'actions',
          elements: [
            button(ACTION.setCounted, `Set to counted (${showQty(line.counted ?? 0)})`, value, 'primary'),
            button(ACTION.applyDifference, `Apply ${signed(gap)} to today's ${showQty(now)}`, value),
            button(ACTION.recount, 'Recount', value),
          ],
        },
      );
      break;
    }
    case 'approved':
      blocks.push({
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `:white_check_mark: Approved by ${whoDecided(line.decided_by)}${line.decided_at ? ` at ${formatWhen(line.decided_at, opts.timezone)}` : ''}: stock adjusted.`,
        },
      });
      break;
    case 'rejected':
      blocks.push({
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `Rejected by ${whoDecided(line.decided_by)}${line.decided_at ? ` at ${formatWhen(line.decided_at, opts.timezone)}` : ''}: stock left as it was.`,
        },
      });
      break;
  }
  const text = `Variance: ${line.name} (${line.sku}) at ${line.location} counted ${showQty(line.counted ?? 0)} vs ${showQty(line.system)} in the system (${signed(gap)}, ${money})`;
  return { text: fitMrkdwn(escapeMrkdwn(text), 3000), blocks };
}

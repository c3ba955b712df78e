import type { KnownBlock } from '@slack/types';
import { formatMoney } from '../src/domain/money';
import { showQty } from '../src/domain/numbers';
import type { CountLine } from '../src/domain/count-records';
import { ACTION, encodeVarianceRef } from './ids';
import { button, clip, escapeMrkdwn, fitMrkdwn, formatWhen, whoDecided } from './mrkdwn';

export interface VarianceCardOptions {
  currency: string;
  timezone: string;
  /** The location's approver (rules doc `location approver`), named on a card that waits for them; null when none is set. */
  approver?: string | null;
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
  const status = line.variance_status ?? 'queued';
  // How a confirmation names the item: short, so the whole dialog stays inside Slack's 300 characters.
  const item = `*${esc(line.name, 50)}* (${esc(line.sku, 40)}) at ${esc(line.location, 40)}`;
  if ((status === 'queued' || status === 'held') && opts.approver !== undefined) {
    const who = opts.approver
      ? `Waiting for ${whoDecided(opts.approver)}, the approver for ${esc(line.location, 80)}.`
      : `No approver is named for ${esc(line.location, 80)}: add \`location approver: ${esc(line.location, 80)} = U…\` to the rules doc.`;
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: fitMrkdwn(who, 3000) }] });
  }
  switch (status) {
    case 'queued': {
      // Both answers are final (an approved count is posted to stock, a rejected one can never be posted), so each
      // tap asks first and says what it will do to this item's stock.
      blocks.push({
        type: 'actions',
        elements: [
          button(ACTION.approveVariance, 'Approve', value, 'primary', {
            title: 'Approve this variance?',
            text: fitMrkdwn(
              `Stock of ${item} is set from ${showQty(line.system)} to the counted ${showQty(line.counted ?? 0)} (${signed(gap)}) and ` +
                `the adjustment is written to the ledger. This cannot be undone.`,
              300,
            ),
            confirm: 'Approve',
            deny: 'Not yet',
          }),
          button(ACTION.rejectVariance, 'Reject', value, 'danger', {
            title: 'Reject this variance?',
            text: fitMrkdwn(
              `The count of ${item} is set aside and stock stays at ${showQty(line.system)}. This gap cannot be approved later; count ` +
                `it again to change the stock.`,
              300,
            ),
            confirm: 'Reject',
            deny: 'Not yet',
          }),
        ],
      });
      break;
    }
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
            button(ACTION.setCounted, `Set to counted (${showQty(line.counted ?? 0)})`, value, 'primary', {
              title: 'Set stock to the count?',
              text: fitMrkdwn(
                `Stock of ${item} is set from ${showQty(now)} to the counted ${showQty(line.counted ?? 0)}, whatever moved since the ` +
                  `count, and the adjustment is written to the ledger. This cannot be undone.`,
                300,
              ),
              confirm: 'Set to counted',
              deny: 'Not yet',
            }),
            button(ACTION.applyDifference, `Apply ${signed(gap)} to today's ${showQty(now)}`, value, undefined, {
              title: 'Apply the difference?',
              text: fitMrkdwn(
                `Stock of ${item} goes from ${showQty(now)} to ${showQty(now + gap)} (${signed(gap)}, the gap the count found) and the ` +
                  `adjustment is written to the ledger. This cannot be undone.`,
                300,
              ),
              confirm: 'Apply it',
              deny: 'Not yet',
            }),
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

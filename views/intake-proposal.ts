import type { KnownBlock, View } from '@slack/types';
import type { IntakeRecord, IntakeRow } from '../src/domain/intake-record';
import { formatMoney } from '../src/domain/money';
import { showQty } from '../src/domain/numbers';
import { ACTION, INTAKE_EDIT_BLOCK, INTAKE_EDIT_INPUT, VIEW } from './ids';
import { button, clip, escapeMrkdwn, fitMrkdwn, whoDecided } from './mrkdwn';

const esc = (text: string, max = 200) => escapeMrkdwn(clip(text, max));

/** Rows shown one line each on the card; the rest are counted (every row is still written on Approve). */
export const ROWS_SHOWN = 40;
/** Dropped rows listed with their reasons. */
const DROPPED_SHOWN = 10;

const pct = (c: number | undefined) => (c === undefined ? '' : ` (${Math.round(c * 100)}% sure)`);

/** `BEAN-HB House Blend (main): on hand 58 → 12 (90%) · cost £4.20 → £4.50 (95%) ⚠ on hand falls by 79%` */
export function rowLine(r: IntakeRow, currency: string): string {
  const parts: string[] = [];
  if (r.onHand) parts.push(`on hand ${showQty(r.onHand.current)} → *${showQty(r.onHand.proposed)}*${pct(r.onHand.confidence)}`);
  if (r.unitCost) {
    const was = r.unitCost.current === null ? 'none' : formatMoney(r.unitCost.current, currency);
    parts.push(`cost ${was} → *${formatMoney(r.unitCost.proposed, currency)}*${pct(r.unitCost.confidence)}`);
  }
  const flags = r.flags.length > 0 ? ` :warning: ${esc(r.flags.join('; '), 300)}` : '';
  return `• \`${esc(r.sku, 60)}\` ${esc(r.name, 80)} (${esc(r.location, 40)}): ${parts.join(' · ')}${flags}`;
}

function lines(texts: string[], max = 3000): KnownBlock[] {
  // Rows are packed into sections of whole lines, each within Slack's 3,000 characters.
  const blocks: KnownBlock[] = [];
  let current = '';
  for (const t of texts) {
    const line = clip(t, 1000);
    if (current && current.length + line.length + 1 > max) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
  return blocks;
}

function outcome(r: IntakeRecord, ownerId: string | null): string | null {
  const by = whoDecided(r.decided_by, ownerId);
  switch (r.status) {
    case 'proposed':
      return null;
    case 'approved':
      return `:hourglass_flowing_sand: Approved by ${by}: writing ${r.rows.length} row${r.rows.length === 1 ? '' : 's'} into the stock sheet…`;
    case 'applied':
      return `:white_check_mark: Approved by ${by}: ${r.rows.length} row${r.rows.length === 1 ? '' : 's'} written into the stock sheet.`;
    case 'discarded':
      return `:wastebasket: Discarded by ${by}. Nothing was changed; the mail is kept under discarded/.`;
    case 'ignored':
    case 'nothing-usable':
      return r.note ? `:information_source: ${esc(r.note, 1000)}` : null;
  }
}

/**
 * The owner's card for one forwarded mail: who sent what, each proposed row as today's value → the proposed one with
 * the reader's confidence and any flag, the rows left out and why, then Approve / Edit / Discard while it waits (and
 * what was decided afterwards, with no live buttons). Pure.
 */
export function intakeProposalMessage(
  r: IntakeRecord,
  opts: { currency: string; ownerId?: string | null },
): {
  text: string;
  blocks: KnownBlock[];
} {
  const head =
    `:incoming_envelope: *${esc(r.subject || '(no subject)', 150)}*\n` +
    `From ${esc(r.from_name ? `${r.from_name} <${r.from}>` : r.from, 200)} · ${esc(r.files.join(', ') || 'no attachment', 300)}`;
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(head, 3000) } }];
  const shown = r.rows.slice(0, ROWS_SHOWN).map((row) => rowLine(row, opts.currency));
  if (r.rows.length > shown.length) shown.push(`…and ${r.rows.length - shown.length} more rows`);
  if (shown.length > 0) blocks.push(...lines([`*${r.rows.length} change${r.rows.length === 1 ? '' : 's'} proposed*`, ...shown]));
  if (r.dropped.length > 0) {
    const dropped = r.dropped.slice(0, DROPPED_SHOWN).map((d) => `• ${esc(d.what, 150)}: ${esc(d.reason, 300)}`);
    if (r.dropped.length > dropped.length) dropped.push(`…and ${r.dropped.length - dropped.length} more`);
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: fitMrkdwn(`Left out (${r.dropped.length}):\n${dropped.join('\n')}`, 3000) }],
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: fitMrkdwn(
          `Read by ${esc(r.proposer ?? 'the rule-based reader', 100)}; every number was checked against the document's own text.`,
          3000,
        ),
      },
    ],
  });
  const line = outcome(r, opts.ownerId ?? null);
  if (line) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(line, 3000) } });
  if (r.status === 'proposed' && r.rows.length > 0) {
    blocks.push({
      type: 'actions',
      elements: [
        button(ACTION.approveIntake, 'Approve', r.mail_id, 'primary', {
          title: 'Write these rows?',
          text: `${r.rows.length} row${r.rows.length === 1 ? '' : 's'} go into the stock sheet, each recorded as a movement.`,
          confirm: 'Approve',
        }),
        button(ACTION.editIntake, 'Edit', r.mail_id),
        button(ACTION.discardIntake, 'Discard', r.mail_id, 'danger'),
      ],
    });
  }
  const text =
    r.status === 'proposed'
      ? `Proposed from ${clip(r.from, 100)}: ${r.rows.length} change${r.rows.length === 1 ? '' : 's'} to the stock sheet`
      : `${clip(r.subject || 'A forwarded mail', 100)}: ${r.status}`;
  return { text: fitMrkdwn(text, 3000), blocks };
}

/** One row as the Edit modal writes it: `SKU @ location: on hand 12, cost 4.50`. */
export const editLine = (r: IntakeRow): string =>
  [
    `${r.sku} @ ${r.location}:`,
    [r.onHand ? `on hand ${r.onHand.proposed}` : null, r.unitCost ? `cost ${r.unitCost.proposed}` : null].filter(Boolean).join(', '),
  ].join(' ');

/** Slack's limit on a plain-text input's value. */
const INPUT_MAX = 3000;

/**
 * The Edit modal: the proposal's rows as lines of text to change or delete (a line per row scales where one input per
 * row would pass Slack's 100 blocks). Submitting runs the same checks as the proposal.
 */
export function intakeEditModal(r: IntakeRecord): View {
  const initial = r.rows.map(editLine).join('\n');
  return {
    type: 'modal',
    callback_id: VIEW.editIntake,
    private_metadata: r.mail_id,
    title: { type: 'plain_text', text: 'Edit the proposal' },
    submit: { type: 'plain_text', text: 'Approve' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: fitMrkdwn(
            `From ${esc(r.from, 200)}: ${esc(r.subject || '(no subject)', 150)}. Change a number, or delete a line to leave that row out.`,
            3000,
          ),
        },
      },
      {
        type: 'input',
        block_id: INTAKE_EDIT_BLOCK.rows,
        label: { type: 'plain_text', text: 'Rows' },
        hint: { type: 'plain_text', text: 'One per line: SKU @ location: on hand 12, cost 4.50' },
        element: {
          type: 'plain_text_input',
          action_id: INTAKE_EDIT_INPUT.rows,
          multiline: true,
          max_length: INPUT_MAX,
          ...(initial.length <= INPUT_MAX ? { initial_value: initial } : {}),
        },
      },
    ],
  };
}

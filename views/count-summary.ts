import type { KnownBlock } from '@slack/types';
import { showQty } from '../src/domain/numbers';
import { ACTION, encodeParkedRef, encodeVarianceRef } from './ids';
import { button, clip, escapeMrkdwn, fitMrkdwn } from './mrkdwn';

export interface CountSummary {
  sessionId: string;
  /** The file just read. */
  file: string;
  /** Its non-blank rows. */
  linesRead: number;
  /** Its rows read as a re-scan of the row before (same code, same quantity) and counted once. */
  rescans: number;
  /** Its count-sheet rows left blank (not counted). */
  blanks: number;
  /** Its rows parked. */
  parkedNow: number;
  /** A count sheet read again under the same name: its new reading replaced the old one. */
  replaced: boolean;
  /** SKUs with a count so far in the session (all files). */
  counted: number;
  /** Every parked row of the session still waiting for a fix. */
  parked: { sk: string; file: string; row: number; raw: string; reason: string }[];
  agreement: number;
  minor: number;
  material: number;
  /** In the system at the location, in scope, not counted (yet). */
  notCounted: { sku: string; name: string; system: number }[];
}

const esc = (text: string, max = 200) => escapeMrkdwn(clip(text, max));

/**
 * The location approver's DM after a count summary: how many variances wait for them, where, and in which count.
 * One per summary, never one per card. Pure.
 */
export function approverNoticeMessage(n: { sessionId: string; channel: string; waiting: number }): { text: string } {
  const what = n.waiting === 1 ? '1 variance waits' : `${n.waiting} variances wait`;
  return { text: `${what} for you in <#${n.channel}> (count ${esc(n.sessionId, 60)}): Approve or Reject each card in the count's thread.` };
}
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
// Slack allows 50 blocks a message: the head, up to this many parked rows and not-counted lines, and the actions.
const MAX_PARKED = 10;
const MAX_NOT_COUNTED = 20;

/** The reply after a file is read: what was read, parked and found, and which lines nobody counted. Pure. */
export function countSummaryMessage(s: CountSummary): { text: string; blocks: KnownBlock[] } {
  const extras = [
    s.rescans > 0 ? `${plural(s.rescans, 're-scan')} counted once` : null,
    s.blanks > 0 ? `${plural(s.blanks, 'blank row')} not counted` : null,
    s.replaced ? 'it replaces its earlier reading' : null,
  ].filter((x): x is string => x !== null);
  const head =
    `*Read ${esc(s.file, 150)}*: ${plural(s.linesRead, 'line')} read, ${s.parkedNow} parked${extras.length > 0 ? ` (${extras.join('; ')})` : ''}. ` +
    `So far this count has ${plural(s.counted, 'SKU')} counted: ${s.agreement} in agreement, ${s.minor} minor, ${s.material} material` +
    `${s.material > 0 ? " (a card for each below, for the location's approver)" : ''}.`;
  const value = (sk: string) => encodeParkedRef({ sessionId: s.sessionId, sk });
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(head, 3000) } }];

  if (s.parked.length > 0) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `*Parked* (${s.parked.length}): not counted until someone fixes them. Fix maps the code to a SKU or corrects the quantity.`,
        },
      ],
    });
    for (const p of s.parked.slice(0, MAX_PARKED)) {
      blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: fitMrkdwn(`${esc(p.file, 80)} row ${p.row} \`${esc(p.raw, 80)}\`: ${esc(p.reason, 300)}`, 3000) },
        accessory: button(ACTION.fixParked, 'Fix', value(p.sk)),
      });
    }
    if (s.parked.length > MAX_PARKED) {
      blocks.push({
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `…and ${s.parked.length - MAX_PARKED} more parked: fix these first, or correct the file and upload just those rows again.`,
          },
        ],
      });
    }
  }
  if (s.notCounted.length > 0) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `*Not counted* (${s.notCounted.length}): count them, or confirm there are none.` }],
    });
    for (const line of s.notCounted.slice(0, MAX_NOT_COUNTED)) {
      blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: fitMrkdwn(`${esc(line.name)} (${esc(line.sku, 80)}): system ${showQty(line.system)}`, 3000) },
        accessory: button(ACTION.confirmZero, 'Confirm zero', encodeVarianceRef({ sessionId: s.sessionId, sku: line.sku }), undefined, {
          title: 'None on the shelf?',
          text: fitMrkdwn(
            `${esc(line.name, 50)} (${esc(line.sku, 40)}) is recorded as none on the shelf, 0 against ${showQty(line.system)} in the ` +
              `system, and the gap goes to the location's approver as a material variance.`,
            300,
          ),
          confirm: 'Confirm zero',
          deny: 'Cancel',
        }),
      });
    }
    if (s.notCounted.length > MAX_NOT_COUNTED) {
      blocks.push({
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `…and ${s.notCounted.length - MAX_NOT_COUNTED} more not counted.` }],
      });
    }
  }
  // Closing cannot be undone: files uploaded afterwards are no longer read, so the tap asks first.
  blocks.push({
    type: 'actions',
    elements: [
      button(ACTION.closeCount, 'Close count', s.sessionId, undefined, {
        title: 'Close this count?',
        text: fitMrkdwn(
          `Count ${esc(s.sessionId, 60)} closes: files uploaded to its thread are no longer read and the location is free for the next ` +
            `count. Variances still waiting keep their cards.`,
          300,
        ),
        confirm: 'Close count',
        deny: 'Keep it open',
      }),
    ],
  });
  const text = `Read ${s.file}: ${s.counted} counted, ${s.parked.length} parked, ${plural(s.material, 'material variance')}`;
  return { text: fitMrkdwn(escapeMrkdwn(text), 3000), blocks };
}

import type { KnownBlock } from '@slack/types';
import { showQty } from '../src/domain/numbers';
import { ACTION, encodeVarianceRef } from './ids';
import { button, clip, escapeMrkdwn, fitMrkdwn } from './mrkdwn';

export interface CountSummary {
  sessionId: string;
  file: string;
  linesRead: number;
  /** SKUs with a count so far in the session (all files). */
  counted: number;
  parked: { file: string; row: number; raw: string; reason: string }[];
  agreement: number;
  minor: number;
  material: number;
  /** In the system at the location, in scope, not counted (yet). */
  notCounted: { sku: string; name: string; system: number }[];
}

const esc = (text: string, max = 200) => escapeMrkdwn(clip(text, max));
/** Blocks are capped at 50 per message: room for the head, the parked list and this many not-counted lines. */
const MAX_NOT_COUNTED = 20;

/** The reply after a file is read: what was read, parked and found, and which lines nobody counted. Pure. */
export function countSummaryMessage(s: CountSummary): { text: string; blocks: KnownBlock[] } {
  const head =
    `*Read ${esc(s.file, 150)}*: ${s.linesRead} line${s.linesRead === 1 ? '' : 's'} read, ${s.counted} SKU${s.counted === 1 ? '' : 's'} counted so far, ` +
    `${s.parked.length} parked. ${s.agreement} in agreement, ${s.minor} minor, ${s.material} material${s.material > 0 ? ' (a card for each below)' : ''}.`;
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(head, 3000) } }];
  if (s.parked.length > 0) {
    const shown = s.parked.slice(0, 15).map((p) => `• ${esc(p.file, 80)} row ${p.row} \`${esc(p.raw, 80)}\`: ${esc(p.reason, 200)}`);
    if (s.parked.length > shown.length) shown.push(`…and ${s.parked.length - shown.length} more`);
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: fitMrkdwn(`*Parked* (not counted; fix the file and upload the lines again):\n${shown.join('\n')}`, 3000) },
    });
  }
  if (s.notCounted.length > 0) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `*Not counted* (${s.notCounted.length}): count them, or confirm there are none.` }] });
    for (const line of s.notCounted.slice(0, MAX_NOT_COUNTED)) {
      blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: fitMrkdwn(`${esc(line.name)} (${esc(line.sku, 80)}): system ${showQty(line.system)}`, 3000) },
        accessory: button(ACTION.confirmZero, 'Confirm zero', encodeVarianceRef({ sessionId: s.sessionId, sku: line.sku })),
      });
    }
    if (s.notCounted.length > MAX_NOT_COUNTED) {
      blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${s.notCounted.length - MAX_NOT_COUNTED} more not counted.` }] });
    }
  }
  const text = `Read ${s.file}: ${s.counted} counted, ${s.parked.length} parked, ${s.material} material variance${s.material === 1 ? '' : 's'}`;
  return { text: fitMrkdwn(escapeMrkdwn(text), 3000), blocks };
}

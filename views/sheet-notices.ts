import type { KnownBlock } from '@slack/types';
import type { OrderRecord } from '../src/domain/order-record';
import { ACTION, encodeOrderRef } from './ids';
import { button, clip, escapeMrkdwn, fitMrkdwn } from './mrkdwn';

// What the sheet lane tells the owner in a DM: a document that stopped parsing (and when it parses again), changes
// waiting for a row the stock sheet no longer has, and a delivery it saw arrive in the sheet.

const esc = (text: string, max = 200): string => escapeMrkdwn(clip(text, max));
const signed = (n: number) => (n >= 0 ? `+${n}` : `${n}`);
const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(text, 3000) } });

/** Lines shown per notice: the rest is summed up, so a sheet of typos never makes a message Slack refuses. */
const SHOWN = 10;

/** A problem as the document readers report it: where (row, line, column) and what is wrong. */
export interface DocumentProblem {
  row?: number;
  line?: number;
  field?: string;
  message: string;
}

function problemLine(p: DocumentProblem): string {
  const where = [
    p.row !== undefined ? `row ${p.row}` : null,
    p.line !== undefined ? `line ${p.line}` : null,
    p.field ? `"${p.field}"` : null,
  ]
    .filter(Boolean)
    .join(', ');
  return `• ${where ? `${esc(where, 80)}: ` : ''}${esc(p.message, 300)}`;
}

/** A document no longer parses: which one, where, what is wrong, and that the last good version stays in force. */
export function brokenDocumentNotice(document: string, problems: readonly DocumentProblem[]): { text: string; blocks: KnownBlock[] } {
  const shown = problems.slice(0, SHOWN).map(problemLine);
  if (problems.length > SHOWN) shown.push(`…and ${problems.length - SHOWN} more`);
  const first = problems[0];
  const text = `The ${document} has a problem stockbot cannot read${first ? ` (${first.message})` : ''}; the last good version stays in use until it is fixed.`;
  return {
    text: fitMrkdwn(esc(text, 600), 3000),
    blocks: [
      section(`:warning: *The ${esc(document, 80)} changed, and stockbot cannot read the new version.*`),
      section(shown.join('\n')),
      section(
        'Until it is fixed, stockbot keeps using the last version it could read. Fix it where you edit it; stockbot picks it up at the next sync and tells you.',
      ),
    ],
  };
}

/** The document parses again: its new version is in use. */
export function fixedDocumentNotice(document: string): { text: string; blocks: KnownBlock[] } {
  const text = `The ${document} reads again: its latest version is now in use.`;
  return { text, blocks: [section(`:white_check_mark: ${esc(text, 300)}`)] };
}

/** Changes waiting for a stock-sheet row that is gone: kept, never dropped, until the row is back. */
export function parkedWritesNotice(
  writes: readonly { location: string; sku: string; delta: number; reason: string }[],
  sheet: string,
): { text: string; blocks: KnownBlock[] } {
  const lines = writes
    .slice(0, SHOWN)
    .map((w) => `• *${esc(w.sku, 100)}* at ${esc(w.location, 100)}: ${signed(w.delta)} (${esc(w.reason, 100)})`);
  if (writes.length > SHOWN) lines.push(`…and ${writes.length - SHOWN} more`);
  const text = `The ${sheet} has no row for ${writes.length} item${writes.length === 1 ? '' : 's'} with changes to write; they wait until the row is back.`;
  return {
    text: fitMrkdwn(esc(text, 600), 3000),
    blocks: [
      section(`:warning: *${esc(text, 400)}*`),
      section(lines.join('\n')),
      section('Add the row back (same SKU and location) and stockbot writes the change into it at the next write-back.'),
    ],
  };
}

/** A delivery stockbot saw arrive in the sheet and booked in against its order, with Undo. */
export function receivedFromSheetNotice(order: OrderRecord, rise: number): { text: string; blocks: KnownBlock[] } {
  const po = order.po_number ?? 'the order';
  const text = `Booked in from the stock sheet: ${po}, ${order.draft.name} rose by ${rise}, so the order is marked received.`;
  return {
    text: fitMrkdwn(esc(text, 600), 3000),
    blocks: [
      section(
        `:package: *Booked in from the stock sheet*: ${esc(po, 40)}, *${esc(order.draft.name)}* (${esc(order.sku, 100)}, ${esc(order.location, 100)})\n` +
          `On hand rose by ${rise} in the sheet since the order was approved, so ${order.qty} on order is marked received. Not this delivery? Undo.`,
      ),
      {
        type: 'actions',
        elements: [button(ACTION.undoReceipt, 'Undo', encodeOrderRef({ itemKey: order.item_key, orderId: order.order_id }))],
      },
    ],
  };
}

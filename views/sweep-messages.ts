import type { KnownBlock } from '@slack/types';
import type { CountLine } from '../src/domain/count-records';
import { formatMoney } from '../src/domain/money';
import { ACTION } from './ids';
import { button, clip, escapeMrkdwn, fitMrkdwn } from './mrkdwn';

const esc = (text: string, max = 200) => escapeMrkdwn(clip(text, max));
/** Variances listed in one reminder; the rest are counted (Slack allows 50 blocks, and nobody reads 200 lines). */
export const REMINDER_ROWS = 30;

/** How old a waiting variance is, for the reminder. */
export interface AgedVariance {
  line: Pick<CountLine, 'sku' | 'name' | 'location' | 'session_id' | 'gap_units' | 'gap_value' | 'card'>;
  /** Whole days it has waited. */
  days: number;
}

/**
 * The variance sweep's daily reminder to one approver: each variance waiting longer than the rules doc's `aged variance
 * days`, oldest first, with its gap and a link to its card (where Approve and Reject are). Pure.
 */
export function agedVariancesMessage(aged: readonly AgedVariance[], currency: string): { text: string; blocks: KnownBlock[] } {
  const rows = aged.slice(0, REMINDER_ROWS).map(({ line, days }) => {
    const gap = `${(line.gap_units ?? 0) > 0 ? '+' : ''}${line.gap_units ?? 0}${line.gap_value != null ? ` (${formatMoney(line.gap_value, currency)})` : ''}`;
    const card = line.card?.link
      ? `<${line.card.link}|open the card>`
      : line.card
        ? `in <#${line.card.channel}>`
        : `count ${esc(line.session_id, 40)}`;
    return `• *${esc(line.name, 80)}* (\`${esc(line.sku, 60)}\`, ${esc(line.location, 40)}): ${gap}, waiting ${days} day${days === 1 ? '' : 's'} · ${card}`;
  });
  if (aged.length > rows.length) rows.push(`…and ${aged.length - rows.length} more (App Home lists every one)`);
  const head = `:hourglass: *${aged.length} count variance${aged.length === 1 ? '' : 's'} still wait${aged.length === 1 ? 's' : ''} for you*. Until you approve or reject them, the stock sheet keeps the old numbers.`;
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(head, 3000) } }];
  let chunk = '';
  for (const row of rows) {
    if (chunk && chunk.length + row.length + 1 > 2900) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
      chunk = '';
    }
    chunk = chunk ? `${chunk}\n${row}` : row;
  }
  if (chunk) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
  return { text: `${aged.length} count variance${aged.length === 1 ? '' : 's'} still wait${aged.length === 1 ? 's' : ''} for you`, blocks };
}

/** A location's count reminder in its channel, with a Start count button that opens /count for that location. Pure. */
export function countReminderMessage(r: { location: string; lastCounted: string | null; days: number }): {
  text: string;
  blocks: KnownBlock[];
} {
  const when = r.lastCounted ? `was last counted on ${r.lastCounted}` : 'has not been counted yet';
  const text = `${clip(r.location, 100)} ${when}: time for a count (every ${r.days} days keeps the stock sheet honest).`;
  return {
    text,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: fitMrkdwn(
            `:clipboard: *${esc(r.location, 100)}* ${when}. A count every ${r.days} days keeps the stock sheet honest.`,
            3000,
          ),
        },
      },
      { type: 'actions', elements: [button(ACTION.startCount, 'Start count', clip(r.location, 150), 'primary')] },
    ],
  };
}

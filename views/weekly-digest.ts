import type { KnownBlock } from '@slack/types';
import { formatMoney } from '../src/domain/money';
import { showQty } from '../src/domain/numbers';
import type { WeeklyDigest } from '../src/domain/weekly-digest';
import { clip, escapeMrkdwn, fitMrkdwn, formatLocalDate } from './mrkdwn';

const esc = (text: string, max = 120) => escapeMrkdwn(clip(text, max));
/** Lines listed per section; the rest are counted, so a busy week stays one readable message within Slack's limits. */
export const DIGEST_LINES = 10;

const list = <T>(rows: readonly T[], line: (row: T) => string): string => {
  const shown = rows.slice(0, DIGEST_LINES).map((r) => `• ${line(r)}`);
  if (rows.length > shown.length) shown.push(`…and ${rows.length - shown.length} more`);
  return shown.join('\n');
};
const link = (url: string | null, text: string) => (url ? `<${url}|${text}>` : text);

/**
 * The weekly digest for the digest channel: one section per thing that happened or waits, each saying where it is
 * acted on, and one line when the week was quiet. Pure.
 */
export function weeklyDigestMessage(d: WeeklyDigest, currency: string): { text: string; blocks: KnownBlock[] } {
  const week = `${formatLocalDate(d.from)} – ${formatLocalDate(d.to)}`;
  if (d.quiet) {
    const text = `Weekly stock digest, ${week}: a quiet week. No orders placed, nothing waiting, nothing overdue.`;
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:white_check_mark: ${esc(text, 300)}` } }] };
  }
  const sections: [string, string][] = [];
  const add = (title: string, body: string) => body && sections.push([title, body]);
  if (d.placed.length > 0)
    add(
      `Orders placed: ${formatMoney(d.placedTotal, currency)}`,
      list(d.placed, (s) => {
        const unpriced = s.unpriced > 0 ? ` (${s.unpriced} without a unit cost)` : '';
        return `${esc(s.supplier)}: ${s.orders} order${s.orders === 1 ? '' : 's'}, ${formatMoney(s.total, currency)}${unpriced}`;
      }),
    );
  add(
    'Overdue deliveries (Mark received or chase from the order in your DMs)',
    list(d.overdue, (o) => `${esc(o.po, 40)} from ${esc(o.supplier)} (${esc(o.sku, 60)}), expected ${formatLocalDate(o.expected)}`),
  );
  add(
    'Count variances still waiting for their approver',
    list(
      d.variances,
      (v) =>
        `${link(v.link, `${esc(v.name, 80)} (${esc(v.location, 40)})`)}${v.gapValue === null ? '' : `: ${formatMoney(v.gapValue, currency)}`}, since ${formatLocalDate(v.since.slice(0, 10))}`,
    ),
  );
  add(
    'Mailed-in changes waiting for the owner (Approve, Edit or Discard on the card)',
    list(
      d.inboxWaiting,
      (m) => `${link(m.link, esc(m.subject || '(no subject)', 80))} from ${esc(m.from, 80)}: ${m.rows} row${m.rows === 1 ? '' : 's'}`,
    ),
  );
  add(
    'Till lines parked (App Home → Fix)',
    list(d.tillParked, (p) => `\`${esc(p.code, 60)}\` × ${showQty(p.qty)}: ${esc(p.reason, 150)}`),
  );
  add(
    'Skipped 4 or more times in a row: is the reorder point wrong?',
    list(d.skipStreaks, (s) => `${esc(s.name, 80)} (${esc(s.itemKey.split('#')[0] ?? '', 40)}), skipped ${s.skips} times`),
  );
  add(
    "Till and sheet disagree on the sales rate (the draft's Use button, or `auto` in the sheet)",
    list(d.rateGaps, (g) => `${esc(g.name, 80)}: sheet ${showQty(g.sheet)}/day, till ${showQty(g.till)}/day over ${g.days} days`),
  );
  add(
    "Ordered from the fallback supplier (give them a supplier in the stock sheet or the rules doc's category supplier)",
    list(d.fallback, (f) => `${esc(f.name, 80)} (${esc(f.location, 40)}) → ${esc(f.supplier)}`),
  );
  add(
    'On watch (close to their reorder point; listed in App Home)',
    list(
      d.watch,
      (w) => `${esc(w.name, 80)} (${esc(w.location, 40)}): ${showQty(w.onHand)} on hand, reorder at ${showQty(w.reorderPoint)}`,
    ),
  );

  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(`Weekly stock digest, ${week}`, 150) } },
    ...sections.map(
      ([title, body]): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(`*${title}*\n${body}`, 3000) } }),
    ),
  ];
  const text = `Weekly stock digest, ${week}: ${sections.map(([t]) => t.split(' (')[0]!.split(':')[0]!.toLowerCase()).join(', ')}.`;
  return { text: clip(text, 3000), blocks };
}

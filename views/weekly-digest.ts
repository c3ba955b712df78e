import type { KnownBlock } from '@slack/types';
import { formatMoney } from '../src/domain/money';
import { showQty } from '../src/domain/numbers';
import type { WeeklyDigest } from '../src/domain/weekly-digest';
import { clip, escapeMrkdwn, fitMrkdwn, formatLocalDate } from './mrkdwn';

const esc = (text: string, max = 120) => escapeMrkdwn(clip(text, max));
const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/** Lines listed per section; the rest are counted, so a busy week stays one readable message within Slack's limits. */
export const DIGEST_LINES = 10;
/** Slack's limit on a section's text. */
const SECTION_TEXT = 3000;
/** Orders named on a supplier's line; the rest are counted. */
const ORDERS_PER_SUPPLIER = 3;

/**
 * Where each part of the digest is acted on. Every link is optional: without one, the section names the place in
 * words, so the digest reads the same in a workspace the app cannot deep-link into.
 */
export interface DigestLinks {
  /** The app's Home tab (`slack://app?team=T…&id=A…&tab=home`): orders, the watch list and parked till lines live there. */
  appHome?: string;
  /** The stock sheet: reorder points, buffers, suppliers and sales rates are changed there. */
  stockSheet?: string;
  /** The rules doc: category suppliers and the fallback supplier. */
  rulesDoc?: string;
}

/**
 * A link as mrkdwn, or the words alone when the address is not one Slack links safely: a `|`, `>` or space would end
 * the link early and spill the rest of the address into the message.
 */
export function mrkdwnLink(url: string | null | undefined, words: string): string {
  return url && /^(https?|slack|mailto):[^\s<>|]+$/.test(url) && url.length <= 1000 ? `<${url}|${words}>` : words;
}

/**
 * One section's text: a title, then up to {@link DIGEST_LINES} lines, then "…and N more" for the rest. Lines are
 * dropped into the count before the text would pass Slack's limit, so the count is never cut off.
 */
function section<T>(title: string, rows: readonly T[], line: (row: T) => string): string {
  let text = title;
  let shown = 0;
  for (const row of rows.slice(0, DIGEST_LINES)) {
    const next = `${text}\n• ${line(row)}`;
    const rest = rows.length - shown - 1;
    // Room for the "and N more" line that will follow if this is not the last row.
    if (next.length + (rest > 0 ? 40 : 0) > SECTION_TEXT) break;
    text = next;
    shown += 1;
  }
  if (rows.length > shown) text += `\n…and ${rows.length - shown} more`;
  return fitMrkdwn(text, SECTION_TEXT);
}

/** `PO-000001 (120 × House Blend beans), PO-000004 (…) and 2 more`. */
function ordersNamed(d: WeeklyDigest['placed'][number]): string {
  const named = d.placed.slice(0, ORDERS_PER_SUPPLIER).map((o) => `${esc(o.po, 40)} (${showQty(o.qty)} × ${esc(o.name, 60)})`);
  const more = d.placed.length - named.length;
  return more > 0 ? `${named.join(', ')} and ${more} more` : named.join(', ');
}

/**
 * The weekly digest for the digest channel: one section per thing that happened or waits, each saying (and, given
 * `links`, linking to) where it is acted on, and one line when the week was quiet. Pure.
 */
export function weeklyDigestMessage(d: WeeklyDigest, currency: string, links: DigestLinks = {}): { text: string; blocks: KnownBlock[] } {
  const week = `${formatLocalDate(d.from)} – ${formatLocalDate(d.to)}`;
  if (d.quiet) {
    const text = `Weekly stock digest, ${week}: a quiet week. No orders placed, nothing waiting, nothing overdue.`;
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:white_check_mark: ${esc(text, 300)}` } }] };
  }
  const appHome = (words: string) => mrkdwnLink(links.appHome, words);
  const sheet = (words: string) => mrkdwnLink(links.stockSheet, words);
  const rulesDoc = (words: string) => mrkdwnLink(links.rulesDoc, words);

  const sections: { gist: string; text: string }[] = [];
  const add = <T>(gist: string, title: string, rows: readonly T[], line: (row: T) => string) => {
    if (rows.length > 0) sections.push({ gist, text: section(title, rows, line) });
  };
  add(`${formatMoney(d.placedTotal, currency)} ordered`, `*Orders placed: ${formatMoney(d.placedTotal, currency)}*`, d.placed, (s) => {
    const unpriced = s.unpriced > 0 ? ` (${s.unpriced} without a unit cost)` : '';
    return `${esc(s.supplier)}: ${plural(s.orders, 'order')}, ${formatMoney(s.total, currency)}${unpriced} · ${ordersNamed(s)}`;
  });
  add(
    plural(d.overdue.length, 'delivery overdue', 'deliveries overdue'),
    `*Overdue deliveries* (Mark received or Ask the supplier on the order's DM, or in ${appHome('App Home')})`,
    d.overdue,
    (o) =>
      `${esc(o.po, 40)} from ${esc(o.supplier)} (${esc(o.sku, 60)}), expected ${formatLocalDate(o.expected)}: ${plural(o.daysLate, 'day')} late`,
  );
  add(
    plural(d.variances.length, 'variance waiting', 'variances waiting'),
    '*Count variances still waiting for their approver* (Approve or Reject on the card)',
    d.variances,
    (v) => {
      const what = mrkdwnLink(v.link, `${esc(v.name, 80)} (${esc(v.location, 40)})`);
      const where = !v.link && v.channel && /^[CG][A-Z0-9]+$/.test(v.channel) ? ` in <#${v.channel}>` : '';
      const value = v.gapValue === null ? '' : `: ${formatMoney(v.gapValue, currency)}`;
      return `${what}${value}, waiting ${plural(v.ageDays, 'day')}${where}`;
    },
  );
  add(
    plural(d.inboxWaiting.length, 'mailed-in proposal waiting', 'mailed-in proposals waiting'),
    '*Mailed-in changes waiting for the owner* (Approve, Edit or Discard on the card)',
    d.inboxWaiting,
    (m) => {
      const files =
        m.files && m.files.length > 0
          ? ` (${m.files
              .slice(0, 3)
              .map((f) => esc(f, 60))
              .join(', ')}${m.files.length > 3 ? '…' : ''})`
          : '';
      return `${mrkdwnLink(m.link, esc(m.subject || '(no subject)', 80))} from ${esc(m.from, 80)}: ${plural(m.rows, 'row')}${files}`;
    },
  );
  add(
    plural(d.tillParked.length, 'till line parked', 'till lines parked'),
    `*Till lines parked* (Fix in ${appHome('App Home')})`,
    d.tillParked,
    (p) => {
      const where = p.location ? ` at ${esc(p.location, 40)}` : '';
      const since = p.since && /^\d{4}-\d{2}-\d{2}/.test(p.since) ? `, since ${formatLocalDate(p.since.slice(0, 10))}` : '';
      return `\`${esc(p.code, 60)}\` × ${showQty(p.qty)}${where}${since}: ${esc(p.reason, 150)}`;
    },
  );
  add(
    plural(d.skipStreaks.length, 'item skipped again and again', 'items skipped again and again'),
    `*Skipped 4 or more times in a row: is the reorder point wrong?* (change it in the ${sheet('stock sheet')})`,
    d.skipStreaks,
    (s) => `${esc(s.name, 80)} (${esc(s.location, 40)}), skipped ${s.skips} times`,
  );
  add(
    plural(d.rateGaps.length, 'sales rate gap', 'sales rate gaps'),
    `*Till and sheet disagree on the sales rate* (the draft's Use button, or \`auto\` in the ${sheet('stock sheet')})`,
    d.rateGaps,
    (g) => `${esc(g.name, 80)}: sheet ${showQty(g.sheet)}/day, till ${showQty(g.till)}/day over ${g.days} days`,
  );
  add(
    plural(d.fallback.length, 'item on the fallback supplier', 'items on the fallback supplier'),
    `*Ordered from the fallback supplier* (give them a supplier in the ${sheet('stock sheet')}, or a category supplier in the ${rulesDoc('rules doc')})`,
    d.fallback,
    (f) => `${esc(f.name, 80)} (${esc(f.location, 40)}) → ${esc(f.supplier)}`,
  );
  add(
    plural(d.watch.length, 'item on watch', 'items on watch'),
    `*On watch* (close to their reorder point; listed in ${appHome('App Home')})`,
    d.watch,
    (w) => `${esc(w.name, 80)} (${esc(w.location, 40)}): ${showQty(w.onHand)} on hand, reorder at ${showQty(w.reorderPoint)}`,
  );

  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(`Weekly stock digest, ${week}`, 150) } },
    ...sections.map((s): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: s.text } })),
  ];
  const text = `Weekly stock digest, ${week}: ${sections.map((s) => s.gist).join(', ')}.`;
  return { text: clip(text, 3000), blocks };
}

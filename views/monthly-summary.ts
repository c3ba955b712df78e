import type { KnownBlock } from '@slack/types';
import { formatMoney } from '../src/domain/money';
import type { MonthlySummary } from '../src/domain/monthly-summary';
import { monthLabel } from '../src/domain/summary-narrative';
import { clip, escapeMrkdwn, fitMrkdwn } from './mrkdwn';

const esc = (text: string, max = 120) => escapeMrkdwn(clip(text, max));
const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;
/** Lines listed per section, in Slack and in the email; the rest are counted ("…and 37 more"). */
export const SUMMARY_LINES = 8;
/** Slack's limit on a section's text. */
const SECTION_TEXT = 3000;
const CAUSE_WORDS: Record<string, string> = {
  shrinkage: 'Shrinkage',
  miscount: 'Miscount',
  unrecorded_sale: 'Unrecorded sale',
  receiving_error: 'Receiving error',
  unknown: 'Cause unknown',
};
const cause = (c: string) => CAUSE_WORDS[c] ?? 'Cause unknown';

/** One part of the summary: its title, and every line (a renderer shows the first few and counts the rest). */
interface Part {
  title: string;
  lines: string[];
}

/** The summary's parts, in plain words, shared by the Slack message and the email (each escapes for its own format). */
function parts(s: MonthlySummary, currency: string): Part[] {
  const money = (n: number) => formatMoney(n, currency);
  const avoided = new Set(s.stockoutsAvoided.map((a) => `${a.location}#${a.sku}`));
  const out: Part[] = [
    {
      title: `Spend: ${money(s.spendTotal)}`,
      lines:
        s.spend.length === 0
          ? ['No orders placed.']
          : s.spend.map((x) => `${x.supplier}: ${money(x.total)} (${plural(x.orders, 'order')})`),
    },
    {
      title: `Urgent: ${plural(s.urgent.length, 'item')}, ${plural(s.stockoutsAvoided.length, 'stockout')} avoided`,
      lines:
        s.urgent.length === 0
          ? ['Nothing hit urgent.']
          : s.urgent.map((u) => `${u.name} (${u.location})${avoided.has(`${u.location}#${u.sku}`) ? ': arrived in time' : ''}`),
    },
    {
      title: 'Days out of stock',
      lines:
        s.daysOutOfStock.length === 0
          ? ['Nothing ran out.']
          : s.daysOutOfStock.map((d) => `${d.name} (${d.location}): ${plural(d.days, 'day')}`),
    },
    {
      title: `Counts: ${plural(s.linesCounted, 'line')} counted, ${money(s.valueCaught)} caught`,
      lines:
        s.variancesByCause.length === 0
          ? ['No material variances.']
          : s.variancesByCause.map((c) => `${cause(c.cause)}: ${c.count} (${money(c.value)})`),
    },
  ];
  if (s.repeatShort.length > 0)
    out.push({
      title: 'Keep coming back short',
      lines: s.repeatShort.map((r) => `${r.name} (${r.location}): short in ${r.short} of the last ${r.of} counts`),
    });
  return out;
}

const more = (n: number) => `…and ${n} more`;

/**
 * A part as one section's mrkdwn: the first {@link SUMMARY_LINES} lines that fit Slack's limit, then how many more,
 * so the count is never the part that gets cut.
 */
function sectionText(p: Part): string {
  let text = `*${esc(p.title, 200)}*`;
  let shown = 0;
  for (const line of p.lines.slice(0, SUMMARY_LINES)) {
    const next = `${text}\n• ${esc(line, 200)}`;
    if (next.length + (p.lines.length > shown + 1 ? 40 : 0) > SECTION_TEXT) break;
    text = next;
    shown += 1;
  }
  if (p.lines.length > shown) text += `\n${more(p.lines.length - shown)}`;
  return fitMrkdwn(text, SECTION_TEXT);
}

/** The summary in Slack: the narrative, then each part; the charts follow as files. Pure. */
export function monthlySummaryMessage(s: MonthlySummary, narrative: string, currency: string): { text: string; blocks: KnownBlock[] } {
  const title = `Monthly stock summary, ${monthLabel(s.month)}`;
  return {
    // The notification text is mrkdwn too: a model's paragraph could hold `<!channel>`.
    text: fitMrkdwn(`${title}: ${escapeMrkdwn(clip(narrative, 2500))}`, 3000),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(title, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(esc(narrative, 2000), SECTION_TEXT) } },
      ...parts(s, currency).map((p): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: sectionText(p) } })),
    ],
  };
}

const html = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const shownLines = (p: Part) =>
  p.lines.length > SUMMARY_LINES ? [...p.lines.slice(0, SUMMARY_LINES), more(p.lines.length - SUMMARY_LINES)] : p.lines;

/** A chart attached to the email as an inline image: the HTML shows it by `cid:`, the plain text by its description. */
export interface InlineChart {
  cid: string;
  title: string;
  altText: string;
}

/** The summary by email: plain text, and HTML with the charts inline (`cid:`). Everything from data is escaped. Pure. */
export function monthlySummaryEmail(
  s: MonthlySummary,
  narrative: string,
  currency: string,
  charts: readonly InlineChart[],
): { subject: string; text: string; html: string } {
  const title = `Monthly stock summary, ${monthLabel(s.month)}`;
  const ps = parts(s, currency);
  const text = [
    title,
    '',
    narrative,
    '',
    ...ps.flatMap((p) => [p.title, ...shownLines(p).map((l) => `  - ${l}`), '']),
    ...charts.map((c) => `${c.title}: ${c.altText}`),
  ].join('\n');
  const font = 'font-family:sans-serif';
  const body = [
    `<h1 style="${font};font-size:20px">${html(title)}</h1>`,
    `<p style="${font}">${html(narrative)}</p>`,
    ...ps.map(
      (p) =>
        `<h2 style="${font};font-size:16px">${html(p.title)}</h2><ul style="${font}">${shownLines(p)
          .map((l) => `<li>${html(l)}</li>`)
          .join('')}</ul>`,
    ),
    ...charts.map(
      (c) =>
        `<h2 style="${font};font-size:16px">${html(c.title)}</h2><p><img src="cid:${html(c.cid)}" alt="${html(c.altText)}" width="800" style="max-width:100%"></p>`,
    ),
  ].join('\n');
  return { subject: title, text, html: `<!doctype html><html><body>${body}</body></html>` };
}

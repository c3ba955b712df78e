import type { KnownBlock } from '@slack/types';
import { formatMoney } from '../src/domain/money';
import type { MonthlySummary } from '../src/domain/monthly-summary';
import { monthLabel } from '../src/domain/summary-narrative';
import { clip, escapeMrkdwn, fitMrkdwn } from './mrkdwn';

const esc = (text: string, max = 120) => escapeMrkdwn(clip(text, max));
const LINES = 8;
const CAUSE_WORDS: Record<string, string> = {
  shrinkage: 'Shrinkage',
  miscount: 'Miscount',
  unrecorded_sale: 'Unrecorded sale',
  receiving_error: 'Receiving error',
  unknown: 'Cause unknown',
};
const cause = (c: string) => CAUSE_WORDS[c] ?? 'Cause unknown';

/** The summary's sections as [title, lines], shared by the Slack message and the email. */
function sections(s: MonthlySummary, currency: string): [string, string[]][] {
  const more = <T>(rows: readonly T[], line: (r: T) => string) => {
    const shown = rows.slice(0, LINES).map(line);
    if (rows.length > shown.length) shown.push(`…and ${rows.length - shown.length} more`);
    return shown;
  };
  const out: [string, string[]][] = [
    [
      `Spend: ${formatMoney(s.spendTotal, currency)}`,
      s.spend.length === 0
        ? ['No orders placed.']
        : more(s.spend, (x) => `${x.supplier}: ${formatMoney(x.total, currency)} (${x.orders} order${x.orders === 1 ? '' : 's'})`),
    ],
    [
      `Urgent: ${s.urgent.length} item${s.urgent.length === 1 ? '' : 's'}, ${s.stockoutsAvoided.length} stockout${s.stockoutsAvoided.length === 1 ? '' : 's'} avoided`,
      s.urgent.length === 0
        ? ['Nothing hit urgent.']
        : more(
            s.urgent,
            (u) =>
              `${u.name} (${u.location})${s.stockoutsAvoided.some((a) => a.sku === u.sku && a.location === u.location) ? ': arrived in time' : ''}`,
          ),
    ],
    [
      'Days out of stock',
      s.daysOutOfStock.length === 0
        ? ['Nothing ran out.']
        : more(s.daysOutOfStock, (d) => `${d.name} (${d.location}): ${d.days} day${d.days === 1 ? '' : 's'}`),
    ],
    [
      `Counts: ${s.linesCounted} line${s.linesCounted === 1 ? '' : 's'} counted, ${formatMoney(s.valueCaught, currency)} caught`,
      s.variancesByCause.length === 0
        ? ['No material variances.']
        : more(s.variancesByCause, (c) => `${cause(c.cause)}: ${c.count} (${formatMoney(c.value, currency)})`),
    ],
  ];
  if (s.repeatShort.length > 0)
    out.push([
      'Keep coming back short',
      more(s.repeatShort, (r) => `${r.name} (${r.location}): short in ${r.short} of the last ${r.of} counts`),
    ]);
  return out;
}

/** The summary in Slack: the narrative, then each section; the charts follow as files. Pure. */
export function monthlySummaryMessage(s: MonthlySummary, narrative: string, currency: string): { text: string; blocks: KnownBlock[] } {
  const title = `Monthly stock summary, ${monthLabel(s.month)}`;
  return {
    text: `${title}: ${clip(narrative, 2500)}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title } },
      { type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(esc(narrative, 2000), 3000) } },
      ...sections(s, currency).map(
        ([t, lines]): KnownBlock => ({
          type: 'section',
          text: { type: 'mrkdwn', text: fitMrkdwn(`*${esc(t, 200)}*\n${lines.map((l) => `• ${esc(l, 200)}`).join('\n')}`, 3000) },
        }),
      ),
    ],
  };
}

const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The summary by email: plain text, and HTML with the charts inline (`cid:`). Pure. */
export function monthlySummaryEmail(
  s: MonthlySummary,
  narrative: string,
  currency: string,
  charts: readonly { cid: string; title: string; altText: string }[],
): { subject: string; text: string; html: string } {
  const title = `Monthly stock summary, ${monthLabel(s.month)}`;
  const secs = sections(s, currency);
  const text = [
    title,
    '',
    narrative,
    '',
    ...secs.flatMap(([t, lines]) => [t, ...lines.map((l) => `  - ${l}`), '']),
    ...charts.map((c) => `${c.title}: ${c.altText}`),
  ].join('\n');
  const body = [
    `<h1 style="font-family:sans-serif;font-size:20px">${html(title)}</h1>`,
    `<p style="font-family:sans-serif">${html(narrative)}</p>`,
    ...secs.map(
      ([t, lines]) =>
        `<h2 style="font-family:sans-serif;font-size:16px">${html(t)}</h2><ul style="font-family:sans-serif">${lines.map((l) => `<li>${html(l)}</li>`).join('')}</ul>`,
    ),
    ...charts.map((c) => `<p><img src="cid:${html(c.cid)}" alt="${html(c.altText)}" width="800" style="max-width:100%"></p>`),
  ].join('\n');
  return { subject: title, text, html: `<!doctype html><html><body>${body}</body></html>` };
}

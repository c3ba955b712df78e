import { monthlySummaryEmail, monthlySummaryMessage } from '../../views/monthly-summary';
import type { Chart } from '../adapters/charts';
import { monthlySummary, previousMonth, sixMonths, type MonthlySummary } from '../domain/monthly-summary';
import { localDate } from '../domain/quiet-hours';
import { staysWithFigures, templateNarrative } from '../domain/summary-narrative';
import type { Rules } from '../domain/types';
import type { CountLine } from '../domain/count-records';
import type { Deps } from './deps';
import { deliverReport, type ReportDelivery } from './report-delivery';

export type SummaryDeps = Pick<Deps, 'store' | 'documents' | 'chat' | 'scheduler' | 'mail' | 'mailFrom' | 'charts' | 'narrator'>;

const DAY_MS = 86_400_000;
const ALL_STATUSES = ['pending', 'approved', 'on-order', 'partly-received', 'received', 'skipped', 'expired'] as const;

/** What the month's summary reads: orders and drafts, each morning's out-of-stock list, and the counts. */
async function summaryFor(deps: SummaryDeps, month: string): Promise<MonthlySummary> {
  const { store } = deps;
  const orders = (await Promise.all(ALL_STATUSES.map((s) => store.orders.listByStatus(s)))).flat();
  const [first] = sixMonths(month);
  const monthStart = Date.parse(`${month}-01T00:00:00Z`);
  // The mornings of the month and of the month before it: an urgent draft of the 1st may have run out in late last month.
  const outOfStock = new Map<string, { sku: string; location: string }[]>();
  for (let t = monthStart - 31 * DAY_MS; new Date(t).toISOString().slice(0, 7) <= month; t += DAY_MS) {
    const date = new Date(t).toISOString().slice(0, 10);
    const run = await store.state.getRun(date);
    if (run?.out_of_stock?.length) outOfStock.set(date, run.out_of_stock);
  }
  const since = `${first}-01T00:00:00.000Z`;
  const sessions = [...(await store.counts.listClosedSince(since)), ...(await store.counts.listActive())].filter(
    (m) => m.opened_at >= since,
  );
  const recentLines: (CountLine & { opened_at: string })[] = [];
  for (const meta of sessions)
    for (const line of await store.counts.lines(meta.session_id)) recentLines.push({ ...line, opened_at: meta.opened_at });
  const items = await deps.documents.readStockSheet().catch(() => []);
  return monthlySummary({
    month,
    orders,
    drafts: orders.filter((o) => o.draft_date.startsWith(month)),
    outOfStock,
    countedLines: recentLines.filter((l) => l.opened_at.startsWith(month)),
    recentLines,
    // The stock sheet's names, else the name a count or an order recorded (an item since removed from the sheet).
    names: new Map([
      ...orders.map((o): [string, string] => [`${o.location}#${o.sku}`, o.draft.name]),
      ...recentLines.map((l): [string, string] => [`${l.location}#${l.sku}`, l.name]),
      ...items.map((i): [string, string] => [`${i.location}#${i.sku}`, i.name]),
    ]),
  });
}

export interface SummaryResult {
  delivery: ReportDelivery;
  summary: MonthlySummary | null;
  narrative: { text: string; source: 'model' | 'template'; problem?: string } | null;
  charts: Chart[];
  /** Why there are no charts, when they could not be drawn. */
  chartProblem?: string;
  emailedTo: string[];
}

/**
 * The month's summary (the first Monday of the next month, held over quiet hours): posted with its two charts to the
 * digest channel (or the owner's DM) and emailed with the charts inline to the rules doc's summary recipients, once.
 * The narrative is the model's only if every number in it is one of the summary's figures; else the template's.
 */
export async function sendMonthlySummary(deps: SummaryDeps, rules: Rules, now: Date, period?: string): Promise<SummaryResult> {
  const month = period ?? previousMonth(localDate(now, rules.timezone));
  const result: SummaryResult = { delivery: { kind: 'already-sent' }, summary: null, narrative: null, charts: [], emailedTo: [] };
  result.delivery = await deliverReport(deps, 'monthly-summary', month, rules, now, async () => {
    const summary = await summaryFor(deps, month);
    result.summary = summary;
    const template = templateNarrative(summary, rules.currency);
    const written = await deps.narrator.write(summary, template);
    const checked = written.source === 'model' ? staysWithFigures(written.text, summary, rules.currency) : { ok: true as const };
    result.narrative = checked.ok
      ? written
      : {
          text: template,
          source: 'template',
          problem: `the model's paragraph had numbers not in the summary (${checked.invented.join(', ')})`,
        };
    const opts = { currency: rules.currency };
    try {
      result.charts = [
        await deps.charts.spendBySupplier(summary.spendHistory, opts),
        await deps.charts.variancesByCause(summary.variancesByCause, opts),
      ];
    } catch (err) {
      // The figures matter more than the pictures: the summary goes out without charts, and the job says why.
      result.chartProblem = `the charts could not be drawn: ${err instanceof Error ? err.message : String(err)}`;
    }
    const to = rules.digestChannel ?? rules.owner;
    if (to) {
      const message = monthlySummaryMessage(summary, result.narrative.text, rules.currency);
      const posted = rules.digestChannel ? await deps.chat.post(rules.digestChannel, message) : await deps.chat.dm(to, message);
      for (const chart of result.charts)
        await deps.chat.postWithFile(
          posted.channel,
          { text: chart.altText },
          { name: chart.fileName, bytes: chart.png, title: chart.title },
        );
    }
    const email = monthlySummaryEmail(
      summary,
      result.narrative.text,
      rules.currency,
      result.charts.map((c, i) => ({ cid: `chart-${i + 1}@stockbot`, title: c.title, altText: c.altText })),
    );
    for (const recipient of rules.summaryRecipients) {
      await deps.mail.send({
        to: recipient,
        from: deps.mailFrom,
        ...email,
        reference: `summary-${month}-${recipient}`,
        inlineImages: result.charts.map((c, i) => ({ fileName: c.fileName, cid: `chart-${i + 1}@stockbot`, png: c.png })),
      });
      result.emailedTo.push(recipient);
    }
    return to !== null || rules.summaryRecipients.length > 0;
  });
  return result;
}

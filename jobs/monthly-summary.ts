import type { Deps } from '../src/services/deps';
import { sendMonthlySummary } from '../src/services/monthly-summary';
import type { HeldReportSender } from '../src/services/report-delivery';
import type { JobResult } from './job';

/** The first Monday of the month: last month's spend, urgents, stockouts and counts, with charts, posted and emailed. */
export async function monthlySummaryJob(deps: Deps, now: Date): Promise<JobResult> {
  const rules = await deps.documents.readRules();
  const r = await sendMonthlySummary(deps, rules, now);
  switch (r.delivery.kind) {
    case 'held':
      return { summary: `Monthly summary: held over quiet hours until ${r.delivery.until.toISOString()}.` };
    case 'already-sent':
      return { summary: "Monthly summary: this month's was sent already.", idle: true };
    case 'sent': {
      const s = r.summary!;
      const emailed = r.emailedTo.length > 0 ? `; emailed to ${r.emailedTo.join(', ')}` : '';
      const warnings = [
        ...(r.narrative?.problem ? [`the template paragraph was used: ${r.narrative.problem}`] : []),
        ...(r.chartProblem ? [r.chartProblem] : []),
      ];
      return { summary: `Monthly summary for ${s.month} sent with ${r.charts.length} charts${emailed}.`, warnings };
    }
  }
}

/** The summary held over quiet hours, sent by the deliver-drafts job when its time comes. */
export const heldMonthlySummary: HeldReportSender = {
  report: 'monthly-summary',
  send: async (deps, period, rules, now) => (await sendMonthlySummary(deps, rules, now, period)).delivery,
};

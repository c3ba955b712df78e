import type { Deps } from '../src/services/deps';
import type { HeldReportSender } from '../src/services/report-delivery';
import { varianceSweep } from '../src/services/variance-sweep';
import type { JobResult } from './job';

/** Each morning: variances waiting too long are re-surfaced to their approvers, and overdue locations reminded to count. */
export async function varianceSweepJob(deps: Pick<Deps, 'store' | 'documents' | 'chat' | 'scheduler'>, now: Date): Promise<JobResult> {
  const rules = await deps.documents.readRules();
  const r = await varianceSweep(deps, rules, now);
  switch (r.delivery.kind) {
    case 'held':
      // A morning inside quiet hours is the usual case: `serve` need not print it every day (`stockbot run` does).
      return { summary: `Variance sweep: held over quiet hours until ${r.delivery.until.toISOString()}.`, idle: true };
    case 'already-sent':
      return { summary: "Variance sweep: today's was sent already.", idle: true };
    case 'sent': {
      const counts = r.locations.length > 0 ? `; count reminders for ${r.locations.join(', ')}` : '; no location due a count';
      return {
        summary: `Variance sweep: ${r.reminded} aged variance${r.reminded === 1 ? '' : 's'} re-surfaced${counts}.`,
        ...(r.delivery.posted ? {} : { idle: true }),
      };
    }
  }
}

/** The sweep held over quiet hours, sent by the deliver-drafts job when its time comes. */
export const heldVarianceSweep: HeldReportSender = {
  report: 'variance-sweep',
  send: async (deps, period, rules, now) => (await varianceSweep(deps, rules, now, period)).delivery,
};

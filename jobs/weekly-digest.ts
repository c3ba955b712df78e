import type { Deps } from '../src/services/deps';
import type { HeldReportSender } from '../src/services/report-delivery';
import { sendWeeklyDigest } from '../src/services/weekly-digest';
import type { JobResult } from './job';

/** Sunday evening: the week's orders, what waits on someone and what is overdue, to the digest channel. */
export async function weeklyDigestJob(deps: Pick<Deps, 'store' | 'documents' | 'chat' | 'scheduler'>, now: Date): Promise<JobResult> {
  const rules = await deps.documents.readRules();
  const r = await sendWeeklyDigest(deps, rules, now);
  switch (r.delivery.kind) {
    case 'held':
      return { summary: `Weekly digest: held over quiet hours until ${r.delivery.until.toISOString()}.` };
    case 'already-sent':
      return { summary: "Weekly digest: this week's was sent already.", idle: true };
    case 'sent': {
      const d = r.digest!;
      const what = d.quiet
        ? 'a quiet week'
        : `${d.placed.reduce((n, s) => n + s.orders, 0)} orders placed, ${d.variances.length} variances waiting`;
      return r.to
        ? { summary: `Weekly digest for ${d.from} to ${d.to} posted: ${what}.` }
        : {
            summary: 'Weekly digest: not posted, the rules doc names no digest channel and no owner.',
            warnings: ['set "digest channel:" in the rules doc'],
          };
    }
  }
}

/** The digest held over quiet hours, sent by the deliver-drafts job when its time comes. */
export const heldWeeklyDigest: HeldReportSender = {
  report: 'weekly-digest',
  send: async (deps, period, rules, now) => (await sendWeeklyDigest(deps, rules, now, period)).delivery,
};

import { deliverApproverNotices } from '../src/services/count-capture';
import type { Deps } from '../src/services/deps';
import { deliverDueDrafts } from '../src/services/draft-delivery';
import { deliverHeldReports } from '../src/services/report-delivery';
import { heldMonthlySummary } from './monthly-summary';
import { heldVarianceSweep } from './variance-sweep';
import { heldWeeklyDigest } from './weekly-digest';
import type { JobResult } from './job';

/**
 * Sends what was held over quiet hours once its time has come, each exactly once: the owner's drafts and urgent
 * reminders, the approvers' notices about count summaries, and the scheduled reports. Locally every minute; on AWS a one-off EventBridge
 * `at()` schedule, booked when something is held, wakes it at the next business minute.
 */
export async function deliverDraftsJob(deps: Deps, now: Date): Promise<JobResult> {
  const rules = await deps.documents.readRules();
  // One failing delivery must not hold up another kind: all run, and the first failure is thrown after.
  const [drafts, notices, reports] = await Promise.allSettled([
    deliverDueDrafts({ store: deps.store, notifier: deps.drafts }, rules, now),
    deliverApproverNotices(deps, rules, now),
    deliverHeldReports(deps, HELD_REPORTS, rules, now),
  ]);
  if (drafts.status === 'rejected') throw drafts.reason;
  if (notices.status === 'rejected') throw notices.reason;
  if (reports.status === 'rejected') throw reports.reason;
  const delivered = drafts.value;
  const noticed = notices.value > 0 ? ` ${notices.value} approver notice${notices.value === 1 ? '' : 's'} sent.` : '';
  const reported = reports.value > 0 ? ` ${reports.value} held report${reports.value === 1 ? '' : 's'} sent.` : '';
  return {
    summary: `${delivered} held draft${delivered === 1 ? '' : 's'} sent to the owner.${noticed}${reported}`,
    ...(delivered === 0 && notices.value === 0 && reports.value === 0 ? { idle: true } : {}),
  };
}

/** The scheduled reports that wait out quiet hours, sent here once their time has come. */
const HELD_REPORTS = [heldVarianceSweep, heldWeeklyDigest, heldMonthlySummary];

import { deliverApproverNotices } from '../src/services/count-capture';
import type { Deps } from '../src/services/deps';
import { deliverDueDrafts } from '../src/services/draft-delivery';
import type { JobResult } from './job';

/**
 * Sends what was held over quiet hours once its time has come, each exactly once: the owner's drafts and urgent
 * reminders, and the approvers' notices about count summaries. Locally every minute; on AWS a one-off EventBridge
 * `at()` schedule, booked when something is held, wakes it at the next business minute.
 */
export async function deliverDraftsJob(deps: Pick<Deps, 'store' | 'documents' | 'drafts' | 'chat'>, now: Date): Promise<JobResult> {
  const rules = await deps.documents.readRules();
  // One failing delivery must not hold up the other kind: both run, and the first failure is thrown after.
  const [drafts, notices] = await Promise.allSettled([
    deliverDueDrafts({ store: deps.store, notifier: deps.drafts }, rules, now),
    deliverApproverNotices(deps, rules, now),
  ]);
  if (drafts.status === 'rejected') throw drafts.reason;
  if (notices.status === 'rejected') throw notices.reason;
  const delivered = drafts.value;
  const noticed = notices.value > 0 ? ` ${notices.value} approver notice${notices.value === 1 ? '' : 's'} sent.` : '';
  return {
    summary: `${delivered} held draft${delivered === 1 ? '' : 's'} sent to the owner.${noticed}`,
    ...(delivered === 0 && notices.value === 0 ? { idle: true } : {}),
  };
}

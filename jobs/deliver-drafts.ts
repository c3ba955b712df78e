import type { Deps } from '../src/services/deps';
import { deliverDueDrafts } from '../src/services/draft-delivery';
import type { JobResult } from './job';

/**
 * Sends the drafts held over quiet hours whose time has come, each exactly once. Locally every minute; on AWS a one-off
 * EventBridge `at()` schedule, booked when a draft is held, wakes it at the next business minute.
 */
export async function deliverDraftsJob(deps: Pick<Deps, 'store' | 'documents' | 'drafts'>, now: Date): Promise<JobResult> {
  const delivered = await deliverDueDrafts({ store: deps.store, notifier: deps.drafts }, await deps.documents.readRules(), now);
  return { summary: `${delivered} held draft${delivered === 1 ? '' : 's'} sent to the owner.`, ...(delivered === 0 ? { idle: true } : {}) };
}

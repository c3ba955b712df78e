import type { Deps } from '../src/services/deps';
import { expireStaleDrafts, remindOverdueOrders } from '../src/services/order-followups';
import type { JobResult } from './job';

/** Each business morning: drafts nobody decided expire, and the owner hears about orders past their expected date. */
export async function orderFollowUpsJob(deps: Pick<Deps, 'store' | 'documents' | 'chat' | 'queue'>, now: Date): Promise<JobResult> {
  const expired = await expireStaleDrafts(deps, now);
  const reminded = await remindOverdueOrders(deps, now);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return {
    summary: `Order follow-ups: ${plural(expired.length, 'draft')} expired, ${plural(reminded.length, 'overdue order')} reminded.`,
    ...(expired.length + reminded.length === 0 ? { idle: true } : {}),
  };
}

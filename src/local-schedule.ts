import { ownersDailyCheck } from '../jobs/daily-check';
import { moveCountsLine } from '../views/check-report';
import { dueToday, localDate } from './domain/quiet-hours';
import type { LocalRuntime } from './runtime';
import type { Store } from './store/open-store';

export interface LocalScheduleDeps {
  runtime: Pick<LocalRuntime, 'services' | 'queue' | 'drafts'>;
  store: Store;
  /** Minutes after local midnight (rules doc timezone) when the daily check runs on business days. */
  dailyCheckAt: number;
  out: (line: string) => void;
  err: (line: string) => void;
}

/**
 * The embedded scheduler for `stockbot serve` (on AWS, EventBridge Scheduler does this): every minute, held drafts
 * whose time has come go out through the same queued work and counted quantities still owed to the stock sheet are
 * written back, and on business days the daily check runs once at its
 * local time. A process started after that time runs it at once; a restart the same day finds the run recorded.
 */
export function localSchedule(deps: LocalScheduleDeps) {
  const { documents } = deps.runtime.services;
  let lastCheck: string | null = null;

  const tick = async (now: Date): Promise<void> => {
    await deps.runtime.queue.enqueue({ kind: 'deliver-drafts' });
    await deps.runtime.queue.enqueue({ kind: 'flush-sheet' });
    const rules = await documents.readRules();
    if (!dueToday(now, rules, deps.dailyCheckAt, lastCheck)) return;
    lastCheck = localDate(now, rules.timezone);
    if (await deps.store.state.getRun(lastCheck)) return;
    const { report } = await ownersDailyCheck({ documents, store: deps.store, drafts: deps.runtime.drafts }, now);
    const drafts = `${report.created.length} new draft${report.created.length === 1 ? '' : 's'}`;
    deps.out(`Daily check for ${report.today}: ${moveCountsLine(report.counts)}; ${drafts}.`);
    for (const failure of report.notifyFailures) deps.err(`warning: draft ${failure.order.item_key} is stored but was not delivered: ${failure.error}`);
  };

  return {
    tick,
    /** Ticks now and every minute; returns a stop function. */
    start(clock: () => Date = () => new Date()): () => void {
      const run = () =>
        void tick(clock()).catch((err: unknown) => deps.err(`stockbot: scheduled work failed, will try again in a minute: ${(err as Error).message}`));
      const timer = setInterval(run, 60_000);
      timer.unref();
      run();
      return () => clearInterval(timer);
    },
  };
}

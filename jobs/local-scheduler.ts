import type { Deps } from '../src/services/deps';
import { JOBS } from './index';
import { runJob } from './run';

export interface LocalSchedulerLog {
  out: (line: string) => void;
  err: (line: string) => void;
}

/**
 * The embedded scheduler for `stockbot serve` (EventBridge Scheduler does this on AWS), reading the same registry:
 * every minute it runs each job whose time has come. A timed job started late in its day runs at once, and a restart
 * the same day finds its run recorded. What a job did is printed; a job with nothing to do says nothing.
 */
export function localScheduler(deps: Deps, log: LocalSchedulerLog) {
  let minute = 0;

  const tick = async (now: Date): Promise<void> => {
    const due = JOBS.filter((job) => !('every' in job.schedule) || minute % job.schedule.every === 0);
    minute += 1;
    for (const job of due) {
      try {
        const result = await runJob(deps, job, now);
        if (!result || result.idle) continue;
        log.out(result.summary);
        for (const warning of result.warnings ?? []) log.err(`warning: ${warning}`);
      } catch (err) {
        log.err(`stockbot: ${job.name} failed, will try again at its next time: ${(err as Error).message}`);
      }
    }
  };

  return {
    tick,
    /** Ticks now and every minute; returns a stop function. */
    start(clock: () => Date = deps.clock): () => void {
      const run = () => void tick(clock());
      const timer = setInterval(run, 60_000);
      timer.unref();
      run();
      return () => clearInterval(timer);
    },
  };
}

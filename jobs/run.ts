import { occurrence } from '../src/domain/job-schedule';
import type { Deps } from '../src/services/deps';
import type { Job, JobResult } from './job';

/**
 * Runs a registry job as its schedule would, whoever woke it (`serve`'s scheduler, an EventBridge schedule through
 * the worker, a redelivered message): a timed job runs once per occurrence, and not at all on a day it does not run
 * (a holiday, for a business-day job), so a second wake-up finds nothing to do. `force` runs it whatever the clock
 * says (`stockbot run`); the job's own writes are idempotent either way. Null: nothing was due.
 */
export async function runJob(deps: Deps, job: Job, now: Date, opts: { force?: boolean } = {}): Promise<JobResult | null> {
  if (opts.force || 'every' in job.schedule) return job.run(deps, now);
  const due = occurrence(job.schedule, now, await deps.documents.readRules());
  if (!due || (await deps.store.state.lastJobRun(job.name)) === due) return null;
  const result = await job.run(deps, now);
  // Recorded after the run: a run that fails is tried again by the next wake-up, never marked done.
  await deps.store.state.recordJobRun(job.name, due, now.toISOString());
  return result;
}

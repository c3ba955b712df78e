import type { JobSchedule } from '../src/domain/job-schedule';
import type { Deps } from '../src/services/deps';

/** What a job run says: one line for the log, `stockbot run` and `serve`'s output, and any warnings. */
export interface JobResult {
  summary: string;
  warnings?: string[];
  /** Nothing was there to do: `serve` does not print it (a job that runs every minute would fill the screen). */
  idle?: boolean;
}

/**
 * Which Lambda function runs a job on AWS: `worker` (its schedule drops a `run-job` item on the work queue), `sheets`
 * (the same, on the sheets queue: the one function that reaches Google, one run at a time) or the job's own function,
 * which its schedule invokes directly.
 */
export type JobRunner = 'worker' | 'sheets' | 'daily-check';

export interface Job {
  name: string;
  schedule: JobSchedule;
  runsOn: JobRunner;
  /**
   * `at-wake-up`: on AWS no recurring schedule; the job is woken by one-off `at()` schedules booked when there is work
   * for it (held drafts), and `serve` runs it on its schedule locally.
   */
  aws?: 'at-wake-up';
  /** What it does, in a line. */
  description: string;
  run(deps: Deps, now: Date): Promise<JobResult>;
}

/** One registry line: name, schedule, the job's function, what it does in a line, and where it runs on AWS. */
export const job = (
  name: string,
  schedule: JobSchedule,
  run: Job['run'],
  description: string,
  opts: { runsOn?: JobRunner; aws?: 'at-wake-up' } = {},
): Job => ({ name, schedule, run, description, runsOn: opts.runsOn ?? 'worker', ...(opts.aws ? { aws: opts.aws } : {}) });

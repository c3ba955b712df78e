import { at, everyMinutes } from '../src/domain/job-schedule';
import { dailyCheckJob } from './daily-check';
import { deliverDraftsJob } from './deliver-drafts';
import { job, type Job } from './job';
import { orderFollowUpsJob } from './order-followups';
import { sheetFlushJob } from './sheet-flush';
import { sheetSyncJob } from './sheet-sync';
import { varianceSweepJob } from './variance-sweep';
import { monthlySummaryJob } from './monthly-summary';
import { weeklyDigestJob } from './weekly-digest';

// Every scheduled job, one line each: its name, when it runs (in the rules doc's timezone), its function, what it
// does and, where it matters, where it runs on AWS. `serve`'s scheduler, `stockbot run` and `stockbot jobs`, the
// Lambda worker and the EventBridge schedules in serverless.yml's template all read this list.
// The sheet sync comes first: `serve` runs due jobs in this order, and at start-up the others read what it syncs.
export const JOBS: readonly Job[] = [
  job('sheet-sync', everyMinutes(15), sheetSyncJob, 'reads what changed in the stock sheet and docs; mirrors on hand', {
    runsOn: 'sheets',
  }),
  job('daily-check', at('08:00', 'business-days'), dailyCheckJob, 'a move for every item; drafts orders', { runsOn: 'daily-check' }),
  job('deliver-drafts', everyMinutes(1), deliverDraftsJob, 'sends what quiet hours held back', { aws: 'at-wake-up' }),
  job('order-followups', at('09:00', 'business-days'), orderFollowUpsJob, 'expires undecided drafts; chases late orders'),
  job('sheet-flush', everyMinutes(5), sheetFlushJob, 'writes counts and receipts back into the stock sheet', { runsOn: 'sheets' }),
  job('variance-sweep', at('07:00'), varianceSweepJob, 're-surfaces aged variances; reminds locations due a count'),
  job('weekly-digest', at('18:00', { weekday: 7 }), weeklyDigestJob, "posts the week's orders and what waits or is overdue"),
  job('monthly-summary', at('09:00', { weekday: 1, nth: 1 }), monthlySummaryJob, "last month's spend, stockouts and counts, with charts"),
];

/** The job of that name, or null. */
export const findJob = (name: string): Job | null => JOBS.find((j) => j.name === name) ?? null;

export type { Job, JobResult } from './job';

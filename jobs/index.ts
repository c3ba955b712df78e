import { at, everyMinutes } from '../src/domain/job-schedule';
import { job, type Job } from './job';

// Every scheduled job, one line each: its name, when it runs (in the rules doc's timezone), where it runs on AWS and
// what it does. `serve`'s scheduler, `stockbot run` and `stockbot jobs`, the Lambda worker and the EventBridge
// schedules in serverless.yml's template all read this list. A job's code is loaded only when it runs.
export const JOBS: readonly Job[] = [
  job(
    'daily-check',
    at('08:00', 'business-days'),
    (deps, now) => (require('./daily-check') as typeof import('./daily-check')).dailyCheckJob(deps, now),
    {
      runsOn: 'daily-check',
      description: 'puts every item in one of four moves and drafts purchase orders for the owner',
    },
  ),
  job(
    'deliver-drafts',
    everyMinutes(1),
    (deps, now) => (require('./deliver-drafts') as typeof import('./deliver-drafts')).deliverDraftsJob(deps, now),
    {
      aws: 'at-wake-up',
      description: 'sends the drafts held over quiet hours once their time comes',
    },
  ),
  job(
    'sheet-flush',
    everyMinutes(5),
    (deps, now) => (require('./sheet-flush') as typeof import('./sheet-flush')).sheetFlushJob(deps, now),
    {
      description: 'writes quantities changed by approved counts back into the stock sheet',
    },
  ),
];

/** The job of that name, or null. */
export const findJob = (name: string): Job | null => JOBS.find((j) => j.name === name) ?? null;

export type { Job, JobResult } from './job';

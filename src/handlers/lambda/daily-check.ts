import { findJob } from '../../../jobs';
import { runJob } from '../../../jobs/run';
import { lambdaRuntime } from '../../wiring';
import { onFirstEvent } from '../on-first-event';

/**
 * `daily-check`: invoked by its EventBridge schedule (built from the job registry) every morning in the business's
 * timezone. The registry's rule decides whether today is a day it runs (the rules doc's business days and holidays),
 * and a second invocation the same day finds the run done.
 */
export async function createDailyCheckHandler(env: NodeJS.ProcessEnv, clock: () => Date = () => new Date()) {
  const rt = await lambdaRuntime(env, clock);
  const job = findJob('daily-check')!;
  return async () => {
    const result = await runJob(rt.deps, job, clock());
    const summary = result ?? { summary: 'Not due: not a business day, or already run today.' };
    console.log(JSON.stringify({ job: job.name, ...summary }));
    return summary;
  };
}

export const handler = onFirstEvent(() => createDailyCheckHandler(process.env));

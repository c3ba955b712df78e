import { lambdaRuntime } from '../../wiring';
import { onFirstEvent } from '../on-first-event';
import { queueConsumer } from '../queue-consumer';

/**
 * `sheets`: reads the sheets queue, the runs of the sheet sync and the write-back (from their schedules, and right
 * after a decision). The only function holding the Google key; one run at a time (reserved concurrency 1).
 */
export async function createSheetsHandler(env: NodeJS.ProcessEnv, clock?: () => Date) {
  return queueConsumer(await lambdaRuntime(env, clock, ['work']), 'sheets');
}

export const handler = onFirstEvent(() => createSheetsHandler(process.env));

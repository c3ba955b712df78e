import { lambdaRuntime } from '../../wiring';
import { onFirstEvent } from '../on-first-event';
import { queueConsumer } from '../queue-consumer';

/** `worker`: reads the work queue (scheduled jobs from the registry, count work, App Home refreshes). */
export async function createWorkerHandler(env: NodeJS.ProcessEnv, clock?: () => Date) {
  return queueConsumer(await lambdaRuntime(env, clock, ['sheets']), 'work');
}

export const handler = onFirstEvent(() => createWorkerHandler(process.env));

import { awsRuntime, onFirstEvent } from '../aws-runtime';
import { queueConsumer } from '../queue-consumer';

/** `worker`: reads the work queue (held drafts due for delivery, put there by EventBridge Scheduler; counts). */
export async function createWorkerHandler(env: NodeJS.ProcessEnv, clock?: () => Date) {
  return queueConsumer(await awsRuntime(env, clock), ['deliver-drafts', 'open-count', 'capture-count', 'confirm-zero', 'fix-parked']);
}

export const handler = onFirstEvent(() => createWorkerHandler(process.env));

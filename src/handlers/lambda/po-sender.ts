import { lambdaRuntime } from '../../wiring';
import { onFirstEvent } from '../on-first-event';
import { queueConsumer } from '../queue-consumer';

/** `po-sender`: reads the send-po queue; the only function whose role may email a supplier. */
export async function createPoSenderHandler(env: NodeJS.ProcessEnv, clock?: () => Date) {
  return queueConsumer(await lambdaRuntime(env, clock, ['work']), 'send-po');
}

export const handler = onFirstEvent(() => createPoSenderHandler(process.env));

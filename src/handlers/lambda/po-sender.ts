import { awsRuntime, onFirstEvent } from '../aws-runtime';
import { queueConsumer } from '../queue-consumer';

/** `po-sender`: reads the send-po queue; the only function whose role may email a supplier. */
export async function createPoSenderHandler(env: NodeJS.ProcessEnv, clock?: () => Date) {
  return queueConsumer(await awsRuntime(env, clock), ['send-po']);
}

export const handler = onFirstEvent(() => createPoSenderHandler(process.env));

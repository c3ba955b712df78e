import { awsRuntime, onFirstEvent } from '../aws-runtime';
import { queueConsumer } from '../queue-consumer';

/** `stock-poster`: reads the stock-post queue; the only function whose role may write an inventory quantity. */
export async function createStockPosterHandler(env: NodeJS.ProcessEnv, clock?: () => Date) {
  return queueConsumer(await awsRuntime(env, clock), ['post-variance']);
}

export const handler = onFirstEvent(() => createStockPosterHandler(process.env));

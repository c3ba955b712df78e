import { lambdaRuntime } from '../../wiring';
import { onFirstEvent } from '../on-first-event';
import { queueConsumer } from '../queue-consumer';

/** `stock-poster`: reads the stock-post queue; the only function whose role may write an inventory quantity. */
export async function createStockPosterHandler(env: NodeJS.ProcessEnv, clock?: () => Date) {
  return queueConsumer(await lambdaRuntime(env, clock, ['work', 'sheets']), 'stock-post');
}

export const handler = onFirstEvent(() => createStockPosterHandler(process.env));

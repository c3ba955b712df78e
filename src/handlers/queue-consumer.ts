import { parseWorkItem, queueOf, type QueueName } from '../adapters/queue';
import type { Deps } from '../services/deps';
import { workGaveUp, workHandler } from './work';

/** The parts of an SQS event record a consumer uses. */
export interface SqsRecord {
  messageId: string;
  body: string;
  attributes?: { ApproximateReceiveCount?: string };
}

export interface SqsEvent {
  Records: SqsRecord[];
}

/** Partial batch response: only the failed messages come back; the rest are deleted from the queue. */
export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/**
 * Runs the work items of one queue. A failure is reported for that message alone, so SQS redelivers it after its
 * visibility timeout (the retry with backoff); on its last delivery the work is parked where the owner sees it
 * (an approved order's DM offers Retry) and the message still fails, so it lands in the dead-letter queue for
 * whoever runs the deployment. `maxReceives` must match the queue's redrive policy in serverless.yml.
 */
export function queueConsumer(
  rt: { deps: Deps; env: NodeJS.ProcessEnv },
  queue: QueueName,
  log: (line: string) => void = (line) => console.error(line),
) {
  // What a scheduled job did goes to the function's log as one JSON line (CloudWatch keeps it 7 days).
  const run = workHandler(rt.deps, (line) => console.log(line));
  const gaveUp = workGaveUp(rt.deps);
  const maxReceives = Number(rt.env.QUEUE_MAX_RECEIVES ?? 5);
  return async (event: SqsEvent): Promise<SqsBatchResponse> => {
    const failures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      const attempt = Number(record.attributes?.ApproximateReceiveCount ?? 1);
      try {
        const item = parseWorkItem(record.body);
        if (queueOf(item) !== queue) {
          // A job run queued where jobs used to run (by an earlier version, or a schedule not yet redeployed) is handed
          // on to the function that runs it now; any other misplaced work is refused.
          if (item.kind !== 'run-job' || queue !== 'work')
            throw new Error(`${item.kind} work arrived on the ${queue} queue; it belongs on the ${queueOf(item)} queue`);
          await rt.deps.queue.enqueue(item);
          continue;
        }
        try {
          await run(item, attempt);
        } catch (err) {
          if (attempt >= maxReceives) await gaveUp(item).catch(() => {});
          throw err;
        }
      } catch (err) {
        log(`stockbot: message ${record.messageId} failed on attempt ${attempt} of ${maxReceives}: ${(err as Error).message}`);
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  };
}

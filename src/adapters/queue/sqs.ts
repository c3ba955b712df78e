import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { WorkKind, WorkQueue } from './index';

/**
 * Production queue: one SQS queue per kind of work (each with its dead-letter queue, see serverless.yml), so a
 * function's role can read only the queue of the work it is allowed to do. The SDK retries throttling itself.
 */
export function sqsQueue(client: SQSClient, queueUrl: (kind: WorkKind) => string): WorkQueue {
  return {
    async enqueue(item) {
      await client.send(new SendMessageCommand({ QueueUrl: queueUrl(item.kind), MessageBody: JSON.stringify(item) }));
    },
  };
}

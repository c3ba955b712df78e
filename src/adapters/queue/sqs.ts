import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { queueOf, type QueueName, type WorkQueue } from './index';

/**
 * Production queue: one SQS queue per kind of worker (each with its dead-letter queue, see serverless.yml). A function
 * is given the URLs of only the queues it may send to, so handing on work it may not is an error naming the setting.
 */
export function sqsQueue(client: SQSClient, urls: Partial<Record<QueueName, string>>, missing: (queue: QueueName) => string): WorkQueue {
  return {
    async enqueue(item) {
      const queue = queueOf(item);
      const url = urls[queue];
      if (!url) throw new Error(missing(queue));
      await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(item) }));
    },
  };
}

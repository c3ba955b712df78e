import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './read-body';

export interface FakeSqs {
  /** Pass as the SQSClient `endpoint` (or AWS_ENDPOINT_URL_SQS). */
  url: string;
  /** Every message accepted, in order. */
  sent: { queueUrl: string; body: string; messageId: string }[];
  /** The next `times` SendMessage calls fail with this error code (e.g. AWS.SimpleQueueService.NonExistentQueue). */
  fail(code: string, times?: number): void;
  /** Messages as a Lambda SQS event would carry them, with a receive count. */
  asEvent(
    messages: { body: string; messageId: string }[],
    receiveCount?: number,
  ): { Records: { messageId: string; body: string; attributes: { ApproximateReceiveCount: string } }[] };
  reset(): void;
  close(): Promise<void>;
}

function reply(res: ServerResponse, status: number, body: object, errorType?: string): void {
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-requestid': randomUUID(),
    ...(errorType ? { 'x-amzn-query-error': `${errorType};Sender` } : {}),
  });
  res.end(JSON.stringify(body));
}

/**
 * A loopback fake of SQS that the real SQSClient talks to. SQS speaks AWS JSON 1.0: a POST with
 * `X-Amz-Target: AmazonSQS.SendMessage` and a JSON body; the answer carries the body's MD5, which the SDK checks.
 */
export async function startFakeSqs(): Promise<FakeSqs> {
  const failures: { code: string; times: number }[] = [];
  let server: Server;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const input = JSON.parse((await readBody(req)) || '{}') as { QueueUrl?: string; MessageBody?: string };
    if (target !== 'AmazonSQS.SendMessage') {
      return reply(res, 400, { __type: 'com.amazonaws.sqs#InvalidAction', message: `fake SQS only knows SendMessage, got ${target}` });
    }
    const failure = failures[0];
    if (failure) {
      if (--failure.times <= 0) failures.shift();
      return reply(res, 400, { __type: `com.amazonaws.sqs#${failure.code}`, message: 'fake failure' }, failure.code);
    }
    if (!input.QueueUrl || input.MessageBody === undefined) {
      return reply(res, 400, { __type: 'com.amazonaws.sqs#MissingParameter', message: 'QueueUrl and MessageBody are required' });
    }
    const messageId = randomUUID();
    fake.sent.push({ queueUrl: input.QueueUrl, body: input.MessageBody, messageId });
    reply(res, 200, { MessageId: messageId, MD5OfMessageBody: createHash('md5').update(input.MessageBody, 'utf8').digest('hex') });
  };
  const fake: FakeSqs = {
    url: '',
    sent: [],
    fail: (code, times = 1) => void failures.push({ code, times }),
    asEvent: (messages, receiveCount = 1) => ({
      Records: messages.map((m) => ({
        messageId: m.messageId,
        body: m.body,
        attributes: { ApproximateReceiveCount: String(receiveCount) },
      })),
    }),
    reset: () => {
      fake.sent.length = 0;
      failures.length = 0;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  server = createServer((req, res) => void handle(req, res).catch(() => reply(res, 500, { message: 'fake SQS crashed' })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

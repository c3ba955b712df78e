import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './read-body';

export interface SesFailure {
  /** The SES error code the SDK turns into a typed error of that name, e.g. MessageRejected or Throttling. */
  code: 'MessageRejected' | 'Throttling' | (string & {});
  message: string;
  /** HTTP status; SES answers 400 for both sender errors and throttling. */
  status?: number;
  /** How many of the next SendRawEmail calls fail; 1 unless told. */
  times?: number;
}

export interface FakeSes {
  /** Pass as the SESClient `endpoint`. */
  url: string;
  /** Every raw MIME message accepted, decoded from base64, in order. */
  sent: string[];
  /** Every SendRawEmail request received, accepted or not (to count the SDK's retries). */
  attempts: number;
  fail(failure: SesFailure): void;
  reset(): void;
  start(): Promise<void>;
  close(): Promise<void>;
}

const NS = 'http://ses.amazonaws.com/doc/2010-12-01/';

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function reply(res: ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
  res.end(xml);
}

/**
 * A loopback fake of SES v1 that the real SESClient talks to. SES speaks the AWS Query protocol: a
 * form-encoded POST (`Action=SendRawEmail&Version=2010-12-01&RawMessage.Data=<base64>`) answered with
 * `<SendRawEmailResponse><SendRawEmailResult><MessageId>`, or `<ErrorResponse><Error><Code>` on failure,
 * from which the SDK picks the modelled error class (MessageRejected) or its retry class (Throttling).
 */
export function fakeSes(): FakeSes {
  const failures: Array<Required<Pick<SesFailure, 'times'>> & SesFailure> = [];
  let server: Server | undefined;
  let seq = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const form = new URLSearchParams(await readBody(req));
    const requestId = randomUUID();
    if (req.method !== 'POST' || form.get('Action') !== 'SendRawEmail' || form.get('Version') !== '2010-12-01') {
      // Anything else is a bug in the caller, not something to emulate: say so in SES's own error shape.
      return reply(res, 400, errorXml('Sender', 'InvalidAction', `fake SES only knows SendRawEmail, got ${form.get('Action')}`, requestId));
    }
    fake.attempts += 1;
    const failure = failures[0];
    if (failure) {
      failure.times -= 1;
      if (failure.times <= 0) failures.shift();
      return reply(res, failure.status ?? 400, errorXml('Sender', failure.code, failure.message, requestId));
    }
    const data = form.get('RawMessage.Data');
    if (!data) return reply(res, 400, errorXml('Sender', 'InvalidParameterValue', 'RawMessage.Data is required', requestId));
    fake.sent.push(Buffer.from(data, 'base64').toString('utf8'));
    const messageId = `0100019a-fake-${String(++seq).padStart(6, '0')}-000000`;
    reply(
      res,
      200,
      `<SendRawEmailResponse xmlns="${NS}"><SendRawEmailResult><MessageId>${messageId}</MessageId></SendRawEmailResult>` +
        `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></SendRawEmailResponse>`,
    );
  };

  const fake: FakeSes = {
    url: '',
    sent: [],
    attempts: 0,
    fail(failure) {
      failures.push({ ...failure, times: failure.times ?? 1 });
    },
    reset() {
      fake.sent.length = 0;
      fake.attempts = 0;
      failures.length = 0;
    },
    async start() {
      server = createServer((req, res) => {
        handle(req, res).catch((err: unknown) => reply(res, 500, errorXml('Receiver', 'InternalFailure', String(err), randomUUID())));
      });
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async close() {
      const s = server;
      server = undefined;
      if (!s) return;
      s.closeAllConnections(); // the SDK keeps connections alive; don't wait for them to idle out
      await new Promise<void>((resolve, reject) => s.close((err) => (err ? reject(err) : resolve())));
    },
  };
  return fake;
}

function errorXml(type: 'Sender' | 'Receiver', code: string, message: string, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${NS}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

import { randomUUID } from 'node:crypto';
import {
  createServer,
  type Http2Server,
  type Http2ServerRequest as IncomingMessage,
  type Http2ServerResponse as ServerResponse,
  type Http2Session,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import { readBody } from './read-body';

/** One Converse request as the fake received it. */
export interface ConverseRequestSeen {
  /** Decoded from the path `/model/{modelId}/converse`. */
  modelId: string;
  /** The parsed JSON body (messages, system, inferenceConfig, toolConfig…). */
  body: Record<string, unknown>;
}

/** What the fake answers with, in Bedrock Runtime's restJson1 shapes. */
export type BedrockReply =
  /** An assistant message holding a toolUse block (plus an optional text block before it); stopReason `tool_use` unless told. */
  | { kind: 'tool'; input: unknown; name?: string; text?: string; stopReason?: string }
  /** An assistant message with only text; stopReason `end_turn` unless told. */
  | { kind: 'text'; text: string; stopReason?: string }
  /** A modelled error: the SDK picks the class from `x-amzn-errortype` (ThrottlingException is 429, InternalServerException 500). */
  | { kind: 'error'; status: number; type: string; message?: string }
  /** Any bytes at all, e.g. a body that is not JSON. */
  | { kind: 'raw'; status: number; body: string; contentType?: string };

export interface ScriptOptions {
  /** How many of the next requests get this reply; 1 unless told. */
  times?: number;
  /** Wait this long before answering (the request is dropped quietly if the client gives up first). */
  delayMs?: number;
}

export interface FakeBedrock {
  /** Pass as the BedrockRuntimeClient `endpoint`. */
  url: string;
  /** Every Converse request received, answered or not (so the SDK's retries can be counted). */
  requests: ConverseRequestSeen[];
  /** Queue a reply; replies are used in order. With nothing queued the fake answers 500, naming the missing script. */
  script(reply: BedrockReply, options?: ScriptOptions): void;
  reset(): void;
  start(): Promise<void>;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.writableEnded || res.stream.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID(), ...headers });
  res.end(body);
}

const sendError = (res: ServerResponse, status: number, type: string, message: string): void =>
  send(res, status, JSON.stringify({ message }), { 'x-amzn-errortype': type });

/** The ConverseResponse body: `{ output: { message }, stopReason, usage, metrics }`. */
function converseBody(reply: Extract<BedrockReply, { kind: 'tool' | 'text' }>): string {
  const content: unknown[] = [];
  if (reply.text !== undefined) content.push({ text: reply.text });
  if (reply.kind === 'tool') {
    content.push({
      toolUse: {
        toolUseId: `tooluse_${randomUUID().replace(/-/g, '').slice(0, 22)}`,
        name: reply.name ?? 'record_likely_cause',
        input: reply.input,
      },
    });
  }
  const stopReason = reply.stopReason ?? (reply.kind === 'tool' ? 'tool_use' : 'end_turn');
  return JSON.stringify({
    output: { message: { role: 'assistant', content } },
    stopReason,
    usage: { inputTokens: 612, outputTokens: 48, totalTokens: 660 },
    metrics: { latencyMs: 431 },
  });
}

/**
 * A loopback fake of Bedrock Runtime's Converse operation that the real BedrockRuntimeClient talks to. The client's
 * default handler is NodeHttp2Handler (Bedrock Runtime streams over HTTP/2), so this is a cleartext HTTP/2 server
 * (h2c with prior knowledge), which that handler speaks to an `http://` endpoint; an HTTP/1 server gets a protocol
 * error. Converse is
 * restJson1: `POST /model/{modelId}/converse` with a JSON body, answered with a JSON ConverseResponse, or on failure
 * with a JSON `{ message }` and the error's shape name in `x-amzn-errortype`, from which the SDK builds its typed error
 * (ThrottlingException, InternalServerException…) and decides whether to retry. Signatures are not checked.
 */
export function fakeBedrock(): FakeBedrock {
  const queue: Array<{ reply: BedrockReply; times: number; delayMs: number }> = [];
  let server: Http2Server | undefined;
  const sessions = new Set<Http2Session>();

  const answer = (res: ServerResponse, reply: BedrockReply): void => {
    switch (reply.kind) {
      case 'tool':
      case 'text':
        send(res, 200, converseBody(reply));
        return;
      case 'error':
        sendError(res, reply.status, reply.type, reply.message ?? `${reply.type} (fake Bedrock)`);
        return;
      case 'raw':
        send(res, reply.status, reply.body, { 'content-type': reply.contentType ?? 'application/json' });
        return;
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    const match = /^\/model\/([^/]+)\/converse$/.exec((req.url ?? '').split('?')[0] ?? '');
    if (req.method !== 'POST' || !match) {
      // Anything else is a bug in the caller, not something to emulate: say so in Bedrock's own error shape.
      return sendError(
        res,
        404,
        'UnknownOperationException',
        `fake Bedrock only knows POST /model/{modelId}/converse, got ${req.method} ${req.url}`,
      );
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return sendError(res, 400, 'ValidationException', 'The request body is not JSON.');
    }
    fake.requests.push({ modelId: decodeURIComponent(match[1]!), body });

    const next = queue[0];
    if (!next) return sendError(res, 500, 'InternalServerException', 'fake Bedrock has no scripted reply for this request');
    next.times -= 1;
    if (next.times <= 0) queue.shift();
    if (next.delayMs <= 0) return answer(res, next.reply);
    const timer = setTimeout(() => answer(res, next.reply), next.delayMs);
    // The client aborted (a timeout): don't keep a timer alive for a socket nobody is reading.
    res.on('close', () => clearTimeout(timer));
  };

  const fake: FakeBedrock = {
    url: '',
    requests: [],
    script(reply, options = {}) {
      queue.push({ reply, times: options.times ?? 1, delayMs: options.delayMs ?? 0 });
    },
    reset() {
      fake.requests.length = 0;
      queue.length = 0;
    },
    async start() {
      server = createServer((req, res) => {
        handle(req, res).catch((err: unknown) => sendError(res, 500, 'InternalServerException', String(err)));
      });
      server.on('session', (session) => {
        sessions.add(session);
        session.on('close', () => sessions.delete(session));
      });
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async close() {
      const s = server;
      server = undefined;
      if (!s) return;
      for (const session of sessions) session.destroy(); // the SDK keeps its HTTP/2 sessions open; don't wait for them
      await new Promise<void>((resolve, reject) => s.close((err) => (err ? reject(err) : resolve())));
    },
  };
  return fake;
}

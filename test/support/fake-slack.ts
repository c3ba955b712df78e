import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token: string | null;
}

export interface FakeSlack {
  /** Pass as `slackApiUrl`: WebClient posts to `${url}${method}`. */
  url: string;
  calls: SlackCall[];
  callsTo(method: string): SlackCall[];
  last(method: string): SlackCall | undefined;
  /** The latest text and blocks of a posted message, after any chat.update. */
  message(channel: string, ts: string): { text?: unknown; blocks?: unknown } | undefined;
  /** The next `times` calls to `method` answer `{ok:false, error}` (HTTP 200, as Slack does). */
  fail(method: string, error: string, times?: number): void;
  /** The next `times` calls to `method` get HTTP 429 with Retry-After, as Slack's rate limiter answers. */
  rateLimit(method: string, retryAfterSeconds: number, times?: number): void;
  reset(): void;
  close(): Promise<void>;
}

/** Form bodies carry nested values (blocks, view) as JSON strings; decode them back to objects. */
function decodeArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    try {
      args[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
    } catch {
      args[k] = v;
    }
  }
  return args;
}

/** A loopback fake of the Slack Web API that the real WebClient talks to; it records every call and answers like Slack. */
export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const messages = new Map<string, { text?: unknown; blocks?: unknown }>();
  const failures = new Map<string, { error: string; times: number }>();
  const limits = new Map<string, { retryAfter: number; times: number }>();
  let seq = 100;

  const answer = (method: string, args: Record<string, unknown>): Record<string, unknown> => {
    const failure = failures.get(method);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      return { ok: false, error: failure.error };
    }
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0TEAM', user: 'stockbot' };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users).replace(/^U/, '')}` } };
      case 'chat.postMessage': {
        const ts = `1763884800.${String(seq++).padStart(6, '0')}`;
        messages.set(`${args.channel}/${ts}`, { text: args.text, blocks: args.blocks });
        return { ok: true, channel: args.channel, ts, message: { text: args.text, ts } };
      }
      case 'chat.update': {
        const key = `${args.channel}/${args.ts}`;
        if (!messages.has(key)) return { ok: false, error: 'message_not_found' };
        messages.set(key, { text: args.text, blocks: args.blocks });
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `1763884800.${String(seq++).padStart(6, '0')}` };
      case 'views.open':
      case 'views.update':
      case 'views.publish':
        return { ok: true, view: { id: `V${seq++}`, ...(args.view as object) } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const server: Server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
      const args = decodeArgs(raw, String(req.headers['content-type'] ?? ''));
      const auth = String(req.headers.authorization ?? '');
      calls.push({ method, args, token: auth.startsWith('Bearer ') ? auth.slice(7) : null });
      const limit = limits.get(method);
      if (limit && limit.times > 0) {
        limit.times -= 1;
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(limit.retryAfter) });
        res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer(method, args)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    last: (method) => calls.filter((c) => c.method === method).at(-1),
    message: (channel, ts) => messages.get(`${channel}/${ts}`),
    fail: (method, error, times = 1) => failures.set(method, { error, times }),
    rateLimit: (method, retryAfter, times = 1) => limits.set(method, { retryAfter, times }),
    reset: () => {
      calls.length = 0;
      messages.clear();
      failures.clear();
      limits.clear();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

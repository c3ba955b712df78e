import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  /** From `Authorization: Bearer …` (how WebClient sends it), else a `token` form field. */
  token: string | null;
  /** Date.now() when the request arrived, so tests can see the gap a Retry-After caused. */
  at: number;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text?: unknown;
  blocks?: unknown;
  attachments?: unknown;
  /** How many chat.update calls it has had. */
  updates: number;
}

export interface StoredFile {
  id: string;
  name: string;
  title?: string;
  /** Empty until the client POSTs to the upload URL. */
  bytes: Buffer;
  uploaded: boolean;
  completed: boolean;
  channels: string[];
  initial_comment?: string;
  /** Who uploaded it: the bot for files.uploadV2, a person for `userUpload`. */
  user?: string;
  mimetype?: string;
  filetype?: string;
  /** Where it was shared: channel → thread ts (the message it was posted in reply to). */
  threads?: Record<string, string | undefined>;
  /** Served instead of the bytes at url_private_download: a login page, as Slack answers a request without a valid token. */
  servesHtml?: boolean;
}

/** Free-text fields are kept as strings even when they look like JSON (a PO note could start with "["). */
const TEXT_FIELDS = new Set(['text', 'initial_comment', 'title', 'alt_text', 'filename', 'name']);

/** WebClient sends form bodies by default, JSON-stringifying nested values (blocks, view, files); decode them back. */
function decodeArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    args[k] = v;
    if (TEXT_FIELDS.has(k) || !/^\s*[[{]/.test(v)) continue;
    try {
      args[k] = JSON.parse(v);
    } catch {
      // not JSON after all: keep the string, as Slack would
    }
  }
  return args;
}

/** Only the fields the caller sent: chat.update leaves out what it does not change (Slack keeps those). */
function present(args: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => args[k] !== undefined).map((k) => [k, args[k]]));
}

type Answer = Record<string, unknown>;

/**
 * A loopback fake of the Slack Web API for the real `WebClient` (`slackApiUrl: fake.url`). It records every call,
 * answers the methods stockbot uses the way Slack does, keeps posted messages and uploaded files so tests can read the
 * current state, and can be told to fail or rate-limit a method.
 */
export class FakeSlack {
  /** Pass as `slackApiUrl`: WebClient posts to `${slackApiUrl}${method}`, so this ends with `/api/`. */
  url = '';
  readonly calls: SlackCall[] = [];
  private origin = '';
  // A malformed request (bad JSON) answers 500 instead of leaving an unhandled rejection to crash the test run.
  private readonly server: Server = createServer((req, res) =>
    this.handle(req, res).catch((err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err))),
  );
  private readonly messages = new Map<string, StoredMessage>();
  private readonly storedFiles = new Map<string, StoredFile>();
  private readonly dms = new Map<string, string>();
  private readonly homes = new Map<string, string>();
  private readonly failures = new Map<string, { error: string; times: number }>();
  private readonly limits = new Map<string, { retryAfterSeconds: number; times: number }>();
  // Never reset, so ts and ids stay unique across tests that share one fake.
  private seq = 100;

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.origin = `http://127.0.0.1:${port}`;
    this.url = `${this.origin}/api/`;
    return this;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // fetch keeps connections alive; without this close() would wait for them to time out.
    this.server.closeAllConnections();
    await closed;
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  last(method: string): SlackCall | undefined {
    return this.callsTo(method).at(-1);
  }

  /** The latest state of a posted message, after any chat.update. */
  message(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.get(`${channel}/${ts}`);
  }

  /** A file from the files.uploadV2 flow (getUploadURLExternal → POST bytes → completeUploadExternal). */
  file(id: string): StoredFile | undefined {
    return this.storedFiles.get(id);
  }

  files(): StoredFile[] {
    return [...this.storedFiles.values()];
  }

  /**
   * A person uploads a file into a channel or thread. Returns the events Slack then sends: `file_shared` (no thread)
   * and the `message` with subtype `file_share` (with the thread), as the Events API delivers them.
   */
  userUpload(p: {
    user: string;
    channel: string;
    threadTs?: string;
    name: string;
    bytes: Buffer;
    mimetype?: string;
    filetype?: string;
    servesHtml?: boolean;
  }) {
    const id = this.next('F');
    const file: StoredFile = {
      id,
      name: p.name,
      bytes: p.bytes,
      uploaded: true,
      completed: true,
      channels: [p.channel],
      user: p.user,
      mimetype: p.mimetype ?? 'application/octet-stream',
      filetype: p.filetype ?? p.name.split('.').pop() ?? 'binary',
      threads: { [p.channel]: p.threadTs },
      ...(p.servesHtml ? { servesHtml: true } : {}),
    };
    this.storedFiles.set(id, file);
    const ts = this.nextTs();
    const summary = fileObject(file, this.origin);
    return {
      fileShared: { type: 'file_shared', file_id: id, user_id: p.user, file: { id }, channel_id: p.channel, event_ts: ts },
      message: {
        type: 'message',
        subtype: 'file_share',
        user: p.user,
        channel: p.channel,
        ts,
        text: '',
        ...(p.threadTs ? { thread_ts: p.threadTs } : {}),
        files: [summary],
        event_ts: ts,
        channel_type: 'channel',
      },
    };
  }

  /** The next `times` (default 1) calls to `method` answer HTTP 200 `{ok:false, error}`, as Slack does. */
  fail(method: string, opts: { error: string; times?: number }): void;
  fail(method: string, error: string, times?: number): void;
  fail(method: string, opts: string | { error: string; times?: number }, times = 1): void {
    const o = typeof opts === 'string' ? { error: opts, times } : opts;
    this.failures.set(method, { error: o.error, times: o.times ?? 1 });
  }

  /** The next `times` (default 1) calls to `method` get HTTP 429 with `Retry-After`, as Slack's rate limiter answers. */
  rateLimit(method: string, opts: { retryAfterSeconds: number; times?: number }): void;
  rateLimit(method: string, retryAfterSeconds: number, times?: number): void;
  rateLimit(method: string, opts: number | { retryAfterSeconds: number; times?: number }, times = 1): void {
    const o = typeof opts === 'number' ? { retryAfterSeconds: opts, times } : opts;
    this.limits.set(method, { retryAfterSeconds: o.retryAfterSeconds, times: o.times ?? 1 });
  }

  reset(): void {
    this.calls.length = 0;
    for (const m of [this.messages, this.storedFiles, this.dms, this.homes, this.failures, this.limits]) m.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const path = (req.url ?? '').split('?')[0] ?? '';
    const contentType = String(req.headers['content-type'] ?? '');
    const send = (status: number, body: Answer, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };

    if (path.startsWith('/download/')) {
      // url_private_download needs the bot token; without it (or for a file set to) Slack serves its HTML login page.
      const file = this.storedFiles.get(path.slice('/download/'.length).split('/')[0] ?? '');
      const auth = String(req.headers.authorization ?? '');
      this.calls.push({
        method: 'download',
        args: { file: file?.id },
        token: auth.startsWith('Bearer ') ? auth.slice(7) : null,
        at: Date.now(),
      });
      if (!file) return send(404, { ok: false, error: 'file_not_found' });
      if (!auth.startsWith('Bearer xoxb-') || file.servesHtml) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in to Slack</body></html>');
        return;
      }
      res.writeHead(200, { 'content-type': file.mimetype ?? 'application/octet-stream', 'content-length': String(file.bytes.length) });
      res.end(file.bytes);
      return;
    }
    if (path.startsWith('/upload/')) {
      const file = this.storedFiles.get(path.slice('/upload/'.length));
      if (!file) return send(404, { ok: false, error: 'file_not_found' });
      file.bytes = await uploadedBytes(raw, contentType);
      file.uploaded = true;
      // Slack's upload host answers with plain text, not JSON.
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`OK - ${file.bytes.length}`);
      return;
    }
    if (!path.startsWith('/api/')) return send(404, { ok: false, error: 'not_found' });

    const method = path.slice('/api/'.length);
    const args = decodeArgs(raw.toString('utf8'), contentType);
    const auth = String(req.headers.authorization ?? '');
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : typeof args.token === 'string' ? args.token : null;
    this.calls.push({ method, args, token, at: Date.now() });

    const limit = this.limits.get(method);
    if (limit && limit.times > 0) {
      limit.times -= 1;
      return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(limit.retryAfterSeconds) });
    }
    const failure = this.failures.get(method);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      return send(200, { ok: false, error: failure.error });
    }
    send(200, this.answer(method, args));
  }

  private next(prefix: string): string {
    return `${prefix}${String(this.seq++).padStart(8, '0')}`;
  }

  private nextTs(): string {
    return `1732262400.${String(this.seq++).padStart(6, '0')}`;
  }

  /** One stable DM per user, like Slack; `D` + the user id's tail keeps ids readable (U0OWNER → D0OWNER). */
  /** The DM channel the fake opens with `user`. */
  dmFor(user: string): string {
    let id = this.dms.get(user);
    if (!id) {
      id = `D${user.replace(/^[UW]/, '')}`;
      this.dms.set(user, id);
    }
    return id;
  }

  private homeFor(user: string): string {
    let id = this.homes.get(user);
    if (!id) {
      id = this.next('V');
      this.homes.set(user, id);
    }
    return id;
  }

  /** Posting to a user id lands in the DM with that user, and Slack answers with the DM's channel id. */
  private channelOf(channel: unknown): string {
    const c = String(channel ?? '');
    return /^[UW]/.test(c) ? this.dmFor(c) : c;
  }

  private answer(method: string, args: Record<string, unknown>): Answer {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://harbourstreet.slack.com/',
          team: 'Harbour Street',
          user: 'stockbot',
          team_id: 'T0TEAM',
          user_id: 'U0BOT',
          bot_id: 'B0BOT',
        };
      case 'conversations.open': {
        const users = String(args.users ?? '');
        if (!users) return { ok: false, error: 'users_list_not_supplied' };
        return { ok: true, channel: { id: this.dmFor(users) } };
      }
      case 'chat.postMessage': {
        if (!args.channel) return { ok: false, error: 'channel_not_found' };
        if (args.text === undefined && args.blocks === undefined && args.attachments === undefined) return { ok: false, error: 'no_text' };
        const channel = this.channelOf(args.channel);
        const ts = this.nextTs();
        const content = present(args, ['text', 'blocks', 'attachments']);
        this.messages.set(`${channel}/${ts}`, { channel, ts, ...content, updates: 0 });
        return { ok: true, channel, ts, message: { type: 'message', user: 'U0BOT', bot_id: 'B0BOT', ts, ...content } };
      }
      case 'chat.update': {
        const channel = this.channelOf(args.channel);
        const stored = this.messages.get(`${channel}/${String(args.ts)}`);
        if (!stored) return { ok: false, error: 'message_not_found' };
        Object.assign(stored, present(args, ['text', 'blocks', 'attachments']), { updates: stored.updates + 1 });
        return { ok: true, channel, ts: stored.ts, text: stored.text ?? '', message: { ...stored } };
      }
      case 'chat.postEphemeral':
        if (!args.user) return { ok: false, error: 'user_not_in_channel' };
        return { ok: true, message_ts: this.nextTs() };
      case 'views.open':
      case 'views.update':
      case 'views.publish': {
        if (!args.view) return { ok: false, error: 'invalid_arguments' };
        // App Home keeps one view id per user; views.update keeps the id it was given.
        const id =
          method === 'views.publish'
            ? this.homeFor(String(args.user_id))
            : typeof args.view_id === 'string'
              ? args.view_id
              : this.next('V');
        return { ok: true, view: { id, team_id: 'T0TEAM', hash: this.next('h'), ...(args.view as object) } };
      }
      case 'files.getUploadURLExternal': {
        if (!args.filename || !args.length) return { ok: false, error: 'invalid_arguments' };
        const id = this.next('F');
        this.storedFiles.set(id, {
          id,
          name: String(args.filename),
          bytes: Buffer.alloc(0),
          uploaded: false,
          completed: false,
          channels: [],
        });
        return { ok: true, upload_url: `${this.origin}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const list = Array.isArray(args.files) ? (args.files as Array<{ id?: string; title?: string }>) : [];
        const files = list.map((f) => this.storedFiles.get(String(f.id)));
        if (files.length === 0 || files.some((f) => !f?.uploaded)) return { ok: false, error: 'file_not_found' };
        const done = files.map((f, i) => {
          const file = f!;
          file.completed = true;
          file.title = list[i]?.title ?? file.name;
          if (args.channel_id) file.channels.push(String(args.channel_id));
          if (typeof args.initial_comment === 'string') file.initial_comment = args.initial_comment;
          return fileObject(file, this.origin);
        });
        return { ok: true, files: done };
      }
      case 'files.info': {
        const file = this.storedFiles.get(String(args.file));
        return file?.completed ? { ok: true, file: fileObject(file, this.origin) } : { ok: false, error: 'file_not_found' };
      }
      case 'users.info': {
        const id = String(args.user ?? '');
        if (!/^[UW]/.test(id)) return { ok: false, error: 'user_not_found' };
        const name = id.slice(1).toLowerCase();
        return {
          ok: true,
          user: {
            id,
            team_id: 'T0TEAM',
            name,
            real_name: name,
            deleted: false,
            is_bot: id === 'U0BOT',
            tz: 'Europe/London',
            tz_offset: 0,
            profile: { real_name: name, display_name: name },
          },
        };
      }
      case 'chat.getPermalink': {
        const channel = String(args.channel ?? '');
        const ts = String(args.message_ts ?? '');
        if (!channel || !ts) return { ok: false, error: 'message_not_found' };
        return { ok: true, channel, permalink: `https://fake.slack.example/archives/${channel}/p${ts.replace('.', '')}` };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

/** Slack's file object, minus the bytes: where it was shared (`shares`, with the thread) and where to download it. */
function fileObject(f: StoredFile, origin: string): Answer {
  const shares = Object.fromEntries(
    Object.entries(f.threads ?? Object.fromEntries(f.channels.map((c) => [c, undefined]))).map(([channel, threadTs]) => [
      channel,
      [{ ts: '1732262400.000001', ...(threadTs ? { thread_ts: threadTs } : {}) }],
    ]),
  );
  return {
    id: f.id,
    name: f.name,
    title: f.title ?? f.name,
    size: f.bytes.length,
    user: f.user ?? 'U0BOT',
    mimetype: f.mimetype ?? 'application/octet-stream',
    filetype: f.filetype ?? 'binary',
    channels: f.channels,
    shares: { public: shares },
    url_private_download: `${origin}/download/${f.id}/${encodeURIComponent(f.name)}`,
    ...(f.initial_comment ? { initial_comment: f.initial_comment } : {}),
  };
}

/** WebClient sends the bytes as a multipart form (field `body`); raw bytes are accepted too, as Slack's upload URL does. */
async function uploadedBytes(raw: Buffer, contentType: string): Promise<Buffer> {
  if (!contentType.startsWith('multipart/form-data')) return raw;
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  const part = [...form.values()][0];
  if (part === undefined) return Buffer.alloc(0);
  return typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(await part.arrayBuffer());
}

/** Starts a fake on a free loopback port. */
export function startFakeSlack(): Promise<FakeSlack> {
  return new FakeSlack().start();
}

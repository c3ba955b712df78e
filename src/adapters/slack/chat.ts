import type { KnownBlock, View } from '@slack/types';
import type { WebClient } from '@slack/web-api';

/** A message as every surface takes it: the fallback text (notifications, screen readers) and the blocks. */
export interface ChatMessage {
  text: string;
  blocks?: KnownBlock[];
}

/** Where a posted message lives, so it can be updated in place or replied to. */
export interface Posted {
  channel: string;
  ts: string;
}

export interface DownloadedFile {
  id: string;
  name: string;
  bytes: Buffer;
  /** Who uploaded it. */
  user: string;
  /** The thread it was shared in, if any. */
  thread: Posted | null;
}

/** Slack files larger than this are refused before download: no count sheet comes near it. */
export const MAX_COUNT_FILE_BYTES = 20 * 1024 * 1024;

/** A problem with an upload that the person who uploaded it can fix: said in the thread, in plain words. */
export class UploadProblem extends Error {}

/**
 * The chat port: everything stockbot says in Slack. It only carries messages the services composed; it reads no
 * store and renders nothing. Slack in production; printed to the terminal by the CLI and the demo.
 */
export interface Chat {
  /** A direct message: opens the conversation with `user` and posts into it. */
  dm(user: string, message: ChatMessage): Promise<Posted>;
  /** A message in a channel, or in a thread when `threadTs` is given. */
  post(channel: string, message: ChatMessage, threadTs?: string): Promise<Posted>;
  /** A message with a file in its thread (the count session and its pre-filled sheet). */
  postWithFile(channel: string, message: ChatMessage, file: { name: string; bytes: Buffer; title: string }): Promise<Posted>;
  update(where: Posted, message: ChatMessage): Promise<void>;
  /** Seen only by `user`: refusals and pointers nobody else needs. */
  whisper(channel: string, user: string, text: string, threadTs?: string): Promise<void>;
  /** A link that opens the message in Slack; null when Slack cannot give one (the message is then named by channel). */
  permalink(where: Posted): Promise<string | null>;
  /** Replaces `user`'s App Home tab. */
  publishHome(user: string, view: View): Promise<void>;
  /** files.info, then the bytes from url_private_download with the bot token. */
  download(fileId: string): Promise<DownloadedFile>;
  /** The thread a file was shared into in `channel`, if any (Slack's `file_shared` event does not say). */
  fileThread(fileId: string, channel: string): Promise<{ threadTs: string | null; name: string; size: number }>;
  /** Where messages go, in words for a person. */
  describe(): string;
}

type Shares = Record<string, { ts?: string; thread_ts?: string }[]>;

/** The Slack Web API behind the chat port. */
export function slackChat(client: WebClient, botToken: string): Chat {
  const post: Chat['post'] = async (channel, message, threadTs) => {
    const posted = await client.chat.postMessage({
      channel,
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    if (!posted.ts) throw new Error(`Slack accepted a message for ${channel} but returned no message ts`);
    return { channel: posted.channel ?? channel, ts: posted.ts };
  };
  return {
    async dm(user, message) {
      const opened = await client.conversations.open({ users: user });
      const channel = opened.channel?.id;
      if (!channel) throw new Error(`Slack did not open a DM with ${user}`);
      return post(channel, message);
    },
    post,
    async postWithFile(channel, message, file) {
      const posted = await post(channel, message);
      await client.files.uploadV2({
        channel_id: posted.channel,
        thread_ts: posted.ts,
        file: file.bytes,
        filename: file.name,
        title: file.title,
      });
      return posted;
    },
    async update(where, message) {
      await client.chat.update({
        channel: where.channel,
        ts: where.ts,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
      });
    },
    async whisper(channel, user, text, threadTs) {
      await client.chat.postEphemeral({ channel, user, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
    },
    async publishHome(user, view) {
      await client.views.publish({ user_id: user, view });
    },
    async permalink(where) {
      // Only a convenience for App Home: a failure leaves the channel's name there instead.
      const found = await client.chat.getPermalink({ channel: where.channel, message_ts: where.ts }).catch(() => null);
      return found?.permalink ?? null;
    },
    async download(fileId) {
      const info = await client.files.info({ file: fileId });
      const file = info.file;
      if (!file?.id || !file.url_private_download) throw new UploadProblem('Slack did not say where to download this file from.');
      const name = file.name ?? file.id;
      if ((file.size ?? 0) > MAX_COUNT_FILE_BYTES) {
        throw new UploadProblem(
          `${name} is ${Math.round((file.size ?? 0) / 1e6)} MB; count files must be under ${MAX_COUNT_FILE_BYTES / 1e6} MB.`,
        );
      }
      const res = await fetch(file.url_private_download, { headers: { authorization: `Bearer ${botToken}` } });
      if (!res.ok) throw new Error(`downloading ${name} from Slack failed: HTTP ${res.status}`);
      // Without the files:read scope (or with a bad token) Slack answers with its sign-in page, not the file.
      if ((res.headers.get('content-type') ?? '').startsWith('text/html') && !/\.html?$/i.test(name)) {
        throw new UploadProblem(
          `Slack sent a web page instead of ${name}: the app may be missing the files:read permission. Reinstall it from manifest.json.`,
        );
      }
      const bytes = Buffer.from(await res.arrayBuffer());
      const shares = (file.shares?.public ?? file.shares?.private ?? {}) as Shares;
      const [channel, list] = Object.entries(shares)[0] ?? [];
      const threadTs = list?.[0]?.thread_ts;
      return { id: file.id, name, bytes, user: file.user ?? '', thread: channel && threadTs ? { channel, ts: threadTs } : null };
    },
    async fileThread(fileId, channel) {
      const info = await client.files.info({ file: fileId });
      const shares = (info.file?.shares?.public ?? info.file?.shares?.private ?? {}) as Shares;
      return { threadTs: shares[channel]?.[0]?.thread_ts ?? null, name: info.file?.name ?? fileId, size: info.file?.size ?? 0 };
    },
    describe: () => 'Slack',
  };
}

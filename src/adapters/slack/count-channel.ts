import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';

export interface ChannelMessage {
  text: string;
  blocks?: KnownBlock[];
}

export interface DownloadedFile {
  id: string;
  name: string;
  bytes: Buffer;
  /** Who uploaded it. */
  user: string;
  /** The thread it was shared in, if any. */
  thread: { channel: string; ts: string } | null;
}

/** Slack files larger than this are refused before download: no count sheet comes near it. */
export const MAX_COUNT_FILE_BYTES = 20 * 1024 * 1024;

/** A problem with an upload that the person who uploaded it can fix: said in the thread, in plain words. */
export class UploadProblem extends Error {}

/** What counts say in Slack: the session message with its sheet, replies in its thread, cards updated in place. */
export interface CountChannel {
  postSession(channel: string, message: ChannelMessage, sheet: { name: string; bytes: Buffer; title: string }): Promise<{ channel: string; ts: string }>;
  reply(channel: string, threadTs: string, message: ChannelMessage): Promise<{ channel: string; ts: string }>;
  update(channel: string, ts: string, message: ChannelMessage): Promise<void>;
  whisper(channel: string, user: string, text: string, threadTs?: string): Promise<void>;
  /** A direct message to one person (the outcome of their /count). */
  tell(user: string, text: string): Promise<void>;
  /** files.info, then the bytes from url_private_download with the bot token. */
  download(fileId: string): Promise<DownloadedFile>;
}

export function slackCountChannel(client: WebClient, botToken: string): CountChannel {
  return {
    async postSession(channel, message, sheet) {
      const posted = await client.chat.postMessage({ channel, text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) });
      if (!posted.ts || !posted.channel) throw new Error(`Slack did not post the count in ${channel}`);
      await client.files.uploadV2({ channel_id: posted.channel, thread_ts: posted.ts, file: sheet.bytes, filename: sheet.name, title: sheet.title });
      return { channel: posted.channel, ts: posted.ts };
    },
    async reply(channel, threadTs, message) {
      const posted = await client.chat.postMessage({ channel, thread_ts: threadTs, text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) });
      return { channel: posted.channel ?? channel, ts: posted.ts ?? '' };
    },
    async update(channel, ts, message) {
      await client.chat.update({ channel, ts, text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) });
    },
    async whisper(channel, user, text, threadTs) {
      await client.chat.postEphemeral({ channel, user, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
    },
    async tell(user, text) {
      await client.chat.postMessage({ channel: user, text });
    },
    async download(fileId) {
      const info = await client.files.info({ file: fileId });
      const file = info.file;
      if (!file?.id || !file.url_private_download) throw new UploadProblem('Slack did not say where to download this file from.');
      const name = file.name ?? file.id;
      if ((file.size ?? 0) > MAX_COUNT_FILE_BYTES) {
        throw new UploadProblem(`${name} is ${Math.round((file.size ?? 0) / 1e6)} MB; count files must be under ${MAX_COUNT_FILE_BYTES / 1e6} MB.`);
      }
      const res = await fetch(file.url_private_download, { headers: { authorization: `Bearer ${botToken}` } });
      if (!res.ok) throw new Error(`downloading ${name} from Slack failed: HTTP ${res.status}`);
      // Without the files:read scope (or with a bad token) Slack answers with its sign-in page, not the file.
      if ((res.headers.get('content-type') ?? '').startsWith('text/html') && !/\.html?$/i.test(name)) {
        throw new UploadProblem(`Slack sent a web page instead of ${name}: the app may be missing the files:read permission. Reinstall it from manifest.json.`);
      }
      const bytes = Buffer.from(await res.arrayBuffer());
      const shares = (file.shares?.public ?? file.shares?.private ?? {}) as Record<string, { ts?: string; thread_ts?: string }[]>;
      const [channel, list] = Object.entries(shares)[0] ?? [];
      const threadTs = list?.[0]?.thread_ts;
      return { id: file.id, name, bytes, user: file.user ?? '', thread: channel && threadTs ? { channel, ts: threadTs } : null };
    },
  };
}

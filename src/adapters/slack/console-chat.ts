import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { blocksToText } from './blocks-text';
import type { Chat, ChatMessage, DownloadedFile } from './chat';

/**
 * The offline stand-in for Slack (`stockbot count …`, the demo): messages are printed as text, a file posted with a
 * message is written to a folder, and "uploads" are local files named by path.
 */
export function consoleChat(write: (text: string) => void, sheetDir = '.data/counts'): Chat & { sheets: string[] } {
  let seq = 0;
  const ts = () => `local.${String(++seq).padStart(6, '0')}`;
  const say = (m: ChatMessage) => write(`${blocksToText(m)}\n`);
  const sheets: string[] = [];
  return {
    sheets,
    async dm(user, message) {
      say(message);
      return { channel: user, ts: ts() };
    },
    async post(channel, message) {
      say(message);
      return { channel, ts: ts() };
    },
    async postWithFile(channel, message, file) {
      say(message);
      await mkdir(sheetDir, { recursive: true });
      const path = join(sheetDir, file.name);
      await writeFile(path, file.bytes);
      sheets.push(path);
      write(`${file.title} written to ${path}`);
      return { channel, ts: ts() };
    },
    async update(_where, message) {
      write('(updated)');
      say(message);
    },
    async whisper(_channel, _user, text) {
      write(text);
    },
    async publishHome() {},
    async permalink() {
      return null;
    },
    async download(fileId): Promise<DownloadedFile> {
      const path = resolve(fileId);
      return { id: fileId, name: basename(path), bytes: await readFile(path), user: 'local', thread: null };
    },
    async fileThread(fileId) {
      return { threadTs: null, name: basename(fileId), size: 0 };
    },
    describe: () => 'printed here',
  };
}

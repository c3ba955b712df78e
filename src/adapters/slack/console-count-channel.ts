import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { blocksToText } from '../../../views/blocks-text';
import type { ChannelMessage, CountChannel, DownloadedFile } from './count-channel';

/**
 * The offline default for counts (`stockbot count …`, the demo): messages are printed, the pre-filled sheet is written
 * to a folder, and "uploads" are local files named by path.
 */
export function consoleCountChannel(write: (text: string) => void, sheetDir = '.data/counts'): CountChannel & { sheets: string[] } {
  let seq = 0;
  const ts = () => `local.${String(++seq).padStart(6, '0')}`;
  const say = (m: ChannelMessage) => write(`${blocksToText(m)}\n`);
  const sheets: string[] = [];
  return {
    sheets,
    async postSession(channel, message, sheet) {
      say(message);
      await mkdir(sheetDir, { recursive: true });
      const path = join(sheetDir, sheet.name);
      await writeFile(path, sheet.bytes);
      sheets.push(path);
      write(`Count sheet written to ${path}`);
      return { channel, ts: ts() };
    },
    async reply(channel, _threadTs, message) {
      say(message);
      return { channel, ts: ts() };
    },
    async update(_channel, _ts, message) {
      write('(updated)');
      say(message);
    },
    async whisper(_channel, _user, text) {
      write(text);
    },
    async tell(_user, text) {
      write(text);
    },
    async download(fileId): Promise<DownloadedFile> {
      const path = resolve(fileId);
      return { id: fileId, name: basename(path), bytes: await readFile(path), user: 'local', thread: null };
    },
  };
}

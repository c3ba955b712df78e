import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { safeObjectKey } from '../files';

/**
 * Where forwarded mail is kept: the raw message as it arrived (SES writes it under `inbox/`), the attachments read
 * from it (Textract reads a PDF from here), and discarded mail moved under `discarded/`. Nothing is ever deleted by
 * the app: on AWS the bucket's lifecycle moves everything to Glacier after 30 days.
 */
export interface RawMailStore {
  read(key: string): Promise<Buffer>;
  /** Keeps bytes under `key`; returns where, for Textract (`{ bucket, key }` on S3) and for people. */
  keep(key: string, bytes: Buffer): Promise<{ bucket?: string; key: string }>;
  /** Moves the object under `discarded/`, returning its new key. Moving one already moved is not an error. */
  discard(key: string): Promise<string>;
  describe(): string;
}

/** Where the app puts what it reads out of a mail: beside the mail, per mail. */
export const attachmentKey = (mailId: string, fileName: string) => safeObjectKey(`attachments/${mailId}/${fileName}`);
export const discardedKey = (key: string) => (key.startsWith('discarded/') ? key : `discarded/${key}`);

/** The embedded default: files under `.data/mail` (the CLI copies a mail in before reading it). */
export function localRawMail(dir = '.data/mail'): RawMailStore {
  const root = resolve(dir);
  const inside = (key: string) => {
    const path = join(root, safeObjectKey(key));
    if (relative(root, path).startsWith('..')) throw new Error(`"${key}" is outside ${dir}`);
    return path;
  };
  return {
    read: (key) => readFile(inside(key)),
    async keep(key, bytes) {
      const path = inside(key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, bytes);
      return { key: safeObjectKey(key) };
    },
    async discard(key) {
      const to = discardedKey(safeObjectKey(key));
      if (to === key) return to;
      await mkdir(dirname(inside(to)), { recursive: true });
      await rename(inside(key), inside(to)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
      return to;
    },
    describe: () => `the folder ${dir}`,
  };
}

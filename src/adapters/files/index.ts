import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** Where the originals of uploaded count files are kept, so a disputed count can be checked against what was sent. */
export interface FileStore {
  keep(key: string, bytes: Buffer): Promise<string>;
  describe(): string;
}

/** The embedded default: `.data/files/<key>`. */
export function localFiles(dir = '.data/files'): FileStore {
  const root = resolve(dir);
  return {
    async keep(key, bytes) {
      // Keys come from session ids and Slack file names: keep them inside the folder, whatever they contain.
      const safe = key
        .split('/')
        .map((part) => part.replace(/[^\w.-]+/g, '_').replace(/^\.+/, '_'))
        .join('/');
      const path = join(root, safe);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, bytes);
      return path;
    },
    describe: () => `files in ${dir}`,
  };
}

/**
 * Keys come from session ids and Slack file names, so they are cleaned the way `localFiles` cleans its paths: every
 * segment keeps only letters, digits, `_`, `.` and `-`, and loses leading dots (no `..` climbing out of a session's
 * folder in a console or a sync tool). Empty segments are dropped because `a//b` would be a different S3 key from
 * `a/b` and nobody browsing the bucket could tell them apart.
 */
export function safeObjectKey(key: string): string {
  const safe = key
    .split('/')
    .filter((part) => part !== '')
    .map((part) => part.replace(/[^\w.-]+/g, '_').replace(/^\.+/, '_'))
    .join('/');
  if (!safe) throw new Error(`cannot keep a file under the empty key "${key}"`);
  return safe;
}

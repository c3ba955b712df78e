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

import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildMime, type MailPort } from './index';

/** The embedded default: each email is an .eml file any mail program opens. Written whole (temp file + rename). */
export function outboxMail(dir: string): MailPort {
  return {
    async send(mail) {
      const { raw, messageId } = await buildMime(mail);
      await mkdir(dir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.reference.replace(/[^A-Za-z0-9-]/g, '_')}.eml`;
      const temp = join(dir, `.${name}.tmp`);
      await writeFile(temp, raw);
      await rename(temp, join(dir, name));
      return { messageId };
    },
    describe: () => `the outbox folder ${dir}`,
  };
}

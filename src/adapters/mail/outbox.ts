import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildMime, slug, type MailPort } from './index';

/**
 * The embedded default: each email is an .eml file any mail program opens, named
 * `<timestamp>-<reference>.eml` so the folder lists in sending order.
 */
export function outboxMail(dir: string): MailPort {
  return {
    async send(mail) {
      const { raw, messageId } = await buildMime(mail);
      await mkdir(dir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${slug(mail.reference)}.eml`;
      // Written whole: a reader (or a crash) never sees half a message. The temp name is unique and
      // does not end in .eml, so concurrent sends don't collide and a leftover is never taken for mail.
      const temp = join(dir, `.${name}.${randomBytes(4).toString('hex')}.tmp`);
      try {
        await writeFile(temp, raw);
        await rename(temp, join(dir, name));
      } catch (err) {
        await rm(temp, { force: true });
        throw new Error(`Could not write the email to ${mail.to} into the outbox folder ${dir}: ${(err as Error).message}`, { cause: err });
      }
      return { messageId };
    },
    describe: () => `the outbox folder ${dir}`,
  };
}

import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { FileStore } from './index';

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

/**
 * Production file store: the original of every uploaded count file, one PutObject under its session's prefix. The
 * bucket keeps versions and moves originals to Glacier after 90 days (deploy/resources.ts). The SDK retries throttling
 * (SlowDown) and 5xx itself; whatever still fails propagates for the queue to redeliver, reworded to name the object,
 * with the SDK error as `cause`.
 */
export function s3Files(client: S3Client, bucket: string): FileStore {
  return {
    async keep(key, bytes) {
      const safe = safeObjectKey(key);
      const where = `s3://${bucket}/${safe}`;
      try {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: safe, Body: bytes }));
      } catch (err) {
        const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        throw new Error(`S3 refused to keep ${where}: ${what}`, { cause: err });
      }
      return where;
    },
    describe: () => `S3 bucket ${bucket}`,
  };
}

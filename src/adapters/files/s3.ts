import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type FileStore, safeObjectKey } from './index';

export { safeObjectKey };

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

import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SyncedCopies } from './index';

/** Where the copies live in the documents bucket. */
export const COPIES_PREFIX = 'documents/';

/**
 * The synced copies on AWS: one object each under `documents/` in a versioned bucket, so every function reads the
 * same last good copy and a bad bulk edit can be rolled back by restoring an earlier version of the object.
 */
export function s3SyncedCopies(client: S3Client, bucket: string): SyncedCopies {
  const where = (name: string) => `s3://${bucket}/${COPIES_PREFIX}${name}`;
  return {
    async read(name) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `${COPIES_PREFIX}${name}` }));
        return (await out.Body?.transformToString('utf8')) ?? '';
      } catch (err) {
        if (err instanceof NoSuchKey || (err as { name?: string }).name === 'NoSuchKey') return null;
        throw new Error(`could not read ${where(name)}: ${(err as Error).message}`, { cause: err });
      }
    },
    async write(name, text) {
      const contentType = name.endsWith('.json') ? 'application/json' : 'text/plain; charset=utf-8';
      try {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${COPIES_PREFIX}${name}`, Body: text, ContentType: contentType }));
      } catch (err) {
        throw new Error(`S3 refused to keep ${where(name)}: ${(err as Error).message}`, { cause: err });
      }
    },
    describe: () => `S3 bucket ${bucket} (${COPIES_PREFIX})`,
  };
}

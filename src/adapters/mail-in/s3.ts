import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { safeObjectKey } from '../files';
import { discardedKey, type RawMailStore } from './index';

/** The mail bucket SES delivers into: read, keep attachments beside the mail, and move discarded mail aside. */
export function s3RawMail(client: S3Client, bucket: string): RawMailStore {
  const named = (what: string, key: string, err: unknown) =>
    new Error(`S3 refused to ${what} s3://${bucket}/${key}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`, {
      cause: err,
    });
  return {
    async read(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return Buffer.from(await out.Body!.transformToByteArray());
      } catch (err) {
        throw named('read', key, err);
      }
    },
    async keep(key, bytes) {
      const safe = safeObjectKey(key);
      try {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: safe, Body: bytes }));
      } catch (err) {
        throw named('keep', safe, err);
      }
      return { bucket, key: safe };
    },
    async discard(key) {
      const to = discardedKey(key);
      if (to === key) return to;
      try {
        // S3 keys from SES are URL-safe; CopySource wants the key URI-encoded all the same.
        await client.send(new CopyObjectCommand({ Bucket: bucket, Key: to, CopySource: `${bucket}/${encodeURIComponent(key)}` }));
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      } catch (err) {
        if ((err as { name?: string }).name !== 'NoSuchKey') throw named('move aside', key, err);
      }
      return to;
    },
    describe: () => `S3 bucket ${bucket}`,
  };
}

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { localFiles } from '../../src/adapters/files';
import { filesFromEnv } from '../../src/wiring';
import { s3Files } from '../../src/adapters/files/s3';
import { startFakeS3, type FakeS3 } from '../support/fake-s3';

const BUCKET = 'stockbot-test-countfilesbucket-1a2b3c';
const KEY = 'S-2026-11-23-fixings/F0ABC123-count.xlsx';

/** An XLSX is a zip: binary from its first bytes, with every byte value, CRLFs and text that looks like chunk framing. */
const XLSX_LIKE = Buffer.concat([
  Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]),
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  Buffer.from('\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n', 'latin1'),
  Buffer.from(Array.from({ length: 256 }, (_, i) => 255 - i)),
  Buffer.from([0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0]),
]);

let s3: FakeS3;
const client = (maxAttempts = 3) =>
  new S3Client({
    endpoint: s3.url,
    forcePathStyle: true,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts,
  });

beforeAll(async () => {
  s3 = await startFakeS3({ buckets: [BUCKET] });
});
afterEach(() => s3.reset());
afterAll(() => s3.close());

describe('count-file originals in S3 (real S3Client against the fake)', () => {
  it('keeps the exact bytes under the session key and answers with its s3:// address', async () => {
    const where = await s3Files(client(), BUCKET).keep(KEY, XLSX_LIKE);

    expect(where).toBe(`s3://${BUCKET}/${KEY}`);
    const stored = s3.object(BUCKET, KEY)!;
    expect(stored.body.equals(XLSX_LIKE)).toBe(true);
    expect(stored.etag).toBe(`"${createHash('md5').update(XLSX_LIKE).digest('hex')}"`);
    // The SDK's default flexible checksum travelled with it, and the fake checked it as S3 would.
    expect(stored.checksum?.algorithm).toBe('crc32');
    expect(s3.requests.map((r) => [r.method, r.path])).toEqual([['PUT', `/${BUCKET}/${KEY}?x-id=PutObject`]]);
  });

  it('keeps a large file whole too (the SDK asks for 100-continue above a few MB)', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31 + (i >> 8)) & 0xff;

    await s3Files(client(), BUCKET).keep(KEY, big);

    expect(s3.object(BUCKET, KEY)!.body.equals(big)).toBe(true);
    expect(s3.requests[0]!.headers.expect).toBe('100-continue');
  });

  it('cleans keys as the local store does: no climbing out, no odd characters, no empty segments', async () => {
    const files = s3Files(client(), BUCKET);
    const root = mkdtempSync(join(tmpdir(), 'stockbot-files-'));
    const local = localFiles(root);
    const cases: Array<[string, string]> = [
      ['S-1/F1-Stock count — Fixings (Mon).xlsx', 'S-1/F1-Stock_count_Fixings_Mon_.xlsx'],
      ['S-1/../../secrets/.env', 'S-1/_/_/secrets/_env'],
      ['/S-1//F2-scan.csv', 'S-1/F2-scan.csv'],
      ['S-1/F3-naïve café.csv', 'S-1/F3-na_ve_caf_.csv'],
    ];
    for (const [key, safe] of cases) {
      expect(await files.keep(key, Buffer.from(key))).toBe(`s3://${BUCKET}/${safe}`);
      expect(s3.object(BUCKET, safe)?.body.toString()).toBe(key);
      const path = await local.keep(key, Buffer.from(key));
      expect(relative(root, path).split(sep).join('/')).toBe(safe);
      expect(readFileSync(path, 'utf8')).toBe(key);
    }
    expect(s3.objects.size).toBe(cases.length);
    await expect(files.keep('//', Buffer.from('x'))).rejects.toThrow('cannot keep a file under the empty key "//"');
  });

  it('a SlowDown (503) is retried by the SDK itself; the second attempt keeps the file once', async () => {
    s3.fail({ code: 'SlowDown', status: 503, times: 1 });

    const where = await s3Files(client(3), BUCKET).keep(KEY, XLSX_LIKE);

    expect(where).toBe(`s3://${BUCKET}/${KEY}`);
    expect(s3.attempts).toBe(2);
    expect(s3.objects.size).toBe(1);
    expect(s3.object(BUCKET, KEY)!.body.equals(XLSX_LIKE)).toBe(true);
  });

  it('an outage that outlasts the retries rejects naming the bucket and key, with the S3 error as cause', async () => {
    s3.fail({ code: 'InternalError', status: 500, times: Infinity });

    const err: unknown = await s3Files(client(2), BUCKET)
      .keep(KEY, XLSX_LIKE)
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe(
      `S3 refused to keep s3://${BUCKET}/${KEY}: InternalError: We encountered an internal error. Please try again.`,
    );
    const cause = (err as Error).cause as S3ServiceException;
    expect(cause).toBeInstanceOf(S3ServiceException);
    expect(cause.$metadata.httpStatusCode).toBe(500);
    expect(s3.attempts).toBe(2);
    expect(s3.objects.size).toBe(0);
  });

  it('a missing bucket is not retried and says which bucket', async () => {
    const err: unknown = await s3Files(client(3), 'no-such-bucket')
      .keep(KEY, XLSX_LIKE)
      .catch((e: unknown) => e);

    expect((err as Error).message).toBe(`S3 refused to keep s3://no-such-bucket/${KEY}: NoSuchBucket: The specified bucket does not exist`);
    expect(s3.attempts).toBe(1);
  });

  it('describes itself for people', () => {
    expect(s3Files(client(), BUCKET).describe()).toBe(`S3 bucket ${BUCKET}`);
  });
});

describe('the fake speaks what the SDK may send', () => {
  it('a streamed body arrives aws-chunked with its checksum as a trailer, and is stored unframed', async () => {
    const parts = [Buffer.from('sku,counted_qty\r\n'), Buffer.from('BEAN-HB,432\r\n')];

    await client().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'S-1/F9-scan.csv', Body: Readable.from(parts), ContentLength: 30 }));

    const stored = s3.object(BUCKET, 'S-1/F9-scan.csv')!;
    expect(stored.encoding).toBe('aws-chunked');
    expect(stored.body.toString('latin1')).toBe('sku,counted_qty\r\nBEAN-HB,432\r\n');
    expect(stored.checksum?.algorithm).toBe('crc32');
    expect(s3.requests[0]!.headers['x-amz-trailer']).toBe('x-amz-checksum-crc32');
  });

  it('a body that does not match its checksum is refused with BadDigest and not stored', async () => {
    const err: unknown = await client(1)
      .send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: XLSX_LIKE, ChecksumCRC32: 'AAAAAA==' }))
      .catch((e: unknown) => e);

    expect((err as S3ServiceException).name).toBe('BadDigest');
    expect(s3.objects.size).toBe(0);
  });
});

describe('filesFromEnv', () => {
  // The SDK's default credential chain reads these; the fake accepts any signature.
  const credentials = { AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret' };
  const saved = { ...process.env };
  beforeAll(() => Object.assign(process.env, credentials));
  afterAll(() => {
    for (const name of Object.keys(credentials)) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('COUNT_FILES_BUCKET set: S3, at AWS_ENDPOINT_URL_S3 with path-style addressing', async () => {
    const files = filesFromEnv({ COUNT_FILES_BUCKET: BUCKET, AWS_REGION: 'eu-west-2', AWS_ENDPOINT_URL_S3: s3.url });

    expect(files.describe()).toBe(`S3 bucket ${BUCKET}`);
    expect(await files.keep(KEY, XLSX_LIKE)).toBe(`s3://${BUCKET}/${KEY}`);
    expect(s3.object(BUCKET, KEY)!.body.equals(XLSX_LIKE)).toBe(true);
    expect(s3.requests[0]!.headers.authorization).toMatch(/\/eu-west-2\/s3\/aws4_request/);
  });

  it('unset: the local folder; on Lambda a keep names the missing setting instead of failing on a read-only disk', async () => {
    expect(filesFromEnv({}).describe()).toBe('files in .data/files');
    const onLambda = filesFromEnv({ AWS_LAMBDA_FUNCTION_NAME: 'stockbot-prod-worker' });
    await expect(onLambda.keep(KEY, XLSX_LIKE)).rejects.toThrow('COUNT_FILES_BUCKET is not set on stockbot-prod-worker');
    expect(s3.attempts).toBe(0);
  });
});

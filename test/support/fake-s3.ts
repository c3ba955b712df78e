import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';
import { readBodyBytes as readBody } from './read-body';

export interface S3Failure {
  /** The S3 error code, e.g. SlowDown (503, which the SDK treats as throttling) or InternalError (500). */
  code: 'SlowDown' | 'InternalError' | (string & {});
  status: number;
  message?: string;
  /** How many of the next PutObject calls fail; 1 unless told, `Infinity` for an outage. */
  times?: number;
}

export interface StoredObject {
  /** The object's bytes as S3 would store them: aws-chunked framing and trailers removed. */
  body: Buffer;
  contentType: string | undefined;
  /** `"<md5 hex>"`, as S3 gives a single-part upload. */
  etag: string;
  versionId: string;
  /** The flexible checksum the SDK sent and this fake verified, e.g. `{ algorithm: 'crc32', value: 'qtEosw==' }`. */
  checksum?: { algorithm: string; value: string };
  /** How the body came over the wire: as-is, or in aws-chunked framing with the checksum as a trailer. */
  encoding: 'plain' | 'aws-chunked';
}

export interface FakeS3 {
  /** Pass as the S3Client `endpoint` (with `forcePathStyle: true`), or as AWS_ENDPOINT_URL_S3. */
  url: string;
  /** Objects by `<bucket>/<key>`, the latest version of each. */
  objects: Map<string, StoredObject>;
  object(bucket: string, key: string): StoredObject | undefined;
  /** Every PutObject received, accepted or not (to count the SDK's retries). */
  attempts: number;
  /** The headers of every request, in order, to see what the SDK sent. */
  requests: { method: string; path: string; headers: IncomingHttpHeaders }[];
  fail(failure: S3Failure): void;
  reset(): void;
  close(): Promise<void>;
}

class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * `aws-chunked` framing (what the SDK sends for a streamed body, and may send for any body when it puts the checksum
 * in a trailer): `<hex size>[;chunk-signature=<sig>]\r\n<bytes>\r\n` repeated, a zero-size chunk, then trailer lines
 * `name:value\r\n` and a blank line. Signed (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`) and unsigned
 * (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`) variants differ only in the chunk signatures, which this fake does not check.
 */
function decodeAwsChunked(raw: Buffer): { body: Buffer; trailers: Map<string, string> } {
  const parts: Buffer[] = [];
  const trailers = new Map<string, string>();
  let at = 0;
  const line = (): string => {
    const end = raw.indexOf('\r\n', at);
    if (end < 0) throw new S3Error(400, 'IncompleteBody', 'aws-chunked body ended inside a chunk header');
    const text = raw.subarray(at, end).toString('latin1');
    at = end + 2;
    return text;
  };
  for (;;) {
    const header = line();
    const size = parseInt(header.split(';')[0]!, 16);
    if (!Number.isInteger(size) || size < 0) throw new S3Error(400, 'InvalidChunkSizeError', `bad aws-chunked size line "${header}"`);
    if (size === 0) break;
    if (at + size + 2 > raw.length) throw new S3Error(400, 'IncompleteBody', 'aws-chunked body shorter than its chunk sizes');
    parts.push(raw.subarray(at, at + size));
    at += size;
    if (raw.subarray(at, at + 2).toString('latin1') !== '\r\n')
      throw new S3Error(400, 'InvalidChunkSizeError', 'aws-chunked chunk not followed by CRLF');
    at += 2;
  }
  for (let t = line(); t !== ''; t = line()) {
    const colon = t.indexOf(':');
    if (colon > 0) trailers.set(t.slice(0, colon).trim().toLowerCase(), t.slice(colon + 1).trim());
  }
  return { body: Buffer.concat(parts), trailers };
}

/** CRC32C (Castagnoli), which node:zlib lacks; the SDK uses it when asked for ChecksumAlgorithm CRC32C. */
const CRC32C_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32c(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC32C_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const uint32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b.toString('base64');
};
const CHECKSUMS: Record<string, (body: Buffer) => string> = {
  crc32: (body) => uint32(crc32(body)),
  crc32c: (body) => uint32(crc32c(body)),
  sha1: (body) => createHash('sha1').update(body).digest('base64'),
  sha256: (body) => createHash('sha256').update(body).digest('base64'),
};

/** Finds the one flexible checksum sent (header or trailer) and checks it, as S3 does (BadDigest on a mismatch). */
function verifyChecksum(headers: IncomingHttpHeaders, trailers: Map<string, string>, body: Buffer): StoredObject['checksum'] {
  const sent = [...Object.entries(headers), ...trailers.entries()].filter(
    ([name]) => name.startsWith('x-amz-checksum-') && name !== 'x-amz-checksum-type',
  );
  if (sent.length === 0) return undefined;
  if (sent.length > 1)
    throw new S3Error(400, 'InvalidRequest', `Expecting a single x-amz-checksum- header, got ${sent.map(([n]) => n).join(', ')}`);
  const [name, value] = sent[0]!;
  const algorithm = name.slice('x-amz-checksum-'.length);
  const compute = CHECKSUMS[algorithm];
  // A new SDK default (e.g. CRC64NVME) should fail loudly here rather than be stored unchecked.
  if (!compute) throw new S3Error(400, 'InvalidRequest', `fake S3 cannot verify checksum algorithm ${algorithm}`);
  if (compute(body) !== String(value))
    throw new S3Error(400, 'BadDigest', `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`);
  return { algorithm, value: String(value) };
}

/** The object's bytes out of the request body, checked the way S3 checks them before it stores anything. */
function readObject(req: IncomingMessage, raw: Buffer): Pick<StoredObject, 'body' | 'checksum' | 'encoding'> {
  const h = req.headers;
  const declared = String(h['x-amz-content-sha256'] ?? '');
  const chunked =
    String(h['content-encoding'] ?? '')
      .split(',')
      .some((e) => e.trim() === 'aws-chunked') || declared.startsWith('STREAMING-');
  if (chunked) {
    const { body, trailers } = decodeAwsChunked(raw);
    const decodedLength = Number(h['x-amz-decoded-content-length']);
    if (decodedLength !== body.length) {
      throw new S3Error(
        400,
        'IncompleteBody',
        `x-amz-decoded-content-length is ${h['x-amz-decoded-content-length']}, the chunks hold ${body.length} bytes`,
      );
    }
    const promised = String(h['x-amz-trailer'] ?? '')
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean);
    const missing = promised.filter((t) => !trailers.has(t));
    if (missing.length) throw new S3Error(400, 'MalformedTrailerError', `x-amz-trailer promised ${missing.join(', ')}, which never came`);
    return { body, checksum: verifyChecksum(h, trailers, body), encoding: 'aws-chunked' };
  }
  if (/^[0-9a-f]{64}$/.test(declared) && createHash('sha256').update(raw).digest('hex') !== declared) {
    throw new S3Error(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  const md5 = h['content-md5'];
  if (md5 && createHash('md5').update(raw).digest('base64') !== md5)
    throw new S3Error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
  return { body: raw, checksum: verifyChecksum(h, new Map(), raw), encoding: 'plain' };
}

/**
 * A loopback fake of S3 PutObject and GetObject that the real S3Client talks to, path-style (`PUT /<bucket>/<key>?x-id=PutObject`,
 * which is what `forcePathStyle: true` sends to a custom endpoint). It verifies what S3 verifies — the payload hash,
 * the flexible checksum (CRC32 by default since SDK 3.729), aws-chunked framing and its trailers — and answers as S3
 * does: 200 with an ETag (and a version id, the bucket being versioned), or an `<Error>` document whose `<Code>` the
 * SDK turns into its error name and, for SlowDown and 5xx, into a retry.
 */
export async function startFakeS3(opts: { buckets: readonly string[] }): Promise<FakeS3> {
  const buckets = new Set(opts.buckets);
  const failures: Array<S3Failure & { times: number }> = [];
  let server: Server;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://fake-s3');
    const [bucket = '', ...rest] = url.pathname.slice(1).split('/');
    const key = rest.map((segment) => decodeURIComponent(segment)).join('/');
    fake.requests.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, headers: req.headers });
    const raw = await readBody(req);
    const where = { bucket: decodeURIComponent(bucket), key };
    try {
      if (req.method === 'GET' && bucket && key && !url.searchParams.has('uploadId')) {
        // GetObject: the latest version, or NoSuchKey as S3 answers it.
        if (!buckets.has(where.bucket)) throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist');
        const stored = fake.objects.get(`${where.bucket}/${where.key}`);
        if (!stored) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.');
        res.writeHead(200, {
          ...requestIds(),
          etag: stored.etag,
          'x-amz-version-id': stored.versionId,
          'content-type': stored.contentType ?? 'application/octet-stream',
          'content-length': String(stored.body.length),
        });
        res.end(stored.body);
        return;
      }
      if (req.method === 'DELETE' && bucket && key) {
        // DeleteObject: 204 whether or not the key was there, as S3 answers it.
        fake.objects.delete(`${where.bucket}/${where.key}`);
        res.writeHead(204, requestIds());
        res.end();
        return;
      }
      const copySource = req.headers['x-amz-copy-source'];
      if (req.method === 'PUT' && typeof copySource === 'string') {
        // CopyObject: the source's bytes under the new key; NoSuchKey when the source is gone.
        const source = fake.objects.get(decodeURIComponent(copySource.replace(/^\//, '')));
        if (!source) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.');
        const copy = { ...source, versionId: randomUUID().replace(/-/g, '') };
        fake.objects.set(`${where.bucket}/${where.key}`, copy);
        res.writeHead(200, { ...requestIds(), 'content-type': 'application/xml' });
        res.end(`<?xml version="1.0" encoding="UTF-8"?><CopyObjectResult><ETag>${copy.etag}</ETag></CopyObjectResult>`);
        return;
      }
      if (
        req.method !== 'PUT' ||
        !bucket ||
        !key ||
        url.searchParams.has('uploadId') ||
        (url.searchParams.get('x-id') ?? 'PutObject') !== 'PutObject'
      ) {
        throw new S3Error(
          501,
          'NotImplemented',
          `fake S3 only knows path-style PutObject, GetObject, CopyObject and DeleteObject, got ${req.method} ${url.pathname}${url.search}`,
        );
      }
      fake.attempts += 1;
      const failure = failures[0];
      if (failure) {
        failure.times -= 1;
        if (failure.times <= 0) failures.shift();
        throw new S3Error(
          failure.status,
          failure.code,
          failure.message ??
            (failure.code === 'SlowDown' ? 'Please reduce your request rate.' : 'We encountered an internal error. Please try again.'),
        );
      }
      if (!buckets.has(where.bucket)) throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist');
      const object = readObject(req, raw);
      const stored: StoredObject = {
        ...object,
        contentType: req.headers['content-type'],
        etag: `"${createHash('md5').update(object.body).digest('hex')}"`,
        versionId: randomUUID().replace(/-/g, ''),
      };
      fake.objects.set(`${where.bucket}/${where.key}`, stored);
      res.writeHead(200, {
        ...requestIds(),
        etag: stored.etag,
        'x-amz-version-id': stored.versionId,
        // Every new object is encrypted at rest (SSE-S3) whatever the request says.
        'x-amz-server-side-encryption': 'AES256',
        ...(stored.checksum ? { [`x-amz-checksum-${stored.checksum.algorithm}`]: stored.checksum.value } : {}),
        'content-length': '0',
      });
      res.end();
    } catch (err) {
      const e = err instanceof S3Error ? err : new S3Error(500, 'InternalError', String(err));
      res.writeHead(e.status, { ...requestIds(), 'content-type': 'application/xml' });
      res.end(errorXml(e, where));
    }
  };

  const fake: FakeS3 = {
    url: '',
    objects: new Map(),
    object: (bucket, key) => fake.objects.get(`${bucket}/${key}`),
    attempts: 0,
    requests: [],
    fail(failure) {
      failures.push({ ...failure, times: failure.times ?? 1 });
    },
    reset() {
      fake.objects.clear();
      fake.attempts = 0;
      fake.requests.length = 0;
      failures.length = 0;
    },
    async close() {
      server.closeAllConnections(); // the SDK keeps connections alive; don't wait for them to idle out
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };

  server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fake S3 failed: ${String(err)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

const requestIds = () => ({ 'x-amz-request-id': randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase(), 'x-amz-id-2': randomUUID() });

function errorXml(e: S3Error, where: { bucket: string; key: string }): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(e.code)}</Code><Message>${escapeXml(e.message)}</Message>` +
    (where.bucket ? `<BucketName>${escapeXml(where.bucket)}</BucketName>` : '') +
    (where.key ? `<Key>${escapeXml(where.key)}</Key>` : '') +
    `<RequestId>${randomUUID()}</RequestId><HostId>fake-s3</HostId></Error>`
  );
}

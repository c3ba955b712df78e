import type { Readable } from 'node:stream';

/** A request's whole body (HTTP/1 or HTTP/2), as the bytes sent: what every loopback fake reads before it answers. */
export const readBodyBytes = (req: Readable): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/** A request's whole body as UTF-8 text. */
export const readBody = async (req: Readable): Promise<string> => (await readBodyBytes(req)).toString('utf8');

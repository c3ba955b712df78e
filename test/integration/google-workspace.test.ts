import { createServer } from 'node:http';
import { googleWorkspace, parseServiceAccountKey } from '../../src/adapters/google/workspace';
import { type FakeGoogle, makeServiceAccountKey, startFakeGoogle } from '../support/fake-google';
import { freePort } from '../support/free-port';

// The Google adapter through the real @googleapis clients against the loopback fake: what it reads and writes, how it
// retries, and what it says when Google refuses.
let google: FakeGoogle;
beforeAll(async () => {
  google = await startFakeGoogle();
});
afterAll(async () => google.close());
beforeEach(() => google.reset());

const key = makeServiceAccountKey();
const workspace = () => googleWorkspace({ credentials: key, apiRoot: google.url, retry: { firstDelayMs: 1, multiplier: 1 } });

describe('the Google workspace adapter', () => {
  it('reads the first tab, or a named one with a quote in its name, as rows of text', async () => {
    google.setSheet('s1', 'Stock', [
      ['sku', 'on_hand'],
      ['BEAN-HB', '58'],
    ]);
    google.setSheet('s1', "Bob's shelf", [['sku'], ['NUT-M6']]);
    expect(await workspace().readSheet('s1')).toEqual({
      tab: 'Stock',
      rows: [
        ['sku', 'on_hand'],
        ['BEAN-HB', '58'],
      ],
    });
    expect(await workspace().readSheet('s1', "Bob's shelf")).toEqual({ tab: "Bob's shelf", rows: [['sku'], ['NUT-M6']] });
  });

  it("tells a change by Drive's version, in one request", async () => {
    google.setSheet('s1', 'Stock', [['sku']]);
    const before = await workspace().fileVersion('s1');
    google.setSheet('s1', 'Stock', [['sku'], ['X']]);
    expect(Number((await workspace().fileVersion('s1')).version)).toBe(Number(before.version) + 1);
    expect(google.requests.filter((r) => r.route === 'files.get')).toHaveLength(2);
  });

  it('exports a Doc as plain text', async () => {
    google.setDoc('d1', '\uFEFFtimezone: Europe/London\n');
    expect(await workspace().exportText('d1')).toBe('timezone: Europe/London\n');
  });

  it('writes every cell in one RAW batchUpdate, so text that looks like a formula stays text', async () => {
    google.setSheet('s1', 'Stock', [
      ['sku', 'on_hand', 'note'],
      ['BEAN-HB', '58', ''],
    ]);
    await workspace().writeCells('s1', 'Stock', [
      { cell: 'B2', value: 178 },
      { cell: 'C2', value: '=IMPORTXML("http://evil.example")' },
    ]);
    expect(google.requests.filter((r) => r.route === 'batchUpdate')).toHaveLength(1);
    expect(google.lastValueInputOption).toBe('RAW');
    expect(google.sheet('s1', 'Stock')[1]).toEqual(['BEAN-HB', '178', '=IMPORTXML("http://evil.example")']);
    await workspace().writeCells('s1', 'Stock', []);
    expect(google.requests.filter((r) => r.route === 'batchUpdate')).toHaveLength(1);
  });

  it('retries a 429 and a 503, then succeeds; a 403 is not retried and says what to share with whom', async () => {
    google.setSheet('s1', 'Stock', [['sku']]);
    google.failNext('get', 429);
    google.failNext('get', 503);
    expect((await workspace().readSheet('s1')).rows).toEqual([['sku']]);
    expect(google.requests.filter((r) => r.route === 'get')).toHaveLength(3);

    google.failNext('get', 403);
    await expect(workspace().readSheet('s1')).rejects.toThrow(
      `Google said the stock sheet (id s1) is not shared with ${key.client_email} or does not exist: share it with that address as Editor`,
    );
    expect(google.requests.filter((r) => r.route === 'get')).toHaveLength(4);
  });

  it('signs its own tokens: nothing ever goes to the key’s token endpoint', async () => {
    const port = await freePort();
    let tokenRequests = 0;
    const tokenServer = createServer((_req, res) => {
      tokenRequests += 1;
      res.end('{}');
    });
    await new Promise<void>((resolve) => tokenServer.listen(port, '127.0.0.1', resolve));
    try {
      google.setSheet('s1', 'Stock', [['sku']]);
      const pointed = { ...key, token_uri: `http://127.0.0.1:${port}/token` };
      await googleWorkspace({ credentials: pointed, apiRoot: google.url }).readSheet('s1');
      expect(tokenRequests).toBe(0);
    } finally {
      await new Promise<void>((resolve) => tokenServer.close(() => resolve()));
    }
  });

  it('a request without a valid signature is refused by the fake, as Google would', async () => {
    google.setSheet('s1', 'Stock', [['sku']]);
    const res = await fetch(`${google.url}v4/spreadsheets/s1/values/A1%3AB2`, { headers: { authorization: 'Bearer forged.token.here' } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { status: string } }).error.status).toBe('UNAUTHENTICATED');
  });

  it('a key that is not a service account key is named, and its contents never shown', () => {
    expect(() => parseServiceAccountKey('not json', 'GOOGLE_SERVICE_ACCOUNT_JSON')).toThrow(
      'GOOGLE_SERVICE_ACCOUNT_JSON is not a service account key: expected the JSON key file downloaded from Google Cloud',
    );
    const secret = '-----BEGIN PRIVATE KEY-----SECRETSECRET';
    let message = '';
    try {
      parseServiceAccountKey(JSON.stringify({ private_key: secret }), 'the key file key.json');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^the key file key\.json is not a usable service account key \(client_email missing or wrong\)/);
    expect(message).not.toContain('SECRET');
  });
});

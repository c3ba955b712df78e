import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer } from 'node:http';
import { JWT } from 'google-auth-library';
import { googleWorkspace, parseServiceAccountKey, retryAfterMs } from '../../src/adapters/google/workspace';
import { type FakeGoogle, makeServiceAccountKey, startFakeGoogle } from '../support/fake-google';
import { freePort } from '../support/free-port';

// The Google adapter through the real @googleapis clients against the loopback fake: what it reads and writes, how it
// retries, what it says when Google refuses, and that it never asks for a token.
let google: FakeGoogle;
beforeAll(async () => {
  google = await startFakeGoogle();
});
afterAll(async () => google.close());
beforeEach(() => google.reset());
afterEach(() => jest.restoreAllMocks());

const key = makeServiceAccountKey();
// Retries pause 1 ms in these tests.
const workspace = () => googleWorkspace({ credentials: key, apiRoot: google.url, retry: { firstDelayMs: 1, multiplier: 1 } });
const calls = (route: string) => google.requests.filter((r) => r.route === route);

describe('the Google workspace adapter', () => {
  it('reads the first tab, or a named one with a quote in its name, as rows of text in one request each', async () => {
    google.setSheet('s1', 'Stock', [
      ['sku', 'on_hand', ''],
      ['', '', ''],
      ['BEAN-HB', '58'],
      ['', ''],
    ]);
    google.setSheet('s1', "Bob's shelf", [['sku'], ['NUT-M6']]);
    // Trailing empty cells and rows are left out, an empty row in the middle comes back empty, as Sheets does.
    expect(await workspace().readSheet('s1')).toEqual({
      tab: 'Stock',
      rows: [['sku', 'on_hand'], [], ['BEAN-HB', '58']],
    });
    expect(await workspace().readSheet('s1', "Bob's shelf")).toEqual({ tab: "Bob's shelf", rows: [['sku'], ['NUT-M6']] });
    const reads = calls('get').map((r) => decodeURIComponent(r.path));
    expect(reads).toHaveLength(2);
    expect(reads[0]).toContain('/values/A1:GR200002?');
    expect(reads[1]).toContain("/values/'Bob''s shelf'!A1:GR200002?");
    expect(reads[1]).toContain('valueRenderOption=FORMATTED_VALUE');
  });

  it("tells a change by Drive's version, one request each, whoever made the change", async () => {
    google.setSheet('s1', 'Stock', [['sku', 'on_hand']], 'Shop stock');
    const first = await workspace().fileVersion('s1');
    expect(first).toEqual({ id: 's1', name: 'Shop stock', version: expect.any(String), modifiedTime: expect.any(String) });
    google.setSheet('s1', 'Stock', [
      ['sku', 'on_hand'],
      ['X', '1'],
    ]);
    const second = await workspace().fileVersion('s1');
    expect(Number(second.version)).toBe(Number(first.version) + 1);
    expect(second.modifiedTime > first.modifiedTime).toBe(true);
    await workspace().writeCells('s1', 'Stock', [{ cell: 'B2', value: 2 }]);
    expect(Number((await workspace().fileVersion('s1')).version)).toBe(Number(second.version) + 1);
    expect(calls('files.get')).toHaveLength(3);
    expect(calls('files.get')[0]!.path).toContain('fields=id%2Cname%2Cversion%2CmodifiedTime');
  });

  it('exports a Doc as plain text, without the byte-order mark and CRLFs Docs puts in; a huge one is refused', async () => {
    google.setDoc('d1', 'timezone: Europe/London\norder cap: 500\n');
    expect(await workspace().exportText('d1')).toBe('timezone: Europe/London\norder cap: 500\n');
    expect(calls('export')).toHaveLength(1);

    google.setDoc('huge', 'x'.repeat(2 * 1024 * 1024 + 1));
    await expect(workspace().exportText('huge')).rejects.toThrow('the document (id huge) is over 2 MB as text');
  });

  it('writes every cell in one RAW batchUpdate, so text that looks like a formula stays text; no cells, no request', async () => {
    google.setSheet('s1', "Bob's shelf", [
      ['sku', 'on_hand', 'note'],
      ['BEAN-HB', '58', ''],
    ]);
    await workspace().writeCells('s1', "Bob's shelf", [
      { cell: 'B2', value: 178 },
      { cell: 'C2', value: '=1+1' },
    ]);
    expect(calls('batchUpdate')).toHaveLength(1);
    expect(google.lastValueInputOption).toBe('RAW');
    expect(google.sheet('s1', "Bob's shelf")[1]).toEqual(['BEAN-HB', '178', '=1+1']);

    await workspace().writeCells('s1', "Bob's shelf", []);
    expect(calls('batchUpdate')).toHaveLength(1);
  });

  it('retries a 429 and a 5xx, then succeeds', async () => {
    google.setSheet('s1', 'Stock', [['sku']]);
    google.failNext('get', 429);
    expect((await workspace().readSheet('s1')).rows).toEqual([['sku']]);
    expect(calls('get')).toHaveLength(2);

    google.failNext('batchUpdate', 503, 2);
    await workspace().writeCells('s1', 'Stock', [{ cell: 'A2', value: 'NUT-M6' }]);
    expect(calls('batchUpdate')).toHaveLength(3);
    expect(google.sheet('s1', 'Stock')).toEqual([['sku'], ['NUT-M6']]);
  });

  it('gives up after five retries, saying the next run tries again', async () => {
    google.setSheet('s1', 'Stock', [['sku']]);
    google.failNext('files.get', 500, 10);
    await expect(workspace().fileVersion('s1')).rejects.toThrow(
      'Google had a problem serving the file (id s1) (HTTP 500) after retrying; the next run tries again (Internal error encountered.)',
    );
    expect(calls('files.get')).toHaveLength(6);
  });

  it('a 403 or 404 is not retried and says what to share with whom, with Google’s own words', async () => {
    google.setSheet('s1', 'Stock', [['sku']]);
    google.failNext('get', 403);
    await expect(workspace().readSheet('s1')).rejects.toThrow(
      `Google said the stock sheet (id s1) is not shared with ${key.client_email} or does not exist: share it with that address as Editor, and check the id (The caller does not have permission)`,
    );
    expect(calls('get')).toHaveLength(1);

    await expect(workspace().exportText('no-such-doc')).rejects.toThrow(
      `Google said the document (id no-such-doc) is not shared with ${key.client_email} or does not exist: share it with that address as Viewer, and check the id (File not found: no-such-doc.)`,
    );
    expect(calls('export')).toHaveLength(1);
  });

  it('a tab that is not there is named', async () => {
    google.setSheet('s1', 'Stock', [['sku']]);
    await expect(workspace().readSheet('s1', 'Stok')).rejects.toThrow('Google found no tab "Stok" in the stock sheet (id s1)');
    expect(calls('get')).toHaveLength(1);
  });

  it('signs its own tokens: no token exchange, not even after a 401 or 403, and no host but the API root', async () => {
    const port = await freePort();
    let tokenRequests = 0;
    const tokenServer = createServer((_req, res) => {
      tokenRequests += 1;
      res.end('{}');
    });
    await new Promise<void>((resolve) => tokenServer.listen(port, '127.0.0.1', resolve));
    const exchange = jest.spyOn(JWT.prototype as unknown as { refreshTokenNoCache: () => Promise<unknown> }, 'refreshTokenNoCache');
    const fetched = jest.spyOn(globalThis, 'fetch');
    try {
      google.setSheet('s1', 'Stock', [['sku']]);
      google.setDoc('d1', 'rules');
      const pointed = { ...key, token_uri: `http://127.0.0.1:${port}/token` };
      const ws = googleWorkspace({ credentials: pointed, apiRoot: google.url, retry: { firstDelayMs: 1 } });
      await ws.readSheet('s1');
      await ws.fileVersion('s1');
      await ws.exportText('d1');
      await ws.writeCells('s1', 'Stock', [{ cell: 'B1', value: 'on_hand' }]);
      google.failNext('get', 403);
      await expect(ws.readSheet('s1')).rejects.toThrow(/not shared with/);
      google.failNext('get', 401);
      await expect(ws.readSheet('s1')).rejects.toThrow(/refused the service account's key/);
      expect(exchange).not.toHaveBeenCalled();
      expect(tokenRequests).toBe(0);
      const urls = fetched.mock.calls.map(([url]) => String(url));
      expect(urls).toHaveLength(6);
      expect(urls.filter((u) => !u.startsWith(google.url))).toEqual([]);
      expect(google.authFailures).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => tokenServer.close(() => resolve()));
    }
  });

  it('the fake refuses what Google would: a forged token, or one signed by another key for the same account', async () => {
    google.setSheet('s1', 'Stock', [['sku']]);
    const forged = await fetch(`${google.url}v4/spreadsheets/s1/values/A1%3AB2`, {
      headers: { authorization: 'Bearer forged.token.here' },
    });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error: { status: string } }).error.status).toBe('UNAUTHENTICATED');

    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iss: key.client_email, sub: key.client_email, scope: 'https://www.googleapis.com/auth/spreadsheets', iat: now, exp: now + 3600 })}`;
    const token = `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), other).toString('base64url')}`;
    const impostor = await fetch(`${google.url}v4/spreadsheets/s1/values/A1%3AB2`, { headers: { authorization: `Bearer ${token}` } });
    expect(impostor.status).toBe(401);
    expect(google.authFailures.at(-1)).toMatch(/signature does not verify/);
  });

  it('the fake answers ranges as Sheets does: open-ended, a bare tab name, the range cut to the grid', async () => {
    const jwt = new JWT({ email: key.client_email, key: key.private_key, scopes: ['https://www.googleapis.com/auth/spreadsheets'] });
    jwt.useJWTAccessWithScope = true;
    const headers = await jwt.getRequestHeaders();
    const get = async (range: string) => {
      const res = await fetch(`${google.url}v4/spreadsheets/s1/values/${encodeURIComponent(range)}`, { headers });
      return { status: res.status, body: (await res.json()) as { range?: string; values?: string[][]; error?: { message: string } } };
    };
    google.setSheet('s1', 'Stock', [
      ['sku', 'on_hand'],
      ['BEAN-HB', '58'],
    ]);
    google.setSheet('s1', 'My stock', [['a', 'b', 'c']]);
    expect((await get('A1:GR200002')).body).toEqual({
      range: 'Stock!A1:Z1000',
      majorDimension: 'ROWS',
      values: [
        ['sku', 'on_hand'],
        ['BEAN-HB', '58'],
      ],
    });
    expect((await get('Stock!B:B')).body).toMatchObject({ range: 'Stock!B1:B1000', values: [['on_hand'], ['58']] });
    expect((await get('Stock!A2:B')).body.values).toEqual([['BEAN-HB', '58']]);
    expect((await get('Stock')).body.values).toHaveLength(2);
    expect((await get("'My stock'!B1:C1")).body).toMatchObject({ range: "'My stock'!B1:C1", values: [['b', 'c']] });
    expect((await get('Stock!C5:D9')).body).toEqual({ range: 'Stock!C5:D9', majorDimension: 'ROWS' });
    expect(await get('Nope!A1:B2')).toEqual({
      status: 400,
      body: { error: expect.objectContaining({ message: 'Unable to parse range: Nope!A1:B2' }) },
    });
  });

  it('an API root with a path is refused: the clients would drop the path', () => {
    expect(() => googleWorkspace({ credentials: key, apiRoot: `${google.url}google/` })).toThrow(/must be an origin/);
  });

  it('honours Retry-After in seconds or as a date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});

describe('the service account key', () => {
  const secret = '-----BEGIN PRIVATE KEY-----SECRETSECRET-----END PRIVATE KEY-----';
  const messageOf = (json: string, source: string) => {
    try {
      parseServiceAccountKey(json, source);
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error('expected the key to be refused');
  };

  it('reads a key as Google Cloud downloads it', () => {
    expect(parseServiceAccountKey(JSON.stringify(key), 'GOOGLE_SERVICE_ACCOUNT_JSON')).toEqual({
      client_email: key.client_email,
      private_key: key.private_key,
      private_key_id: key.private_key_id,
      project_id: key.project_id,
    });
  });

  it('names the setting and the field at fault, and never shows the key', () => {
    expect(messageOf('not json', 'GOOGLE_SERVICE_ACCOUNT_JSON')).toBe(
      'GOOGLE_SERVICE_ACCOUNT_JSON is not a service account key: expected the JSON key file downloaded from Google Cloud',
    );
    const noEmail = messageOf(JSON.stringify({ private_key: secret }), 'the key file key.json');
    expect(noEmail).toBe(
      'the key file key.json is not a usable service account key: client_email (the account’s address) is missing; download a new JSON key for the account',
    );
    const mangled = messageOf(JSON.stringify({ ...key, private_key: secret }), 'GOOGLE_SERVICE_ACCOUNT_JSON');
    expect(mangled).toMatch(
      /^GOOGLE_SERVICE_ACCOUNT_JSON is not a usable service account key: private_key cannot be read as a PEM private key/,
    );
    const oauthClient = messageOf(JSON.stringify({ type: 'authorized_user', client_secret: 'SECRET' }), 'GOOGLE_SERVICE_ACCOUNT_JSON');
    expect(oauthClient).toMatch(/is a Google credential of type "authorized_user", not a service account key/);
    for (const message of [noEmail, mangled, oauthClient]) expect(message).not.toContain('SECRET');
  });
});

import { createPublicKey, generateKeyPairSync, randomUUID, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A loopback fake of the parts of Google Sheets v4 and Drive v3 the sheet lane uses, speaking their wire format:
// Drive `files.get` and `files.export`, Sheets `values.get` and `values.batchUpdate`, Google's JSON error bodies, and
// a check of the self-signed JWT on every request (RS256, by the service account's key). The real clients talk to it
// through GOOGLE_API_ROOT.

export type GoogleRoute = 'files.get' | 'export' | 'get' | 'batchUpdate';

export interface FakeGoogle {
  /** The API root for both clients, ending with '/'. */
  url: string;
  /** Every request, answered or refused, in order. */
  requests: { method: string; route: GoogleRoute | 'unknown'; path: string; at: number }[];
  /** The valueInputOption of the last batchUpdate. */
  lastValueInputOption: string | undefined;
  /** Puts a spreadsheet's tab (the first tab set is the first tab); its Drive version goes up. */
  setSheet(id: string, tab: string, rows: string[][]): void;
  /** A tab's cells as they are now. */
  sheet(id: string, tab: string): string[][];
  /** Puts a Google Doc's text; its Drive version goes up. */
  setDoc(id: string, text: string): void;
  /**
   * The next `times` requests to `route` fail with `status` and Google's error body. `afterApplying`: a batchUpdate
   * is applied first and only its answer is lost (a write that landed, as far as the caller can tell, or not).
   */
  failNext(route: GoogleRoute, status: number, opts?: { times?: number; afterApplying?: boolean }): void;
  reset(): void;
  close(): Promise<void>;
}

/** A service account key as Google Cloud downloads it, with a key pair made here; its token_uri leads nowhere. */
export function makeServiceAccountKey(email = 'stockbot@shop-project.iam.gserviceaccount.com') {
  const { privateKey } = KEYS;
  return {
    type: 'service_account',
    project_id: 'shop-project',
    private_key_id: 'key-1',
    private_key: privateKey,
    client_email: email,
    client_id: '100000000000000000001',
    // A closed port: a client that tried a token exchange would fail here.
    token_uri: 'http://127.0.0.1:9/token',
  };
}

const KEYS = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const PUBLIC_KEY = createPublicKey(KEYS.publicKey);

const STATUS_NAME: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};
const MESSAGE: Record<number, string> = {
  403: 'The caller does not have permission',
  404: 'Requested entity was not found.',
  429: "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user'",
  500: 'Internal error encountered.',
  503: 'The service is currently unavailable.',
};

class GoogleError extends Error {
  constructor(
    readonly status: number,
    message = MESSAGE[status] ?? 'error',
  ) {
    super(message);
  }
}

/** True when the bearer token is a JWT signed by the fake's key for the service account, with a scope. */
function validJwt(header: string | undefined): boolean {
  const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
  const [head, body, signature] = token?.split('.') ?? [];
  if (!head || !body || !signature) return false;
  const ok = verify('RSA-SHA256', Buffer.from(`${head}.${body}`), PUBLIC_KEY, Buffer.from(signature, 'base64url'));
  if (!ok) return false;
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { iss?: string; scope?: string; exp?: number };
  return Boolean(claims.iss?.includes('@') && claims.scope && (claims.exp ?? 0) * 1000 > Date.now());
}

/** Column letters to a 0-based index. */
const columnIndex = (letters: string) => [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;

interface A1 {
  tab: string | null;
  from: { col: number; row: number };
  to: { col: number; row: number };
}

function parseA1(range: string): A1 {
  let tab: string | null = null;
  let cells = range;
  const quoted = /^'((?:[^']|'')*)'!(.*)$/.exec(range);
  if (quoted) {
    tab = quoted[1]!.replace(/''/g, "'");
    cells = quoted[2]!;
  } else if (range.includes('!')) {
    tab = range.slice(0, range.lastIndexOf('!'));
    cells = range.slice(range.lastIndexOf('!') + 1);
  }
  const [a, b = a] = cells.split(':');
  const cell = (ref: string) => {
    const m = /^([A-Z]+)(\d+)$/i.exec(ref);
    if (!m) throw new GoogleError(400, `Unable to parse range: ${range}`);
    return { col: columnIndex(m[1]!), row: Number(m[2]) - 1 };
  };
  return { tab, from: cell(a!), to: cell(b!) };
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

interface DriveFile {
  name: string;
  version: number;
  modifiedTime: string;
}

export async function startFakeGoogle(): Promise<FakeGoogle> {
  const tabs = new Map<string, Map<string, string[][]>>();
  const docs = new Map<string, string>();
  const files = new Map<string, DriveFile>();
  const failures: { route: GoogleRoute; status: number; times: number; afterApplying: boolean }[] = [];

  const touch = (id: string, name: string) => {
    const file = files.get(id);
    files.set(id, { name, version: (file?.version ?? 0) + 1, modifiedTime: new Date().toISOString() });
  };
  const tabOf = (id: string, name: string | null) => {
    const book = tabs.get(id);
    if (!book) throw new GoogleError(404);
    const tab = name ?? [...book.keys()][0]!;
    const rows = book.get(tab);
    if (!rows) throw new GoogleError(400, `Unable to parse range: ${tab}`);
    return { tab, rows };
  };
  const failure = (route: GoogleRoute) => {
    const f = failures.find((x) => x.route === route);
    if (!f) return null;
    f.times -= 1;
    if (f.times <= 0) failures.splice(failures.indexOf(f), 1);
    return f;
  };

  const send = (res: ServerResponse, status: number, body: unknown, type = 'application/json; charset=UTF-8') => {
    res.writeHead(status, { 'content-type': type });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const sendError = (res: ServerResponse, e: GoogleError) =>
    send(res, e.status, { error: { code: e.status, message: e.message, status: STATUS_NAME[e.status] ?? 'UNKNOWN' } });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake-google');
    const path = url.pathname;
    const body = await readBody(req);
    const match = (re: RegExp) => re.exec(path);
    const fileGet = match(/^\/drive\/v3\/files\/([^/]+)$/);
    const exportDoc = match(/^\/drive\/v3\/files\/([^/]+)\/export$/);
    const valuesGet = req.method === 'GET' ? match(/^\/v4\/spreadsheets\/([^/]+)\/values\/(.+)$/) : null;
    const batchUpdate = req.method === 'POST' ? match(/^\/v4\/spreadsheets\/([^/]+)\/values:batchUpdate$/) : null;
    const route: GoogleRoute | 'unknown' = fileGet
      ? 'files.get'
      : exportDoc
        ? 'export'
        : valuesGet
          ? 'get'
          : batchUpdate
            ? 'batchUpdate'
            : 'unknown';
    fake.requests.push({ method: req.method ?? '', route, path: `${path}${url.search}`, at: Date.now() });
    try {
      if (route === 'unknown') throw new GoogleError(404, `fake Google does not know ${req.method} ${path}`);
      if (!validJwt(req.headers.authorization)) throw new GoogleError(401, 'Request had invalid authentication credentials.');
      const failed = failure(route);
      if (failed && !failed.afterApplying) throw new GoogleError(failed.status);

      if (fileGet) {
        const id = decodeURIComponent(fileGet[1]!);
        const file = files.get(id);
        if (!file) throw new GoogleError(404, `File not found: ${id}.`);
        return send(res, 200, { kind: 'drive#file', id, name: file.name, version: String(file.version), modifiedTime: file.modifiedTime });
      }
      if (exportDoc) {
        const id = decodeURIComponent(exportDoc[1]!);
        const text = docs.get(id);
        if (text === undefined) throw new GoogleError(404, `File not found: ${id}.`);
        if (url.searchParams.get('mimeType') !== 'text/plain') throw new GoogleError(400, 'The requested conversion is not supported.');
        return send(res, 200, text, 'text/plain; charset=UTF-8');
      }
      if (valuesGet) {
        const a1 = parseA1(decodeURIComponent(valuesGet[2]!));
        const { tab, rows } = tabOf(decodeURIComponent(valuesGet[1]!), a1.tab);
        // Sheets leaves out trailing empty cells of each row and trailing empty rows.
        const values = rows
          .slice(a1.from.row, a1.to.row + 1)
          .map((r) => r.slice(a1.from.col, a1.to.col + 1))
          .map((r) => {
            const out = [...r];
            while (out.length > 0 && out.at(-1) === '') out.pop();
            return out;
          });
        while (values.length > 0 && values.at(-1)!.length === 0) values.pop();
        const quotedTab = `'${tab.replace(/'/g, "''")}'`;
        return send(res, 200, {
          range: `${quotedTab}!A1:N${Math.max(rows.length, 1)}`,
          majorDimension: 'ROWS',
          ...(values.length ? { values } : {}),
        });
      }
      if (batchUpdate) {
        const id = decodeURIComponent(batchUpdate[1]!);
        const request = JSON.parse(body) as { valueInputOption?: string; data?: { range: string; values: unknown[][] }[] };
        if (!request.valueInputOption) throw new GoogleError(400, "Invalid valueInputOption: ''");
        fake.lastValueInputOption = request.valueInputOption;
        let cellsUpdated = 0;
        for (const d of request.data ?? []) {
          const a1 = parseA1(d.range);
          const { rows } = tabOf(id, a1.tab);
          for (const [i, line] of d.values.entries()) {
            for (const [j, value] of line.entries()) {
              const r = a1.from.row + i;
              const c = a1.from.col + j;
              while (rows.length <= r) rows.push([]);
              const row = rows[r]!;
              while (row.length <= c) row.push('');
              // RAW keeps text as text; USER_ENTERED would have made "=…" a formula, so the fake marks it.
              const text = String(value);
              row[c] = request.valueInputOption === 'USER_ENTERED' && text.startsWith('=') ? `[formula]${text}` : text;
              cellsUpdated += 1;
            }
          }
        }
        touch(id, files.get(id)?.name ?? id);
        if (failed) throw new GoogleError(failed.status);
        return send(res, 200, { spreadsheetId: id, totalUpdatedCells: cellsUpdated, totalUpdatedRanges: request.data?.length ?? 0 });
      }
    } catch (err) {
      sendError(res, err instanceof GoogleError ? err : new GoogleError(500, String(err)));
    }
  };

  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const fake: FakeGoogle = {
    url: `http://127.0.0.1:${port}/`,
    requests: [],
    lastValueInputOption: undefined,
    setSheet(id, tab, rows) {
      const book = tabs.get(id) ?? new Map<string, string[][]>();
      book.set(
        tab,
        rows.map((r) => [...r]),
      );
      tabs.set(id, book);
      touch(id, `Stock ${randomUUID().slice(0, 4)}`);
    },
    sheet(id, tab) {
      return (tabs.get(id)?.get(tab) ?? []).map((r) => [...r]);
    },
    setDoc(id, text) {
      docs.set(id, text);
      touch(id, id);
    },
    failNext(route, status, opts = {}) {
      failures.push({ route, status, times: opts.times ?? 1, afterApplying: opts.afterApplying ?? false });
    },
    reset() {
      tabs.clear();
      docs.clear();
      files.clear();
      failures.length = 0;
      fake.requests.length = 0;
      fake.lastValueInputOption = undefined;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
  return fake;
}

import { createPublicKey, generateKeyPairSync, type KeyObject, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './read-body';

// A loopback fake of the parts of Google Sheets v4 and Drive v3 the sheet lane uses, speaking their wire format:
// Drive `files.get` and `files.export`, Sheets `values.get` and `values.batchUpdate`, Google's JSON error bodies, and
// a check of the self-signed JWT on every request (RS256, by the key of the service account it names, with a scope
// that covers the call). The real clients talk to it through GOOGLE_API_ROOT; anything else it is asked is answered
// 404 with the method and path in Google's error body, so a test shows what was called.

export type GoogleRoute = 'files.get' | 'export' | 'get' | 'batchUpdate';

export interface GoogleRequest {
  method: string;
  route: GoogleRoute | 'unknown';
  /** Path and query string, as sent. */
  path: string;
  at: number;
}

export interface DriveFileState {
  name: string;
  mimeType: string;
  /** Drive's version: it goes up on every change. */
  version: number;
  modifiedTime: string;
}

export interface FakeGoogle {
  /** The API root for both clients, ending with '/'. */
  url: string;
  /** Every request, answered or refused, in order. */
  requests: GoogleRequest[];
  /** The valueInputOption of the last batchUpdate. */
  lastValueInputOption: string | undefined;
  /** Why each refused bearer token was refused, for a test that wonders why it got a 401. */
  authFailures: string[];
  /** Puts a spreadsheet's tab (the first tab set is the first tab); its Drive version goes up. */
  setSheet(id: string, tab: string, rows: string[][], name?: string): void;
  /** A tab's cells as they are now (a copy). */
  sheet(id: string, tab: string): string[][];
  /** A spreadsheet's tabs in order. */
  tabs(id: string): string[];
  /** Puts a Google Doc's text; its Drive version goes up. */
  setDoc(id: string, text: string, name?: string): void;
  /** What Drive holds for a file. */
  file(id: string): DriveFileState | undefined;
  /**
   * The next `times` requests to `route` (1 unless told) fail with `status` and Google's error body. `afterApplying`:
   * a batchUpdate is applied first and only its answer is lost (a write that landed, as far as the caller can tell, or not).
   */
  failNext(
    route: GoogleRoute,
    status: 429 | 500 | 503 | 403 | 404 | (number & {}),
    times?: number | { times?: number; afterApplying?: boolean },
  ): void;
  reset(): void;
  close(): Promise<void>;
}

/** A service account's JSON key, as Google Cloud downloads it. */
export interface ServiceAccountKeyFile {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  auth_uri: string;
  token_uri: string;
}

/** The accounts made by makeServiceAccountKey, by email: the public half the fake checks signatures with. */
const ACCOUNTS = new Map<string, { keyId: string; publicKey: KeyObject; privateKey: string }>();

/**
 * A service account key as Google Cloud downloads it, with an RSA key pair made here (one per email, kept for the
 * test file's run). Its token_uri is a closed port: a client that tried a token exchange would fail there.
 */
export function makeServiceAccountKey(email = 'stockbot@shop-project.iam.gserviceaccount.com'): ServiceAccountKeyFile {
  let account = ACCOUNTS.get(email);
  if (!account) {
    const pair = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    account = { keyId: `key-${ACCOUNTS.size + 1}`, publicKey: createPublicKey(pair.publicKey), privateKey: pair.privateKey };
    ACCOUNTS.set(email, account);
  }
  return {
    type: 'service_account',
    project_id: 'shop-project',
    private_key_id: account.keyId,
    private_key: account.privateKey,
    client_email: email,
    client_id: '100000000000000000001',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: 'http://127.0.0.1:9/token',
  };
}

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
  429: "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com'",
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

const SHEETS_SCOPES = ['https://www.googleapis.com/auth/spreadsheets', 'https://www.googleapis.com/auth/drive'];
/** The scopes each call accepts (any one will do), as Google lists them for the method. */
const ROUTE_SCOPES: Record<GoogleRoute, string[]> = {
  get: [...SHEETS_SCOPES, 'https://www.googleapis.com/auth/spreadsheets.readonly', 'https://www.googleapis.com/auth/drive.readonly'],
  batchUpdate: SHEETS_SCOPES,
  'files.get': [
    'https://www.googleapis.com/auth/drive',
    'https://www.googleapis.com/auth/drive.readonly',
    'https://www.googleapis.com/auth/drive.metadata.readonly',
  ],
  export: ['https://www.googleapis.com/auth/drive', 'https://www.googleapis.com/auth/drive.readonly'],
};

const decodeJson = (part: string): Record<string, unknown> | undefined => {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Checks a self-signed service-account JWT as Google does: RS256, signed by the key of the account in `iss` (and the
 * key id in `kid`, when given), not expired, at most an hour long, with a scope (or an audience) in it. Returns why
 * not, or the scopes it grants (undefined for an audience-only token).
 */
function checkJwt(header: string | undefined): { refused: string } | { scopes: string[] | undefined } {
  const token = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
  if (!token) return { refused: 'no Authorization: Bearer header' };
  const [head, body, signature, ...extra] = token.split('.');
  if (!head || !body || !signature || extra.length > 0) return { refused: 'the bearer token is not a JWT' };
  const h = decodeJson(head);
  const claims = decodeJson(body);
  if (!h || !claims) return { refused: 'the JWT header or claims are not JSON' };
  if (h.alg !== 'RS256') return { refused: `the JWT is signed ${String(h.alg)}, not RS256` };
  const iss = typeof claims.iss === 'string' ? claims.iss : '';
  const account = ACCOUNTS.get(iss);
  if (!account) return { refused: `the JWT's iss (${iss || 'none'}) is no service account made by makeServiceAccountKey` };
  if (h.kid !== undefined && h.kid !== account.keyId) return { refused: `the JWT's kid ${String(h.kid)} is not ${account.keyId}` };
  if (!verify('RSA-SHA256', Buffer.from(`${head}.${body}`), account.publicKey, Buffer.from(signature, 'base64url'))) {
    return { refused: `the JWT's signature does not verify with ${iss}'s key` };
  }
  const now = Date.now() / 1000;
  const exp = typeof claims.exp === 'number' ? claims.exp : 0;
  const iat = typeof claims.iat === 'number' ? claims.iat : 0;
  if (exp <= now) return { refused: 'the JWT has expired' };
  if (exp - iat > 3600) return { refused: 'the JWT lasts more than an hour' };
  if (typeof claims.scope === 'string' && claims.scope.trim()) return { scopes: claims.scope.trim().split(/\s+/) };
  if (typeof claims.aud === 'string' && claims.aud) return { scopes: undefined };
  return { refused: 'the JWT has neither a scope nor an audience' };
}

/** Column letters to a 0-based index, and back. */
const columnIndex = (letters: string) => [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
const columnLetters = (index: number): string => {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
};

/** A range in A1 notation: 0-based, inclusive, an end missing when the range is open on that side (`A2:C`, `A:C`). */
interface A1 {
  tab: string | null;
  from: { col: number; row: number };
  to: { col: number | undefined; row: number | undefined };
}

const UNBOUNDED = { from: { col: 0, row: 0 }, to: { col: undefined, row: undefined } };

/** Parses `Tab!A1:C9`, `'Bob''s'!A1:GR200001`, `A2:C`, `A:C`, `B3`, or a bare tab name (the whole tab). */
function parseA1(range: string): A1 {
  let tab: string | null = null;
  let cells: string | null = range;
  const quoted = /^'((?:[^']|'')*)'(?:!(.*))?$/.exec(range);
  if (quoted) {
    tab = quoted[1]!.replace(/''/g, "'");
    cells = quoted[2] ?? null;
  } else if (range.includes('!')) {
    tab = range.slice(0, range.lastIndexOf('!'));
    cells = range.slice(range.lastIndexOf('!') + 1);
  }
  if (cells === null || cells === '') return { tab, ...UNBOUNDED };
  // Columns run to ZZZ at most, so "Stock" alone is a tab's name, not a column.
  const ref = /^([A-Z]{0,3})(\d*)$/i;
  const [a = '', b, ...rest] = cells.split(':');
  const start = ref.exec(a);
  const end = b === undefined ? start : ref.exec(b);
  if (!start || !end || rest.length > 0 || (!start[1] && !start[2]) || (!end[1] && !end[2])) {
    // No cell reference: Sheets reads a bare name as a whole tab.
    if (tab === null && !range.includes(':')) return { tab: range, ...UNBOUNDED };
    throw new GoogleError(400, `Unable to parse range: ${range}`);
  }
  return {
    tab,
    from: { col: start[1] ? columnIndex(start[1]) : 0, row: start[2] ? Number(start[2]) - 1 : 0 },
    to: { col: end[1] ? columnIndex(end[1]) : undefined, row: end[2] ? Number(end[2]) - 1 : undefined },
  };
}

/** A tab's name as Sheets writes it in a range: bare when it is a plain word, else quoted with quotes doubled. */
const tabRef = (tab: string) =>
  /^[A-Za-z_][A-Za-z0-9_]*$/.test(tab) && !/^[A-Za-z]{1,3}\d+$/.test(tab) ? tab : `'${tab.replace(/'/g, "''")}'`;

const a1 = (tab: string, from: { col: number; row: number }, to: { col: number; row: number }) =>
  `${tabRef(tab)}!${columnLetters(from.col)}${from.row + 1}:${columnLetters(to.col)}${to.row + 1}`;

const SPREADSHEET = 'application/vnd.google-apps.spreadsheet';
const DOCUMENT = 'application/vnd.google-apps.document';

/**
 * Starts the fake on 127.0.0.1, on a port the OS picks. Each spreadsheet has tabs of cell text (a new sheet's grid is
 * 1000 rows by 26 columns, or more when its rows need it), and a Drive entry whose version goes up on every change.
 */
export async function startFakeGoogle(): Promise<FakeGoogle> {
  const books = new Map<string, Map<string, string[][]>>();
  const docs = new Map<string, string>();
  const files = new Map<string, DriveFileState>();
  const failures: { route: GoogleRoute; status: number; times: number; afterApplying: boolean }[] = [];
  let lastModified = 0;

  const touch = (id: string, mimeType: string, name: string | undefined) => {
    const file = files.get(id);
    // Strictly later each time, as Drive's clock would be, even for two changes in one millisecond.
    lastModified = Math.max(Date.now(), lastModified + 1);
    files.set(id, {
      name: name ?? file?.name ?? id,
      mimeType,
      version: (file?.version ?? 0) + 1,
      modifiedTime: new Date(lastModified).toISOString(),
    });
  };
  const book = (id: string) => {
    const found = books.get(id);
    if (!found) throw new GoogleError(404);
    return found;
  };
  const tabOf = (id: string, range: string, name: string | null) => {
    const tabs = book(id);
    const tab = name ?? [...tabs.keys()][0]!;
    const rows = tabs.get(tab);
    if (!rows) throw new GoogleError(400, `Unable to parse range: ${range}`);
    return { tab, rows };
  };
  const failure = (route: GoogleRoute) => {
    const f = failures.find((x) => x.route === route);
    if (!f) return null;
    f.times -= 1;
    if (f.times <= 0) failures.splice(failures.indexOf(f), 1);
    return f;
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
    res.end(text);
  };
  const sendError = (res: ServerResponse, route: GoogleRoute | 'unknown', e: GoogleError) => {
    const error: Record<string, unknown> = { code: e.status, message: e.message, status: STATUS_NAME[e.status] ?? 'UNKNOWN' };
    // Drive v3 also lists the errors, each with a reason.
    if (route === 'files.get' || route === 'export')
      error.errors = [{ domain: 'global', reason: STATUS_NAME[e.status], message: e.message }];
    const headers: Record<string, string> =
      e.status === 401 ? { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' } : {};
    send(res, e.status, { error }, headers);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, url: URL, route: GoogleRoute | 'unknown', m: RegExpExecArray | null) => {
    const body = await readBody(req);
    if (route === 'unknown' || !m) throw new GoogleError(404, `fake Google does not know ${req.method} ${url.pathname}${url.search}`);
    const auth = checkJwt(req.headers.authorization);
    if ('refused' in auth) {
      fake.authFailures.push(auth.refused);
      throw new GoogleError(
        401,
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
      );
    }
    if (auth.scopes && !auth.scopes.some((s) => ROUTE_SCOPES[route].includes(s))) {
      throw new GoogleError(403, 'Request had insufficient authentication scopes.');
    }
    const failed = failure(route);
    // afterApplying means something only for a write; any other call just fails.
    if (failed && (!failed.afterApplying || route !== 'batchUpdate')) throw new GoogleError(failed.status);
    const id = decodeURIComponent(m[1]!);

    if (route === 'files.get') {
      const file = files.get(id);
      if (!file) throw new GoogleError(404, `File not found: ${id}.`);
      const all: Record<string, unknown> = { kind: 'drive#file', id, ...file, version: String(file.version) };
      // Drive gives kind, id, name and mimeType unless `fields` asks for others (version among them).
      const fields = url.searchParams.get('fields');
      const wanted = fields ? fields.split(',').map((f) => f.trim().replace(/\(.*$/, '')) : ['kind', 'id', 'name', 'mimeType'];
      if (wanted.includes('*')) return send(res, 200, all);
      return send(res, 200, Object.fromEntries(wanted.filter((f) => f in all).map((f) => [f, all[f]])));
    }
    if (route === 'export') {
      const file = files.get(id);
      if (!file) throw new GoogleError(404, `File not found: ${id}.`);
      const mimeType = url.searchParams.get('mimeType');
      if (!mimeType) throw new GoogleError(400, 'Required parameter: mimeType');
      if (file.mimeType !== DOCUMENT || mimeType !== 'text/plain') throw new GoogleError(400, 'The requested conversion is not supported.');
      // As Docs exports text: a byte-order mark first, lines ended with CRLF.
      const text = `\uFEFF${docs.get(id)!.replace(/\r?\n/g, '\r\n')}`;
      return send(res, 200, text, { 'content-type': 'text/plain; charset=UTF-8' });
    }
    if (route === 'get') {
      const range = decodeURIComponent(m[2]!);
      const majorDimension = url.searchParams.get('majorDimension') ?? 'ROWS';
      const render = url.searchParams.get('valueRenderOption') ?? 'FORMATTED_VALUE';
      if (majorDimension !== 'ROWS' || render !== 'FORMATTED_VALUE') {
        throw new GoogleError(400, `fake Google answers only majorDimension=ROWS with FORMATTED_VALUE, got ${majorDimension}, ${render}`);
      }
      const want = parseA1(range);
      const { tab, rows } = tabOf(id, range, want.tab);
      // The grid: a new sheet's 1000 × 26, or as big as the rows set need. The range answered is the one asked,
      // cut to the grid; the values leave out trailing empty cells of each row and trailing empty rows.
      const gridRows = Math.max(1000, rows.length);
      const gridCols = Math.max(26, ...rows.map((r) => r.length));
      const to = { col: Math.min(want.to.col ?? gridCols - 1, gridCols - 1), row: Math.min(want.to.row ?? gridRows - 1, gridRows - 1) };
      const values = rows
        .slice(want.from.row, to.row + 1)
        .map((r) => r.slice(want.from.col, to.col + 1))
        .map((r) => {
          const out = [...r];
          while (out.length > 0 && out.at(-1) === '') out.pop();
          return out;
        });
      while (values.length > 0 && values.at(-1)!.length === 0) values.pop();
      return send(res, 200, { range: a1(tab, want.from, to), majorDimension: 'ROWS', ...(values.length ? { values } : {}) });
    }
    // batchUpdate
    book(id);
    let request: { valueInputOption?: string; data?: { range: string; majorDimension?: string; values?: unknown[][] }[] };
    try {
      request = JSON.parse(body) as typeof request;
    } catch {
      throw new GoogleError(400, 'Invalid JSON payload received.');
    }
    const option = request.valueInputOption;
    if (!option) throw new GoogleError(400, "'valueInputOption' is required but not specified");
    if (option !== 'RAW' && option !== 'USER_ENTERED') throw new GoogleError(400, `Invalid value at 'value_input_option', "${option}"`);
    fake.lastValueInputOption = option;
    // Every range is checked before any is written: a batch lands whole or not at all.
    const writes = (request.data ?? []).map((d) => {
      const at = parseA1(d.range);
      return { at, ...tabOf(id, d.range, at.tab), values: d.values ?? [] };
    });
    const responses = writes.map(({ at, tab, rows, values }) => {
      let cells = 0;
      let width = 0;
      for (const [i, line] of values.entries()) {
        for (const [j, value] of line.entries()) {
          if (value === null || value === undefined) continue; // Sheets skips nulls
          const r = at.from.row + i;
          const c = at.from.col + j;
          while (rows.length <= r) rows.push([]);
          const row = rows[r]!;
          while (row.length <= c) row.push('');
          const text = typeof value === 'boolean' ? (value ? 'TRUE' : 'FALSE') : String(value);
          // RAW stores text as given. USER_ENTERED would parse "=…" as a formula; the fake cannot evaluate one, so it
          // marks it, and a test asserting the text as given fails.
          row[c] = option === 'USER_ENTERED' && text.startsWith('=') ? `[formula]${text}` : text;
          cells += 1;
          width = Math.max(width, j + 1);
        }
      }
      const to = { col: at.from.col + Math.max(width, 1) - 1, row: at.from.row + Math.max(values.length, 1) - 1 };
      return {
        spreadsheetId: id,
        updatedRange: a1(tab, at.from, to),
        updatedRows: values.length,
        updatedColumns: width,
        updatedCells: cells,
      };
    });
    touch(id, SPREADSHEET, undefined);
    if (failed) throw new GoogleError(failed.status);
    return send(res, 200, {
      spreadsheetId: id,
      totalUpdatedRows: responses.reduce((n, r) => n + r.updatedRows, 0),
      totalUpdatedColumns: Math.max(0, ...responses.map((r) => r.updatedColumns)),
      totalUpdatedCells: responses.reduce((n, r) => n + r.updatedCells, 0),
      totalUpdatedSheets: new Set(writes.map((w) => w.tab)).size,
      responses,
    });
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake-google');
    const path = url.pathname;
    // The paths the clients call: Drive on www.googleapis.com/drive/v3/…, Sheets on sheets.googleapis.com/v4/….
    const routes: [GoogleRoute, string, RegExp][] = [
      ['files.get', 'GET', /^\/drive\/v3\/files\/([^/]+)$/],
      ['export', 'GET', /^\/drive\/v3\/files\/([^/]+)\/export$/],
      ['get', 'GET', /^\/v4\/spreadsheets\/([^/]+)\/values\/([^/]+)$/],
      ['batchUpdate', 'POST', /^\/v4\/spreadsheets\/([^/]+)\/values:batchUpdate$/],
    ];
    let route: GoogleRoute | 'unknown' = 'unknown';
    let m: RegExpExecArray | null = null;
    for (const [name, method, re] of routes) {
      const found = req.method === method ? re.exec(path) : null;
      if (found) {
        route = name;
        m = found;
        break;
      }
    }
    fake.requests.push({ method: req.method ?? '', route, path: `${path}${url.search}`, at: Date.now() });
    handle(req, res, url, route, m).catch((err: unknown) => {
      if (res.headersSent) return void res.end();
      sendError(res, route, err instanceof GoogleError ? err : new GoogleError(500, `fake Google failed: ${String(err)}`));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const fake: FakeGoogle = {
    url: `http://127.0.0.1:${port}/`,
    requests: [],
    lastValueInputOption: undefined,
    authFailures: [],
    setSheet(id, tab, rows, name) {
      const tabs = books.get(id) ?? new Map<string, string[][]>();
      tabs.set(
        tab,
        rows.map((r) => [...r]),
      );
      books.set(id, tabs);
      touch(id, SPREADSHEET, name ?? files.get(id)?.name ?? 'Stock');
    },
    sheet(id, tab) {
      return (books.get(id)?.get(tab) ?? []).map((r) => [...r]);
    },
    tabs(id) {
      return [...(books.get(id)?.keys() ?? [])];
    },
    setDoc(id, text, name) {
      docs.set(id, text);
      touch(id, DOCUMENT, name);
    },
    file(id) {
      const file = files.get(id);
      return file ? { ...file } : undefined;
    },
    failNext(route, status, times = 1) {
      const opts = typeof times === 'number' ? { times } : times;
      failures.push({ route, status, times: opts.times ?? 1, afterApplying: opts.afterApplying ?? false });
    },
    reset() {
      books.clear();
      docs.clear();
      files.clear();
      failures.length = 0;
      fake.requests.length = 0;
      fake.authFailures.length = 0;
      fake.lastValueInputOption = undefined;
    },
    async close() {
      server.closeAllConnections(); // the clients keep connections alive; don't wait for them to idle out
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
  return fake;
}

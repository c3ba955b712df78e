import { createPrivateKey } from 'node:crypto';
import { drive, type drive_v3 } from '@googleapis/drive';
import { sheets, type sheets_v4 } from '@googleapis/sheets';
import { JWT } from 'google-auth-library';
import { z } from 'zod';
import type { CellWrite, FileVersion, GoogleWorkspace, SheetGrid } from './index';

// Sheets and Drive as a service account, through Google's per-API clients. Every request carries a JWT the app signs
// itself with the account's key (Google accepts these for service accounts), so there is no token exchange: the
// only hosts reached are the two APIs, and GOOGLE_API_ROOT can point both at a loopback fake.

const ServiceAccountKeySchema = z.object({
  client_email: z.email(),
  private_key: z.string().includes('PRIVATE KEY'),
  private_key_id: z.string().optional(),
  project_id: z.string().optional(),
});
export type ServiceAccountKey = z.infer<typeof ServiceAccountKeySchema>;

const KEY_FIELDS: Record<string, string> = {
  client_email: 'client_email (the account’s address)',
  private_key: 'private_key (a PEM "-----BEGIN PRIVATE KEY-----" block)',
  private_key_id: 'private_key_id',
  project_id: 'project_id',
};

/**
 * Reads a service account's JSON key; a bad one is named by `source`, with the field at fault. The message never
 * holds a value from the key: the private key is a secret, and messages end up in logs and Slack.
 */
export function parseServiceAccountKey(json: string, source: string): ServiceAccountKey {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error(`${source} is not a service account key: expected the JSON key file downloaded from Google Cloud`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${source} is not a service account key: expected the JSON key file downloaded from Google Cloud`);
  }
  const record = value as Record<string, unknown>;
  // An OAuth client's JSON ("installed" or "web") is the usual mix-up: say so rather than list its missing fields.
  if (typeof record.type === 'string' && record.type !== 'service_account') {
    throw new Error(
      `${source} is a Google credential of type "${record.type}", not a service account key: create a key for the service account (type service_account)`,
    );
  }
  const parsed = ServiceAccountKeySchema.safeParse(value);
  if (!parsed.success) {
    const problems = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')))].map((field) => {
      const name = KEY_FIELDS[field] ?? (field || 'the key');
      return record[field] === undefined ? `${name} is missing` : `${name} is not valid`;
    });
    throw new Error(`${source} is not a usable service account key: ${problems.join('; ')}; download a new JSON key for the account`);
  }
  // A key mangled on the way (newlines lost when pasted into a setting) would otherwise fail at the first request,
  // looking like a network fault.
  try {
    createPrivateKey(parsed.data.private_key);
  } catch {
    throw new Error(
      `${source} is not a usable service account key: private_key cannot be read as a PEM private key (were its line breaks lost when it was copied?); download a new JSON key for the account`,
    );
  }
  return parsed.data;
}

const SCOPES = ['https://www.googleapis.com/auth/spreadsheets', 'https://www.googleapis.com/auth/drive.readonly'];

/**
 * The window read of the stock sheet: 200 columns (A to GR) and the header, the 200,000 item rows a stock sheet may
 * have (MAX_STOCK_SHEET_ROWS) and one more. It bounds the memory a sparse giant sheet can take, and the extra row
 * lets a sheet filled past the limit be refused by the row limit, as a CSV file is, instead of being cut short
 * without a word.
 */
const SHEET_RANGE = 'A1:GR200002';
/** A rules or supplier doc is a page or two of text; anything this big is the wrong document. */
export const MAX_DOC_BYTES = 2 * 1024 * 1024;

export interface RetryOptions {
  /** Retries after the first attempt; 5 unless told. */
  retries?: number;
  /** The pause before the first retry, in ms; 1000 unless told. */
  firstDelayMs?: number;
  /** Each pause is the previous one times this; 2 unless told (1: a fixed pause). */
  multiplier?: number;
  /** No pause is longer than this, Retry-After included; 32,000 ms unless told. */
  maxDelayMs?: number;
}

export interface GoogleWorkspaceOptions {
  credentials: ServiceAccountKey;
  /**
   * Another root for both APIs (the tests' loopback fake), e.g. http://127.0.0.1:4123/. Only its origin counts: the
   * clients put each method's absolute path (/v4/…, /drive/v3/…) on it, so a path here would be dropped.
   */
  apiRoot?: string;
  /**
   * Retries of a 429 or 5xx, with exponential backoff as Google advises, honouring Retry-After. Writes are retried
   * too: each sets cells to given values, so a repeat lands the same.
   */
  retry?: RetryOptions;
}

/** A-1 notation for a tab: quoted, with any quote in the name doubled. */
const tabRange = (tab: string, cells: string) => `'${tab.replace(/'/g, "''")}'!${cells}`;

/** The tab a values response came from: `Sheet1!A1:N40` or `'My stock'!A1:N40`. */
export function tabOfRange(range: string): string {
  const quoted = /^'((?:[^']|'')*)'!/.exec(range);
  if (quoted) return quoted[1]!.replace(/''/g, "'");
  const bang = range.lastIndexOf('!');
  return bang < 0 ? range : range.slice(0, bang);
}

/** The part of a failed gaxios request the retry and the messages read (gaxios is the clients' HTTP layer). */
interface FailedRequest {
  status?: number;
  message?: string;
  response?: { status?: number; data?: unknown; headers?: Headers };
  config?: { retryConfig?: { currentRetryAttempt?: number } };
}

interface GoogleErrorBody {
  error?: { code?: number; message?: string; status?: string };
}

/** A Retry-After header as a pause in ms (seconds or an HTTP date), or undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Google's refusal in the shop's words: what to share with whom, or what is wrong, with Google's own message after.
 * `what` names the document ("the stock sheet (id …)").
 */
function explain(err: unknown, what: string, account: string, role: 'Editor' | 'Viewer', tab?: string): Error {
  const e = err as FailedRequest;
  const status = e.response?.status ?? e.status;
  const data = e.response?.data;
  const body = (typeof data === 'string' ? safeJson(data) : data) as GoogleErrorBody | undefined;
  const said = body?.error?.message ?? e.message ?? String(err);
  let advice: string;
  if (status === 403 || status === 404) {
    advice = `Google said ${what} is not shared with ${account} or does not exist: share it with that address as ${role}, and check the id`;
  } else if (status === 400 && tab !== undefined && /Unable to parse range/i.test(said)) {
    advice = `Google found no tab "${tab}" in ${what}: check the tab's name in the settings, or leave it unset to read the first tab`;
  } else if (status === 401) {
    advice = `Google refused the service account's key for ${what}: check the key is current (download a new one if it was deleted)`;
  } else if (status === 429) {
    advice = `Google's quota was still exceeded for ${what} after retrying; the next run tries again`;
  } else if (status !== undefined && status >= 500) {
    advice = `Google had a problem serving ${what} (HTTP ${status}) after retrying; the next run tries again`;
  } else if (status !== undefined) {
    advice = `Google refused the request for ${what} (HTTP ${status})`;
  } else {
    advice = `Google could not be reached for ${what}`;
  }
  return new Error(`${advice} (${said})`, { cause: err });
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

export function googleWorkspace(options: GoogleWorkspaceOptions): GoogleWorkspace {
  const { credentials } = options;
  const auth = new JWT({
    email: credentials.client_email,
    key: credentials.private_key,
    ...(credentials.private_key_id ? { keyId: credentials.private_key_id } : {}),
    scopes: SCOPES,
  });
  // Sign our own access tokens with the scopes in them rather than trading a signed assertion for a token at
  // Google's token endpoint: JWT.getRequestMetadataAsync then signs locally (JWTAccess), and the refresh-on-401/403
  // path never runs because no access_token is ever stored. One less host, and no token request to fake in tests.
  auth.useJWTAccessWithScope = true;

  let rootUrl: string | undefined;
  if (options.apiRoot) {
    const root = new URL(options.apiRoot);
    if (root.pathname !== '/' || root.search || root.hash) {
      throw new Error(`the Google API root must be an origin such as http://127.0.0.1:4123/, got ${options.apiRoot}`);
    }
    rootUrl = `${root.origin}/`;
  }

  const retries = options.retry?.retries ?? 5;
  const firstDelayMs = options.retry?.firstDelayMs ?? 1000;
  const multiplier = options.retry?.multiplier ?? 2;
  const maxDelayMs = options.retry?.maxDelayMs ?? 32_000;
  const retryConfig = {
    retry: retries,
    // A dropped connection is retried as a 5xx is.
    noResponseRetries: retries,
    httpMethodsToRetry: ['GET', 'POST'],
    statusCodesToRetry: [
      [429, 429],
      [500, 599],
    ],
    // gaxios's own backoff uses retryDelay for the first pause only and whole seconds after it, and ignores
    // Retry-After; this pause is the one configured, doubling, or what Google asked for, capped either way.
    retryBackoff: (err: FailedRequest) => {
      const attempt = err.config?.retryConfig?.currentRetryAttempt ?? 1;
      const asked = retryAfterMs(err.response?.headers?.get?.('retry-after'));
      const delay = Math.min(maxDelayMs, asked ?? firstDelayMs * multiplier ** Math.max(0, attempt - 1));
      return new Promise<void>((resolve) => setTimeout(resolve, delay));
    },
  };
  // Node's own fetch: gaxios would otherwise import node-fetch at run time, an ES module that neither the Lambda
  // bundle nor the test runner loads dynamically.
  const common = { auth, ...(rootUrl ? { rootUrl } : {}), retryConfig, fetchImplementation: fetch };
  const sheetsApi: sheets_v4.Sheets = sheets({ version: 'v4', ...common });
  const driveApi: drive_v3.Drive = drive({ version: 'v3', ...common });
  const account = credentials.client_email;

  return {
    async fileVersion(fileId): Promise<FileVersion> {
      try {
        const { data } = await driveApi.files.get({ fileId, fields: 'id,name,version,modifiedTime', supportsAllDrives: true });
        return { id: data.id ?? fileId, name: data.name ?? '', version: String(data.version ?? ''), modifiedTime: data.modifiedTime ?? '' };
      } catch (err) {
        throw explain(err, `the file (id ${fileId})`, account, 'Viewer');
      }
    },

    async readSheet(spreadsheetId, tab): Promise<SheetGrid> {
      try {
        // No tab: Sheets reads the first visible one and names it in `range`.
        const { data } = await sheetsApi.spreadsheets.values.get({
          spreadsheetId,
          range: tab ? tabRange(tab, SHEET_RANGE) : SHEET_RANGE,
          valueRenderOption: 'FORMATTED_VALUE',
          majorDimension: 'ROWS',
        });
        // Sheets leaves out trailing empty cells and rows, and gives an empty row in the middle as []: kept as given.
        const rows = (data.values ?? []).map((r) => (r ?? []).map((c) => (c === null || c === undefined ? '' : String(c))));
        return { tab: tab ?? tabOfRange(data.range ?? ''), rows };
      } catch (err) {
        throw explain(err, `the stock sheet (id ${spreadsheetId})`, account, 'Editor', tab);
      }
    },

    async exportText(docId): Promise<string> {
      let text: string;
      try {
        const { data } = await driveApi.files.export({ fileId: docId, mimeType: 'text/plain' }, { responseType: 'text' });
        text = typeof data === 'string' ? data : String(data ?? '');
      } catch (err) {
        throw explain(err, `the document (id ${docId})`, account, 'Viewer');
      }
      if (Buffer.byteLength(text, 'utf8') > MAX_DOC_BYTES) {
        throw new Error(`the document (id ${docId}) is over 2 MB as text: a rules or supplier doc is a page or two; check the id`);
      }
      // Docs' text export starts with a byte-order mark and ends lines with CRLF; the readers get plain lines.
      return text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
    },

    async writeCells(spreadsheetId, tab, cells: readonly CellWrite[]): Promise<void> {
      if (cells.length === 0) return;
      try {
        await sheetsApi.spreadsheets.values.batchUpdate({
          spreadsheetId,
          requestBody: {
            // RAW: a value is stored as given, so text that looks like a formula stays text.
            valueInputOption: 'RAW',
            data: cells.map((c) => ({ range: tabRange(tab, c.cell), values: [[c.value]] })),
          },
        });
      } catch (err) {
        throw explain(err, `the stock sheet (id ${spreadsheetId})`, account, 'Editor', tab);
      }
    },
  };
}

import { drive, type drive_v3 } from '@googleapis/drive';
import { sheets, type sheets_v4 } from '@googleapis/sheets';
import { JWT } from 'google-auth-library';
import { z } from 'zod';
import type { CellWrite, FileVersion, GoogleWorkspace, SheetGrid } from './index';

// Sheets and Drive as a service account, through Google's per-API clients. Every request carries a JWT the app signs
// itself with the account's key (Google accepts these for service accounts), so there is no token exchange: the
// only hosts reached are the two APIs, and GOOGLE_API_ROOT can point both at a loopback fake.

const ServiceAccountKeySchema = z.object({
  client_email: z.string().email(),
  private_key: z.string().includes('PRIVATE KEY'),
  private_key_id: z.string().optional(),
  project_id: z.string().optional(),
});
export type ServiceAccountKey = z.infer<typeof ServiceAccountKeySchema>;

/** Reads a service account's JSON key; a bad one is named by `source`, and the key itself never appears in the message. */
export function parseServiceAccountKey(json: string, source: string): ServiceAccountKey {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error(`${source} is not a service account key: expected the JSON key file downloaded from Google Cloud`);
  }
  const parsed = ServiceAccountKeySchema.safeParse(value);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || 'the key'))].join(', ');
    throw new Error(`${source} is not a usable service account key (${fields} missing or wrong): download a new JSON key for the account`);
  }
  return parsed.data;
}

const SCOPES = ['https://www.googleapis.com/auth/spreadsheets', 'https://www.googleapis.com/auth/drive.readonly'];

/** The most a stock sheet may have: 200 columns (A to GR) and 200,000 item rows under the header. */
const SHEET_RANGE = 'A1:GR200001';
/** A rules or supplier doc is a page or two of text; anything this big is the wrong document. */
export const MAX_DOC_BYTES = 2 * 1024 * 1024;

export interface GoogleWorkspaceOptions {
  credentials: ServiceAccountKey;
  /** Another root for both APIs (the tests' loopback fake), e.g. http://127.0.0.1:4123/. */
  apiRoot?: string;
  /**
   * Retries of a 429 or 5xx (writes too: each sets cells to given values, so a repeat lands the same), with the first
   * delay and backoff; Google's advice is exponential backoff.
   */
  retry?: { retries?: number; firstDelayMs?: number; multiplier?: number };
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

interface GoogleErrorBody {
  error?: { code?: number; message?: string; status?: string };
}

/**
 * Google's refusal in the shop's words: what to share with whom, or what is wrong, with Google's own message after.
 * `what` names the document ("the stock sheet (id …)").
 */
function explain(err: unknown, what: string, account: string, role: 'Editor' | 'Viewer'): Error {
  const e = err as { status?: number; response?: { status?: number; data?: unknown }; message?: string; code?: string };
  const status = e.status ?? e.response?.status;
  const body = (typeof e.response?.data === 'string' ? safeJson(e.response.data) : e.response?.data) as GoogleErrorBody | undefined;
  const said = body?.error?.message ?? e.message ?? String(err);
  const advice =
    status === 403 || status === 404
      ? `Google said ${what} is not shared with ${account} or does not exist: share it with that address as ${role}, and check the id`
      : status === 401
        ? `Google refused the service account's key for ${what}: check the key is current (download a new one if it was deleted)`
        : status === 429
          ? `Google's quota was still exceeded for ${what} after retrying; the next run tries again`
          : status !== undefined && status >= 500
            ? `Google had a problem serving ${what} (HTTP ${status}) after retrying; the next run tries again`
            : `Google could not be reached for ${what}`;
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
  // Google's fixed token endpoint: one less host, and no token request to fake in tests.
  auth.useJWTAccessWithScope = true;
  const rootUrl = options.apiRoot ? (options.apiRoot.endsWith('/') ? options.apiRoot : `${options.apiRoot}/`) : undefined;
  const retryConfig = {
    retry: options.retry?.retries ?? 5,
    retryDelay: options.retry?.firstDelayMs ?? 500,
    retryDelayMultiplier: options.retry?.multiplier ?? 2,
    maxRetryDelay: 32_000,
    httpMethodsToRetry: ['GET', 'POST'],
    statusCodesToRetry: [
      [429, 429],
      [500, 599],
    ],
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
        const { data } = await sheetsApi.spreadsheets.values.get({
          spreadsheetId,
          range: tab ? tabRange(tab, SHEET_RANGE) : SHEET_RANGE,
          valueRenderOption: 'FORMATTED_VALUE',
          majorDimension: 'ROWS',
        });
        const rows = (data.values ?? []).map((r) => (r ?? []).map((c) => (c === null || c === undefined ? '' : String(c))));
        return { tab: tab ?? tabOfRange(data.range ?? 'Sheet1'), rows };
      } catch (err) {
        throw explain(err, `the stock sheet (id ${spreadsheetId}${tab ? `, tab "${tab}"` : ''})`, account, 'Editor');
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
      return text.replace(/^\uFEFF/, '');
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
        throw explain(err, `the stock sheet (id ${spreadsheetId})`, account, 'Editor');
      }
    },
  };
}

import { join, relative, resolve } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import { readFileSync } from 'node:fs';
import type { DocumentOriginals, DocumentSource, SyncedCopies } from './adapters/documents';
import { localDocuments, localOriginals, type LocalDocumentPaths } from './adapters/documents/local-files';
import { localSyncedCopies, syncedDocuments } from './adapters/documents/synced';
import type { GoogleDocumentIds, GoogleWorkspace } from './adapters/google';
import { GOOGLE_DOCUMENT_NAMES, googleOriginals } from './adapters/google/originals';
import { localFiles, type FileStore } from './adapters/files';
import { localRawMail, type RawMailStore } from './adapters/mail-in';
import { ruleRowProposer, type RowProposer } from './adapters/model/row-proposer';
import { templateNarrativeWriter, type NarrativeWriter } from './adapters/model/narrative';
import type { ChartRenderer } from './adapters/charts';
import { noDocumentReader, type DocumentReader } from './adapters/reader';
import type { MailPort } from './adapters/mail';
import type { CauseSuggester } from './adapters/model';
import { rulesCauseSuggester } from './adapters/model/rules';
import type { QueueName, WorkItem, WorkQueue } from './adapters/queue';
import type { InProcessQueue } from './adapters/queue/in-process';
import { everyMinuteSweep, type DeliveryScheduler } from './adapters/scheduler';
import type { Chat } from './adapters/slack/chat';
import { appConfigFromEnv, slackConfigured, type AppConfig } from './config/app-config';
import type { Deps } from './services/deps';
import type { PosSettings } from './domain/pos';
import type { Services } from './services/services';
import type { Store, StoreOptions, StoreTarget } from './store/open-store';

// The composition root: the only code that reads the environment to choose an adapter for each port. Every process
// (`serve`, each CLI command, the demo, each Lambda function) gets its dependencies from here. SDKs are loaded only
// when their adapter is chosen, so a command that needs no Slack and no AWS (`check --dry-run`, `reconcile`) loads
// neither.

/** The package root: examples/ lives here whether the code runs from dist/ or from src/. */
export const PACKAGE_ROOT = resolve(__dirname, '..');

const onLambda = (env: NodeJS.ProcessEnv): boolean => Boolean(env.AWS_LAMBDA_FUNCTION_NAME);

/** Where local state lives: `.data` unless STOCKBOT_DATA_DIR says otherwise. */
export const dataDir = (env: NodeJS.ProcessEnv): string => env.STOCKBOT_DATA_DIR?.trim() || '.data';

export function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new Error(`${name} is not set; serverless.yml sets it for the functions that need it`);
  return value;
}

/** An AWS SDK client's config: the region, and `AWS_ENDPOINT_URL_<SERVICE>` when set (the tests' loopback fakes). */
export function awsClientConfig(env: NodeJS.ProcessEnv, service: string): { region?: string; endpoint?: string } {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const endpoint = env[`AWS_ENDPOINT_URL_${service}`]?.trim();
  return { ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}) };
}

// ---- store ----

/**
 * DYNAMODB_ENDPOINT=<url> selects that DynamoDB, DYNAMODB_ENDPOINT=aws (or running inside Lambda) selects AWS's;
 * otherwise the embedded DynamoDB Local keeps its data under `<data dir>/dynamodb` (in memory when `embeddedDataDir`
 * is undefined).
 */
export function storeOptionsFromEnv(
  env: NodeJS.ProcessEnv,
  embeddedDataDir: string | undefined = join(dataDir(env), 'dynamodb'),
): StoreOptions {
  const endpoint = env.DYNAMODB_ENDPOINT?.trim();
  const target: StoreTarget =
    onLambda(env) || endpoint === 'aws'
      ? { kind: 'aws' }
      : endpoint
        ? { kind: 'endpoint', endpoint }
        : { kind: 'embedded', ...(embeddedDataDir === undefined ? {} : { dataDir: embeddedDataDir }) };
  return {
    target,
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'eu-west-2',
    tablePrefix: env.TABLE_PREFIX ?? 'stockbot-',
    createTables: target.kind !== 'aws',
  };
}

/** Opens the store the environment names (the DynamoDB SDK is loaded here, not before). */
export async function storeFromEnv(env: NodeJS.ProcessEnv): Promise<Store> {
  const { openStore } = require('./store/open-store') as typeof import('./store/open-store');
  return openStore(storeOptionsFromEnv(env));
}

// ---- documents ----

/** Flags that name documents on the command line; each wins over its setting. */
export interface DocumentFlags {
  sheet?: string | undefined;
  rules?: string | undefined;
  suppliers?: string | undefined;
}

/** The local document files: a flag, else STOCK_SHEET / RULES_DOC / SUPPLIER_DOC, else the example shop. */
export function documentPaths(env: NodeJS.ProcessEnv, flags: DocumentFlags = {}): LocalDocumentPaths {
  const pick = (flag: string | undefined, setting: string | undefined, example: string) =>
    relative(process.cwd(), resolve(flag ?? setting ?? resolve(PACKAGE_ROOT, 'examples', example))) || '.';
  return {
    stockSheet: pick(flags.sheet, env.STOCK_SHEET, 'stock.csv'),
    rules: pick(flags.rules, env.RULES_DOC, 'rules.txt'),
    suppliers: pick(flags.suppliers, env.SUPPLIER_DOC, 'suppliers.txt'),
  };
}

/** The documents as workflows read them, where staff edit them, and where the sheet sync keeps its copies. */
export interface DocumentPorts {
  documents: DocumentSource;
  originals: DocumentOriginals | null;
  syncedCopies: SyncedCopies | null;
}

/** Google is configured: the stock sheet is a Google Sheet and the two docs are Google Docs. */
export const googleConfigured = (env: NodeJS.ProcessEnv): boolean => Boolean(env.STOCK_SHEET_ID?.trim());

/** The three Google ids, each required once STOCK_SHEET_ID says the documents live in Google. */
export function googleDocumentIds(env: NodeJS.ProcessEnv): GoogleDocumentIds {
  const need = (name: string) => {
    const value = env[name]?.trim();
    if (!value)
      throw new Error(`${name} is not set: with STOCK_SHEET_ID set, set RULES_DOC_ID and SUPPLIER_DOC_ID too (each Doc's id from its URL)`);
    return value;
  };
  const tab = env.STOCK_SHEET_TAB?.trim();
  return {
    stockSheet: need('STOCK_SHEET_ID'),
    ...(tab ? { stockSheetTab: tab } : {}),
    rules: need('RULES_DOC_ID'),
    suppliers: need('SUPPLIER_DOC_ID'),
  };
}

/**
 * The service account's key: the key file's text in GOOGLE_SERVICE_ACCOUNT_JSON (on AWS, from the secret), or the file
 * GOOGLE_APPLICATION_CREDENTIALS names; `source` names it in messages.
 */
function googleKeyFromEnv(env: NodeJS.ProcessEnv): { text: string; source: string } {
  const inline = env.GOOGLE_SERVICE_ACCOUNT_JSON?.trim();
  if (inline) return { text: inline, source: 'GOOGLE_SERVICE_ACCOUNT_JSON' };
  const path = env.GOOGLE_APPLICATION_CREDENTIALS?.trim();
  if (!path) {
    throw new Error(
      'STOCK_SHEET_ID is set but no Google key is: set GOOGLE_APPLICATION_CREDENTIALS to the service account key file (or GOOGLE_SERVICE_ACCOUNT_JSON to its text)',
    );
  }
  try {
    return { text: readFileSync(path, 'utf8'), source: `the key file ${path}` };
  } catch (err) {
    throw new Error(`GOOGLE_APPLICATION_CREDENTIALS names ${path}, which cannot be read: ${(err as Error).message}`);
  }
}

/**
 * Sheets and Drive as the service account; GOOGLE_API_ROOT points both APIs elsewhere (the tests' loopback fake). The
 * Google clients are loaded here, not before.
 */
export function googleWorkspaceFromEnv(env: NodeJS.ProcessEnv, key = googleKeyFromEnv(env)): GoogleWorkspace {
  const { googleWorkspace, parseServiceAccountKey } =
    require('./adapters/google/workspace') as typeof import('./adapters/google/workspace');
  const apiRoot = env.GOOGLE_API_ROOT?.trim();
  // GOOGLE_RETRY_DELAY_MS: a fixed pause between retries instead of Google's exponential backoff (the tests' fake).
  const delay = Number(env.GOOGLE_RETRY_DELAY_MS);
  return googleWorkspace({
    credentials: parseServiceAccountKey(key.text, key.source),
    ...(apiRoot ? { apiRoot } : {}),
    ...(Number.isFinite(delay) && delay > 0 ? { retry: { firstDelayMs: delay, multiplier: 1 } } : {}),
  });
}

/**
 * The Google documents where staff edit them. The settings are checked now, so a missing one names itself at start;
 * the Google clients load on first use, so a command that only reads the synced copies never loads them.
 */
function googleOriginalsFromEnv(env: NodeJS.ProcessEnv): DocumentOriginals {
  const ids = googleDocumentIds(env);
  const key = googleKeyFromEnv(env);
  let originals: DocumentOriginals | undefined;
  const open = () => (originals ??= googleOriginals(googleWorkspaceFromEnv(env, key), ids));
  return {
    stamps: () => open().stamps(),
    readStockSheet: () => open().readStockSheet(),
    readRulesText: () => open().readRulesText(),
    readSuppliersText: () => open().readSuppliersText(),
    openStockSheet: () => open().openStockSheet(),
    describe: () => ({ ...GOOGLE_DOCUMENT_NAMES }),
  };
}

/**
 * Where the sheet sync keeps its copies: the S3 bucket DOCUMENTS_BUCKET names (on AWS), else `<data dir>/synced`
 * when the documents live in Google, else nowhere (local files are read as they are).
 */
export function syncedCopiesFromEnv(env: NodeJS.ProcessEnv): SyncedCopies | null {
  const bucket = env.DOCUMENTS_BUCKET?.trim();
  if (bucket) {
    const { s3SyncedCopies } = require('./adapters/documents/s3-copies') as typeof import('./adapters/documents/s3-copies');
    return s3SyncedCopies(s3ClientFromEnv(env), bucket);
  }
  if (onLambda(env)) throw new Error('DOCUMENTS_BUCKET is not set; serverless.yml gives it to every function');
  return googleConfigured(env) ? localSyncedCopies(join(dataDir(env), 'synced')) : null;
}

/**
 * The documents, three ways. Local files (the embedded default): read as they are, and the sheet sync mirrors them.
 * Google: every workflow reads the copies the sheet sync keeps (the last good version of each), and only a process
 * holding the Google key reaches the originals; a flag naming a file still wins for that document (`check --sheet`).
 * On AWS: the copies in DOCUMENTS_BUCKET, and the originals only in the `sheets` function.
 */
export function documentPortsFromEnv(env: NodeJS.ProcessEnv, flags: DocumentFlags = {}): DocumentPorts {
  const copies = syncedCopiesFromEnv(env);
  if (!copies) {
    const paths = documentPaths(env, flags);
    return { documents: localDocuments(paths), originals: localOriginals(paths), syncedCopies: null };
  }
  const originals = googleConfigured(env) ? googleOriginalsFromEnv(env) : null;
  const synced = syncedDocuments(copies, GOOGLE_DOCUMENT_NAMES);
  const named = flags.sheet || flags.rules || flags.suppliers ? localDocuments(documentPaths(env, flags)) : null;
  const documents: DocumentSource = named
    ? {
        readStockSheet: flags.sheet ? named.readStockSheet : synced.readStockSheet,
        readStockSheetReport: flags.sheet ? named.readStockSheetReport : synced.readStockSheetReport,
        readRules: flags.rules ? named.readRules : synced.readRules,
        readSuppliers: flags.suppliers ? named.readSuppliers : synced.readSuppliers,
        describe: () => ({
          stockSheet: (flags.sheet ? named : synced).describe().stockSheet,
          rules: (flags.rules ? named : synced).describe().rules,
          suppliers: (flags.suppliers ? named : synced).describe().suppliers,
        }),
        readsLive: Boolean(flags.sheet),
      }
    : synced;
  return { documents, originals, syncedCopies: copies };
}

/** The documents every workflow reads (see documentPortsFromEnv). */
export const documentsFromEnv = (env: NodeJS.ProcessEnv, flags: DocumentFlags = {}): DocumentSource =>
  documentPortsFromEnv(env, flags).documents;

// ---- mail, files, model ----

/** MAIL_OUT=ses (or running on Lambda) sends through SES; otherwise mail lands in `<data dir>/outbox` as .eml files. */
export function mailFromEnv(env: NodeJS.ProcessEnv): MailPort {
  if (env.MAIL_OUT !== 'ses' && !onLambda(env)) {
    const { outboxMail } = require('./adapters/mail/outbox') as typeof import('./adapters/mail/outbox');
    return outboxMail(join(dataDir(env), 'outbox'));
  }
  const { SESClient } = require('@aws-sdk/client-ses') as typeof import('@aws-sdk/client-ses');
  const { sesMail } = require('./adapters/mail/ses') as typeof import('./adapters/mail/ses');
  return sesMail(new SESClient(awsClientConfig(env, 'SES')));
}

/** An S3 client (the SDK is loaded here, not before). */
function s3ClientFromEnv(env: NodeJS.ProcessEnv): S3Client {
  const { S3Client: Client } = require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
  const config = awsClientConfig(env, 'S3');
  // Any endpoint of our own (the tests' loopback fake) has no per-bucket host names, so address buckets by path.
  return new Client({ ...config, ...(config.endpoint ? { forcePathStyle: true } : {}) });
}

/**
 * Where count-file originals are kept: the S3 bucket named by COUNT_FILES_BUCKET (serverless.yml gives it to the
 * worker), otherwise `<data dir>/files`. On Lambda without a bucket the local folder would be the read-only /var/task,
 * so a keep fails there naming the missing setting instead of with EROFS.
 */
export function filesFromEnv(env: NodeJS.ProcessEnv): FileStore {
  const bucket = env.COUNT_FILES_BUCKET?.trim();
  if (!bucket) {
    if (!onLambda(env)) return localFiles(join(dataDir(env), 'files'));
    const fn = env.AWS_LAMBDA_FUNCTION_NAME;
    return {
      keep: () => Promise.reject(new Error(`COUNT_FILES_BUCKET is not set on ${fn}; serverless.yml gives it to the worker function`)),
      describe: () => 'no file store (COUNT_FILES_BUCKET is not set)',
    };
  }
  const { s3Files } = require('./adapters/files/s3') as typeof import('./adapters/files/s3');
  return s3Files(s3ClientFromEnv(env), bucket);
}

/**
 * Which suggester labels variances: Bedrock when asked (CAUSE_MODEL=bedrock) or when running on Lambda, where the
 * deployed functions have the Bedrock permission; the built-in rules otherwise, so a laptop, the tests and the demo
 * never need AWS. CAUSE_MODEL=rules keeps the rules even on Lambda.
 */
export function causeSuggesterFromEnv(env: NodeJS.ProcessEnv): CauseSuggester {
  const choice = env.CAUSE_MODEL?.trim().toLowerCase() || undefined;
  if (choice !== undefined && choice !== 'bedrock' && choice !== 'rules') {
    // A typo here would otherwise quietly pick a suggester nobody asked for.
    throw new Error(`CAUSE_MODEL must be "bedrock" or "rules" (or unset), got "${env.CAUSE_MODEL}"`);
  }
  if (!(choice === 'bedrock' || (choice === undefined && onLambda(env)))) return rulesCauseSuggester();
  const { BedrockRuntimeClient } = require('@aws-sdk/client-bedrock-runtime') as typeof import('@aws-sdk/client-bedrock-runtime');
  const { bedrockCauseSuggester, DEFAULT_MODEL_ID } = require('./adapters/model/bedrock') as typeof import('./adapters/model/bedrock');
  return bedrockCauseSuggester(new BedrockRuntimeClient(awsClientConfig(env, 'BEDROCK_RUNTIME')), {
    modelId: env.BEDROCK_MODEL_ID?.trim() || DEFAULT_MODEL_ID,
  });
}

// ---- the inbox ----

/** Where forwarded mail is kept: the bucket SES writes to (MAIL_BUCKET, the mail-in function's), else `<data dir>/mail`. */
export function rawMailFromEnv(env: NodeJS.ProcessEnv): RawMailStore {
  const bucket = env.MAIL_BUCKET?.trim();
  if (!bucket) return localRawMail(join(dataDir(env), 'mail'));
  const { s3RawMail } = require('./adapters/mail-in/s3') as typeof import('./adapters/mail-in/s3');
  return s3RawMail(s3ClientFromEnv(env), bucket);
}

/** PDFs and photos are read by Amazon Textract where TEXTRACT=aws (the mail-in function); elsewhere they are refused, with the reason. */
export function documentReaderFromEnv(env: NodeJS.ProcessEnv): DocumentReader {
  if (env.TEXTRACT?.trim().toLowerCase() !== 'aws') return noDocumentReader();
  const { TextractClient } = require('@aws-sdk/client-textract') as typeof import('@aws-sdk/client-textract');
  const { textractReader } = require('./adapters/reader/textract') as typeof import('./adapters/reader/textract');
  return textractReader(new TextractClient(awsClientConfig(env, 'TEXTRACT')));
}

/** Who proposes rows from a forwarded document: Bedrock where the cause suggester would be (same setting), else the rules. */
export function rowProposerFromEnv(env: NodeJS.ProcessEnv): RowProposer {
  const choice = env.CAUSE_MODEL?.trim().toLowerCase() || undefined;
  if (!(choice === 'bedrock' || (choice === undefined && onLambda(env)))) return ruleRowProposer();
  const { BedrockRuntimeClient } = require('@aws-sdk/client-bedrock-runtime') as typeof import('@aws-sdk/client-bedrock-runtime');
  const { DEFAULT_MODEL_ID } = require('./adapters/model/bedrock') as typeof import('./adapters/model/bedrock');
  const { bedrockRowProposer } = require('./adapters/model/bedrock-rows') as typeof import('./adapters/model/bedrock-rows');
  return bedrockRowProposer(new BedrockRuntimeClient(awsClientConfig(env, 'BEDROCK_RUNTIME')), {
    modelId: env.BEDROCK_MODEL_ID?.trim() || DEFAULT_MODEL_ID,
  });
}

/**
 * The charts, loaded on first use: Vega, Vega-Lite and resvg take a moment to load and a megabyte or two of memory, and
 * only the monthly summary draws.
 */
export function chartRenderer(): ChartRenderer {
  let renderer: ChartRenderer | undefined;
  const load = () => {
    renderer ??= (require('./adapters/charts/vega') as typeof import('./adapters/charts/vega')).vegaChartRenderer();
    return renderer;
  };
  return {
    spendBySupplier: (data, opts) => load().spendBySupplier(data, opts),
    variancesByCause: (data, opts) => load().variancesByCause(data, opts),
    describe: () => 'Vega-Lite charts drawn by resvg',
  };
}

/** The monthly summary's paragraph: Bedrock where the cause suggester uses it (same setting), else the template. */
export function narratorFromEnv(env: NodeJS.ProcessEnv): NarrativeWriter {
  const choice = env.CAUSE_MODEL?.trim().toLowerCase() || undefined;
  if (!(choice === 'bedrock' || (choice === undefined && onLambda(env)))) return templateNarrativeWriter();
  const { BedrockRuntimeClient } = require('@aws-sdk/client-bedrock-runtime') as typeof import('@aws-sdk/client-bedrock-runtime');
  const { DEFAULT_MODEL_ID } = require('./adapters/model/bedrock') as typeof import('./adapters/model/bedrock');
  const { bedrockNarrativeWriter } = require('./adapters/model/bedrock-narrative') as typeof import('./adapters/model/bedrock-narrative');
  return bedrockNarrativeWriter(new BedrockRuntimeClient(awsClientConfig(env, 'BEDROCK_RUNTIME')), {
    modelId: env.BEDROCK_MODEL_ID?.trim() || DEFAULT_MODEL_ID,
  });
}

/** The inbox's and the reports' ports, as the environment chooses them. */
const inboxFromEnv = (env: NodeJS.ProcessEnv) => ({
  rawMail: rawMailFromEnv(env),
  documentReader: documentReaderFromEnv(env),
  proposer: rowProposerFromEnv(env),
  charts: chartRenderer(),
  narrator: narratorFromEnv(env),
});

// ---- tills ----

/** The tills' webhook secrets: POS_SECRET, SHOPIFY_WEBHOOK_SECRET, SQUARE_SIGNATURE_KEY and SQUARE_NOTIFICATION_URL. */
export function tillsFromEnv(env: NodeJS.ProcessEnv): PosSettings {
  const get = (name: string) => env[name]?.trim() || undefined;
  const settings: PosSettings = {};
  const genericSecret = get('POS_SECRET');
  const shopifySecret = get('SHOPIFY_WEBHOOK_SECRET');
  const squareKey = get('SQUARE_SIGNATURE_KEY');
  const squareUrl = get('SQUARE_NOTIFICATION_URL');
  const stage = get('STAGE');
  if (genericSecret) settings.genericSecret = genericSecret;
  if (shopifySecret) settings.shopifySecret = shopifySecret;
  if (squareKey) settings.squareKey = squareKey;
  if (squareUrl) settings.squareUrl = squareUrl;
  if (stage) settings.stage = stage;
  return settings;
}

// ---- chat, queue, scheduler ----

/** Slack's Web API (at SLACK_API_URL when set: the tests' fake Slack). */
export function slackChatFor(config: AppConfig): Chat {
  const { WebClient } = require('@slack/web-api') as typeof import('@slack/web-api');
  const { slackChat } = require('./adapters/slack/chat') as typeof import('./adapters/slack/chat');
  return slackChat(new WebClient(config.botToken, config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {}), config.botToken);
}

const QUEUE_SETTING: Record<QueueName, string> = {
  'send-po': 'SEND_PO_QUEUE_URL',
  'stock-post': 'STOCK_POST_QUEUE_URL',
  work: 'WORK_QUEUE_URL',
  sheets: 'SHEETS_QUEUE_URL',
  mail: 'MAIL_QUEUE_URL',
};

/**
 * The SQS queues a function may hand work to: serverless.yml gives each function the URLs of only those queues (and
 * the right to send to them), so work it may not hand on fails naming the missing setting.
 */
export function sqsQueueFromEnv(env: NodeJS.ProcessEnv, sends: readonly QueueName[] = []): WorkQueue {
  // Checked when the function starts, so a deployment missing a setting fails at once, naming it.
  for (const queue of sends) required(env, QUEUE_SETTING[queue]);
  const { SQSClient } = require('@aws-sdk/client-sqs') as typeof import('@aws-sdk/client-sqs');
  const { sqsQueue } = require('./adapters/queue/sqs') as typeof import('./adapters/queue/sqs');
  const urls = Object.fromEntries(
    (Object.keys(QUEUE_SETTING) as QueueName[]).flatMap((q) => (env[QUEUE_SETTING[q]]?.trim() ? [[q, env[QUEUE_SETTING[q]]!.trim()]] : [])),
  ) as Partial<Record<QueueName, string>>;
  return sqsQueue(
    new SQSClient(awsClientConfig(env, 'SQS')),
    urls,
    (queue) => `${QUEUE_SETTING[queue]} is not set: this function may not hand work to the ${queue} queue`,
  );
}

/** EventBridge Scheduler one-off wake-ups for held drafts (the functions that may book them have these settings). */
export function eventBridgeSchedulerFromEnv(env: NodeJS.ProcessEnv): DeliveryScheduler {
  const { SchedulerClient: Client } = require('@aws-sdk/client-scheduler') as { SchedulerClient: new (c: object) => SchedulerClient };
  const { eventBridgeScheduler } = require('./adapters/scheduler/eventbridge') as typeof import('./adapters/scheduler/eventbridge');
  return eventBridgeScheduler(new Client(awsClientConfig(env, 'SCHEDULER')), {
    groupName: required(env, 'DELIVERY_SCHEDULE_GROUP'),
    queueArn: required(env, 'WORK_QUEUE_ARN'),
    roleArn: required(env, 'SCHEDULER_ROLE_ARN'),
  });
}

// ---- whole processes ----

/** The ports of one process, before the queue (whose handler needs the ports) is attached. */
type Ports = Omit<Deps, 'queue' | 'drafts'> & { drafts?: Deps['drafts'] };

/** Ties the ports into Deps: drafts go to the owner through chat or mail unless the process prints them. */
function withQueue(ports: Ports, queue: WorkQueue): Deps {
  const { ownerNotices } = require('./services/owner-notices') as typeof import('./services/owner-notices');
  const deps = { ...ports, queue } as Deps;
  deps.drafts = ports.drafts ?? ownerNotices(deps);
  return deps;
}

const servicesOver = (deps: Deps): Services =>
  (require('./services/services') as typeof import('./services/services')).createServices(deps);

/**
 * Queued work run in this process by the same handler as the Lambda functions, with retries and backoff; what still
 * fails is parked as on AWS (an approved order's DM offers Retry).
 */
function inProcessRuntime(ports: Ports, o: { backoffMs: number; onGiveUp?: (item: WorkItem, err: unknown) => void }): LocalRuntime {
  const { inProcessQueue } = require('./adapters/queue/in-process') as typeof import('./adapters/queue/in-process');
  const { workHandler, workGaveUp } = require('./handlers/work') as typeof import('./handlers/work');
  let deps: Deps | undefined;
  const queue = inProcessQueue((item, attempt) => workHandler(deps!)(item, attempt), {
    backoffMs: o.backoffMs,
    onError: (item, err) => {
      o.onGiveUp?.(item, err);
      void workGaveUp(deps!)(item).catch(() => {});
    },
  });
  deps = withQueue(ports, queue);
  return { deps, services: servicesOver(deps), queue };
}

const linksOf = (config: AppConfig) => ({ secret: config.linkSecret, actionUrl: config.emailActionUrl });

export interface LocalRuntime {
  deps: Deps;
  /** What the listeners call. */
  services: Services;
  /** The in-process queue: queued work runs in this process, with the same handler as AWS's functions. */
  queue: InProcessQueue;
}

export interface LocalRuntimeOptions {
  config: AppConfig;
  store: Store;
  /** Document files (read as they are), or the ports the environment chose (`documentPortsFromEnv`). */
  documents: LocalDocumentPaths | DocumentPorts;
  mail: MailPort;
  clock?: () => Date;
  queueBackoffMs?: number;
  files?: FileStore;
  suggester?: CauseSuggester;
  /** The tills' webhook secrets; none: the till endpoints answer that they are not set up. */
  tills?: PosSettings;
  rawMail?: RawMailStore;
  documentReader?: DocumentReader;
  proposer?: RowProposer;
  narrator?: NarrativeWriter;
}

/**
 * A process that serves Slack on this machine (`stockbot serve`, the tests): Slack for chat, the in-process queue
 * running the same work handler as the Lambda functions, and the minute sweep for held drafts.
 */
export function localRuntime(o: LocalRuntimeOptions): LocalRuntime {
  const documents: DocumentPorts =
    'originals' in o.documents
      ? o.documents
      : { documents: localDocuments(o.documents), originals: localOriginals(o.documents), syncedCopies: null };
  const ports: Ports = {
    store: o.store,
    ...documents,
    chat: slackChatFor(o.config),
    mail: o.mail,
    mailFrom: o.config.mailFrom,
    links: linksOf(o.config),
    files: o.files ?? localFiles(),
    suggester: o.suggester ?? rulesCauseSuggester(),
    scheduler: everyMinuteSweep,
    tills: o.tills ?? {},
    rawMail: o.rawMail ?? localRawMail(join('.data', 'mail')),
    documentReader: o.documentReader ?? noDocumentReader(),
    proposer: o.proposer ?? ruleRowProposer(),
    charts: chartRenderer(),
    narrator: o.narrator ?? templateNarrativeWriter(),
    clock: o.clock ?? (() => new Date()),
  };
  return inProcessRuntime(ports, { backoffMs: o.queueBackoffMs ?? 1000 });
}

/** `stockbot serve`: the local runtime from the environment. */
export async function serveRuntime(env: NodeJS.ProcessEnv): Promise<LocalRuntime & { config: AppConfig }> {
  const config = appConfigFromEnv(env);
  const store = await storeFromEnv(env);
  const runtime = localRuntime({
    config,
    store,
    documents: documentPortsFromEnv(env),
    mail: mailFromEnv(env),
    files: filesFromEnv(env),
    suggester: causeSuggesterFromEnv(env),
    tills: tillsFromEnv(env),
    ...inboxFromEnv(env),
  });
  return { ...runtime, config };
}

export interface CliRuntimeOptions {
  flags?: DocumentFlags;
  /** A store already open (the demo's in-memory one); otherwise the one the environment names. */
  store?: Store;
  /** Where printed messages go (drafts and count messages without Slack). */
  print: (text: string) => void;
  clock?: () => Date;
}

/**
 * A CLI command's dependencies on this machine: the store, the documents (flags first), and Slack when it is
 * configured — otherwise drafts and count messages are printed. Queued work runs in this process; `drain` waits for it.
 */
export async function cliRuntime(env: NodeJS.ProcessEnv, o: CliRuntimeOptions): Promise<LocalRuntime & { slack: boolean }> {
  const slack = slackConfigured(env);
  const config = slack ? appConfigFromEnv(env) : null;
  const store = o.store ?? (await storeFromEnv(env));
  const ports: Ports = {
    store,
    ...documentPortsFromEnv(env, o.flags),
    chat: config
      ? slackChatFor(config)
      : (require('./adapters/slack/console-chat') as typeof import('./adapters/slack/console-chat')).consoleChat(
          o.print,
          join(dataDir(env), 'counts'),
        ),
    mail: mailFromEnv(env),
    mailFrom: config?.mailFrom ?? (env.MAIL_FROM?.trim() || 'stockbot@localhost'),
    links: config
      ? linksOf(config)
      : { secret: env.EMAIL_LINK_SECRET ?? 'stockbot-local', actionUrl: env.EMAIL_ACTION_URL ?? 'http://localhost:3000/email-action' },
    files: filesFromEnv(env),
    suggester: causeSuggesterFromEnv(env),
    scheduler: everyMinuteSweep,
    tills: tillsFromEnv(env),
    ...inboxFromEnv(env),
    ...(config
      ? {}
      : { drafts: (require('./services/owner-notices') as typeof import('./services/owner-notices')).printedDrafts(o.print) }),
    clock: o.clock ?? (() => new Date()),
  };
  const runtime = inProcessRuntime(ports, {
    backoffMs: 500,
    onGiveUp: (item, err) => o.print(`stockbot: queued ${item.kind} work failed: ${(err as Error).message}`),
  });
  return { ...runtime, slack };
}

export interface LambdaRuntime {
  config: AppConfig;
  deps: Deps;
  services: Services;
  env: NodeJS.ProcessEnv;
}

/**
 * What every Lambda function is built from: the same services `stockbot serve` uses, with AWS's adapters. Each
 * function reads only the settings it uses (serverless.yml gives each only those), so a missing one names itself.
 */
export async function lambdaRuntime(
  env: NodeJS.ProcessEnv,
  clock: () => Date = () => new Date(),
  /** The queues this function hands work to (serverless.yml gives it their URLs). */
  sends: readonly QueueName[] = [],
): Promise<LambdaRuntime> {
  const config = appConfigFromEnv(env);
  const ports: Ports = {
    store: await storeFromEnv(env),
    ...documentPortsFromEnv(env),
    chat: slackChatFor(config),
    mail: mailFromEnv(env),
    mailFrom: config.mailFrom,
    links: linksOf(config),
    files: filesFromEnv(env),
    suggester: causeSuggesterFromEnv(env),
    // Only the functions allowed to book wake-ups have the settings for them; the others never hold a draft.
    scheduler: env.DELIVERY_SCHEDULE_GROUP ? eventBridgeSchedulerFromEnv(env) : everyMinuteSweep,
    tills: tillsFromEnv(env),
    ...inboxFromEnv(env),
    clock,
  };
  const deps = withQueue(ports, sqsQueueFromEnv(env, sends));
  return { config, deps, services: servicesOver(deps), env };
}

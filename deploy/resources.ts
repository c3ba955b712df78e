// CloudFormation resources for serverless.yml, built from the same table list the app uses locally
// (src/store/tables.ts), with one least-privilege role per function. serverless.yml loads the bundled copy:
// `${file(./dist/deploy/resources.js):resources}` (built by `npm run build:aws`).
import { JOBS, type Job } from '../jobs';
import { scheduleExpression } from '../src/domain/job-schedule';
import { TABLES, tableDefinition, type TableName } from '../src/store/tables';

export type FunctionName =
  | 'slack'
  | 'email-action'
  | 'po-sender'
  | 'worker'
  | 'stock-poster'
  | 'daily-check'
  | 'sheets'
  | 'pos'
  | 'mail-in';

export interface FunctionAccess {
  tables: TableName[];
  /** Queues it may send work to. */
  sends?: QueueName[];
  /** The one queue it reads (its event source). */
  reads?: QueueName;
  /** Whom it may email, always from `mailFrom` (see {@link EmailKind}). */
  email?: EmailKind[];
  /** May book one-off EventBridge schedules in the app's group (held drafts). */
  schedules?: boolean;
  /** May keep count-file originals in the counts bucket (PutObject on its objects, nothing else). */
  keepsCountFiles?: boolean;
  /** May ask the model (BEDROCK_MODEL_ID) for a variance's likely cause. */
  asksModel?: boolean;
  /**
   * Holds the Google key and writes the synced copies of the documents (sheets alone); every other function only reads
   * the copies.
   */
  reachesGoogle?: boolean;
  /** Reads no document and no table (the till endpoint only checks signatures and queues). */
  checksOnly?: boolean;
  /** Reads the raw mail SES delivers, keeps what it reads beside it and moves discarded mail aside (mail-in alone). */
  readsMail?: boolean;
  /** May call Textract's table reading, for PDFs and photos (mail-in alone). */
  readsDocumentsWithTextract?: boolean;
}

/**
 * - `suppliers`: anyone (po-sender alone: a supplier's address comes from the supplier doc);
 * - `owner`: only the deploy-time `ownerEmail` (draft emails), and nobody without it;
 * - `summary`: only the deploy-time `summaryRecipients` (the monthly summary), and nobody without them;
 * - `senders`: a reply to whoever mailed the inbox (mail-in alone). Who that is cannot be known at deploy time, so only
 *   the From address is pinned; the app answers only the rules doc's `intake senders`.
 */
export type EmailKind = 'suppliers' | 'owner' | 'summary' | 'senders';

export type QueueName = 'send-po' | 'stock-post' | 'work' | 'sheets' | 'mail';
const QUEUES: readonly QueueName[] = ['send-po', 'stock-post', 'work', 'sheets', 'mail'];

/** Deliveries before a message is parked in its dead-letter queue; the consumers' QUEUE_MAX_RECEIVES. */
export const MAX_RECEIVES = 5;

export const FUNCTION_ACCESS: Record<FunctionName, FunctionAccess> = {
  // Decisions (orders + audit), skips (state), App Home (state), Slack retries and uploads seen (dedupe), counts
  // (sessions, variance decisions); hands the email, the count work and approved variances on.
  // A receipt asks for the write-back at once (sheets).
  // Mailed-in proposals (intake): Approve goes to the stock poster, Discard to mail-in.
  slack: { tables: ['orders', 'state', 'audit', 'dedupe', 'counts', 'intake'], sends: ['send-po', 'work', 'stock-post', 'sheets', 'mail'] },
  // The same decisions from a signed email link, whose nonce is spent in `links`.
  'email-action': { tables: ['orders', 'state', 'audit', 'links'], sends: ['send-po'] },
  // Renders and sends the PO, takes a PO number (state), moves the order on (orders + audit); then asks for the
  // owner's App Home to be redrawn (work).
  'po-sender': { tables: ['orders', 'state', 'audit'], reads: 'send-po', sends: ['work'], email: ['suppliers'] },
  // Held drafts whose time has come (to the owner's DM, or the owner's inbox); opening counts (the inventory
  // mirrored from the sheet, with its ledger) and reading count files, whose originals it keeps in the counts bucket
  // and whose material gaps it asks the model to label.
  // The scheduled reports too: the digest lists waiting proposals (intake); count reminders go once a period (dedupe).
  worker: {
    tables: ['orders', 'state', 'audit', 'inventory', 'movements', 'counts', 'intake', 'dedupe'],
    reads: 'work',
    // Job runs queued where they used to run are handed on to the sheets queue.
    sends: ['sheets'],
    // Draft emails held over quiet hours, and the monthly summary.
    email: ['owner', 'summary'],
    keepsCountFiles: true,
    asksModel: true,
    // Approver notices held over quiet hours book their own wake-up, as held drafts do.
    schedules: true,
  },
  // Posts approved variances: the only function that adjusts an inventory quantity; then asks for the approver's
  // App Home to be redrawn (work).
  // Also applies the tills' events: each line spent in `dedupe`, a delivery booked against its order (`orders`).
  // And the rows of approved mailed-in proposals (intake).
  'stock-poster': {
    tables: ['counts', 'inventory', 'adjustments', 'movements', 'audit', 'dedupe', 'orders', 'intake'],
    reads: 'stock-post',
    sends: ['work', 'sheets'],
  },
  // It adds the changes not yet written back (rows in `inventory`) to the sheet's on hand.
  'daily-check': { tables: ['orders', 'state', 'audit', 'inventory'], email: ['owner'], schedules: true },
  // The sheet sync and the write-back, one run at a time: the only function holding the Google key. It mirrors the
  // sheet into the inventory and its ledger, keeps its bookkeeping and lease in `state`, books in deliveries typed
  // into the sheet (orders, audit, and the receipt ids in dedupe), and writes the synced copies every function reads.
  sheets: {
    tables: ['inventory', 'movements', 'state', 'orders', 'audit', 'dedupe'],
    reads: 'sheets',
    sends: ['work'],
    reachesGoogle: true,
  },
  // The tills' webhooks: checks each signature and the body's shape, hands the events to the stock poster. No table,
  // no document.
  pos: { tables: [], sends: ['stock-post'], checksOnly: true },
  // Forwarded mail, from the bucket SES writes to: reads it (Textract for PDFs and photos, the model for proposals),
  // records the proposal and DMs the owner. It writes no quantity: approved rows go through the stock poster.
  // Nothing else: no inventory, movements or orders, and no queue to send to.
  'mail-in': {
    tables: ['intake', 'audit'],
    reads: 'mail',
    email: ['senders'],
    asksModel: true,
    readsMail: true,
    readsDocumentsWithTextract: true,
  },
};

export interface DeployParams {
  stage: string;
  /** The verified SES sender, e.g. orders@your-company.example. */
  mailFrom: string;
  /** The owner's address for draft emails; without it only po-sender may send mail at all. */
  ownerEmail?: string;
  /** Where the budget and dead-letter alarms go; without it neither is created. */
  alertEmail?: string;
  /** Monthly budget in USD. */
  monthlyBudgetUsd?: number;
  /** The Bedrock model or system inference profile the worker calls (its BEDROCK_MODEL_ID). */
  bedrockModelId: string;
  /** The business's timezone (the rules doc's): every job's schedule runs in it. */
  timezone: string;
  /** Each queue consumer's Lambda timeout in seconds, as serverless.yml sets it; the queues' visibility follows. */
  timeouts: Partial<Record<FunctionName, number>>;
  /** The inbox's address (`stock@your-shop.example`): with it, an SES receipt rule writes its mail to the mail bucket. */
  mailInAddress?: string;
  /** Who the worker may email the monthly summary to (the rules doc's `summary recipients`). */
  summaryRecipients?: string[];
}

/**
 * AWS's advice for a Lambda SQS event source: a visibility timeout of at least six times the function's timeout, so a
 * batch still running (or retried by Lambda itself) is not handed to a second invocation meanwhile.
 */
export const VISIBILITY_PER_TIMEOUT = 6;

const pascal = (name: string) => name.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
export const tableResource = (name: TableName) => `${pascal(name)}Table`;
export const queueResource = (name: QueueName) => `${pascal(name)}Queue`;
export const roleResource = (name: FunctionName) => `${pascal(name)}Role`;
/** serverless's own logical id for a function: `po-sender` → `PoDashsenderLambdaFunction`. */
export const functionResource = (name: FunctionName) => `${serverlessId(name)}LambdaFunction`;
export const functionUrlResource = (name: FunctionName) => `${serverlessId(name)}LambdaFunctionUrl`;
const serverlessId = (name: string) => name.charAt(0).toUpperCase() + name.slice(1).replace(/-/g, 'Dash');

// Business records are kept when the stack is removed and can be restored to any second of the last 35 days;
// the dedupe and link tables only remember deliveries for a week.
const KEPT: readonly TableName[] = ['orders', 'state', 'audit'];

const arn = (resource: string) => ({ 'Fn::GetAtt': [resource, 'Arn'] });
const ref = (resource: string) => ({ Ref: resource });

function tables(stage: string) {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(TABLES) as TableName[]) {
    const spec = TABLES[name];
    const kept = KEPT.includes(name);
    out[tableResource(name)] = {
      Type: 'AWS::DynamoDB::Table',
      ...(kept ? { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' } : {}),
      Properties: {
        ...tableDefinition(`stockbot-${stage}-${spec.name}`, spec),
        ...('expiresAttribute' in spec ? { TimeToLiveSpecification: { AttributeName: spec.expiresAttribute, Enabled: true } } : {}),
        ...(kept ? { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } } : {}),
      },
    };
  }
  return out;
}

/** The one function whose event source is `queue`, and the timeout serverless.yml gives it. */
function consumerTimeout(queue: QueueName, timeouts: DeployParams['timeouts']): number {
  const consumers = (Object.keys(FUNCTION_ACCESS) as FunctionName[]).filter((fn) => FUNCTION_ACCESS[fn].reads === queue);
  if (consumers.length !== 1) throw new Error(`the ${queue} queue needs exactly one consumer, has ${consumers.join(', ') || 'none'}`);
  const timeout = timeouts[consumers[0]!];
  if (!timeout || !Number.isInteger(timeout) || timeout < 1 || timeout > 900) {
    throw new Error(`${consumers[0]} (the ${queue} queue's consumer) needs a timeout of 1-900 s in serverless.yml, got ${timeout}`);
  }
  return timeout;
}

function queues(stage: string, timeouts: DeployParams['timeouts']) {
  const out: Record<string, unknown> = {};
  for (const name of QUEUES) {
    const dlq = `${pascal(name)}DeadLetterQueue`;
    out[dlq] = { Type: 'AWS::SQS::Queue', Properties: { QueueName: `stockbot-${stage}-${name}-dlq`, MessageRetentionPeriod: 14 * 86_400 } };
    out[queueResource(name)] = {
      Type: 'AWS::SQS::Queue',
      Properties: {
        QueueName: `stockbot-${stage}-${name}`,
        // Also the wait between attempts: a failed message comes back when its visibility runs out.
        VisibilityTimeout: VISIBILITY_PER_TIMEOUT * consumerTimeout(name, timeouts),
        RedrivePolicy: { deadLetterTargetArn: arn(dlq), maxReceiveCount: MAX_RECEIVES },
      },
    };
  }
  return out;
}

export const COUNT_FILES_BUCKET = 'CountFilesBucket';
export const DOCUMENTS_BUCKET = 'DocumentsBucket';
/** Where the synced copies live in the documents bucket (the app's COPIES_PREFIX; a deploy test keeps them equal). */
export const DOCUMENTS_PREFIX = 'documents/';

/**
 * A bucket of the app's: versioned, private (public access blocked, owner-enforced), encrypted, reached over TLS only,
 * and kept when the stack is removed, like the business tables. CloudFormation names it, so two stages or accounts
 * never collide on S3's global names. Each bucket brings its own lifecycle.
 */
function privateBucket(name: string, lifecycle: object) {
  return {
    [name]: {
      Type: 'AWS::S3::Bucket',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        LifecycleConfiguration: lifecycle,
      },
    },
    [`${name}Policy`]: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: ref(name),
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'TlsOnly',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: [arn(name), { 'Fn::Join': ['', [arn(name), '/*']] }],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
    },
  };
}

/** The originals of uploaded count files, kept so a disputed count can be checked against what was sent. */
const countFilesBucket = () =>
  privateBucket(COUNT_FILES_BUCKET, {
    // Count files are mostly a few KB, and S3 by default never transitions objects under 128 KB; this setting lets
    // them go to Glacier Flexible Retrieval after 90 days, when nobody is still disputing them.
    TransitionDefaultMinimumObjectSize: 'varies_by_storage_class',
    Rules: [
      {
        Id: 'originals-to-glacier',
        Status: 'Enabled',
        Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }],
        // A redelivered capture keeps the same file again; the older copy follows the same path.
        NoncurrentVersionTransitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }],
      },
    ],
  });

/**
 * The synced copies of the stock sheet and the two docs that every function reads: versioned, so a bad bulk edit can
 * be rolled back by restoring an earlier version of `documents/stock-sheet.json`. Old versions go after 90 days.
 */
const documentsBucket = () =>
  privateBucket(DOCUMENTS_BUCKET, {
    Rules: [{ Id: 'old-versions-go', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 90 } }],
  });

export const MAIL_BUCKET = 'MailBucket';
/** SES writes each mail under this prefix; the mail-in function is woken for objects created there. */
export const MAIL_PREFIX = 'inbox/';
/**
 * Where the mail-in function keeps what it reads from a mail (attachments, Textract reads a PDF from there; `parsed/`,
 * what was read, kept for a disputed proposal) and where Discard moves a mail: it may write nowhere else in the bucket,
 * and read only the mail and its attachments.
 */
export const MAIL_WRITES = ['attachments/', 'parsed/', 'discarded/'] as const;
export const MAIL_READS = [MAIL_PREFIX, 'attachments/'] as const;
/** Where a forwarded mail the function still could not read after Lambda's retries is kept, and alarmed. */
export const MAIL_IN_FAILED_QUEUE = 'MailInFailedQueue';
export const receiptRuleSetName = (stage: string) => `stockbot-${stage}`;
export const receiptRuleName = (stage: string) => `stockbot-${stage}-inbox`;

/**
 * The mail bucket's name is set, not left to CloudFormation: the bucket's notification names the function, whose role
 * names the bucket, and a name built from the stack's own values breaks that circle. serverless.yml builds the same
 * name for MAIL_BUCKET (a deploy test keeps the two equal).
 */
export const mailBucketName = (stage: string) => ({ 'Fn::Sub': `stockbot-${stage}-mail-\${AWS::AccountId}-\${AWS::Region}` });
const mailBucketArn = (stage: string, path = '') => ({
  'Fn::Sub': `arn:\${AWS::Partition}:s3:::stockbot-${stage}-mail-\${AWS::AccountId}-\${AWS::Region}${path}`,
});
/** The longest Region name (`ap-southeast-2`) and an account id leave this much of S3's 63 characters to the stage. */
const MAX_STAGE_LENGTH = 63 - 'stockbot--mail-123456789012-ap-southeast-2'.length;

/**
 * The stage is part of the mail bucket's name, so it may hold only what an S3 bucket name may, and must leave room for
 * the account and Region: refused at packaging rather than halfway through a deploy.
 */
export function checkStage(stage: string): string {
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(stage) || stage.length > MAX_STAGE_LENGTH) {
    throw new Error(
      `the stage names the mail bucket (stockbot-<stage>-mail-<account>-<region>), so it must be lowercase letters, ` +
        `digits and inner hyphens, at most ${MAX_STAGE_LENGTH} characters; got "${stage}" (e.g. --stage prod)`,
    );
  }
  return stage;
}

/**
 * Forwarded mail as SES received it, what was read from it (`attachments/`, `parsed/`) and discarded mail
 * (`discarded/`): private like the other buckets, everything to Glacier after 30 days. Each new object under `inbox/`
 * wakes the mail-in function. With `mailInAddress`, an SES receipt rule (in a rule set activated once by hand:
 * CloudFormation cannot) writes the address's mail here, and only that rule may.
 */
function mailBucket(stage: string, params: DeployParams) {
  const base = privateBucket(MAIL_BUCKET, {
    // Many mails, and nearly every parsed/ file, are under 128 KB, which S3 by default never transitions.
    TransitionDefaultMinimumObjectSize: 'varies_by_storage_class',
    Rules: [
      {
        Id: 'mail-to-glacier',
        Status: 'Enabled',
        Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 30 }],
        // A discarded mail leaves its inbox/ copy behind as an older version; it follows the same path.
        NoncurrentVersionTransitions: [{ StorageClass: 'GLACIER', TransitionInDays: 30 }],
      },
    ],
  }) as Record<string, Resource>;
  const bucket = base[MAIL_BUCKET]!;
  bucket.Properties.BucketName = mailBucketName(stage);
  bucket.Properties.NotificationConfiguration = {
    LambdaConfigurations: [
      {
        Event: 's3:ObjectCreated:*',
        Function: arn(functionResource('mail-in')),
        Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: MAIL_PREFIX }] } },
      },
    ],
  };
  // S3 checks that it may invoke the function when the notification is set.
  bucket.DependsOn = 'MailInInvokedByS3';
  const receiving: Record<string, unknown> = {};
  if (params.mailInAddress) {
    (base[`${MAIL_BUCKET}Policy`]!.Properties.PolicyDocument.Statement as unknown[]).push({
      Sid: 'SesDeliversMail',
      Effect: 'Allow',
      Principal: { Service: 'ses.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: mailBucketArn(stage, `/${MAIL_PREFIX}*`),
      // This account's SES, and only through stockbot's own receipt rule (not another rule set in the account).
      Condition: {
        StringEquals: {
          'aws:SourceAccount': ref('AWS::AccountId'),
          'aws:SourceArn': {
            'Fn::Sub': `arn:\${AWS::Partition}:ses:\${AWS::Region}:\${AWS::AccountId}:receipt-rule-set/${receiptRuleSetName(stage)}:receipt-rule/${receiptRuleName(stage)}`,
          },
        },
      },
    });
    receiving.MailReceiptRuleSet = { Type: 'AWS::SES::ReceiptRuleSet', Properties: { RuleSetName: receiptRuleSetName(stage) } };
    receiving.MailReceiptRule = {
      Type: 'AWS::SES::ReceiptRule',
      // SES writes a test object when the rule is created, so the bucket policy must already let it.
      DependsOn: `${MAIL_BUCKET}Policy`,
      Properties: {
        RuleSetName: ref('MailReceiptRuleSet'),
        Rule: {
          Name: receiptRuleName(stage),
          Enabled: true,
          // Spam and virus verdicts go into the mail's headers; TLS keeps counts and prices off the wire in clear.
          ScanEnabled: true,
          TlsPolicy: 'Require',
          Recipients: [params.mailInAddress],
          Actions: [{ S3Action: { BucketName: ref(MAIL_BUCKET), ObjectKeyPrefix: MAIL_PREFIX } }],
        },
      },
    };
  }
  return {
    ...base,
    MailInInvokedByS3: {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        FunctionName: arn(functionResource('mail-in')),
        Action: 'lambda:InvokeFunction',
        Principal: 's3.amazonaws.com',
        SourceAccount: ref('AWS::AccountId'),
        SourceArn: mailBucketArn(stage),
      },
    },
    // S3 wakes mail-in asynchronously: a run that still fails after Lambda's two retries lands here, alarmed, not lost.
    [MAIL_IN_FAILED_QUEUE]: {
      Type: 'AWS::SQS::Queue',
      Properties: { QueueName: `stockbot-${stage}-mail-in-failed`, MessageRetentionPeriod: 14 * 86_400 },
    },
    MailInInvokeConfig: {
      Type: 'AWS::Lambda::EventInvokeConfig',
      Properties: {
        FunctionName: ref(functionResource('mail-in')),
        // serverless.yml deploys no versions (versionFunctions: false).
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: arn(MAIL_IN_FAILED_QUEUE) } },
      },
    },
    ...receiving,
  };
}

/** Bedrock's system-defined cross-Region inference profiles: the model id with its geography in front. */
const GEOGRAPHIC_PROFILES = ['us', 'eu', 'apac', 'jp', 'au', 'ca', 'us-gov'];

/**
 * `bedrock:InvokeModel` (what Converse checks) for exactly one model id, as narrow as Bedrock lets it be:
 * - a global profile (`global.<model>`, the default): the profile in this Region, plus the model in this Region and
 *   the Region-less global model ARN (which the request reaches with `aws:RequestedRegion` "unspecified"), both only
 *   through that profile — AWS's documented policy for global cross-Region inference;
 * - a geographic profile (`eu.<model>`…): the profile, plus the model in whichever Regions that geography routes to
 *   (AWS adds Regions to a geography over time, hence `*`), only through that profile;
 * - a plain model id: that model in this Region.
 */
export function modelStatements(modelId: string): unknown[] {
  if (!/^[a-z0-9-]+\.[\w.-]+(:\d+)?$/.test(modelId)) {
    throw new Error(
      `bedrockModelId must be a Bedrock model id or system inference profile id like global.anthropic.claude-haiku-4-5-20251001-v1:0, ` +
        `got "${modelId}"`,
    );
  }
  const allow = (Resource: unknown, Condition?: unknown) => ({
    Effect: 'Allow',
    Action: 'bedrock:InvokeModel',
    Resource,
    ...(Condition ? { Condition } : {}),
  });
  const sub = (text: string) => ({ 'Fn::Sub': text });
  const dot = modelId.indexOf('.');
  const [prefix, model] = [modelId.slice(0, dot), modelId.slice(dot + 1)];
  const profile = `arn:\${AWS::Partition}:bedrock:\${AWS::Region}:\${AWS::AccountId}:inference-profile/${modelId}`;
  const viaProfile = { 'bedrock:InferenceProfileArn': sub(profile) };
  if (prefix === 'global') {
    return [
      allow(sub(profile)),
      allow(sub(`arn:\${AWS::Partition}:bedrock:\${AWS::Region}::foundation-model/${model}`), { StringEquals: viaProfile }),
      allow(sub(`arn:\${AWS::Partition}:bedrock:::foundation-model/${model}`), {
        StringEquals: { 'aws:RequestedRegion': 'unspecified', ...viaProfile },
      }),
    ];
  }
  if (GEOGRAPHIC_PROFILES.includes(prefix)) {
    return [allow(sub(profile)), allow(sub(`arn:\${AWS::Partition}:bedrock:*::foundation-model/${model}`), { StringEquals: viaProfile })];
  }
  return [allow(sub(`arn:\${AWS::Partition}:bedrock:\${AWS::Region}::foundation-model/${modelId}`))];
}

const assumedBy = (service: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
});

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are free-form JSON
type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string };

/** `ses:SendRawEmail`, always from `mailFrom` only, to whom each {@link EmailKind} allows. */
function emailStatements(kinds: readonly EmailKind[], params: DeployParams): unknown[] {
  const send = (recipients?: string[]) => ({
    Effect: 'Allow',
    Action: 'ses:SendRawEmail',
    Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/*' },
    Condition: {
      StringEquals: { 'ses:FromAddress': params.mailFrom },
      // Every recipient of the message (To, Cc and Bcc) must be one of these.
      ...(recipients ? { 'ForAllValues:StringEquals': { 'ses:Recipients': recipients } } : {}),
    },
  });
  const summaryTo = params.summaryRecipients ?? [];
  const allowed: Record<EmailKind, unknown[]> = {
    suppliers: [send()],
    senders: [send()],
    owner: params.ownerEmail ? [send([params.ownerEmail])] : [],
    summary: summaryTo.length > 0 ? [send(summaryTo)] : [],
  };
  return kinds.flatMap((kind) => allowed[kind]);
}

function role(stage: string, fn: FunctionName, access: FunctionAccess, params: DeployParams) {
  const statements: unknown[] = [
    {
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: {
        'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/stockbot-${stage}-${fn}:*`,
      },
    },
    ...(access.tables.length === 0
      ? []
      : [
          {
            Effect: 'Allow',
            Action: [
              'dynamodb:GetItem',
              'dynamodb:BatchGetItem',
              'dynamodb:Query',
              'dynamodb:PutItem',
              'dynamodb:UpdateItem',
              'dynamodb:ConditionCheckItem',
            ],
            Resource: access.tables.flatMap((t) => [arn(tableResource(t)), { 'Fn::Join': ['', [arn(tableResource(t)), '/index/*']] }]),
          },
        ]),
  ];
  if (access.sends?.length)
    statements.push({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: access.sends.map((q) => arn(queueResource(q))) });
  if (access.reads) {
    statements.push({
      Effect: 'Allow',
      Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility'],
      Resource: arn(queueResource(access.reads)),
    });
  }
  statements.push(...emailStatements(access.email ?? [], params));
  if (access.readsMail) {
    statements.push(
      { Effect: 'Allow', Action: 's3:GetObject', Resource: MAIL_READS.map((prefix) => mailBucketArn(stage, `/${prefix}*`)) },
      { Effect: 'Allow', Action: 's3:PutObject', Resource: MAIL_WRITES.map((prefix) => mailBucketArn(stage, `/${prefix}*`)) },
      // Discard copies a mail under discarded/ and then removes it from inbox/: nothing else may go (versioning keeps
      // the removed copy as an older version anyway).
      { Effect: 'Allow', Action: 's3:DeleteObject', Resource: mailBucketArn(stage, `/${MAIL_PREFIX}*`) },
      // Lambda sends a failed S3-woken run to its on-failure destination with the function's own role.
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: arn(MAIL_IN_FAILED_QUEUE) },
    );
  }
  if (access.readsDocumentsWithTextract) {
    // Textract has no resource-level permissions: the actions are all that can be narrowed. It reads a PDF from the
    // mail bucket with the caller's own rights, which the GetObject on attachments/ above gives.
    statements.push({
      Effect: 'Allow',
      Action: ['textract:AnalyzeDocument', 'textract:StartDocumentAnalysis', 'textract:GetDocumentAnalysis'],
      Resource: '*',
    });
  }
  if (access.schedules) {
    statements.push(
      {
        Effect: 'Allow',
        Action: 'scheduler:CreateSchedule',
        Resource: { 'Fn::Sub': `arn:\${AWS::Partition}:scheduler:\${AWS::Region}:\${AWS::AccountId}:schedule/stockbot-${stage}/*` },
      },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: arn('SchedulerRole') },
    );
  }
  if (access.keepsCountFiles) {
    statements.push({ Effect: 'Allow', Action: 's3:PutObject', Resource: { 'Fn::Join': ['', [arn(COUNT_FILES_BUCKET), '/*']] } });
  }
  const copies = { 'Fn::Join': ['', [arn(DOCUMENTS_BUCKET), `/${DOCUMENTS_PREFIX}*`]] };
  // Every function reads the synced documents; only the one that syncs them writes them.
  if (!access.checksOnly)
    statements.push({
      Effect: 'Allow',
      Action: access.reachesGoogle ? ['s3:GetObject', 's3:PutObject'] : 's3:GetObject',
      Resource: copies,
    });
  if (access.asksModel) statements.push(...modelStatements(params.bedrockModelId));
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: assumedBy('lambda.amazonaws.com'),
      Policies: [{ PolicyName: `stockbot-${stage}-${fn}`, PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
    },
  };
}

function alerts(stage: string, params: DeployParams) {
  if (!params.alertEmail) return {};
  const deadLetters = Object.fromEntries(
    QUEUES.map((q) => [
      `${pascal(q)}DeadLetterAlarm`,
      {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          AlarmDescription: `stockbot ${stage}: work on the ${q} queue failed ${MAX_RECEIVES} times and was parked in its dead-letter queue`,
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [`${pascal(q)}DeadLetterQueue`, 'QueueName'] } }],
          Statistic: 'Maximum',
          Period: 300,
          EvaluationPeriods: 1,
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
          TreatMissingData: 'notBreaching',
          AlarmActions: [ref('AlertTopic')],
        },
      },
    ]),
  );
  return {
    AlertTopic: { Type: 'AWS::SNS::Topic', Properties: { Subscription: [{ Protocol: 'email', Endpoint: params.alertEmail }] } },
    ...deadLetters,
    // The `pos` function logs each refused signature as this metric: a secret rotated at the till but not here (or an
    // attack) shows within five minutes.
    PosSignatureAlarm: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        AlarmDescription: `stockbot ${stage}: a till's webhooks are being refused for a bad signature (check the till's secret)`,
        Namespace: 'stockbot',
        MetricName: 'PosSignatureFailures',
        Dimensions: [{ Name: 'Stage', Value: stage }],
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [ref('AlertTopic')],
      },
    },
    // A forwarded mail the mail-in function could not read after its retries: kept in this queue, and said so.
    MailInFailedAlarm: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        AlarmDescription: `stockbot ${stage}: a forwarded mail could not be read (see the mail-in function's log and the mail-in-failed queue)`,
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [MAIL_IN_FAILED_QUEUE, 'QueueName'] } }],
        Statistic: 'Maximum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [ref('AlertTopic')],
      },
    },
    MonthlyBudget: {
      Type: 'AWS::Budgets::Budget',
      Properties: {
        Budget: {
          BudgetName: `stockbot-${stage}`,
          BudgetType: 'COST',
          TimeUnit: 'MONTHLY',
          BudgetLimit: { Amount: params.monthlyBudgetUsd ?? 10, Unit: 'USD' },
        },
        NotificationsWithSubscribers: [
          {
            Notification: {
              NotificationType: 'FORECASTED',
              ComparisonOperator: 'GREATER_THAN',
              Threshold: 80,
              ThresholdType: 'PERCENTAGE',
            },
            Subscribers: [{ SubscriptionType: 'EMAIL', Address: params.alertEmail }],
          },
        ],
      },
    },
  };
}

/** The jobs that have a recurring schedule on AWS (the others are woken by one-off `at()` schedules). */
export const scheduledJobs = (): Job[] => JOBS.filter((job) => job.aws !== 'at-wake-up');
export const scheduleResource = (job: Job) => `${pascal(job.name)}Schedule`;

/**
 * One EventBridge Scheduler schedule per registry job, in the business's timezone: a job the worker runs gets a
 * `run-job` item dropped on the work queue; a job with a function of its own has that function invoked.
 */
function jobSchedules(stage: string, timezone: string) {
  return Object.fromEntries(
    scheduledJobs().map((job) => [
      scheduleResource(job),
      {
        Type: 'AWS::Scheduler::Schedule',
        Properties: {
          Name: `stockbot-${stage}-${job.name}`,
          Description: `stockbot: ${job.description}`,
          ScheduleExpression: scheduleExpression(job.schedule),
          ScheduleExpressionTimezone: timezone,
          FlexibleTimeWindow: { Mode: 'OFF' },
          State: 'ENABLED',
          Target:
            job.runsOn === 'worker' || job.runsOn === 'sheets'
              ? {
                  Arn: arn(queueResource(job.runsOn === 'worker' ? 'work' : 'sheets')),
                  RoleArn: arn('SchedulerRole'),
                  Input: JSON.stringify({ kind: 'run-job', job: job.name }),
                }
              : {
                  Arn: arn(functionResource('daily-check')),
                  RoleArn: arn('DailyCheckScheduleRole'),
                  Input: JSON.stringify({ job: job.name }),
                },
        },
      },
    ]),
  );
}

/** Every resource the functions use besides themselves. */
export function deployResources(params: DeployParams) {
  const stage = checkStage(params.stage);
  const roles = Object.fromEntries(
    (Object.keys(FUNCTION_ACCESS) as FunctionName[]).map((fn) => [roleResource(fn), role(stage, fn, FUNCTION_ACCESS[fn], params)]),
  );
  return {
    Resources: {
      ...tables(stage),
      ...queues(stage, params.timeouts),
      ...countFilesBucket(),
      ...documentsBucket(),
      ...mailBucket(stage, params),
      DeliveryScheduleGroup: { Type: 'AWS::Scheduler::ScheduleGroup', Properties: { Name: `stockbot-${stage}` } },
      ...jobSchedules(stage, params.timezone),
      // Assumed by EventBridge Scheduler to drop a job's run on the work or sheets queue: on its schedule, or at a held
      // draft's time.
      SchedulerRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: assumedBy('scheduler.amazonaws.com'),
          Policies: [
            {
              PolicyName: `stockbot-${stage}-scheduler`,
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: [arn(queueResource('work')), arn(queueResource('sheets'))] },
                ],
              },
            },
          ],
        },
      },
      // Assumed by EventBridge Scheduler to start the daily check on its schedule.
      DailyCheckScheduleRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: assumedBy('scheduler.amazonaws.com'),
          Policies: [
            {
              PolicyName: `stockbot-${stage}-daily-check-schedule`,
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: arn(functionResource('daily-check')) }],
              },
            },
          ],
        },
      },
      ...roles,
      ...alerts(stage, params),
    },
  };
}

/** The params naming the Google documents, each required, and what each one is. */
const GOOGLE_ID_PARAMS = [
  ['stockSheetId', 'the stock sheet (docs.google.com/spreadsheets/d/<id>/edit)'],
  ['rulesDocId', 'the rules doc (docs.google.com/document/d/<id>/edit)'],
  ['supplierDocId', 'the supplier doc (docs.google.com/document/d/<id>/edit)'],
] as const;

/**
 * A Google document id as it sits in the document's URL: letters, digits, `-` and `_`. A whole URL pasted in its place
 * would reach Google as a file that does not exist, on the first sync after the deploy; it is refused now instead.
 */
export function googleId(param: string, what: string, value: string | undefined): string {
  if (!value) throw new Error(`serverless.yml needs params.${param}: the id of ${what}; pass --param="${param}=<id>"`);
  if (!/^[\w-]+$/.test(value)) {
    throw new Error(`params.${param} must be only the id of ${what}, the part between /d/ and /edit, got "${value}"`);
  }
  return value;
}

/**
 * An address a param names, checked at packaging: a typo (or a `;` between two addresses) would otherwise deploy a
 * receipt rule nobody mails, or an email permission for an address that does not exist.
 */
export function emailAddress(param: string, value: string): string {
  if (!/^[^\s@,;<>]+@[^\s@,;<>]+\.[^\s@,;<>]+$/.test(value)) {
    throw new Error(`params.${param} must be email addresses (comma-separated where several are allowed), got "${value}"`);
  }
  return value;
}

type Resolve = (address: string) => Promise<unknown>;
/** What serverless gives a function that sets no timeout, itself or in `provider`. */
const SERVERLESS_DEFAULT_TIMEOUT = 6;
type ResolveProperty = (path: string[]) => Promise<unknown>;

/** What serverless.yml calls: `resources: ${file(./dist/deploy/resources.js):resources}`. */
export async function resources({
  resolveVariable,
  resolveConfigurationProperty,
}: {
  resolveVariable: Resolve;
  resolveConfigurationProperty: ResolveProperty;
}) {
  const text = async (address: string) => {
    const value = await resolveVariable(address);
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  };
  const stage = await text('sls:stage');
  const mailFrom = await text('param:mailFrom');
  if (!stage || !mailFrom) throw new Error('serverless.yml needs a stage and params.mailFrom');
  const ownerEmail = await text('param:ownerEmail');
  const alertEmail = await text('param:alertEmail');
  const budget = Number(await text('param:monthlyBudgetUsd'));
  const bedrockModelId = await text('param:bedrockModelId');
  if (!bedrockModelId) throw new Error('serverless.yml needs params.bedrockModelId');
  const mailInAddress = await text('param:mailInAddress');
  if (mailInAddress) emailAddress('mailInAddress', mailInAddress);
  const summaryRecipients = ((await text('param:summaryRecipients')) ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean)
    .map((address) => emailAddress('summaryRecipients', address));
  const timezone = await text('param:timezone');
  if (!timezone) throw new Error("serverless.yml needs params.timezone (the rules doc's timezone)");
  // The deployed functions read the documents only from Google (through the sheets function's sync): without the ids
  // every function would answer "not synced yet" for ever, so packaging stops here and says which param is missing.
  for (const [param, what] of GOOGLE_ID_PARAMS) googleId(param, what, await text(`param:${param}`));
  // Read from serverless.yml itself, so the queues' visibility can never fall behind a function's timeout.
  const providerTimeout = await resolveConfigurationProperty(['provider', 'timeout']);
  const timeouts: DeployParams['timeouts'] = {};
  for (const fn of Object.keys(FUNCTION_ACCESS) as FunctionName[]) {
    const own = await resolveConfigurationProperty(['functions', fn, 'timeout']);
    const timeout = Number(own ?? providerTimeout ?? SERVERLESS_DEFAULT_TIMEOUT);
    if (Number.isFinite(timeout)) timeouts[fn] = timeout;
  }
  return deployResources({
    stage,
    mailFrom,
    bedrockModelId,
    timezone,
    timeouts,
    ...(ownerEmail ? { ownerEmail } : {}),
    ...(alertEmail ? { alertEmail } : {}),
    ...(Number.isFinite(budget) && budget > 0 ? { monthlyBudgetUsd: budget } : {}),
    ...(mailInAddress ? { mailInAddress } : {}),
    ...(summaryRecipients.length > 0 ? { summaryRecipients } : {}),
  });
}

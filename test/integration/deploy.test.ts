import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  COUNT_FILES_BUCKET,
  DOCUMENTS_BUCKET,
  DOCUMENTS_PREFIX,
  FUNCTION_ACCESS,
  MAIL_BUCKET,
  MAIL_IN_FAILED_QUEUE,
  MAX_RECEIVES,
  VISIBILITY_PER_TIMEOUT,
  deployResources,
  functionResource,
  googleId,
  mailBucketName,
  modelStatements,
  resources as serverlessResources,
  roleResource,
  scheduleResource,
  scheduledJobs,
  tableResource,
  type DeployParams,
  type FunctionName,
} from '../../deploy/resources';
import { JOBS } from '../../jobs';
import { COPIES_PREFIX } from '../../src/adapters/documents/s3-copies';
import { declaredParts } from '../../src/config/spreadsheet/zip-entries';
import { DEFAULT_MODEL_ID } from '../../src/adapters/model/bedrock';
import { TABLES, tableDefinition, type TableName } from '../../src/store/tables';

// Packages the real serverless.yml with the open-source osls CLI (offline, no AWS account) and reads the
// CloudFormation template it would deploy.
const ROOT = resolve(__dirname, '../..');
const OUT = mkdtempSync(join(tmpdir(), 'stockbot-package-'));
type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; DependsOn?: string | string[] };
let resources: Record<string, Resource>;
// The Google documents' ids, as they appear in their URLs.
const SHEET_ID = '1AbCdEfGhIjKlMnOpQrStUvWxYz_0123456789-stock';
const RULES_ID = '1RuLeS_0123456789-abcdefghijklmnopqrstuvwx';
const SUPPLIERS_ID = '1SuPpLiErS_0123456789-abcdefghijklmnopqrst';

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-aws.mjs'], { cwd: ROOT, stdio: 'pipe' });
  const osls = require.resolve('osls/bin/serverless.js');
  const params = [
    'mailFrom=orders@harbourstreet.example',
    'ownerEmail=owner@harbourstreet.example',
    'alertEmail=ops@harbourstreet.example',
    `stockSheetId=${SHEET_ID}`,
    'stockSheetTab=Stock',
    `rulesDocId=${RULES_ID}`,
    `supplierDocId=${SUPPLIERS_ID}`,
  ];
  execFileSync(process.execPath, [osls, 'package', '--stage', 'test', '--package', OUT, ...params.map((p) => `--param=${p}`)], {
    cwd: ROOT,
    stdio: 'pipe',
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x' },
  });
  resources = JSON.parse(readFileSync(join(OUT, 'cloudformation-template-update-stack.json'), 'utf8')).Resources;
}, 120_000);

const FUNCTIONS = Object.keys(FUNCTION_ACCESS) as FunctionName[];
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const statementsOf = (role: string): any[] => resources[role]!.Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement);
const allows = (role: string, action: string) => statementsOf(role).filter((s) => [s.Action].flat().includes(action));
const roles = () => ofType('AWS::IAM::Role').map(([name]) => name);
/** The roles with any statement whose actions belong to `service` (e.g. `s3`, `bedrock`). */
const rolesWith = (service: string) =>
  roles().filter((role) => statementsOf(role).some((s) => [s.Action].flat().some((a: string) => a.startsWith(`${service}:`))));
const variables = (fn: FunctionName): Record<string, unknown> => resources[functionResource(fn)]!.Properties.Environment.Variables;
const sub = (text: string) => ({ 'Fn::Sub': text });
const PROFILE = sub(
  'arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:inference-profile/global.anthropic.claude-haiku-4-5-20251001-v1:0',
);
const bucketObjects = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [COUNT_FILES_BUCKET, 'Arn'] }, '/*']] };
/** The packaged stack's params, for the templates built straight from deployResources. */
const BASE_PARAMS: DeployParams = {
  stage: 'test',
  mailFrom: 'orders@harbourstreet.example',
  bedrockModelId: DEFAULT_MODEL_ID,
  timezone: 'Europe/London',
  timeouts: { 'po-sender': 30, 'stock-poster': 30, worker: 300, sheets: 300, 'mail-in': 300 },
};

describe('serverless.yml, packaged by osls', () => {
  it('every Ref and GetAtt names a resource that exists', () => {
    const missing: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) {
        node.forEach(walk);
        return;
      }
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (typeof o.Ref === 'string' && !o.Ref.startsWith('AWS::') && !resources[o.Ref]) missing.push(o.Ref);
      const att = o['Fn::GetAtt'];
      if (Array.isArray(att) && !resources[att[0] as string]) missing.push(String(att[0]));
      Object.values(o).forEach(walk);
    };
    walk(resources);
    expect(missing).toEqual([]);
  });

  it('has no circular dependency (the mail bucket names the function whose role names the bucket)', () => {
    const dependsOn = (node: unknown, out = new Set<string>()): Set<string> => {
      if (Array.isArray(node)) for (const n of node) dependsOn(n, out);
      else if (node && typeof node === 'object') {
        const o = node as Record<string, unknown>;
        if (typeof o.Ref === 'string') out.add(o.Ref);
        if (Array.isArray(o['Fn::GetAtt'])) out.add(String(o['Fn::GetAtt'][0]));
        if (typeof o['Fn::Sub'] === 'string') for (const [, name] of o['Fn::Sub'].matchAll(/\$\{([\w]+)[.}]/g)) out.add(name!);
        for (const v of Object.values(o)) dependsOn(v, out);
      }
      return out;
    };
    const edges = new Map(
      Object.entries(resources).map(([name, r]) => [
        name,
        [...dependsOn(r.Properties), ...[r.DependsOn ?? []].flat()].filter((d) => d in resources),
      ]),
    );
    const done = new Set<string>();
    const cycle = (name: string, path: string[]): string[] | null => {
      if (path.includes(name)) return [...path.slice(path.indexOf(name)), name];
      if (done.has(name)) return null;
      for (const next of edges.get(name) ?? []) {
        const found = cycle(next, [...path, name]);
        if (found) return found;
      }
      done.add(name);
      return null;
    };
    for (const name of edges.keys()) expect(cycle(name, [])).toBeNull();
  });

  it('deploys exactly the tables the app creates locally, with TTL on the short-lived ones and business records kept', () => {
    for (const name of Object.keys(TABLES) as TableName[]) {
      const table = resources[tableResource(name)]!;
      const spec = TABLES[name];
      expect(table.Properties).toMatchObject(tableDefinition(`stockbot-test-${spec.name}`, spec));
      if ('expiresAttribute' in spec)
        expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expires_at', Enabled: true });
    }
    expect(ofType('AWS::DynamoDB::Table')).toHaveLength(Object.keys(TABLES).length);
    expect(resources.OrdersTable!.DeletionPolicy).toBe('Retain');
    expect(resources.AuditTable!.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  it('runs every function on Node 22 arm64 with its own role, and keeps logs 7 days', () => {
    const roles = new Set<string>();
    for (const fn of FUNCTIONS) {
      const props = resources[functionResource(fn)]!.Properties;
      expect(props).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Role: { 'Fn::GetAtt': [roleResource(fn), 'Arn'] } });
      roles.add(roleResource(fn));
    }
    expect(roles.size).toBe(FUNCTIONS.length);
    for (const [, group] of ofType('AWS::Logs::LogGroup')) expect(group.Properties.RetentionInDays).toBe(7);
    expect(
      ofType('AWS::Lambda::Url')
        .map(([, u]) => u.Properties.TargetFunctionArn['Fn::GetAtt'][0])
        .sort(),
    ).toEqual([functionResource('email-action'), functionResource('pos'), functionResource('slack')].sort());
  });

  it('grants least privilege: no wildcard actions or resources, each role only its own tables', () => {
    for (const fn of FUNCTIONS) {
      for (const s of statementsOf(roleResource(fn))) {
        expect([s.Action].flat().some((a: string) => a.includes('*'))).toBe(false);
        // Textract alone has no resource-level permissions: its three read actions are the narrowest grant there is.
        const textractOnly = [s.Action].flat().every((a: string) => a.startsWith('textract:'));
        if (!textractOnly) expect([s.Resource].flat()).not.toContain('*');
      }
      const tables = allows(roleResource(fn), 'dynamodb:PutItem')
        .flatMap((s) => s.Resource)
        .filter((r: any) => r['Fn::GetAtt'])
        .map((r: any) => r['Fn::GetAtt'][0]);
      expect(tables.sort()).toEqual(FUNCTION_ACCESS[fn].tables.map(tableResource).sort());
    }
  });

  it('stock-poster alone may adjust an inventory quantity from a count', () => {
    const adjusts = FUNCTIONS.filter((fn) =>
      allows(roleResource(fn), 'dynamodb:PutItem').some((s) =>
        [s.Resource].flat().some((r: any) => r['Fn::GetAtt']?.[0] === 'AdjustmentsTable'),
      ),
    );
    expect(adjusts).toEqual(['stock-poster']);
  });

  it('po-sender alone may email a supplier; the others may write only to the owner', () => {
    const unrestricted = FUNCTIONS.filter((fn) =>
      allows(roleResource(fn), 'ses:SendRawEmail').some((s) => !s.Condition?.['ForAllValues:StringEquals']),
    );
    // mail-in answers whoever mailed the inbox (never known in advance), from the shop's own address only.
    expect(unrestricted).toEqual(['po-sender', 'mail-in']);
    expect(allows(roleResource('mail-in'), 'ses:SendRawEmail')[0].Condition).toEqual({
      StringEquals: { 'ses:FromAddress': 'orders@harbourstreet.example' },
    });
    for (const fn of ['worker', 'daily-check'] as const) {
      expect(allows(roleResource(fn), 'ses:SendRawEmail')[0].Condition['ForAllValues:StringEquals']).toEqual({
        'ses:Recipients': ['owner@harbourstreet.example'],
      });
    }
    expect(allows(roleResource('slack'), 'ses:SendRawEmail')).toEqual([]);
  });

  it('each queue has one consumer and a dead-letter queue after as many deliveries as the consumers count', () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping').map(([, m]) => [
      m.Properties.FunctionName['Fn::GetAtt'][0],
      m.Properties.EventSourceArn['Fn::GetAtt'][0],
    ]);
    expect(mappings.sort()).toEqual([
      [functionResource('mail-in'), 'MailQueue'],
      [functionResource('po-sender'), 'SendPoQueue'],
      [functionResource('sheets'), 'SheetsQueue'],
      [functionResource('stock-poster'), 'StockPostQueue'],
      [functionResource('worker'), 'WorkQueue'],
    ]);
    for (const queue of ['SendPoQueue', 'StockPostQueue', 'WorkQueue', 'SheetsQueue', 'MailQueue'])
      expect(resources[queue]!.Properties.RedrivePolicy.maxReceiveCount).toBe(MAX_RECEIVES);
    for (const fn of ['po-sender', 'stock-poster', 'worker', 'sheets', 'mail-in'] as const) {
      expect(Number(resources[functionResource(fn)]!.Properties.Environment.Variables.QUEUE_MAX_RECEIVES)).toBe(MAX_RECEIVES);
    }
  });

  it('has exactly one schedule per scheduled job in the registry, each in the business timezone', () => {
    const schedules = ofType('AWS::Scheduler::Schedule');
    const scheduled = scheduledJobs();
    expect(scheduled.map((j) => j.name)).toEqual(JOBS.filter((j) => j.aws !== 'at-wake-up').map((j) => j.name));
    expect(schedules.map(([name]) => name).sort()).toEqual(scheduled.map(scheduleResource).sort());
    for (const [, schedule] of schedules) expect(schedule.Properties.ScheduleExpressionTimezone).toBe('Europe/London');

    // The daily check invokes its own function every morning; the function turns away non-business days.
    const daily = resources[scheduleResource(JOBS.find((j) => j.name === 'daily-check')!)]!;
    expect(daily.Properties).toMatchObject({
      ScheduleExpression: 'cron(0 8 * * ? *)',
      Target: { Arn: { 'Fn::GetAtt': [functionResource('daily-check'), 'Arn'] }, Input: '{"job":"daily-check"}' },
    });
    expect(daily.Properties.Target.RoleArn).toEqual({ 'Fn::GetAtt': ['DailyCheckScheduleRole', 'Arn'] });
    // A job the worker runs arrives as a run-job item on the work queue; the sheet jobs on the sheets queue.
    const followups = resources[scheduleResource(JOBS.find((j) => j.name === 'order-followups')!)]!;
    expect(followups.Properties.Target).toMatchObject({
      Arn: { 'Fn::GetAtt': ['WorkQueue', 'Arn'] },
      Input: '{"kind":"run-job","job":"order-followups"}',
    });
    const flush = resources[scheduleResource(JOBS.find((j) => j.name === 'sheet-flush')!)]!;
    expect(flush.Properties).toMatchObject({
      ScheduleExpression: 'rate(5 minutes)',
      Target: { Arn: { 'Fn::GetAtt': ['SheetsQueue', 'Arn'] }, Input: '{"kind":"run-job","job":"sheet-flush"}' },
    });
    const sync = resources[scheduleResource(JOBS.find((j) => j.name === 'sheet-sync')!)]!;
    expect(sync.Properties).toMatchObject({
      ScheduleExpression: 'rate(15 minutes)',
      Target: { Arn: { 'Fn::GetAtt': ['SheetsQueue', 'Arn'] }, Input: '{"kind":"run-job","job":"sheet-sync"}' },
    });
    // Whatever the registry adds later: each job reaches the queue of the function it runs on, through SchedulerRole.
    const QUEUE_OF_RUNNER = { worker: 'WorkQueue', sheets: 'SheetsQueue', 'daily-check': null } as const;
    for (const job of scheduled) {
      const queue = QUEUE_OF_RUNNER[job.runsOn];
      if (!queue) continue;
      expect([job.name, resources[scheduleResource(job)]!.Properties.Target]).toEqual([
        job.name,
        {
          Arn: { 'Fn::GetAtt': [queue, 'Arn'] },
          RoleArn: { 'Fn::GetAtt': ['SchedulerRole', 'Arn'] },
          Input: JSON.stringify({ kind: 'run-job', job: job.name }),
        },
      ]);
    }
    expect(JOBS.filter((j) => j.runsOn === 'sheets').map((j) => j.name)).toEqual(expect.arrayContaining(['sheet-sync', 'sheet-flush']));
  });

  it('lets only the daily check and the worker book wake-ups for held notifications', () => {
    expect(FUNCTIONS.filter((fn) => allows(roleResource(fn), 'scheduler:CreateSchedule').length > 0).sort()).toEqual([
      'daily-check',
      'worker',
    ]);
    expect(statementsOf('SchedulerRole')).toEqual([
      {
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: [{ 'Fn::GetAtt': ['WorkQueue', 'Arn'] }, { 'Fn::GetAtt': ['SheetsQueue', 'Arn'] }],
      },
    ]);
  });

  it('keeps count-file originals in a private, versioned, encrypted bucket that moves them to Glacier after 90 days', () => {
    const bucket = resources[COUNT_FILES_BUCKET]!;
    expect(bucket.Type).toBe('AWS::S3::Bucket');
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties.BucketName).toBeUndefined(); // CloudFormation names it: no clash between stages or accounts
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
      { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
    ]);
    const lifecycle = bucket.Properties.LifecycleConfiguration;
    // Without this, S3 would leave every count file under 128 KB (nearly all of them) in Standard for ever.
    expect(lifecycle.TransitionDefaultMinimumObjectSize).toBe('varies_by_storage_class');
    expect(lifecycle.Rules).toEqual([
      expect.objectContaining({
        Status: 'Enabled',
        Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }],
        NoncurrentVersionTransitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }],
      }),
    ]);
    expect(lifecycle.Rules[0].Filter).toBeUndefined(); // the whole bucket
    const [[, policy]] = ofType('AWS::S3::BucketPolicy').filter(([, p]) => p.Properties.Bucket.Ref === COUNT_FILES_BUCKET) as [
      [string, Resource],
    ];
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      expect.objectContaining({ Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ]);
  });

  it('the worker alone may touch the count-files bucket, and only to put objects in it', () => {
    const onCountFiles = (role: string) =>
      statementsOf(role).filter(
        (s) => JSON.stringify(s.Resource).includes(COUNT_FILES_BUCKET) && [s.Action].flat().some((a: string) => a.startsWith('s3:')),
      );
    expect(roles().filter((role) => onCountFiles(role).length > 0)).toEqual([roleResource('worker')]);
    expect(onCountFiles(roleResource('worker'))).toEqual([{ Effect: 'Allow', Action: 's3:PutObject', Resource: bucketObjects }]);
  });

  it('every function reads the synced documents; only sheets writes them, in a private, versioned bucket', () => {
    // The prefix the roles grant is the one the app writes under.
    expect(DOCUMENTS_PREFIX).toBe(COPIES_PREFIX);
    const copies = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [DOCUMENTS_BUCKET, 'Arn'] }, '/documents/*']] };
    // The till endpoint reads no document: it only checks signatures and queues.
    for (const fn of FUNCTIONS.filter((f) => f !== 'pos')) {
      const onDocuments = statementsOf(roleResource(fn)).filter((s) => JSON.stringify(s.Resource).includes(DOCUMENTS_BUCKET));
      expect(onDocuments).toEqual([
        { Effect: 'Allow', Action: fn === 'sheets' ? ['s3:GetObject', 's3:PutObject'] : 's3:GetObject', Resource: copies },
      ]);
      expect(variables(fn).DOCUMENTS_BUCKET).toEqual({ Ref: DOCUMENTS_BUCKET });
    }
    const bucket = resources[DOCUMENTS_BUCKET]!;
    expect(bucket.DeletionPolicy).toBe('Retain');
    // Versioned: a bad bulk edit is rolled back by restoring an earlier version of documents/stock-sheet.json.
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.PublicAccessBlockConfiguration).toMatchObject({ BlockPublicAcls: true, RestrictPublicBuckets: true });
  });

  it('only sheets holds the Google key and the document ids; it runs one at a time on the sheets queue alone', () => {
    const google = ['GOOGLE_SERVICE_ACCOUNT_JSON', 'STOCK_SHEET_ID', 'STOCK_SHEET_TAB', 'RULES_DOC_ID', 'SUPPLIER_DOC_ID'];
    // The whole SecretString of the stage's own Google secret: the key file as Google gave it.
    expect(variables('sheets')).toMatchObject({
      GOOGLE_SERVICE_ACCOUNT_JSON: '{{resolve:secretsmanager:stockbot/test/google}}',
      STOCK_SHEET_ID: SHEET_ID,
      STOCK_SHEET_TAB: 'Stock',
      RULES_DOC_ID: RULES_ID,
      SUPPLIER_DOC_ID: SUPPLIERS_ID,
      WORK_QUEUE_URL: { Ref: 'WorkQueue' },
    });
    for (const fn of FUNCTIONS) {
      const names = Object.keys(variables(fn));
      for (const name of google) expect([fn, names.includes(name)]).toEqual([fn, fn === 'sheets']);
      // The documents are no longer bundled into the functions.
      for (const old of ['STOCK_SHEET', 'RULES_DOC', 'SUPPLIER_DOC']) expect(names).not.toContain(old);
    }
    const sheets = resources[functionResource('sheets')]!.Properties;
    expect(sheets).toMatchObject({ Handler: 'dist/lambda/sheets.handler', ReservedConcurrentExecutions: 1, Timeout: 300 });
    const [[, mapping]] = ofType('AWS::Lambda::EventSourceMapping').filter(
      ([, m]) => m.Properties.FunctionName['Fn::GetAtt'][0] === functionResource('sheets'),
    ) as [[string, Resource]];
    expect(mapping.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': ['SheetsQueue', 'Arn'] },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(resources.SheetsQueue!.Properties).toMatchObject({
      VisibilityTimeout: VISIBILITY_PER_TIMEOUT * 300,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['SheetsDeadLetterQueue', 'Arn'] }, maxReceiveCount: MAX_RECEIVES },
    });
    expect(allows(roleResource('sheets'), 'sqs:ReceiveMessage').flatMap((s) => [s.Resource].flat())).toEqual([
      { 'Fn::GetAtt': ['SheetsQueue', 'Arn'] },
    ]);
    // Those who ask for a write-back right after a decision may drop it on the sheets queue.
    const sendsToSheets = FUNCTIONS.filter((fn) =>
      allows(roleResource(fn), 'sqs:SendMessage').some((s) => JSON.stringify(s.Resource).includes('SheetsQueue')),
    );
    expect(sendsToSheets.sort()).toEqual(['slack', 'stock-poster', 'worker']);
    for (const fn of sendsToSheets) expect(variables(fn).SHEETS_QUEUE_URL).toEqual({ Ref: 'SheetsQueue' });
  });

  it('packages no document: each function zip holds its own bundle only', () => {
    const zips = readdirSync(OUT).filter((f) => f.endsWith('.zip'));
    expect(zips.sort()).toEqual(FUNCTIONS.map((fn) => `${fn}.zip`).sort());
    for (const zip of zips) {
      const listing = declaredParts(readFileSync(join(OUT, zip))).map((part) => part.name);
      expect(listing.filter((name) => name.startsWith('examples/') || /\.(csv|txt|xlsx|json)$/i.test(name))).toEqual([]);
      // The worker draws the monthly summary's charts: its fonts (and resvg's arm64 binary, when fetched) ride along.
      const extras = listing.filter((name) => name.startsWith('dist/lambda/fonts/') || name.endsWith('.node'));
      expect(extras.length > 0).toBe(zip === 'worker.zip');
      expect(listing.filter((name) => !extras.includes(name))).toEqual([`dist/lambda/${zip.replace('.zip', '')}.js`]);
    }
    // Nor any setting that once named a bundled document.
    const yml = readFileSync(join(ROOT, 'serverless.yml'), 'utf8');
    expect(yml).not.toMatch(/param:documents|STOCK_SHEET:|RULES_DOC:|SUPPLIER_DOC:/);
  });

  it("pos checks signatures and queues for the stock poster: no table, no document; only it holds the tills' secrets", () => {
    const statements = statementsOf(roleResource('pos'));
    expect(statements.filter((s) => [s.Action].flat().some((a: string) => /^(dynamodb|s3):/.test(a)))).toEqual([]);
    expect(allows(roleResource('pos'), 'sqs:SendMessage')).toEqual([
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: [{ 'Fn::GetAtt': ['StockPostQueue', 'Arn'] }] },
    ]);
    expect(variables('pos')).toMatchObject({
      POS_SECRET: '{{resolve:secretsmanager:stockbot/test/pos:SecretString:POS_SECRET}}',
      SHOPIFY_WEBHOOK_SECRET: '{{resolve:secretsmanager:stockbot/test/pos:SecretString:SHOPIFY_WEBHOOK_SECRET}}',
      SQUARE_SIGNATURE_KEY: '{{resolve:secretsmanager:stockbot/test/pos:SecretString:SQUARE_SIGNATURE_KEY}}',
      STOCK_POST_QUEUE_URL: { Ref: 'StockPostQueue' },
      STAGE: 'test',
    });
    for (const fn of FUNCTIONS.filter((f) => f !== 'pos'))
      for (const name of ['POS_SECRET', 'SHOPIFY_WEBHOOK_SECRET', 'SQUARE_SIGNATURE_KEY'])
        expect([fn, Object.keys(variables(fn))]).not.toEqual([fn, expect.arrayContaining([name])]);
    // The stock poster applies the till lines: each spent in dedupe, a delivery booked against its order.
    expect(FUNCTION_ACCESS['stock-poster'].tables).toEqual(expect.arrayContaining(['dedupe', 'orders', 'inventory', 'movements']));
  });

  it('the worker and mail-in alone may call Bedrock, and only Haiku 4.5 through its global inference profile', () => {
    expect(rolesWith('bedrock').sort()).toEqual([roleResource('mail-in'), roleResource('worker')].sort());
    const bedrock = statementsOf(roleResource('worker')).filter((s) => [s.Action].flat().some((a: string) => a.startsWith('bedrock:')));
    // AWS's policy for global cross-Region inference: the profile here, and the model both here and at its Region-less
    // global ARN, the model only when reached through that profile.
    expect(bedrock).toEqual([
      { Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: PROFILE },
      {
        Effect: 'Allow',
        Action: 'bedrock:InvokeModel',
        Resource: sub('arn:${AWS::Partition}:bedrock:${AWS::Region}::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0'),
        Condition: { StringEquals: { 'bedrock:InferenceProfileArn': PROFILE } },
      },
      {
        Effect: 'Allow',
        Action: 'bedrock:InvokeModel',
        Resource: sub('arn:${AWS::Partition}:bedrock:::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0'),
        Condition: { StringEquals: { 'aws:RequestedRegion': 'unspecified', 'bedrock:InferenceProfileArn': PROFILE } },
      },
    ]);
  });

  it("the counts bucket is the worker's setting alone, the model id the worker's and mail-in's; it is the one the code defaults to", () => {
    expect(variables('worker')).toMatchObject({ COUNT_FILES_BUCKET: { Ref: COUNT_FILES_BUCKET }, BEDROCK_MODEL_ID: DEFAULT_MODEL_ID });
    expect(variables('mail-in')).toMatchObject({ BEDROCK_MODEL_ID: DEFAULT_MODEL_ID, TEXTRACT: 'aws' });
    for (const fn of FUNCTIONS.filter((f) => f !== 'worker')) expect(Object.keys(variables(fn))).not.toContain('COUNT_FILES_BUCKET');
    for (const fn of FUNCTIONS.filter((f) => f !== 'worker' && f !== 'mail-in'))
      expect(Object.keys(variables(fn))).not.toContain('BEDROCK_MODEL_ID');
  });

  it('runs mail-in for 300 s with 1024 MB, told its bucket, Textract and the model; woken by its queue and by the bucket', () => {
    const props = resources[functionResource('mail-in')]!.Properties;
    expect(props).toMatchObject({ Handler: 'dist/lambda/mail-in.handler', Timeout: 300, MemorySize: 1024 });
    expect(variables('mail-in')).toMatchObject({ TEXTRACT: 'aws', BEDROCK_MODEL_ID: DEFAULT_MODEL_ID });
    // serverless.yml spells out the bucket's name (a Ref would be a circle): it must be the name the bucket gets.
    const join = variables('mail-in').MAIL_BUCKET as { 'Fn::Join': [string, (string | { Ref: string })[]] };
    const [separator, parts] = join['Fn::Join'];
    const spelled = parts.map((p) => (typeof p === 'string' ? p : `\${${p.Ref}}`)).join(separator);
    expect({ 'Fn::Sub': spelled }).toEqual(mailBucketName('test'));
    expect(resources[MAIL_BUCKET]!.Properties.BucketName).toEqual(mailBucketName('test'));
    // Nothing but mail-in knows where the raw mail is, or may ask Textract.
    for (const fn of FUNCTIONS.filter((f) => f !== 'mail-in')) {
      expect([fn, Object.keys(variables(fn))]).not.toEqual([fn, expect.arrayContaining(['MAIL_BUCKET'])]);
      expect([fn, Object.keys(variables(fn))]).not.toEqual([fn, expect.arrayContaining(['TEXTRACT'])]);
    }
    // The queue for discards: its own, with a dead-letter queue and an alarm like the others; mail-in its one consumer.
    expect(resources.MailQueue!.Properties).toMatchObject({
      QueueName: 'stockbot-test-mail',
      VisibilityTimeout: VISIBILITY_PER_TIMEOUT * 300,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['MailDeadLetterQueue', 'Arn'] }, maxReceiveCount: MAX_RECEIVES },
    });
    expect(resources.MailDeadLetterAlarm!.Properties.Dimensions).toEqual([
      { Name: 'QueueName', Value: { 'Fn::GetAtt': ['MailDeadLetterQueue', 'QueueName'] } },
    ]);
    const [[, mapping]] = ofType('AWS::Lambda::EventSourceMapping').filter(
      ([, m]) => m.Properties.EventSourceArn['Fn::GetAtt'][0] === 'MailQueue',
    ) as [[string, Resource]];
    expect(mapping.Properties).toMatchObject({
      FunctionName: { 'Fn::GetAtt': [functionResource('mail-in'), 'Arn'] },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    // Discard on a proposal card (slack) queues the move; nobody else may.
    const sendsToMail = FUNCTIONS.filter((fn) =>
      allows(roleResource(fn), 'sqs:SendMessage').some((s) => JSON.stringify(s.Resource).includes('"MailQueue"')),
    );
    expect(sendsToMail).toEqual(['slack']);
    expect(variables('slack').MAIL_QUEUE_URL).toEqual({ Ref: 'MailQueue' });
  });

  it('mail-in alone reads the mail bucket or calls Textract; it writes only intake and audit, and no inventory', () => {
    expect(rolesWith('textract')).toEqual([roleResource('mail-in')]);
    const mailRoles = roles().filter((role) => JSON.stringify(statementsOf(role)).includes('-mail-${AWS::AccountId}'));
    expect(mailRoles).toEqual([roleResource('mail-in')]);
    const statements = statementsOf(roleResource('mail-in'));
    const mailObjects = (prefix: string) =>
      sub(`arn:\${AWS::Partition}:s3:::stockbot-test-mail-\${AWS::AccountId}-\${AWS::Region}/${prefix}*`);
    const onMail = statements.filter((s) => JSON.stringify(s.Resource).includes('-mail-${AWS::AccountId}'));
    expect(onMail).toEqual([
      { Effect: 'Allow', Action: 's3:GetObject', Resource: [mailObjects('inbox/'), mailObjects('attachments/')] },
      {
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: [mailObjects('attachments/'), mailObjects('parsed/'), mailObjects('discarded/')],
      },
      // Only the delivered mail may go, and only once it has been copied under discarded/.
      { Effect: 'Allow', Action: 's3:DeleteObject', Resource: mailObjects('inbox/') },
    ]);
    expect(statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith('textract:')))).toEqual([
      {
        Effect: 'Allow',
        Action: ['textract:AnalyzeDocument', 'textract:StartDocumentAnalysis', 'textract:GetDocumentAnalysis'],
        Resource: '*',
      },
    ]);
    // The tables: intake (the proposals) and audit, nothing else; in particular no quantity, ledger or order.
    const tables = statements
      .filter((s) => [s.Action].flat().some((a: string) => a.startsWith('dynamodb:')))
      .flatMap((s) => s.Resource)
      .map((r: any) => r['Fn::GetAtt']?.[0] ?? r['Fn::Join'][1][0]['Fn::GetAtt'][0]);
    expect([...new Set(tables)].sort()).toEqual([tableResource('audit'), tableResource('intake')]);
    for (const forbidden of ['inventory', 'movements', 'orders', 'adjustments', 'counts'] as const)
      expect(JSON.stringify(statements)).not.toContain(`"${tableResource(forbidden)}"`);
    // Its queue to read, and the failed-runs queue Lambda sends to on its behalf; it hands work to no other queue.
    expect(allows(roleResource('mail-in'), 'sqs:ReceiveMessage').map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': ['MailQueue', 'Arn'] }]);
    expect(allows(roleResource('mail-in'), 'sqs:SendMessage').map((s) => s.Resource)).toEqual([
      { 'Fn::GetAtt': [MAIL_IN_FAILED_QUEUE, 'Arn'] },
    ]);
    // A reply to whoever mailed the inbox, from the shop's address only.
    expect(allows(roleResource('mail-in'), 'ses:SendRawEmail')).toEqual([
      {
        Effect: 'Allow',
        Action: 'ses:SendRawEmail',
        Resource: sub('arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/*'),
        Condition: { StringEquals: { 'ses:FromAddress': 'orders@harbourstreet.example' } },
      },
    ]);
  });

  it('the proposal card and the reports reach intake: slack, the stock poster and the worker', () => {
    const withIntake = FUNCTIONS.filter((fn) => FUNCTION_ACCESS[fn].tables.includes('intake'));
    expect(withIntake.sort()).toEqual(['mail-in', 'slack', 'stock-poster', 'worker']);
    // Approve goes to the stock poster, which applies the rows (apply-intake); Discard to mail-in.
    expect(FUNCTION_ACCESS.slack.sends).toEqual(expect.arrayContaining(['stock-post', 'mail']));
    // The weekly digest lists waiting proposals; count reminders are claimed once a period in dedupe.
    expect(FUNCTION_ACCESS.worker.tables).toEqual(expect.arrayContaining(['intake', 'dedupe']));
    // The reports run on the worker, scheduled from the registry like every other job.
    const onWorker = scheduledJobs()
      .filter((job) => job.runsOn === 'worker')
      .map((job) => job.name);
    expect(onWorker).toEqual(expect.arrayContaining(['variance-sweep', 'weekly-digest', 'monthly-summary']));
  });

  it('keeps forwarded mail in a private, versioned bucket, all of it to Glacier after 30 days, waking mail-in for inbox/', () => {
    const bucket = resources[MAIL_BUCKET]!;
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    const lifecycle = bucket.Properties.LifecycleConfiguration;
    // Most mail is under 128 KB, which S3 would otherwise leave in Standard for ever.
    expect(lifecycle.TransitionDefaultMinimumObjectSize).toBe('varies_by_storage_class');
    expect(lifecycle.Rules).toEqual([
      expect.objectContaining({
        Status: 'Enabled',
        Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 30 }],
        NoncurrentVersionTransitions: [{ StorageClass: 'GLACIER', TransitionInDays: 30 }],
      }),
    ]);
    expect(lifecycle.Rules[0].Filter).toBeUndefined(); // the whole bucket
    expect(bucket.Properties.NotificationConfiguration).toEqual({
      LambdaConfigurations: [
        {
          Event: 's3:ObjectCreated:*',
          Function: { 'Fn::GetAtt': [functionResource('mail-in'), 'Arn'] },
          Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'inbox/' }] } },
        },
      ],
    });
    // S3 may invoke mail-in for this bucket of this account only, and exists before the notification is set.
    expect([bucket.DependsOn].flat()).toEqual(['MailInInvokedByS3']);
    expect(resources.MailInInvokedByS3).toEqual({
      Type: 'AWS::Lambda::Permission',
      Properties: {
        FunctionName: { 'Fn::GetAtt': [functionResource('mail-in'), 'Arn'] },
        Action: 'lambda:InvokeFunction',
        Principal: 's3.amazonaws.com',
        SourceAccount: { Ref: 'AWS::AccountId' },
        SourceArn: sub('arn:${AWS::Partition}:s3:::stockbot-test-mail-${AWS::AccountId}-${AWS::Region}'),
      },
    });
    // Without an inbox address, TLS-only is all the policy says: SES may not write, and there is no receipt rule.
    expect(resources.MailBucketPolicy!.Properties.PolicyDocument.Statement).toEqual([
      expect.objectContaining({ Sid: 'TlsOnly', Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ]);
    expect(ofType('AWS::SES::ReceiptRule')).toEqual([]);
    expect(ofType('AWS::SES::ReceiptRuleSet')).toEqual([]);
  });

  it('a mail-in run that still fails after two retries is kept in a queue, and the alert address hears of it', () => {
    expect(resources.MailInInvokeConfig!.Properties).toEqual({
      FunctionName: { Ref: functionResource('mail-in') },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [MAIL_IN_FAILED_QUEUE, 'Arn'] } } },
    });
    expect(resources[MAIL_IN_FAILED_QUEUE]!.Properties).toEqual({
      QueueName: 'stockbot-test-mail-in-failed',
      MessageRetentionPeriod: 14 * 86_400,
    });
    expect(resources.MailInFailedAlarm!.Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [MAIL_IN_FAILED_QUEUE, 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: 'AlertTopic' }],
    });
    // No alert address, no alarm (the queue still keeps the mail).
    const quiet = deployResources(BASE_PARAMS).Resources as Record<string, Resource>;
    expect(quiet.MailInFailedAlarm).toBeUndefined();
    expect(quiet[MAIL_IN_FAILED_QUEUE]).toBeDefined();
  });

  it('with an inbox address, a receipt rule writes its mail under inbox/, and only that rule may', () => {
    const template = deployResources({ ...BASE_PARAMS, mailInAddress: 'stock@harbourstreet.example' }).Resources as Record<string, any>;
    expect(template.MailReceiptRuleSet).toEqual({ Type: 'AWS::SES::ReceiptRuleSet', Properties: { RuleSetName: 'stockbot-test' } });
    expect(template.MailReceiptRule.DependsOn).toBe('MailBucketPolicy'); // SES test-writes to the bucket on creation
    expect(template.MailReceiptRule.Properties).toEqual({
      RuleSetName: { Ref: 'MailReceiptRuleSet' },
      Rule: {
        Name: 'stockbot-test-inbox',
        Enabled: true,
        ScanEnabled: true,
        TlsPolicy: 'Require',
        Recipients: ['stock@harbourstreet.example'],
        Actions: [{ S3Action: { BucketName: { Ref: MAIL_BUCKET }, ObjectKeyPrefix: 'inbox/' } }],
      },
    });
    const statements = template.MailBucketPolicy.Properties.PolicyDocument.Statement;
    expect(statements).toHaveLength(2);
    expect(statements[1]).toEqual({
      Sid: 'SesDeliversMail',
      Effect: 'Allow',
      Principal: { Service: 'ses.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: sub('arn:${AWS::Partition}:s3:::stockbot-test-mail-${AWS::AccountId}-${AWS::Region}/inbox/*'),
      Condition: {
        StringEquals: {
          'aws:SourceAccount': { Ref: 'AWS::AccountId' },
          'aws:SourceArn': sub(
            'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:receipt-rule-set/stockbot-test:receipt-rule/stockbot-test-inbox',
          ),
        },
      },
    });
  });

  it('with summary recipients the worker alone may email them the monthly summary, and only them', () => {
    const recipients = ['owner@harbourstreet.example', 'accounts@harbourstreet.example'];
    const template = deployResources({ ...BASE_PARAMS, ownerEmail: 'owner@harbourstreet.example', summaryRecipients: recipients })
      .Resources as Record<string, any>;
    const sends = (fn: FunctionName) =>
      template[roleResource(fn)].Properties.Policies[0].PolicyDocument.Statement.filter((s: any) => s.Action === 'ses:SendRawEmail');
    const summary = {
      StringEquals: { 'ses:FromAddress': 'orders@harbourstreet.example' },
      'ForAllValues:StringEquals': { 'ses:Recipients': recipients },
    };
    const owner = {
      StringEquals: { 'ses:FromAddress': 'orders@harbourstreet.example' },
      'ForAllValues:StringEquals': { 'ses:Recipients': ['owner@harbourstreet.example'] },
    };
    expect(sends('worker').map((s: any) => s.Condition)).toEqual([owner, summary]);
    // The daily check sends drafts to the owner, never the summary.
    expect(sends('daily-check').map((s: any) => s.Condition)).toEqual([owner]);
    for (const fn of FUNCTIONS.filter((f) => f !== 'worker'))
      expect([fn, JSON.stringify(sends(fn))]).not.toEqual([fn, expect.stringContaining('accounts@harbourstreet.example')]);
    // Without the param (the packaged stack): the owner rule alone, the summary goes to Slack only.
    expect(allows(roleResource('worker'), 'ses:SendRawEmail').map((s) => s.Condition)).toEqual([owner]);
    // Without an owner address either, the worker may email nobody.
    expect(
      (deployResources(BASE_PARAMS).Resources as Record<string, any>)[
        roleResource('worker')
      ].Properties.Policies[0].PolicyDocument.Statement.filter((s: any) => s.Action === 'ses:SendRawEmail'),
    ).toEqual([]);
  });

  it('refuses a stage that cannot name the mail bucket, and params that are not email addresses', async () => {
    expect(() => deployResources({ ...BASE_PARAMS, stage: 'Prod' })).toThrow(
      /the stage names the mail bucket .* must be lowercase letters, digits and inner hyphens, at most 21 characters; got "Prod"/,
    );
    expect(() => deployResources({ ...BASE_PARAMS, stage: 'a'.repeat(22) })).toThrow(/at most 21 characters/);
    expect(() => deployResources({ ...BASE_PARAMS, stage: 'a'.repeat(21) })).not.toThrow();
    const params: Record<string, string> = {
      'sls:stage': 'prod',
      'param:mailFrom': 'orders@harbourstreet.example',
      'param:bedrockModelId': DEFAULT_MODEL_ID,
      'param:timezone': 'Europe/London',
      'param:stockSheetId': SHEET_ID,
      'param:rulesDocId': RULES_ID,
      'param:supplierDocId': SUPPLIERS_ID,
    };
    const packaged = (overrides: Record<string, string>) =>
      serverlessResources({
        resolveVariable: async (address) => ({ ...params, ...overrides })[address] ?? '',
        resolveConfigurationProperty: async (path) => (path.join('.') === 'provider.timeout' ? 300 : undefined),
      });
    await expect(packaged({ 'param:summaryRecipients': 'a@shop.example; b@shop.example' })).rejects.toThrow(
      'params.summaryRecipients must be email addresses (comma-separated where several are allowed), got "a@shop.example; b@shop.example"',
    );
    await expect(packaged({ 'param:mailInAddress': 'stock.shop.example' })).rejects.toThrow(
      /params\.mailInAddress must be email addresses/,
    );
    const both = (await packaged({
      'param:summaryRecipients': ' a@shop.example , b@shop.example ',
      'param:mailInAddress': 'stock@shop.example',
    })) as { Resources: Record<string, any> };
    expect(both.Resources.MailReceiptRule.Properties.Rule.Recipients).toEqual(['stock@shop.example']);
    expect(JSON.stringify(both.Resources.WorkerRole)).toContain('["a@shop.example","b@shop.example"]');
  });

  it("gives the worker 300 s, and every queue a visibility timeout of at least six times its consumer's timeout", () => {
    expect(resources[functionResource('worker')]!.Properties.Timeout).toBe(300);
    expect(resources[functionResource('slack')]!.Properties.Timeout).toBe(10);
    const consumers = ofType('AWS::Lambda::EventSourceMapping').map(([, m]) => [
      m.Properties.EventSourceArn['Fn::GetAtt'][0],
      m.Properties.FunctionName['Fn::GetAtt'][0],
    ]);
    expect(consumers).toHaveLength(5);
    for (const [queue, fn] of consumers) {
      const timeout: number = resources[fn]!.Properties.Timeout;
      expect(resources[queue]!.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(VISIBILITY_PER_TIMEOUT * timeout);
      expect(resources[queue]!.Properties.VisibilityTimeout).toBeLessThanOrEqual(43_200); // SQS's ceiling
    }
    expect(VISIBILITY_PER_TIMEOUT).toBeGreaterThanOrEqual(6);
    expect(resources.WorkQueue!.Properties.VisibilityTimeout).toBe(1800);
  });

  it('refuses to build queues for a consumer without a usable timeout', () => {
    const params: DeployParams = {
      stage: 't',
      mailFrom: 'a@b.example',
      bedrockModelId: DEFAULT_MODEL_ID,
      timezone: 'Europe/London',
      timeouts: { 'po-sender': 30, 'stock-poster': 30 },
    };
    expect(() => deployResources(params)).toThrow(
      "worker (the work queue's consumer) needs a timeout of 1-900 s in serverless.yml, got undefined",
    );
    expect(() => deployResources({ ...params, timeouts: { ...params.timeouts, worker: 1200 } })).toThrow(/got 1200/);
  });

  it('refuses to package without the three Google ids, or with a whole URL in place of one', async () => {
    const params: Record<string, string> = {
      'sls:stage': 'prod',
      'param:mailFrom': 'orders@harbourstreet.example',
      'param:bedrockModelId': DEFAULT_MODEL_ID,
      'param:timezone': 'Europe/London',
      'param:stockSheetId': SHEET_ID,
      'param:rulesDocId': RULES_ID,
      'param:supplierDocId': SUPPLIERS_ID,
    };
    const packaged = (overrides: Record<string, string>) =>
      serverlessResources({
        resolveVariable: async (address) => ({ ...params, ...overrides })[address] ?? '',
        resolveConfigurationProperty: async (path) => (path.join('.') === 'provider.timeout' ? 300 : undefined),
      });
    await expect(packaged({})).resolves.toHaveProperty('Resources.DocumentsBucket');
    await expect(packaged({ 'param:rulesDocId': '' })).rejects.toThrow(
      'serverless.yml needs params.rulesDocId: the id of the rules doc (docs.google.com/document/d/<id>/edit); pass --param="rulesDocId=<id>"',
    );
    await expect(packaged({ 'param:stockSheetId': `https://docs.google.com/spreadsheets/d/${SHEET_ID}/edit#gid=0` })).rejects.toThrow(
      /params\.stockSheetId must be only the id of the stock sheet .*, the part between \/d\/ and \/edit/,
    );
    expect(googleId('supplierDocId', 'the supplier doc', SUPPLIERS_ID)).toBe(SUPPLIERS_ID);
    expect(() => googleId('supplierDocId', 'the supplier doc', `${SUPPLIERS_ID}/edit`)).toThrow(/must be only the id of the supplier doc/);
  });

  it('follows another model id to the narrowest IAM that reaches it', () => {
    const eu = modelStatements('eu.anthropic.claude-haiku-4-5-20251001-v1:0') as any[];
    const euProfile = sub(
      'arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:inference-profile/eu.anthropic.claude-haiku-4-5-20251001-v1:0',
    );
    expect(eu).toEqual([
      { Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: euProfile },
      {
        Effect: 'Allow',
        Action: 'bedrock:InvokeModel',
        Resource: sub('arn:${AWS::Partition}:bedrock:*::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0'),
        Condition: { StringEquals: { 'bedrock:InferenceProfileArn': euProfile } },
      },
    ]);
    expect(modelStatements('amazon.nova-lite-v1:0')).toEqual([
      {
        Effect: 'Allow',
        Action: 'bedrock:InvokeModel',
        Resource: sub('arn:${AWS::Partition}:bedrock:${AWS::Region}::foundation-model/amazon.nova-lite-v1:0'),
      },
    ]);
    expect(() => modelStatements('arn:aws:bedrock:eu-west-2:1:application-inference-profile/x')).toThrow(/must be a Bedrock model id/);
    expect(() => modelStatements('*')).toThrow(/must be a Bedrock model id/);
  });

  it('has a budget and dead-letter alarms when an alert address is given', () => {
    expect(resources.MonthlyBudget!.Properties.NotificationsWithSubscribers[0].Subscribers).toEqual([
      { SubscriptionType: 'EMAIL', Address: 'ops@harbourstreet.example' },
    ]);
    // One per dead-letter queue, one for refused till signatures, one for mail the mail-in function could not read.
    expect(ofType('AWS::CloudWatch::Alarm')).toHaveLength(7);
    expect(resources.PosSignatureAlarm!.Properties).toMatchObject({
      Namespace: 'stockbot',
      MetricName: 'PosSignatureFailures',
      Dimensions: [{ Name: 'Stage', Value: 'test' }],
    });
  });

  it('bundles each function into one self-contained file that loads without node_modules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockbot-lambda-'));
    copyFileSync(join(ROOT, 'dist/lambda/slack.js'), join(dir, 'index.js'));
    const run = spawnSync(
      process.execPath,
      ['-e', "require('./index.js').handler({ requestContext: { http: { method: 'POST' } } }).catch((e) => { console.log(e.message); })"],
      { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/needs SLACK_BOT_TOKEN/);
  });
});

import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FUNCTION_ACCESS, MAX_RECEIVES, functionResource, roleResource, tableResource, type FunctionName } from '../../deploy/resources';
import { TABLES, tableDefinition, type TableName } from '../../src/store/tables';

// Packages the real serverless.yml with the open-source osls CLI (offline, no AWS account) and reads the
// CloudFormation template it would deploy.
const ROOT = resolve(__dirname, '../..');
const OUT = mkdtempSync(join(tmpdir(), 'stockbot-package-'));
type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };
let resources: Record<string, Resource>;

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-aws.mjs'], { cwd: ROOT, stdio: 'pipe' });
  const osls = require.resolve('osls/bin/serverless.js');
  const params = ['mailFrom=orders@harbourstreet.example', 'ownerEmail=owner@harbourstreet.example', 'alertEmail=ops@harbourstreet.example'];
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

describe('serverless.yml, packaged by osls', () => {
  it('every Ref and GetAtt names a resource that exists', () => {
    const missing: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
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

  it('deploys exactly the tables the app creates locally, with TTL on the short-lived ones and business records kept', () => {
    for (const name of Object.keys(TABLES) as TableName[]) {
      const table = resources[tableResource(name)]!;
      const spec = TABLES[name];
      expect(table.Properties).toMatchObject(tableDefinition(`stockbot-test-${spec.name}`, spec));
      if ('expiresAttribute' in spec) expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expires_at', Enabled: true });
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
    expect(ofType('AWS::Lambda::Url').map(([, u]) => u.Properties.TargetFunctionArn['Fn::GetAtt'][0]).sort()).toEqual(
      [functionResource('email-action'), functionResource('slack')].sort(),
    );
  });

  it('grants least privilege: no wildcard actions or resources, each role only its own tables', () => {
    for (const fn of FUNCTIONS) {
      for (const s of statementsOf(roleResource(fn))) {
        expect([s.Action].flat().some((a: string) => a.includes('*'))).toBe(false);
        expect([s.Resource].flat()).not.toContain('*');
      }
      const tables = allows(roleResource(fn), 'dynamodb:PutItem').flatMap((s) => s.Resource).filter((r: any) => r['Fn::GetAtt']).map((r: any) => r['Fn::GetAtt'][0]);
      expect(tables.sort()).toEqual(FUNCTION_ACCESS[fn].tables.map(tableResource).sort());
    }
  });

  it('stock-poster alone may adjust an inventory quantity from a count', () => {
    const adjusts = FUNCTIONS.filter((fn) => allows(roleResource(fn), 'dynamodb:PutItem').some((s) => [s.Resource].flat().some((r: any) => r['Fn::GetAtt']?.[0] === 'AdjustmentsTable')));
    expect(adjusts).toEqual(['stock-poster']);
  });

  it('po-sender alone may email a supplier; the others may write only to the owner', () => {
    const unrestricted = FUNCTIONS.filter((fn) => allows(roleResource(fn), 'ses:SendRawEmail').some((s) => !s.Condition?.['ForAllValues:StringEquals']));
    expect(unrestricted).toEqual(['po-sender']);
    for (const fn of ['worker', 'daily-check'] as const) {
      expect(allows(roleResource(fn), 'ses:SendRawEmail')[0].Condition['ForAllValues:StringEquals']).toEqual({ 'ses:Recipients': ['owner@harbourstreet.example'] });
    }
    expect(allows(roleResource('slack'), 'ses:SendRawEmail')).toEqual([]);
  });

  it('each queue has one consumer and a dead-letter queue after as many deliveries as the consumers count', () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping').map(([, m]) => [m.Properties.FunctionName['Fn::GetAtt'][0], m.Properties.EventSourceArn['Fn::GetAtt'][0]]);
    expect(mappings.sort()).toEqual([
      [functionResource('po-sender'), 'SendPoQueue'],
      [functionResource('stock-poster'), 'StockPostQueue'],
      [functionResource('worker'), 'WorkQueue'],
    ]);
    for (const queue of ['SendPoQueue', 'StockPostQueue', 'WorkQueue']) expect(resources[queue]!.Properties.RedrivePolicy.maxReceiveCount).toBe(MAX_RECEIVES);
    for (const fn of ['po-sender', 'stock-poster', 'worker'] as const) {
      expect(Number(resources[functionResource(fn)]!.Properties.Environment.Variables.QUEUE_MAX_RECEIVES)).toBe(MAX_RECEIVES);
    }
  });

  it('schedules the daily check in the business timezone, and lets only it book held-draft wake-ups', () => {
    const [[, schedule]] = ofType('AWS::Scheduler::Schedule') as [[string, Resource]];
    expect(schedule.Properties).toMatchObject({ ScheduleExpression: 'cron(0 7 ? * MON-FRI *)', ScheduleExpressionTimezone: 'Europe/London' });
    expect(schedule.Properties.Target.RoleArn).toEqual({ 'Fn::GetAtt': ['DailyCheckScheduleRole', 'Arn'] });
    expect(FUNCTIONS.filter((fn) => allows(roleResource(fn), 'scheduler:CreateSchedule').length > 0)).toEqual(['daily-check']);
    expect(statementsOf('SchedulerRole')).toEqual([{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['WorkQueue', 'Arn'] } }]);
  });

  it('has a budget and dead-letter alarms when an alert address is given', () => {
    expect(resources.MonthlyBudget!.Properties.NotificationsWithSubscribers[0].Subscribers).toEqual([{ SubscriptionType: 'EMAIL', Address: 'ops@harbourstreet.example' }]);
    expect(ofType('AWS::CloudWatch::Alarm')).toHaveLength(3);
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

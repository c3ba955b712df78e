import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { DocumentSource } from '../adapters/documents';
import { localDocuments } from '../adapters/documents/local-files';
import { filesFromEnv } from '../adapters/files/from-env';
import { causeSuggesterFromEnv } from '../adapters/model/from-env';
import type { WorkKind, WorkQueue } from '../adapters/queue';
import { sqsQueue } from '../adapters/queue/sqs';
import type { DeliveryScheduler } from '../adapters/scheduler';
import { eventBridgeScheduler } from '../adapters/scheduler/eventbridge';
import type { Services } from '../app';
import { appConfigFromEnv, type AppConfig } from '../config/app-config';
import { mailFromEnv, ownerWiring, servicesWith, type OwnerWiring } from '../runtime';
import { openStore, storeOptionsFromEnv, type Store } from '../store/open-store';

/**
 * What every Lambda function is built from: the same services `stockbot serve` uses, with AWS's adapters. Each
 * function reads only the settings it uses (serverless.yml gives each only those), so a missing one names itself.
 */
export interface AwsRuntime extends OwnerWiring {
  config: AppConfig;
  store: Store;
  documents: DocumentSource;
  env: NodeJS.ProcessEnv;
}

export function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new Error(`${name} is not set; serverless.yml sets it for the functions that need it`);
  return value;
}

/** An SDK client config: the region, and `AWS_ENDPOINT_URL_<SERVICE>` when set (the tests' loopback fakes). */
export function awsClientConfig(env: NodeJS.ProcessEnv, service: 'SQS' | 'SCHEDULER'): { region?: string; endpoint?: string } {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const endpoint = env[`AWS_ENDPOINT_URL_${service}`];
  return { ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}) };
}

/**
 * Until the Google Sheets lane lands, the functions read the stock sheet and the two docs from files deployed with
 * them (serverless.yml's `documents` parameter, the example shop unless told otherwise).
 */
function documentsFromEnv(env: NodeJS.ProcessEnv): DocumentSource {
  const { writeOnHand: _readOnly, ...documents } = localDocuments({ stockSheet: required(env, 'STOCK_SHEET'), rules: required(env, 'RULES_DOC'), suppliers: required(env, 'SUPPLIER_DOC') });
  // The deployed copy is read-only: counted quantities wait in the sheet-write queue until the Google Sheets lane.
  return documents;
}

export async function awsRuntime(env: NodeJS.ProcessEnv, clock: () => Date = () => new Date()): Promise<AwsRuntime> {
  const config = appConfigFromEnv(env);
  const store = await openStore(storeOptionsFromEnv(env));
  const documents = documentsFromEnv(env);
  const wiring = ownerWiring({ config, store, documents, mail: mailFromEnv(env), clock, files: filesFromEnv(env), suggester: causeSuggesterFromEnv(env) });
  return { ...wiring, config, store, documents, env };
}

/** Which setting holds the URL of the queue each kind of work goes to. */
const QUEUE_SETTING: Record<WorkKind, string> = {
  'send-po': 'SEND_PO_QUEUE_URL',
  'post-variance': 'STOCK_POST_QUEUE_URL',
  'deliver-drafts': 'WORK_QUEUE_URL',
  'open-count': 'WORK_QUEUE_URL',
  'capture-count': 'WORK_QUEUE_URL',
  'confirm-zero': 'WORK_QUEUE_URL',
  'fix-parked': 'WORK_QUEUE_URL',
  'flush-sheet': 'WORK_QUEUE_URL',
};

/**
 * The SQS queues for the kinds of work a function hands on; each function gets only those queues' URLs (and the
 * right to send to them), and a missing one is named when the function starts.
 */
export function awsQueue(env: NodeJS.ProcessEnv, kinds: readonly WorkKind[]): WorkQueue {
  const urls = Object.fromEntries(kinds.map((kind) => [kind, required(env, QUEUE_SETTING[kind])])) as Partial<Record<WorkKind, string>>;
  return sqsQueue(new SQSClient(awsClientConfig(env, 'SQS')), (kind) => {
    const url = urls[kind];
    if (!url) throw new Error(`this function does not hand on ${kind} work`);
    return url;
  });
}

export function awsScheduler(env: NodeJS.ProcessEnv): DeliveryScheduler {
  return eventBridgeScheduler(new SchedulerClient(awsClientConfig(env, 'SCHEDULER')), {
    groupName: required(env, 'DELIVERY_SCHEDULE_GROUP'),
    queueArn: required(env, 'WORK_QUEUE_ARN'),
    roleArn: required(env, 'SCHEDULER_ROLE_ARN'),
  });
}

export const awsServices = (rt: AwsRuntime, sends: readonly WorkKind[]): Services => servicesWith(rt, rt.store, awsQueue(rt.env, sends));

/** Builds a function's handler once per container (on the first event), and again after a failed build. */
export function onFirstEvent<H extends (...args: never[]) => Promise<unknown>>(build: () => Promise<H>): H {
  let ready: Promise<H> | undefined;
  return (async (...args: Parameters<H>) => {
    ready ??= build().catch((err: unknown) => {
      ready = undefined;
      throw err;
    });
    return (await ready)(...args);
  }) as H;
}

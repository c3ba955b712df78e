import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TextractBlock } from '../../src/config/textract-blocks';
import { readBody } from './read-body';

/** One request as the fake received it. */
export interface TextractRequest {
  /** The operation from `X-Amz-Target`, e.g. AnalyzeDocument. */
  operation: string;
  body: Record<string, unknown>;
}

/** An error the fake answers instead of the next calls, as Textract answers a throttled or refused request. */
export interface TextractFailure {
  /** The error type the SDK turns into a typed error of that name: ThrottlingException, AccessDeniedException, … */
  type: 'ThrottlingException' | 'ProvisionedThroughputExceededException' | 'AccessDeniedException' | (string & {});
  message?: string;
  /** HTTP status; Textract answers 400 for both refusals and throttling. */
  status?: number;
  /** How many of the next calls fail; 1 unless told. */
  times?: number;
  /** Only calls to this operation fail; any call unless told. */
  operation?: string;
}

/** An asynchronous job as the fake will run it. */
export interface FakeTextractJob {
  blocks?: TextractBlock[];
  /** GetDocumentAnalysis answers IN_PROGRESS this many times first; 1 unless told. */
  pending?: number;
  /** Blocks per page of results; half the blocks unless told, so the results come in two pages with a NextToken. */
  perPage?: number;
  /** The job ends FAILED with this as its StatusMessage. */
  failed?: string;
}

export interface FakeTextract {
  /** Pass as the TextractClient `endpoint`. */
  url: string;
  /** Every request received, failed ones included (to count the SDK's retries). */
  requests: TextractRequest[];
  /** What AnalyzeDocument answers from now on. */
  analyze(blocks: TextractBlock[]): void;
  /**
   * The next asynchronous job: GetDocumentAnalysis answers IN_PROGRESS `pending` times, then SUCCEEDED with the blocks
   * paged `perPage` at a time (NextToken between pages), or FAILED with `failed` as its message.
   */
  job(o: FakeTextractJob): void;
  /** The next calls fail with this error instead of being answered. */
  fail(failure: TextractFailure): void;
  /** Forgets requests, scripted answers, jobs and failures. */
  reset(): void;
  close(): Promise<void>;
}

function reply(res: ServerResponse, status: number, body: object, type?: string): void {
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': randomUUID(),
    ...(type ? { 'x-amzn-errortype': type } : {}),
  });
  res.end(JSON.stringify(type ? { __type: type, message: (body as { message?: string }).message } : body));
}

interface Job {
  blocks: TextractBlock[];
  pending: number;
  perPage: number;
  failed?: string;
}

const jobOf = (o: FakeTextractJob): Job => {
  const blocks = o.blocks ?? [];
  return {
    blocks,
    pending: o.pending ?? 1,
    perPage: Math.max(1, o.perPage ?? Math.ceil(blocks.length / 2)),
    ...(o.failed ? { failed: o.failed } : {}),
  };
};

/**
 * A loopback fake of Amazon Textract that the real TextractClient talks to. Textract speaks AWS JSON 1.1: a POST to
 * `/` with `X-Amz-Target: Textract.<Operation>` and a JSON body; errors carry their type in `X-Amzn-ErrorType`.
 * AnalyzeDocument answers the scripted blocks; StartDocumentAnalysis answers a JobId (it needs an S3 location, as
 * Textract does) and GetDocumentAnalysis runs that job as scripted with `job()`.
 */
export async function startFakeTextract(): Promise<FakeTextract> {
  let analyzeBlocks: TextractBlock[] = [];
  const jobs = new Map<string, Job>();
  let nextJob: Job | null = null;
  const failures: TextractFailure[] = [];
  let server: Server;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const operation = String(req.headers['x-amz-target'] ?? '').replace(/^Textract\./, '');
    const body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
    fake.requests.push({ operation, body });
    const failure = failures.find((f) => !f.operation || f.operation === operation);
    if (failure) {
      failure.times = (failure.times ?? 1) - 1;
      if (failure.times <= 0) failures.splice(failures.indexOf(failure), 1);
      return reply(res, failure.status ?? 400, { message: failure.message ?? `fake ${failure.type}` }, failure.type);
    }
    switch (operation) {
      case 'AnalyzeDocument': {
        const document = body.Document as { Bytes?: string; S3Object?: unknown } | undefined;
        if (!document?.Bytes && !document?.S3Object)
          return reply(res, 400, { message: 'Document needs Bytes or an S3Object' }, 'InvalidParameterException');
        return reply(res, 200, { Blocks: analyzeBlocks, DocumentMetadata: { Pages: 1 } });
      }
      case 'StartDocumentAnalysis': {
        const location = (body.DocumentLocation as { S3Object?: { Bucket?: string; Name?: string } } | undefined)?.S3Object;
        if (!location?.Bucket || !location.Name) return reply(res, 400, { message: 'S3Object is required' }, 'InvalidParameterException');
        const id = randomUUID();
        jobs.set(id, nextJob ? { ...nextJob } : jobOf({}));
        return reply(res, 200, { JobId: id });
      }
      case 'GetDocumentAnalysis': {
        const job = jobs.get(String(body.JobId));
        if (!job) return reply(res, 400, { message: 'no such job' }, 'InvalidJobIdException');
        if (job.pending > 0) {
          job.pending -= 1;
          return reply(res, 200, { JobStatus: 'IN_PROGRESS' });
        }
        if (job.failed) return reply(res, 200, { JobStatus: 'FAILED', StatusMessage: job.failed });
        const from = Number(body.NextToken ?? 0);
        const page = job.blocks.slice(from, from + job.perPage);
        const more = from + job.perPage < job.blocks.length;
        const pages = new Set(job.blocks.map((b) => b.Page ?? 1)).size;
        return reply(res, 200, {
          JobStatus: 'SUCCEEDED',
          DocumentMetadata: { Pages: pages },
          Blocks: page,
          ...(more ? { NextToken: String(from + job.perPage) } : {}),
        });
      }
      default:
        return reply(res, 400, { message: `fake Textract does not know ${operation}` }, 'InvalidParameterException');
    }
  };
  const fake: FakeTextract = {
    url: '',
    requests: [],
    analyze: (blocks) => {
      analyzeBlocks = blocks;
    },
    job: (o) => {
      nextJob = jobOf(o);
    },
    fail: (failure) => void failures.push({ ...failure }),
    reset: () => {
      fake.requests.length = 0;
      analyzeBlocks = [];
      nextJob = null;
      jobs.clear();
      failures.length = 0;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

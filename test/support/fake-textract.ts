import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TextractBlock } from '../../src/config/textract-blocks';
import { readBody } from './read-body';

/** One request as the fake received it. */
export interface TextractRequest {
  operation: string;
  body: Record<string, unknown>;
}

export interface FakeTextract {
  /** Pass as the TextractClient `endpoint`. */
  url: string;
  requests: TextractRequest[];
  /** What AnalyzeDocument answers next. */
  analyze(blocks: TextractBlock[]): void;
  /**
   * The next asynchronous job: GetDocumentAnalysis answers IN_PROGRESS `pending` times, then SUCCEEDED with the blocks
   * paged `perPage` at a time (NextToken between pages), or FAILED with `failed` as its message.
   */
  job(o: { blocks?: TextractBlock[]; pending?: number; perPage?: number; failed?: string }): void;
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

/**
 * A loopback fake of Amazon Textract that the real TextractClient talks to. Textract speaks AWS JSON 1.1: a POST with
 * `X-Amz-Target: Textract.<Operation>` and a JSON body.
 */
export async function startFakeTextract(): Promise<FakeTextract> {
  let analyzeBlocks: TextractBlock[] = [];
  const jobs = new Map<string, { blocks: TextractBlock[]; pending: number; perPage: number; failed?: string }>();
  let nextJob: { blocks: TextractBlock[]; pending: number; perPage: number; failed?: string } | null = null;
  let server: Server;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const operation = String(req.headers['x-amz-target'] ?? '').replace(/^Textract\./, '');
    const body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
    fake.requests.push({ operation, body });
    switch (operation) {
      case 'AnalyzeDocument':
        return reply(res, 200, { Blocks: analyzeBlocks, DocumentMetadata: { Pages: 1 } });
      case 'StartDocumentAnalysis': {
        const location = (body.DocumentLocation as { S3Object?: { Bucket?: string; Name?: string } } | undefined)?.S3Object;
        if (!location?.Bucket || !location.Name) return reply(res, 400, { message: 'S3Object is required' }, 'InvalidParameterException');
        const id = randomUUID();
        jobs.set(id, nextJob ?? { blocks: [], pending: 0, perPage: 1000 });
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
        return reply(res, 200, { JobStatus: 'SUCCEEDED', Blocks: page, ...(more ? { NextToken: String(from + job.perPage) } : {}) });
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
      nextJob = { blocks: o.blocks ?? [], pending: o.pending ?? 0, perPage: o.perPage ?? 1000, ...(o.failed ? { failed: o.failed } : {}) };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

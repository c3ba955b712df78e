import {
  AnalyzeDocumentCommand,
  GetDocumentAnalysisCommand,
  StartDocumentAnalysisCommand,
  type Block,
  type TextractClient,
} from '@aws-sdk/client-textract';
import { documentFromBlocks } from '../../config/textract-blocks';
import type { DocumentReader } from './index';

/** Pages of blocks fetched for one PDF: a 20-page price list is a few pages of results. */
const MAX_RESULT_PAGES = 50;

/**
 * Amazon Textract with TABLES: a single image through AnalyzeDocument (bytes in the request); a PDF through the
 * asynchronous StartDocumentAnalysis, read from where the mail-in function kept it in S3, polled until it is done
 * (bounded) and its results paged with NextToken. Every failure is an answer in words, never a throw.
 */
export function textractReader(client: TextractClient, opts: { pollMs?: number; timeoutMs?: number } = {}): DocumentReader {
  const pollMs = opts.pollMs ?? 2000;
  const timeoutMs = opts.timeoutMs ?? 240_000;
  const failed = (fileName: string, err: unknown) => ({
    ok: false as const,
    problem: `${fileName} could not be read by Textract (${err instanceof Error ? err.name : 'error'}); forward it again, or send it as CSV or Excel`,
  });
  return {
    async read(file) {
      try {
        if (file.kind === 'image') {
          const out = await client.send(new AnalyzeDocumentCommand({ Document: { Bytes: file.content }, FeatureTypes: ['TABLES'] }));
          return { ok: true, document: documentFromBlocks(file.fileName, out.Blocks ?? []) };
        }
        if (!file.s3Object)
          return { ok: false, problem: `${file.fileName} is a PDF, and Textract reads PDFs only from S3, where it was not kept` };
        const started = await client.send(
          new StartDocumentAnalysisCommand({
            DocumentLocation: { S3Object: { Bucket: file.s3Object.bucket, Name: file.s3Object.key } },
            FeatureTypes: ['TABLES'],
          }),
        );
        const jobId = started.JobId;
        if (!jobId) return { ok: false, problem: `${file.fileName}: Textract did not start reading it` };
        const deadline = Date.now() + timeoutMs;
        const blocks: Block[] = [];
        let next: string | undefined;
        let pages = 0;
        for (;;) {
          const out = await client.send(new GetDocumentAnalysisCommand({ JobId: jobId, ...(next ? { NextToken: next } : {}) }));
          if (out.JobStatus === 'IN_PROGRESS') {
            if (Date.now() > deadline)
              return { ok: false, problem: `${file.fileName}: Textract did not finish reading it in time; forward it again` };
            await new Promise((r) => setTimeout(r, pollMs));
            continue;
          }
          if (out.JobStatus !== 'SUCCEEDED' && out.JobStatus !== 'PARTIAL_SUCCESS')
            return { ok: false, problem: `${file.fileName} could not be read: ${out.StatusMessage ?? `Textract says ${out.JobStatus}`}` };
          blocks.push(...(out.Blocks ?? []));
          next = out.NextToken;
          if (!next || ++pages >= MAX_RESULT_PAGES) break;
        }
        return { ok: true, document: documentFromBlocks(file.fileName, blocks) };
      } catch (err) {
        return failed(file.fileName, err);
      }
    },
    describe: () => 'Amazon Textract',
  };
}

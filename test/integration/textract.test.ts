import { TextractClient } from '@aws-sdk/client-textract';
import { textractReader } from '../../src/adapters/reader/textract';
import { startFakeTextract, type FakeTextract } from '../support/fake-textract';
import { documentBlocks, pageBlocks } from '../support/textract-blocks';

// The Textract reader through the real TextractClient against a loopback fake: a photo of a table with merged cells
// (AnalyzeDocument), a two-page PDF (StartDocumentAnalysis, polled, results paged), a failed job, a job that never
// finishes, and throttling (retried by the SDK, or reported in words once its retries are spent).
let fake: FakeTextract;
beforeAll(async () => {
  fake = await startFakeTextract();
});
afterEach(() => fake.reset());
afterAll(() => fake.close());
const client = (maxAttempts = 1) =>
  new TextractClient({
    endpoint: fake.url,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts,
  });
const reader = (opts: { maxAttempts?: number; timeoutMs?: number } = {}) =>
  textractReader(client(opts.maxAttempts), { pollMs: 5, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) });
const photo = { fileName: 'fridge.jpg', content: Buffer.from([0xff, 0xd8, 0xff, 0xe0]), kind: 'image' as const };
const pdf = (fileName = 'count.pdf') => ({
  fileName,
  content: Buffer.from('%PDF-1.7'),
  kind: 'pdf' as const,
  s3Object: { bucket: 'mail', key: `attachments/m1/${fileName}` },
});

describe('reading PDFs and photos with Textract', () => {
  it('a photo of a table with a merged heading: one AnalyzeDocument with TABLES, merged cells repeated', async () => {
    fake.analyze(
      pageBlocks(
        1,
        [
          ['Fridge', '', ''],
          ['sku', 'item', 'count'],
          ['MILK-WH', 'Whole milk', '31'],
        ],
        [{ row: 1, col: 1, rowSpan: 1, colSpan: 3 }],
      ),
    );
    const out = await reader().read({ fileName: 'fridge.jpg', content: Buffer.from([0xff, 0xd8]), kind: 'image' });
    expect(out).toEqual({
      ok: true,
      document: {
        fileName: 'fridge.jpg',
        text: 'Fridge\nsku item count\nMILK-WH Whole milk 31',
        tables: [
          {
            page: 1,
            rows: [
              ['Fridge', 'Fridge', 'Fridge'],
              ['sku', 'item', 'count'],
              ['MILK-WH', 'Whole milk', '31'],
            ],
          },
        ],
      },
    });
    const request = fake.requests.at(-1)!;
    expect(request.operation).toBe('AnalyzeDocument');
    expect(request.body.FeatureTypes).toEqual(['TABLES']);
    // The photo travels in the request itself: AnalyzeDocument reads bytes, so a photo needs nothing kept in S3.
    expect(Buffer.from(String((request.body.Document as { Bytes: string }).Bytes), 'base64')).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it('a two-page PDF: read from S3 asynchronously, polled while in progress, its results paged', async () => {
    const blocks = [
      ...pageBlocks(1, [
        ['sku', 'qty'],
        ['BEAN-HB', '50'],
      ]),
      ...pageBlocks(2, [
        ['sku', 'qty'],
        ['CUP-12', '250'],
      ]),
    ];
    fake.job({ blocks, pending: 2, perPage: 10 });
    fake.requests.length = 0;
    const out = await reader().read({
      fileName: 'count.pdf',
      content: Buffer.from('%PDF'),
      kind: 'pdf',
      s3Object: { bucket: 'mail', key: 'attachments/m1/count.pdf' },
    });
    expect(out.ok && out.document.tables.map((t) => [t.page, t.rows])).toEqual([
      [
        1,
        [
          ['sku', 'qty'],
          ['BEAN-HB', '50'],
        ],
      ],
      [
        2,
        [
          ['sku', 'qty'],
          ['CUP-12', '250'],
        ],
      ],
    ]);
    expect(fake.requests.map((r) => r.operation)).toEqual([
      'StartDocumentAnalysis',
      'GetDocumentAnalysis',
      'GetDocumentAnalysis',
      ...Array.from({ length: Math.ceil(blocks.length / 10) }, () => 'GetDocumentAnalysis'),
    ]);
    expect(fake.requests[0]!.body.DocumentLocation).toEqual({ S3Object: { Bucket: 'mail', Name: 'attachments/m1/count.pdf' } });
  });

  it('a failed job, or a PDF not kept in S3, is an answer in words', async () => {
    fake.job({ failed: 'UNSUPPORTED_DOCUMENT' });
    expect(
      await reader().read({ fileName: 'bad.pdf', content: Buffer.from('x'), kind: 'pdf', s3Object: { bucket: 'b', key: 'k' } }),
    ).toEqual({
      ok: false,
      problem: 'bad.pdf could not be read: UNSUPPORTED_DOCUMENT',
    });
    expect(await reader().read({ fileName: 'loose.pdf', content: Buffer.from('x'), kind: 'pdf' })).toEqual({
      ok: false,
      problem: 'loose.pdf is a PDF, and Textract reads PDFs only from S3, where it was not kept',
    });
  });

  it('a PDF with the fake as Textract runs it by default: in progress once, then two pages of results', async () => {
    const blocks = documentBlocks([
      [
        ['code', 'description', 'unit price'],
        ['BEAN-HB', 'House Blend beans 1kg', '4.45'],
      ],
      [
        ['code', 'description', 'unit price'],
        ['CUP-12', 'Cups 12oz (sleeve)', '0.06'],
      ],
    ]);
    fake.job({ blocks });
    const out = await reader().read(pdf('prices.pdf'));
    expect(out.ok && out.document.text.split('\n')).toEqual([
      'code description unit price',
      'BEAN-HB House Blend beans 1kg 4.45',
      'code description unit price',
      'CUP-12 Cups 12oz (sleeve) 0.06',
    ]);
    const gets = fake.requests.filter((r) => r.operation === 'GetDocumentAnalysis');
    expect(gets.map((r) => r.body.NextToken ?? null)).toEqual([null, null, String(Math.ceil(blocks.length / 2))]);
    expect(new Set(gets.map((r) => r.body.JobId)).size).toBe(1);
  });

  it('a job still in progress when the wait is over is an answer in words, not a wait without end', async () => {
    fake.job({ blocks: pageBlocks(1, [['a']]), pending: 1_000_000 });
    expect(await reader({ timeoutMs: 50 }).read(pdf('slow.pdf'))).toEqual({
      ok: false,
      problem: 'slow.pdf: Textract did not finish reading it in time; forward it again',
    });
  });

  it('a throttled call is retried by the SDK, and the photo is read', async () => {
    fake.analyze(pageBlocks(1, [['MILK-WH', '31']]));
    fake.fail({ type: 'ThrottlingException', message: 'Rate exceeded', times: 1 });
    const out = await reader({ maxAttempts: 3 }).read(photo);
    expect(out).toMatchObject({ ok: true, document: { text: 'MILK-WH 31' } });
    expect(fake.requests.map((r) => r.operation)).toEqual(['AnalyzeDocument', 'AnalyzeDocument']);
  });

  it("a poll throttled past the SDK's retries is reported in words, naming the file", async () => {
    fake.job({ blocks: pageBlocks(1, [['a']]), pending: 0 });
    fake.fail({ type: 'ProvisionedThroughputExceededException', operation: 'GetDocumentAnalysis', times: 2 });
    expect(await reader({ maxAttempts: 2 }).read(pdf('busy.pdf'))).toEqual({
      ok: false,
      problem:
        'busy.pdf could not be read by Textract (ProvisionedThroughputExceededException); forward it again, or send it as CSV or Excel',
    });
    expect(fake.requests.map((r) => r.operation)).toEqual(['StartDocumentAnalysis', 'GetDocumentAnalysis', 'GetDocumentAnalysis']);
  });

  it('a refusal that no retry helps (no permission) is not retried, and is reported in words', async () => {
    fake.fail({ type: 'AccessDeniedException', message: 'not authorized to perform textract:AnalyzeDocument' });
    expect(await reader({ maxAttempts: 3 }).read(photo)).toEqual({
      ok: false,
      problem: 'fridge.jpg could not be read by Textract (AccessDeniedException); forward it again, or send it as CSV or Excel',
    });
    expect(fake.requests).toHaveLength(1);
  });
});

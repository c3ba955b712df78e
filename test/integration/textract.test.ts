import { TextractClient } from '@aws-sdk/client-textract';
import { textractReader } from '../../src/adapters/reader/textract';
import { startFakeTextract, type FakeTextract } from '../support/fake-textract';
import { pageBlocks } from '../support/textract-blocks';

// The Textract reader through the real TextractClient against a loopback fake: a photo of a table with merged cells
// (AnalyzeDocument), a two-page PDF (StartDocumentAnalysis, polled, results paged), and a failed job.
let fake: FakeTextract;
beforeAll(async () => {
  fake = await startFakeTextract();
});
afterAll(() => fake.close());
const reader = () =>
  textractReader(
    new TextractClient({
      endpoint: fake.url,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 1,
    }),
    {
      pollMs: 5,
    },
  );

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
});

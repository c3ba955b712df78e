import ExcelJS from 'exceljs';
import MailComposer from 'nodemailer/lib/mail-composer';

// Mails as they arrive at the inbox, for the reading tests and for the proposal and service tests that follow them.
// Two builders: nodemailer's composer for ordinary mails (independent of the parser under test), and a hand-built
// one for the shapes a composer never writes (chosen transfer encodings, bare inline images, parts nested too deep).

/** One file attached to a test mail. */
export interface FixtureFile {
  filename: string;
  content: Buffer | string;
  contentType?: string;
}

/** A raw mail as SES would store it, built by nodemailer's composer (independent of the parser under test). */
export async function rawMail(o: {
  from: string;
  subject: string;
  text?: string;
  files?: FixtureFile[];
  forwarded?: Buffer[];
}): Promise<Buffer> {
  const attachments = [
    ...(o.files ?? []).map((f) => ({ filename: f.filename, content: f.content, ...(f.contentType ? { contentType: f.contentType } : {}) })),
    // A forward attached as a file, as mail programs do with "Forward as attachment".
    ...(o.forwarded ?? []).map((m, i) => ({ filename: `forwarded-${i + 1}.eml`, content: m, contentType: 'message/rfc822' })),
  ];
  return new MailComposer({
    from: o.from,
    to: 'stock@harbourstreet.example',
    subject: o.subject,
    text: o.text ?? 'See attached.',
    attachments,
    messageId: `<${o.subject.replace(/\W+/g, '-')}@test>`,
    date: new Date('2026-11-23T09:00:00Z'),
  })
    .compile()
    .build();
}

/** The XLSX content type, as mail programs label a forwarded workbook. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A shelf count as the owner's sheet exports it: one row per SKU, the counted column filled in. */
export const SHELF_COUNT_ROWS: (string | number)[][] = [
  ['sku', 'name', 'location', 'counted_qty'],
  ['BEAN-HB', 'House Blend beans', 'main', 50],
  ['MILK-WH', 'Whole milk 2L', 'main', 31],
  ['CUP-12', 'Cups 12oz', 'main', 240],
];

/** A supplier's price list as a CSV: their codes, our names, a new unit price. */
export const PRICE_LIST_CSV = 'code,description,pack,unit price\nBEAN-HB,House Blend beans 1kg,1,4.45\nCUP-12,Cups 12oz (sleeve),50,0.06\n';

/** A real workbook written by exceljs, one sheet named `sheet` holding `rows`. */
export async function xlsxWorkbook(rows: (string | number)[][] = SHELF_COUNT_ROWS, sheet = 'Count'): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * `inner` forwarded as an attachment `times` times over, each level from `from`: "Forward as attachment" of a mail
 * that was itself forwarded that way.
 */
export async function forwardedTimes(inner: Buffer, times: number, from = 'Sam <sam@harbourstreet.example>'): Promise<Buffer> {
  let mail = inner;
  for (let i = 1; i <= times; i++) mail = await rawMail({ from, subject: `Fwd ${i}`, text: 'Forwarding.', forwarded: [mail] });
  return mail;
}

/** One MIME part of a hand-built mail: its headers as written, and its body already encoded as they say. */
export interface MimePart {
  headers: Record<string, string>;
  body: string;
}

const CRLF = '\r\n';
const headerLines = (headers: Record<string, string>): string =>
  Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}${CRLF}`)
    .join('');

/** A multipart body around `parts` (any part may itself be a `multipart(...)`), with its own Content-Type. */
export function multipart(kind: 'mixed' | 'related' | 'alternative', parts: MimePart[], boundary: string): MimePart {
  return {
    headers: { 'Content-Type': `multipart/${kind}; boundary="${boundary}"` },
    body: `${parts.map((p) => `--${boundary}${CRLF}${headerLines(p.headers)}${CRLF}${p.body}${CRLF}`).join('')}--${boundary}--`,
  };
}

/** A hand-built raw mail: top-level headers, then `body` (a single part or a `multipart(...)`), with CRLF line ends. */
export function handBuiltMail(o: { from: string; subject?: string; body: MimePart; extraHeaders?: Record<string, string> }): Buffer {
  const headers = {
    From: o.from,
    To: 'stock@harbourstreet.example',
    Subject: o.subject ?? 'Count',
    Date: 'Mon, 23 Nov 2026 09:00:00 +0000',
    'Message-ID': '<hand-built@test>',
    'MIME-Version': '1.0',
    ...o.extraHeaders,
    ...o.body.headers,
  };
  return Buffer.from(`${headerLines(headers)}${CRLF}${o.body.body}${CRLF}`, 'utf8');
}

/** A plain-text part in quoted-printable, as mail programs send text with accents or long lines. */
export const quotedPrintableText = (qp: string): MimePart => ({
  headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Transfer-Encoding': 'quoted-printable' },
  body: qp,
});

/** An attachment part in base64 (folded at 76 characters), with the disposition and type given. */
export function base64File(
  content: Buffer | string,
  o: { contentType: string; disposition?: string; contentId?: string; extraType?: string },
): MimePart {
  const b64 = Buffer.from(content).toString('base64');
  return {
    headers: {
      'Content-Type': `${o.contentType}${o.extraType ? `; ${o.extraType}` : ''}`,
      'Content-Transfer-Encoding': 'base64',
      ...(o.disposition ? { 'Content-Disposition': o.disposition } : {}),
      ...(o.contentId ? { 'Content-ID': o.contentId } : {}),
    },
    body: b64.replace(/.{76}/g, `$&${CRLF}`),
  };
}

/** A mail of `parts` tiny CSV attachments: more parts than the reader takes once `parts` is over its limit. */
export function manyPartsMail(parts: number): Buffer {
  const files = Array.from({ length: parts }, (_, i) =>
    base64File(`sku,qty\nA,${i}\n`, { contentType: 'text/csv', disposition: `attachment; filename="part-${i + 1}.csv"` }),
  );
  return handBuiltMail({ from: 'sam@harbourstreet.example', subject: 'Many files', body: multipart('mixed', files, 'many') });
}

/** A mail whose parts nest `depth` multiparts deep, a CSV at the bottom. */
export function deeplyNestedMail(depth: number): Buffer {
  let body = base64File('sku,qty\nA,1\n', { contentType: 'text/csv', disposition: 'attachment; filename="deep.csv"' });
  for (let i = depth; i >= 1; i--) body = multipart('mixed', [body], `level-${i}`);
  return handBuiltMail({ from: 'sam@harbourstreet.example', subject: 'Nested', body });
}

/**
 * A mail of about `megabytes` MB (a base64 attachment of filler), built without any MIME library so a test of the
 * size limit spends no time composing it.
 */
export function oversizeMail(megabytes: number): Buffer {
  const head = handBuiltMail({
    from: 'sam@harbourstreet.example',
    subject: 'Big scan',
    body: multipart('mixed', [{ headers: { 'Content-Type': 'application/pdf', 'Content-Transfer-Encoding': 'base64' }, body: '' }], 'big'),
  });
  // base64 of zero bytes is "AAAA…"; the closing boundary is left off, which a size check never reaches.
  return Buffer.concat([head, Buffer.alloc(Math.ceil(megabytes * 1024 * 1024) - head.length, 'A')]);
}

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageRejected, SESClient } from '@aws-sdk/client-ses';
import { buildMime, type OutgoingMail } from '../../src/adapters/mail';
import { outboxMail } from '../../src/adapters/mail/outbox';
import { sesMail } from '../../src/adapters/mail/ses';
import { fakeSes, type FakeSes } from '../support/fake-ses';

const PO: OutgoingMail = {
  to: 'orders@bayside.example',
  from: 'Harbour Street Café <orders@harbourstreet.example>',
  replyTo: 'owner@harbourstreet.example',
  subject: 'Purchase order PO-000123 — Café beans, £504.00',
  text: 'Please supply 120 x House Blend beans (BEAN-HB) at £4.20 each, total £504.00.\nPO PO-000123. Merci, René.\n',
  html: '<p>Please supply 120 x House Blend beans (BEAN-HB) at £4.20 each, total <b>£504.00</b>.</p>',
  reference: 'PO-000123',
};

// --- a small MIME reader: enough to check what a mail program would show, without mailparser ---

/** RFC 2047 encoded-words (`=?UTF-8?Q?...?=` / `=?UTF-8?B?...?=`); whitespace between adjacent words is dropped. */
function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, enc: string, data: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : qpBytes(data.replace(/_/g, ' ')),
    );
}

/** Quoted-printable: soft line breaks joined, =XX escapes read as UTF-8 bytes. */
function qpBytes(text: string): string {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined[i] === '=' ? joined.slice(i + 1, i + 3) : '';
    if (/^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

interface Part {
  headers: Record<string, string>;
  body: string;
}

/** Split a message or part into unfolded, lower-cased headers and its decoded body. */
function parsePart(raw: string): Part {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const rest = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const body =
    encoding === 'quoted-printable'
      ? qpBytes(rest)
      : encoding === 'base64'
        ? Buffer.from(rest.replace(/\s+/g, ''), 'base64').toString('utf8')
        : rest;
  return { headers, body };
}

/** The top-level headers plus the text/plain and text/html parts, whichever the message has. */
function readMail(raw: string): { headers: Record<string, string>; text?: string; html?: string; type: string } {
  const top = parsePart(raw);
  const type = top.headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  const parts = boundary
    ? raw
        .split(`--${boundary}`)
        .slice(1, -1)
        .map((p) => parsePart(p.replace(/^\r?\n/, '')))
    : [top];
  const body = (kind: string) => parts.find((p) => (p.headers['content-type'] ?? 'text/plain').startsWith(kind))?.body;
  return { headers: top.headers, text: body('text/plain'), html: body('text/html'), type };
}

/** What a reader of the email sees, whichever adapter carried it. */
function expectThePo(raw: string): void {
  const mail = readMail(raw);
  expect(mail.headers.to).toBe('orders@bayside.example');
  expect(decodeWords(mail.headers.from ?? '')).toBe('Harbour Street Café <orders@harbourstreet.example>');
  expect(mail.headers['reply-to']).toBe('owner@harbourstreet.example');
  expect(decodeWords(mail.headers.subject ?? '')).toBe(PO.subject);
  expect(mail.headers['x-stockbot-reference']).toBe('PO-000123');
  expect(mail.headers['message-id']).toMatch(/^<PO-000123\.[0-9a-f]+@harbourstreet\.example>$/);
  expect(mail.type).toMatch(/^multipart\/alternative/);
  expect(mail.text).toContain('at £4.20 each, total £504.00.');
  expect(mail.text).toContain('Merci, René.');
  expect(mail.html).toContain('<b>£504.00</b>');
}

describe('mail out', () => {
  let ses: FakeSes;
  const client = (maxAttempts = 1) =>
    new SESClient({ endpoint: ses.url, region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts });

  beforeAll(async () => {
    ses = fakeSes();
    await ses.start();
  });
  afterEach(() => ses.reset());
  afterAll(() => ses.close());

  describe('SES adapter (real SESClient against the fake)', () => {
    it('sends the raw MIME: headers, UTF-8 body and reference intact; returns the SES MessageId', async () => {
      const out = await sesMail(client()).send(PO);

      expect(ses.sent).toHaveLength(1);
      expectThePo(ses.sent[0]!);
      expect(out.messageId).toMatch(/^0100019a-fake-/);
    });

    it('a rejected email surfaces as a plain-words Error keeping the SES error as cause', async () => {
      ses.fail({ code: 'MessageRejected', message: 'Email address is not verified.' });

      const err: unknown = await sesMail(client())
        .send(PO)
        .catch((e: unknown) => e);

      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toBe(
        'SES refused the email to orders@bayside.example: MessageRejected: Email address is not verified.',
      );
      const cause = (err as Error).cause;
      expect(cause).toBeInstanceOf(MessageRejected);
      expect((cause as MessageRejected).name).toBe('MessageRejected');
      expect(ses.sent).toHaveLength(0);
    });

    it('throttling is retried by the SDK itself; the second attempt goes through', async () => {
      ses.fail({ code: 'Throttling', message: 'Maximum sending rate exceeded.', times: 1 });

      const out = await sesMail(client(3)).send(PO);

      expect(ses.attempts).toBe(2);
      expect(ses.sent).toHaveLength(1);
      expectThePo(ses.sent[0]!);
      expect(out.messageId).toMatch(/^0100019a-fake-/);
    });

    it('describes itself for people', () => {
      expect(sesMail(client()).describe()).toBe('Amazon SES');
    });
  });

  describe('outbox adapter', () => {
    it('writes one readable .eml named by time and reference, in a folder it creates', async () => {
      const dir = join(mkdtempSync(join(tmpdir(), 'stockbot-mail-')), '.data', 'outbox');

      const out = await outboxMail(dir).send(PO);

      const files = readdirSync(dir);
      expect(files).toEqual([expect.stringMatching(/^\d{4}-\d{2}-\d{2}T[\d-]+Z-PO-000123\.eml$/)]); // no temp file left behind
      const raw = readFileSync(join(dir, files[0]!), 'utf8');
      expectThePo(raw);
      expect(readMail(raw).headers['message-id']).toBe(out.messageId);
    });

    it('describes where the mail went', () => {
      expect(outboxMail(join('.data', 'outbox')).describe()).toBe('the outbox folder .data/outbox');
    });
  });

  describe('buildMime', () => {
    it('gives a retry of the same email the same Message-ID, and a changed email a new one', async () => {
      const first = await buildMime(PO);
      const retry = await buildMime({ ...PO });
      const edited = await buildMime({ ...PO, text: PO.text.replace('120', '144') });

      expect(retry.messageId).toBe(first.messageId);
      expect(edited.messageId).not.toBe(first.messageId);
    });

    it('a text-only email is a single text/plain part', async () => {
      const { raw } = await buildMime({ ...PO, html: undefined });
      const mail = readMail(raw.toString('utf8'));

      expect(mail.type).toMatch(/^text\/plain; charset=utf-8/);
      expect(mail.text).toContain('total £504.00');
    });
  });
});

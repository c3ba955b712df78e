import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';

export interface OutgoingMail {
  to: string;
  from: string;
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  /** Our idempotency key, also sent as a header so a retried send can be recognised (e.g. the order's PO number). */
  reference: string;
  /** Pictures shown inside the HTML by `cid:` (the monthly summary's charts). */
  inlineImages?: { fileName: string; cid: string; png: Buffer }[];
}

/** Mail out: SES in production, .eml files in the outbox folder locally. */
export interface MailPort {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  /** Where the mail goes, in words for a person ("Amazon SES", "the outbox folder .data/outbox"). */
  describe(): string;
}

export const REFERENCE_HEADER = 'X-Stockbot-Reference';

/** The bare domain of an address such as `Shop <orders@shop.example>`, so the Message-ID is ours. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  const domain = at < 0 ? '' : address.slice(at + 1).replace(/[^A-Za-z0-9.-]/g, '');
  return domain || 'stockbot.local';
}

/** A file- and header-safe form of the reference. */
export const slug = (reference: string): string => reference.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'mail';

/**
 * Derived from the reference and the content, not the clock: a retry of the same email carries the same
 * Message-ID, so a mail system that received the first attempt can recognise the duplicate, while a
 * different email under the same reference (an edited PO) gets a new one.
 */
export function messageIdFor(mail: OutgoingMail): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([mail.to, mail.from, mail.replyTo ?? '', mail.subject, mail.text, mail.html ?? '']))
    .digest('hex')
    .slice(0, 16);
  return `<${slug(mail.reference)}.${hash}@${domainOf(mail.from)}>`;
}

/**
 * The raw MIME message, with the Message-ID the adapters report back. UTF-8 throughout (encoded-word
 * subject, quoted-printable body) so "£" and "é" survive every hop, and the body stays readable in a raw .eml.
 */
export async function buildMime(mail: OutgoingMail): Promise<{ raw: Buffer; messageId: string }> {
  const messageId = messageIdFor(mail);
  const composer = new MailComposer({
    from: mail.from,
    to: mail.to,
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    subject: mail.subject,
    text: mail.text,
    // With html present MailComposer emits multipart/alternative (text first, html preferred).
    ...(mail.html ? { html: mail.html } : {}),
    ...(mail.inlineImages?.length
      ? {
          attachments: mail.inlineImages.map((i) => ({ filename: i.fileName, cid: i.cid, content: i.png, contentType: 'image/png' })),
        }
      : {}),
    messageId,
    headers: { [REFERENCE_HEADER]: mail.reference },
    textEncoding: 'quoted-printable',
  });
  const raw = await new Promise<Buffer>((resolve, reject) =>
    composer.compile().build((err, message) => (err ? reject(err) : resolve(message))),
  );
  return { raw, messageId };
}

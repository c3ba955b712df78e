import MailComposer from 'nodemailer/lib/mail-composer';

export interface OutgoingMail {
  to: string;
  from: string;
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  /** Our idempotency key (the PO number), also sent as a header so a retried send can be recognised. */
  reference: string;
}

/** Mail out: SES in production, .eml files in the outbox folder locally. */
export interface MailPort {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  describe(): string;
}

const domainOf = (address: string): string => address.split('@')[1]?.replace(/[^A-Za-z0-9.-]/g, '') || 'stockbot.local';

/** The raw MIME message (UTF-8 throughout, so "£" and "é" survive every hop). */
export async function buildMime(mail: OutgoingMail): Promise<{ raw: Buffer; messageId: string }> {
  const messageId = `<${mail.reference.replace(/[^A-Za-z0-9._-]/g, '-')}.${Date.now().toString(36)}@${domainOf(mail.from)}>`;
  const composer = new MailComposer({
    from: mail.from,
    to: mail.to,
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    subject: mail.subject,
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
    messageId,
    headers: { 'X-Stockbot-Reference': mail.reference },
    textEncoding: 'quoted-printable',
  });
  const raw = await new Promise<Buffer>((resolve, reject) => composer.compile().build((err, message) => (err ? reject(err) : resolve(message))));
  return { raw, messageId };
}

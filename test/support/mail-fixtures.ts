import MailComposer from 'nodemailer/lib/mail-composer';

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

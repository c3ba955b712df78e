import PostalMime from 'postal-mime';

// A forwarded mail, read within limits: who sent it, what it says it is about, and the files in it, however deeply
// forwarded. postal-mime (a maintained parser) does the MIME; this file bounds what it is given and walks forwards.

/** What a mail may weigh: more than any count sheet or price list with a photo or two. */
export const MAX_MAIL_BYTES = 25 * 1024 * 1024;
/** MIME parts in one mail, every forwarded level together. */
export const MAX_MAIL_PARTS = 100;
/** How deep parts may nest, and how many forwards within forwards are opened. */
export const MAX_MAIL_DEPTH = 10;
/** Attachments read from one mail; a mail with more is someone's photo album, not a count. */
export const MAX_ATTACHMENTS = 20;

export interface MailAttachment {
  /** As sent, stripped of any path and control characters (an attachment's name is the sender's to choose). */
  fileName: string;
  mimeType: string;
  content: Buffer;
}

export interface ParsedMail {
  /** The sender's bare address, lower-cased. */
  from: string;
  fromName: string;
  subject: string;
  messageId: string;
  date: string;
  attachments: MailAttachment[];
}

export type MailRead = { ok: true; mail: ParsedMail } | { ok: false; problem: string };

export type AttachmentKind = 'csv' | 'xlsx' | 'pdf' | 'image' | 'unsupported';

const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** A file name safe to show and to keep: no folders, no control or direction characters, never empty. */
export function cleanFileName(name: string | null | undefined, mimeType: string, index: number): string {
  const base = (name ?? '')
    .split(/[\\/]/)
    .pop()!
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control and bidirectional characters are what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim()
    .slice(0, 150);
  if (base && base !== '.' && base !== '..') return base;
  const ext =
    { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/tiff': 'tiff', 'application/pdf': 'pdf', 'text/csv': 'csv' }[mimeType] ?? 'bin';
  return `attachment-${index + 1}.${ext}`;
}

/** What kind of document an attachment is, by its name first (what a person saved it as), then its type. */
export function classifyAttachment(fileName: string, mimeType: string): AttachmentKind {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (ext === 'csv' || ext === 'txt' || mimeType === 'text/csv') return 'csv';
  if (ext === 'xlsx' || mimeType === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') return 'xlsx';
  if (ext === 'pdf' || mimeType === 'application/pdf') return 'pdf';
  if (['png', 'jpg', 'jpeg', 'tif', 'tiff'].includes(ext) || ['image/png', 'image/jpeg', 'image/tiff'].includes(mimeType)) return 'image';
  return 'unsupported';
}

const LIMIT_WORDS: Record<string, string> = {
  EMAXNESTINGDEPTH: `its parts nest more than ${MAX_MAIL_DEPTH} deep`,
  EMAXPARTCOUNT: `it has more than ${MAX_MAIL_PARTS} parts`,
  EMAXHEADERSIZE: 'its headers are too large',
  EMAXFORWARDEDADDRESSES: 'it forwards too many addresses',
};

/**
 * Reads a raw mail (`name` says which, in every problem). Refused before parsing: anything over 25 MB. Refused while
 * parsing: more than 100 parts, or parts nested more than 10 deep, counted across forwards. A forward attached as a
 * file (`message/rfc822`) is opened and its attachments taken, to the same depth.
 */
export async function parseForwardedMail(raw: Buffer, name: string): Promise<MailRead> {
  if (raw.length > MAX_MAIL_BYTES) {
    return { ok: false, problem: `${name} is ${megabytes(raw.length)}; the most a forwarded mail may be is ${megabytes(MAX_MAIL_BYTES)}` };
  }
  const budget = { parts: MAX_MAIL_PARTS };
  try {
    const top = await parseOne(raw, budget);
    const attachments: MailAttachment[] = [];
    await collect(top.attachments, 1, budget, attachments);
    const from = top.from && 'address' in top.from ? top.from : undefined;
    return {
      ok: true,
      mail: {
        from: (from?.address ?? '').trim().toLowerCase(),
        fromName: from?.name ?? '',
        subject: (top.subject ?? '').slice(0, 300),
        messageId: (top.messageId ?? '').slice(0, 300),
        date: top.date ?? '',
        attachments,
      },
    };
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    const why = LIMIT_WORDS[code] ?? (err instanceof LimitError ? err.message : 'it is not a mail message that can be read');
    return { ok: false, problem: `${name} was not read: ${why}` };
  }
}

class LimitError extends Error {}

type Parsed = Awaited<ReturnType<typeof PostalMime.parse>>;

/** `depth` is how many forwards deep this message already is: postal-mime's own limits start again at each re-parse. */
async function parseOne(raw: Buffer | ArrayBuffer, budget: { parts: number }, depth = 0): Promise<Parsed> {
  if (budget.parts <= 0) throw new LimitError(`it has more than ${MAX_MAIL_PARTS} parts`);
  const parsed = await PostalMime.parse(raw, {
    attachmentEncoding: 'arraybuffer',
    maxNestingDepth: MAX_MAIL_DEPTH - depth,
    maxPartCount: budget.parts,
    maxRfc822NestingDepth: MAX_MAIL_DEPTH - depth,
  });
  budget.parts -= 1 + parsed.attachments.length;
  return parsed;
}

async function collect(list: Parsed['attachments'], depth: number, budget: { parts: number }, out: MailAttachment[]): Promise<void> {
  for (const a of list) {
    const content = Buffer.from(typeof a.content === 'string' ? Buffer.from(a.content) : new Uint8Array(a.content as ArrayBuffer));
    // postal-mime opens forwards itself down to the depth limit, and flags one that goes deeper.
    if (a.rfc822DepthExceeded) throw new LimitError(`it forwards mail within mail more than ${MAX_MAIL_DEPTH} deep`);
    if (a.mimeType === 'message/rfc822') {
      // A forward it kept as a file (an encoded one): its own attachments are what was forwarded.
      if (depth >= MAX_MAIL_DEPTH) throw new LimitError(`it forwards mail within mail more than ${MAX_MAIL_DEPTH} deep`);
      const inner = await parseOne(content, budget, depth);
      await collect(inner.attachments, depth + 1, budget, out);
      continue;
    }
    // Inline pictures without a name are signatures and logos, not documents.
    if (a.related && !a.filename) continue;
    if (out.length >= MAX_ATTACHMENTS) throw new LimitError(`it has more than ${MAX_ATTACHMENTS} attachments`);
    out.push({ fileName: cleanFileName(a.filename, a.mimeType, out.length), mimeType: a.mimeType, content });
  }
}

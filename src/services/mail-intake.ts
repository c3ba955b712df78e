import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { intakeProposalMessage } from '../../views/intake-proposal';
import { attachmentKey } from '../adapters/mail-in';
import { readIntakeCsv, readIntakeXlsx, type IntakeRead } from '../config/intake-sheets';
import { classifyAttachment, parseForwardedMail, type ParsedMail } from '../config/forwarded-mail';
import type { IntakeDocument } from '../domain/intake-document';
import type { DroppedRow, IntakeRecord, IntakeRow } from '../domain/intake-record';
import { senderAllowed } from '../domain/allowed-senders';
import { checkProposal } from '../domain/proposal-checks';
import type { Rules, StockItem } from '../domain/types';
import type { Deps } from './deps';

export type IntakeDeps = Pick<
  Deps,
  'store' | 'documents' | 'chat' | 'mail' | 'mailFrom' | 'rawMail' | 'documentReader' | 'proposer' | 'clock'
>;

export type IntakeOutcome =
  /** A proposal is waiting for the owner. */
  | { kind: 'proposed'; record: IntakeRecord }
  /** This mail was read before (a redelivered notification): nothing done twice. */
  | { kind: 'duplicate'; record: IntakeRecord }
  /** From a sender the rules doc does not allow: kept and audited, never proposed, never answered. */
  | { kind: 'ignored'; record: IntakeRecord }
  /** Nothing in it could be proposed: the sender was told what was expected (and the owner sees why). */
  | { kind: 'nothing-usable'; record: IntakeRecord };

/** A mail's id, from where it is kept: the same delivery always gets the same id. */
export const mailIdOf = (rawKey: string): string => createHash('sha256').update(rawKey).digest('hex').slice(0, 24);

/**
 * A forwarded mail, from where it arrived to a proposal card in the owner's DM: parsed within limits, the sender
 * checked against the rules doc's `intake senders`, each attachment read (CSV and XLSX by our readers, PDFs and photos
 * by the document reader), rows proposed (the model, or the rule-based matcher) and every proposed row checked by plain
 * code against the document's own text. Nothing reaches the stock sheet until the owner approves.
 */
export async function receiveMail(deps: IntakeDeps, rawKey: string, opts: { trustedSender?: boolean } = {}): Promise<IntakeOutcome> {
  const mailId = mailIdOf(rawKey);
  const known = await deps.store.intake.get(mailId);
  if (known) {
    // Stored, but the owner's card never went out (Slack failed, the function stopped): the redelivery posts it.
    if (known.status === 'proposed' && !known.message) await showOwner(deps, known, await deps.documents.readRules());
    return { kind: 'duplicate', record: known };
  }
  const now = deps.clock();
  const at = now.toISOString();
  const raw = await deps.rawMail.read(rawKey);
  const parsed = await parseForwardedMail(raw, rawKey.split('/').pop() ?? rawKey);
  const base = { mail_id: mailId, received_at: at, raw_key: rawKey, rows: [], dropped: [], files: [] };
  if (!parsed.ok) {
    const record: IntakeRecord = { ...base, status: 'nothing-usable', from: '', subject: '', note: parsed.problem };
    return finish(deps, record, 'nothing-usable', null);
  }
  const mail = parsed.mail;
  const who = { from: mail.from, ...(mail.fromName ? { from_name: mail.fromName } : {}), subject: mail.subject };
  const rules = await deps.documents.readRules();
  if (!opts.trustedSender && !senderAllowed(mail.from, rules.intakeSenders)) {
    const note = `${mail.from} is not in the rules doc's intake senders, so the mail was kept and ignored.`;
    const record: IntakeRecord = { ...base, ...who, status: 'ignored', files: mail.attachments.map((a) => a.fileName), note };
    return finish(deps, record, 'ignored', null);
  }

  const items = await deps.documents.readStockSheet();
  const documents: IntakeDocument[] = [];
  const unread: DroppedRow[] = [];
  for (const attachment of mail.attachments) {
    const read = await readAttachment(deps, mailId, attachment);
    if (read.ok) documents.push(read.document);
    else unread.push({ what: attachment.fileName, reason: read.problem, fileName: attachment.fileName });
  }
  const files = mail.attachments.map((a) => a.fileName);
  // What was read is kept beside the mail, so a disputed proposal can be checked against exactly what the reader saw.
  for (const document of documents)
    await deps.rawMail.keep(`parsed/${mailId}/${document.fileName}.json`, Buffer.from(JSON.stringify(document, null, 1)));
  if (documents.length === 0) {
    const note =
      mail.attachments.length === 0
        ? 'The mail had no attachment: nothing to propose.'
        : `No attachment could be read: ${unread.map((u) => `${u.what} (${u.reason})`).join('; ')}`;
    const record: IntakeRecord = { ...base, ...who, status: 'nothing-usable', files, dropped: unread, note };
    await replyNothingUsable(deps, mail, unread);
    return finish(deps, record, 'nothing-usable', rules);
  }

  const rows: IntakeRow[] = [];
  const dropped: DroppedRow[] = [...unread];
  const proposers = new Set<string>();
  for (const document of documents) {
    const proposal = await deps.proposer.propose({ document, items: items.map(({ sku, name, aliases }) => ({ sku, name, aliases })) });
    proposers.add(proposal.source === 'model' ? deps.proposer.describe() : 'the rule-based reader');
    const checked = checkProposal(proposal.rows, document, items);
    for (const row of checked.accepted) {
      const item = items.find((i) => i.sku === row.sku && i.location === row.location);
      if (rows.some((r) => r.sku === row.sku && r.location === row.location)) {
        dropped.push({ what: row.sku, reason: 'an earlier attachment already gives it', fileName: document.fileName });
        continue;
      }
      rows.push(toIntakeRow(row, item, document.fileName));
    }
    for (const d of checked.dropped) {
      const what = d.row.sku || d.row.sourceText;
      // The checks name the SKU first ("SKU-1: …"); the card names it once.
      const reason = d.reason.startsWith(`${what}: `) ? d.reason.slice(what.length + 2) : d.reason;
      dropped.push({ what, reason, fileName: document.fileName });
    }
  }
  const proposer = [...proposers].join(' and ');
  if (rows.length === 0) {
    const record: IntakeRecord = {
      ...base,
      ...who,
      status: 'nothing-usable',
      files,
      dropped,
      proposer,
      note: 'Nothing in it changes the stock sheet.',
    };
    return finish(deps, record, 'nothing-usable', rules);
  }
  const record: IntakeRecord = { ...base, ...who, status: 'proposed', files, rows, dropped, proposer, waiting: 'yes' };
  return finish(deps, record, 'proposed', rules);
}

async function readAttachment(deps: IntakeDeps, mailId: string, a: ParsedMail['attachments'][number]): Promise<IntakeRead> {
  const kind = classifyAttachment(a.fileName, a.mimeType);
  if (kind === 'csv') return readIntakeCsv(a.fileName, a.content);
  if (kind === 'xlsx') return readIntakeXlsx(a.fileName, a.content);
  if (kind === 'unsupported') return { ok: false, problem: `${a.fileName} is not a CSV, Excel, PDF or image file` };
  // Kept beside the mail: Textract reads a PDF from S3, and a disputed number can be checked against the file.
  const kept = await deps.rawMail.keep(attachmentKey(mailId, a.fileName), a.content);
  return deps.documentReader.read({
    fileName: a.fileName,
    content: a.content,
    kind,
    ...(kept.bucket ? { s3Object: { bucket: kept.bucket, key: kept.key } } : {}),
  });
}

function toIntakeRow(row: ReturnType<typeof checkProposal>['accepted'][number], item: StockItem | undefined, fileName: string): IntakeRow {
  return {
    sku: row.sku,
    location: row.location,
    name: item?.name ?? row.sku,
    ...(row.onHand !== undefined
      ? { onHand: { current: row.onHand.current, proposed: row.onHand.proposed, confidence: row.onHand.confidence } }
      : {}),
    ...(row.unitCost !== undefined
      ? { unitCost: { current: row.unitCost.current, proposed: row.unitCost.proposed, confidence: row.unitCost.confidence } }
      : {}),
    flags: row.flags,
    sourceText: row.sourceText,
    fileName,
  };
}

/** Stored once (a redelivery finds it), audited, and shown to the owner unless it was ignored. */
async function finish(deps: IntakeDeps, record: IntakeRecord, kind: IntakeOutcome['kind'], rules: Rules | null): Promise<IntakeOutcome> {
  const { created, record: stored } = await deps.store.intake.record(record);
  if (!created) return { kind: 'duplicate', record: stored };
  await deps.store.audit.append({
    subject: `MAIL#${record.mail_id}`,
    action: `intake-${record.status}`,
    by: record.from || 'unknown sender',
    at: record.received_at,
    detail: `${record.subject || '(no subject)'}: ${record.rows.length} row(s) proposed, ${record.dropped.length} left out${record.note ? `; ${record.note}` : ''}`,
  });
  if (rules) await showOwner(deps, stored, rules);
  return { kind, record: stored } as IntakeOutcome;
}

/** The owner's card, where it lives from now on (decisions redraw it in place). */
async function showOwner(deps: IntakeDeps, record: IntakeRecord, rules: Rules): Promise<void> {
  if (!rules.owner) return;
  const posted = await deps.chat.dm(rules.owner, intakeProposalMessage(record, { currency: rules.currency, ownerId: rules.owner }));
  await deps.store.intake.setMessage(record.mail_id, posted);
  record.message = posted;
}

/** A polite answer to an allowed sender whose mail had nothing the app could read: what it expects instead. */
async function replyNothingUsable(deps: IntakeDeps, mail: ParsedMail, unread: DroppedRow[]): Promise<void> {
  const why =
    unread.length === 0 ? 'It had no attachment.' : `It could not read: ${unread.map((u) => `${u.what} (${u.reason})`).join('; ')}.`;
  await deps.mail.send({
    to: mail.from,
    from: deps.mailFrom,
    subject: `Re: ${mail.subject || 'your forwarded mail'}`.slice(0, 200),
    text: [
      'Thanks for forwarding this. Nothing in it could be turned into stock changes, so nothing was changed.',
      why,
      'Send a count sheet or a price list as a CSV or Excel file, a PDF, or a clear photo of the sheet (PNG, JPEG or TIFF), with one row per item: its SKU or name, then the count or the price.',
      '',
      'stockbot',
    ].join('\n'),
    reference: `intake-reply-${mail.messageId || mail.subject}`,
  });
}

/**
 * A file from this machine into the inbox lane, as the CLI and the demo feed it: an `.eml` as the mail it is (its
 * sender checked like any other), any other file as the one attachment of a mail from the person at the terminal. Kept
 * under `cli/` by its content, so feeding the same file twice proposes it once.
 */
export async function receiveLocalFile(deps: IntakeDeps, fileName: string, bytes: Buffer): Promise<IntakeOutcome> {
  const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const isMail = /\.eml$/i.test(fileName);
  const raw = isMail ? bytes : await wrapInMail(fileName, bytes);
  const kept = await deps.rawMail.keep(`cli/${digest}-${fileName}`, raw);
  return receiveMail(deps, kept.key, { trustedSender: !isMail });
}

async function wrapInMail(fileName: string, bytes: Buffer): Promise<Buffer> {
  return new MailComposer({
    from: 'stockbot@localhost',
    subject: fileName,
    text: `${fileName}, fed in with stockbot intake.`,
    attachments: [{ filename: fileName, content: bytes }],
  })
    .compile()
    .build();
}

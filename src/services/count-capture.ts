import { createHash } from 'node:crypto';
import { approverNoticeMessage, countSummaryMessage, type CountSummary } from '../../views/count-summary';
import { varianceCard } from '../../views/variance-card';
import type { FileStore } from '../adapters/files';
import type { CauseEvidence, CauseSuggester } from '../adapters/model';
import type { DeliveryScheduler } from '../adapters/scheduler';
import { UploadProblem, type DownloadedFile } from '../adapters/slack/chat';
import { readCountFile } from '../config/count-file';
import { DocumentError, formatProblem } from '../config/errors';
import { captureCounts, type ParkedLine } from '../domain/count-capture';
import type { CountFile } from '../domain/count-rows';
import { localDate, nextBusinessMinute } from '../domain/quiet-hours';
import type { Rules, StockItem } from '../domain/types';
import { sessionPk, type Contribution, type CountLine, type ParkedRecord, type SessionMeta } from '../store/counts';
import { mapLimit } from '../store/map-limit';
import type { Store } from '../store/open-store';
import { bounded, isLocked, lineChanged, RAW_ROWS_KEPT, STORED_TEXT, unlistedLine, withContribution } from './count-lines';
import type { CountDeps } from './count-sessions';

export interface CaptureDeps extends CountDeps {
  files: FileStore;
  suggester: CauseSuggester;
  /** Wakes the delivery of approver notices held over quiet hours (the deliver-drafts job also finds them on its own). */
  scheduler?: DeliveryScheduler;
}
/** Writes in flight at once while a file's lines are stored. */
const WRITE_CONCURRENCY = 16;

/** The stock sheet's items, with the codes people have taught the app at this location added as aliases. */
export async function countCatalogue(deps: Pick<CountDeps, 'store' | 'documents'>, location: string): Promise<StockItem[]> {
  const [items, learned] = await Promise.all([deps.documents.readStockSheet(), deps.store.inventory.learnedAliases(location)]);
  if (learned.size === 0) return items;
  const bySku = new Map<string, string[]>();
  for (const [code, sku] of learned) bySku.set(sku.toLowerCase(), [...(bySku.get(sku.toLowerCase()) ?? []), code]);
  return items.map((i) =>
    i.location.toLowerCase() === location.toLowerCase() && bySku.has(i.sku.toLowerCase())
      ? { ...i, aliases: [...i.aliases, ...bySku.get(i.sku.toLowerCase())!] }
      : i,
  );
}

/** What the likely-cause suggester sees for one variance: the gap, and the item's ledger since its last count. */
export async function evidenceFor(
  store: Pick<Store, 'inventory'>,
  line: CountLine,
  meta: SessionMeta,
  rules: Rules,
  item: StockItem | undefined,
): Promise<CauseEvidence> {
  const ledger = await store.inventory.movementsSince(line.location, line.sku, '0');
  const before = ledger.filter((m) => m.at < meta.opened_at);
  const lastCount = [...before].reverse().find((m) => m.source === 'count') ?? null;
  const since = lastCount ? before.filter((m) => m.at > lastCount.at) : before;
  const receipts = since.filter((m) => m.source === 'receiving');
  // Until the point-of-sale lane lands, sales reach the system as the stock sheet's on_hand going down.
  const sales = since.filter((m) => m.source === 'sale' || m.source === 'pos' || (m.source === 'sheet' && m.delta < 0));
  const lastReceiving = [...before].reverse().find((m) => m.source === 'receiving') ?? null;
  // Dates on the business's calendar, so "14 days before the count" means what the shop means by it.
  const day = (iso: string) => localDate(new Date(iso), rules.timezone);
  return {
    sku: line.sku,
    name: line.name,
    location: line.location,
    counted: line.counted ?? 0,
    system: line.system,
    gapUnits: line.gap_units ?? 0,
    gapPct: line.gap_pct ?? null,
    gapValue: line.gap_value ?? 0,
    currency: rules.currency,
    salesSinceLastCount: sales.length > 0 ? -sales.reduce((sum, m) => sum + m.delta, 0) : null,
    receiptsSinceLastCount: receipts.length > 0 ? receipts.reduce((sum, m) => sum + m.delta, 0) : null,
    lastReceiving: lastReceiving ? { date: day(lastReceiving.at), qty: lastReceiving.delta } : null,
    lastCountDate: lastCount ? day(lastCount.at) : null,
    countDate: day(meta.opened_at),
    packSize: item?.packSize ?? null,
    dailySalesRate: item && !item.salesRateFromTill ? item.dailySalesRate : null,
    confirmedZero: line.confirmed_zero === true,
    kind: line.kind === 'not_in_system' ? 'not_in_system' : 'matched',
    countedRaw: Object.values(line.contributions ?? {})
      .flatMap((c) => c.raw)
      .slice(0, RAW_ROWS_KEPT),
  };
}

/** A material line without a cause gets one (only material lines ever reach the model, so its cost tracks variances, not SKUs). */
async function withCause(
  deps: CaptureDeps,
  line: CountLine,
  meta: SessionMeta,
  rules: Rules,
  items: readonly StockItem[],
): Promise<CountLine> {
  if (line.state !== 'material' || line.variance_status !== 'queued' || line.cause) return line;
  const item =
    items.find((i) => i.sku === line.sku && i.location.toLowerCase() === line.location.toLowerCase()) ??
    items.find((i) => i.sku === line.sku);
  const suggestion = await deps.suggester.suggest(await evidenceFor(deps.store, line, meta, rules, item));
  return {
    ...line,
    cause: suggestion.cause,
    rationale: bounded(suggestion.rationale, STORED_TEXT.reason),
    cause_source: suggestion.source,
  };
}

export type LineChange = (line: CountLine) => CountLine;

/**
 * Applies `change` to one line and stores it, redoing it from a fresh read when someone wrote the line in between
 * (an approval, another file of the count). Returns the line before and after, or null when nothing changed.
 */
export async function changeLine(
  deps: CaptureDeps,
  meta: SessionMeta,
  rules: Rules,
  items: readonly StockItem[],
  start: CountLine,
  change: LineChange,
): Promise<{ before: CountLine; after: CountLine } | null> {
  let current = start;
  for (let attempt = 1; attempt <= 8; attempt++) {
    const next = change(current);
    if (!lineChanged(current, next)) return null;
    const after = await withCause(deps, next, meta, rules, items);
    if (await deps.store.counts.putLine(after, deps.clock())) return { before: current, after };
    current = (await deps.store.counts.line(meta.session_id, current.sku)) ?? current;
  }
  throw new Error(`${current.sku} in count ${meta.session_id} kept changing while it was being updated; the job will try again`);
}

/** Where a file's counts are filed: a count sheet read again under the same name replaces itself; scans add up. */
const sourceKey = (kind: 'scanner' | 'sheet', file: { id: string; name: string }) =>
  kind === 'sheet' ? `SHEET#${file.name.toLowerCase()}` : `FILE#${file.id}`;

const parkedSk = (source: string, row: number) => `PARKED#${source}#${String(row).padStart(6, '0')}`;

/** A parked row as stored: every text cut to a stored length, so a huge cell cannot make the write fail. */
function parkedRecord(meta: SessionMeta, source: string, file: string, p: ParkedLine): ParkedRecord {
  return {
    pk: sessionPk(meta.session_id),
    sk: parkedSk(source, p.row),
    session_id: meta.session_id,
    file: bounded(file, STORED_TEXT.name),
    row: p.row,
    raw: bounded(p.raw, STORED_TEXT.raw),
    reason: bounded(p.reason, STORED_TEXT.reason),
    // A code longer than any barcode is kept only in the raw text: a clipped code must never be learned as an alias.
    code: p.code.length <= STORED_TEXT.cell ? p.code : '',
    qty: p.qty === null ? null : bounded(p.qty, STORED_TEXT.cell),
    unit: bounded(p.unit, STORED_TEXT.cell),
  };
}

const lockedReason = (line: CountLine) =>
  line.variance_status === 'held'
    ? `${line.sku}'s variance is waiting for the approver's choice, so this count was not added; count it again in a new session once they have chosen`
    : `${line.sku}'s variance was already ${line.variance_status} in this count, so this count was not added; to count it again, open a new session`;

/**
 * The capture job (the worker): downloads the file with the bot token, keeps the original, reads it, files its counts
 * on the session's lines (several files add up), reconciles each line against the session's snapshot, asks for a
 * likely cause for each material variance, and posts the summary and one card per material variance in the thread.
 */
export async function captureCount(deps: CaptureDeps, item: { sessionId: string; fileId: string; user: string }, now: Date): Promise<void> {
  const meta = await deps.store.counts.meta(item.sessionId);
  if (!meta?.channel || !meta.ts) return;
  const say = (text: string) => deps.chat.post(meta.channel!, { text }, meta.ts!);
  if (meta.session_status === 'closed')
    return void (await say(`Count ${meta.session_id} is closed, so the file was not read. Type \`/count\` to open a new one.`));

  let file: DownloadedFile;
  try {
    file = await deps.chat.download(item.fileId);
  } catch (err) {
    if (err instanceof UploadProblem) return void (await say(`${err.message} Nothing was counted from it.`));
    throw err;
  }
  const digest = createHash('sha256').update(file.bytes).digest('hex').slice(0, 16);
  const earlier = (meta.files ?? []).find((f) => f.endsWith(`#${digest}`) && !f.startsWith(`${file.id}#`));
  if (earlier)
    return void (await say(`${file.name} has exactly the same contents as a file already read in this count, so it was not added again.`));
  await deps.files.keep(`${meta.session_id}/${file.id}-${file.name}`, file.bytes);

  let read: CountFile;
  try {
    read = await readCountFile(file.name, file.bytes);
  } catch (err) {
    if (err instanceof DocumentError) {
      const shown = err.problems.slice(0, 10).map((p) => `• ${formatProblem(p)}`);
      if (err.problems.length > shown.length) shown.push(`…and ${err.problems.length - shown.length} more`);
      return void (await say(`I could not read ${file.name}, so nothing was counted from it:\n${shown.join('\n')}`));
    }
    throw err;
  }
  const [rules, items] = await Promise.all([deps.documents.readRules(), countCatalogue(deps, meta.location)]);
  const capture = captureCounts(read, meta.location, items, meta.scope);
  const source = sourceKey(read.kind, file);

  const stored = new Map((await deps.store.counts.lines(meta.session_id)).map((l) => [l.sku.toLowerCase(), l]));
  const parked = capture.parked.map((p) => parkedRecord(meta, source, file.name, p));
  const touched: CountLine[] = [];
  const work: { start: CountLine; contribution: Contribution | null }[] = [];
  for (const [sku, qty] of capture.counts) {
    const elsewhere = capture.elsewhere.get(sku);
    const line = stored.get(sku.toLowerCase()) ?? (elsewhere ? unlistedLine(meta, elsewhere) : null);
    if (!line) continue; // capture only counts SKUs the catalogue holds here or elsewhere
    const rows = capture.rows.get(sku) ?? [];
    if (isLocked(line)) {
      parked.push(
        parkedRecord(meta, source, file.name, {
          row: rows[0]?.row ?? 0,
          raw: rows
            .map((r) => r.raw)
            .join(' | ')
            .slice(0, 500),
          code: sku,
          qty: String(qty),
          unit: '',
          reason: lockedReason(line),
        }),
      );
      continue;
    }
    work.push({ start: line, contribution: { qty, raw: rows.slice(0, RAW_ROWS_KEPT).map((r) => r.raw) } });
  }
  // A sheet read again under its name replaces itself: what it counted before and no longer does comes off.
  let replaced = false;
  for (const line of stored.values()) {
    if (!line.contributions?.[source]) continue;
    replaced = true;
    if (!capture.counts.has(line.sku) && !isLocked(line)) work.push({ start: line, contribution: null });
  }

  // A file counts whole or not at all. Its lines are one item each, more than a transaction holds, so a write that
  // fails part-way is undone: every line gets back the contribution it had under this file's key before, and the
  // file's parked rows are put back as they were. Its parked rows and its place in the session's file list are
  // written after its lines, so nothing shows the file as read until all of it is in.
  const earlierParked = replaced
    ? (await deps.store.counts.parked(meta.session_id)).filter((p) => !p.fixed && p.sk.startsWith(`PARKED#${source}#`))
    : [];
  const writes = await writeAll(work, (w) =>
    changeLine(deps, meta, rules, items, w.start, (l) => withContribution(l, source, w.contribution, rules)),
  );
  let all: CountLine[] = [];
  try {
    if (writes.failed) throw writes.failed.error;
    for (const r of writes.results) if (r) touched.push(r.after);
    if (replaced) await deps.store.counts.clearParked(meta.session_id, `PARKED#${source}#`);
    await deps.store.counts.saveParked(parked);
    all = await deps.store.counts.lines(meta.session_id);
    await deps.store.counts.setStatus(meta.session_id, sessionStatus(all), [
      ...(meta.files ?? []).filter((f) => !f.startsWith(`${file.id}#`)),
      `${file.id}#${bounded(file.name, STORED_TEXT.name)}#${digest}`,
    ]);
  } catch (err) {
    // A scanner file's key is its own: anything under it that no finished reading of it left is from this attempt.
    const readBefore = (meta.files ?? []).some((f) => f.startsWith(`${file.id}#`));
    const keepEarlier = read.kind === 'sheet' || readBefore;
    await undoFile(deps, meta, rules, items, source, work, keepEarlier, earlierParked);
    const why = err instanceof Error ? err.message : String(err);
    await say(
      `I could not finish counting ${file.name}, so nothing from it was counted (${bounded(why, 300)}). ` +
        'Everything else in this count is as it was; upload the file again to try once more.',
    );
    await deps.store.audit.append({
      subject: `SESSION#${meta.session_id}`,
      action: 'count-capture-failed',
      by: item.user,
      at: now.toISOString(),
      detail: bounded(`${file.name}: not counted, undone after a failed write: ${why}`, STORED_TEXT.reason),
    });
    return;
  }
  await deps.store.audit.append({
    subject: `SESSION#${meta.session_id}`,
    action: 'count-captured',
    by: item.user,
    at: now.toISOString(),
    detail: `${file.name}: ${capture.linesRead} rows read, ${capture.counts.size} SKUs counted, ${parked.length} parked${replaced ? ' (replacing its earlier reading)' : ''}`,
  });

  await deps.chat.post(
    meta.channel,
    countSummaryMessage({
      ...summaryOf(meta, all, await openParked(deps, meta.session_id)),
      file: file.name,
      linesRead: capture.linesRead,
      rescans: capture.rescans,
      blanks: capture.blanks,
      parkedNow: parked.length,
      replaced,
    }),
    meta.ts,
  );
  for (const line of touched) if (line.state === 'material' || line.card) await showCard(deps, meta, line, rules);
  await noticeApprover(deps, meta, rules, all, now);
}

/**
 * Runs every write with a few in flight, and lets those in flight finish when one fails (so an undo never races a
 * write still going); the rest are not started. Returns the results, and the first failure if there was one.
 */
async function writeAll<T, R>(
  work: readonly T[],
  write: (w: T) => Promise<R>,
): Promise<{ results: (R | undefined)[]; failed: { error: unknown } | null }> {
  let failed: { error: unknown } | null = null;
  const results = await mapLimit(work, WRITE_CONCURRENCY, async (w) => {
    if (failed) return undefined;
    try {
      return await write(w);
    } catch (error) {
      failed ??= { error };
      return undefined;
    }
  });
  return { results, failed };
}

/**
 * Takes a file that failed part-way back out of the session: each line it was to change gets back what it had under
 * the file's key (an earlier reading of the same sheet, kept when `keepEarlier`), or nothing; its parked rows go,
 * and an earlier reading's come back.
 */
async function undoFile(
  deps: CaptureDeps,
  meta: SessionMeta,
  rules: Rules,
  items: readonly StockItem[],
  source: string,
  work: readonly { start: CountLine }[],
  keepEarlier: boolean,
  earlierParked: ParkedRecord[],
): Promise<void> {
  await mapLimit(work, WRITE_CONCURRENCY, async ({ start }) => {
    const current = await deps.store.counts.line(meta.session_id, start.sku);
    const before = keepEarlier ? (start.contributions?.[source] ?? null) : null;
    // Only lines the file did reach are written again.
    if (!current || sameContribution(current.contributions?.[source] ?? null, before)) return;
    await changeLine(deps, meta, rules, items, current, (l) => withContribution(l, source, before, rules));
  });
  await deps.store.counts.clearParked(meta.session_id, `PARKED#${source}#`);
  await deps.store.counts.saveParked(earlierParked);
}

const sameContribution = (a: Contribution | null, b: Contribution | null): boolean =>
  a === b || (a !== null && b !== null && a.qty === b.qty && a.raw.join('\n') === b.raw.join('\n'));

/** Material variances still waiting for the approver's decision. */
const waitingForApprover = (lines: readonly CountLine[]) =>
  lines.filter((l) => l.state === 'material' && (l.variance_status === 'queued' || l.variance_status === 'held')).length;

/**
 * After each summary the location's approver gets one DM saying how many variances wait for them. Inside quiet hours
 * (and on days the business is shut) the notice is stored with the next business minute and sent then by the
 * deliver-drafts job, so a restart loses nothing; a later summary of the same count replaces a notice still held.
 */
async function noticeApprover(
  deps: Pick<CaptureDeps, 'store' | 'chat' | 'scheduler'>,
  meta: SessionMeta,
  rules: Rules,
  lines: readonly CountLine[],
  now: Date,
): Promise<void> {
  const approver = rules.locationApprovers[meta.location.toLowerCase()];
  const waiting = waitingForApprover(lines);
  if (!approver || waiting === 0 || !meta.channel) return;
  const at = nextBusinessMinute(now, rules);
  if (at.getTime() > now.getTime()) {
    await deps.store.counts.holdApproverNotice(meta.session_id, at);
    // Only a hint: the notice is stored, and any later run of the deliver-drafts job sends it.
    await deps.scheduler?.wakeAt(at).catch(() => {});
    return;
  }
  try {
    await deps.chat.dm(approver, approverNoticeMessage({ sessionId: meta.session_id, channel: meta.channel, waiting }));
  } catch {
    // Slack refused or is down: the count itself is in, so the notice waits for the next delivery run instead.
    await deps.store.counts.holdApproverNotice(meta.session_id, now);
  }
}

/**
 * Sends every approver notice held over quiet hours whose time has come, each once (the deliver-drafts job). The
 * number waiting is counted now, not when the notice was held: a variance decided meanwhile is not announced.
 */
export async function deliverApproverNotices(
  deps: Pick<CountDeps, 'store' | 'chat' | 'documents'>,
  rules: Rules,
  now: Date,
): Promise<number> {
  let delivered = 0;
  for (const notice of await deps.store.counts.dueApproverNotices(now)) {
    if (!(await deps.store.counts.claimApproverNotice(notice, now))) continue;
    const meta = await deps.store.counts.meta(notice.session_id);
    const approver = meta ? rules.locationApprovers[meta.location.toLowerCase()] : undefined;
    const waiting = meta ? waitingForApprover(await deps.store.counts.lines(meta.session_id)) : 0;
    if (!meta?.channel || !approver || waiting === 0) continue;
    try {
      await deps.chat.dm(approver, approverNoticeMessage({ sessionId: meta.session_id, channel: meta.channel, waiting }));
      delivered += 1;
    } catch (err) {
      // Back in line for the next run: a failed notice is never dropped.
      await deps.store.counts.holdApproverNotice(notice.session_id, now);
      throw err;
    }
  }
  return delivered;
}

/** `captured` while a variance waits for the approver; `reconciled` once every material variance is decided. */
export function sessionStatus(lines: readonly CountLine[]): 'captured' | 'reconciled' {
  return lines.some((l) => l.state === 'material' && (l.variance_status === 'queued' || l.variance_status === 'held'))
    ? 'captured'
    : 'reconciled';
}

export async function openParked(deps: Pick<CountDeps, 'store'>, sessionId: string): Promise<ParkedRecord[]> {
  return (await deps.store.counts.parked(sessionId)).filter((p) => !p.fixed);
}

/** The session-wide part of a summary: what is counted, in which state, what is parked and what nobody counted yet. */
export function summaryOf(
  meta: SessionMeta,
  lines: readonly CountLine[],
  parked: readonly ParkedRecord[],
): Omit<CountSummary, 'file' | 'linesRead' | 'rescans' | 'blanks' | 'parkedNow' | 'replaced'> {
  return {
    sessionId: meta.session_id,
    counted: lines.filter((l) => l.counted !== null).length,
    parked: parked.map((p) => ({ sk: p.sk, file: p.file, row: p.row, raw: p.raw, reason: p.reason })),
    agreement: lines.filter((l) => l.state === 'agreement').length,
    minor: lines.filter((l) => l.state === 'minor').length,
    material: lines.filter((l) => l.state === 'material').length,
    notCounted: lines
      .filter((l) => l.counted === null && l.kind !== 'not_in_system')
      .map((l) => ({ sku: l.sku, name: l.name, system: l.system })),
  };
}

/** Posts a variance's card in the thread, or redraws the one it has. */
export async function showCard(deps: Pick<CaptureDeps, 'chat' | 'store'>, meta: SessionMeta, line: CountLine, rules: Rules): Promise<void> {
  const approver = rules.locationApprovers[line.location.toLowerCase()] ?? null;
  const card = varianceCard(line, { currency: rules.currency, timezone: rules.timezone, approver });
  if (line.card) return deps.chat.update(line.card, card);
  const posted = await deps.chat.post(meta.channel!, card, meta.ts!);
  // Kept with the card, so App Home can link straight to it.
  const link = await deps.chat.permalink(posted);
  const where = { ...posted, ...(link ? { link } : {}) };
  await deps.store.counts.setCard(meta.session_id, line.sku, where);
  line.card = where;
}

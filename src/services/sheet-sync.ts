import { brokenDocumentNotice, fixedDocumentNotice, receivedFromSheetNotice } from '../../views/sheet-notices';
import type { DocumentNames, DocumentStamps, SyncedCopyName } from '../adapters/documents';
import type { ChatMessage } from '../adapters/slack/chat';
import type { StockSheetCopy } from '../adapters/documents/synced';
import { DocumentError, type Problem } from '../config/errors';
import { parseRulesDoc } from '../config/rules-doc';
import type { StockSheetReport } from '../config/stock-sheet';
import { parseSupplierDoc } from '../config/supplier-doc';
import type { OrderRecord } from '../domain/order-record';
import { RECEIVABLE, stillToCome } from '../domain/receipt';
import { itemKey } from '../domain/types';
import type { SheetChange, SyncResult } from '../store/inventory';
import type { DocumentKind, SyncBookkeeping } from '../store/sheet-lane';
import type { Deps } from './deps';
import { receiveOrder } from './receiving';
import { LEASE_WAIT_MS, SHEET_LEASE_MS } from './sheet-writes';

export type SheetSyncDeps = Pick<Deps, 'store' | 'documents' | 'originals' | 'syncedCopies' | 'chat' | 'queue' | 'clock'>;

export interface SheetSyncResult {
  /** Why nothing was looked at: the documents cannot be reached from here, or a write-back holds the sheet. */
  skipped?: 'no-originals' | 'busy';
  /** The documents that changed since the last sync (Drive's version, a file's time). */
  changed: DocumentKind[];
  /** The stock sheet's mirror into the inventory, when the sheet changed and read. */
  mirror?: SyncResult;
  /** Changed documents that do not read: the last good version stays in force. */
  broken: { kind: DocumentKind; problems: Problem[] }[];
  /** Documents that read again after being broken. */
  fixed: DocumentKind[];
  /** Orders booked in because the sheet's on hand rose (by `rise`) by at least half of what was still to come. */
  received: { order: OrderRecord; rise: number }[];
}

const KINDS: readonly DocumentKind[] = ['stockSheet', 'rules', 'suppliers'];
const COPY_OF: Record<DocumentKind, SyncedCopyName> = { stockSheet: 'stock-sheet.json', rules: 'rules.txt', suppliers: 'suppliers.txt' };

/**
 * The sheet sync: one cheap look per document (Drive's version) tells what changed; only that is read. A stock sheet
 * that reads is mirrored into the inventory (a `sheet` movement for every on-hand edit, a write only for rows that
 * changed) and kept as the synced copy every function reads; a doc that reads is kept the same way. A document that
 * no longer reads leaves the last good copy in force, and the owner is told once (which document, where, what), and
 * again when it reads. Nothing changed: nothing is read and nothing is written.
 */
export async function syncSheet(deps: SheetSyncDeps, now: Date): Promise<SheetSyncResult> {
  const result: SheetSyncResult = { changed: [], broken: [], fixed: [], received: [] };
  if (!deps.originals) return { ...result, skipped: 'no-originals' };
  const [book, stamps] = await Promise.all([deps.store.sheetLane.bookkeeping(), deps.originals.stamps()]);
  result.changed = KINDS.filter((k) => stamps[k] !== book.stamps[k]);
  if (result.changed.length === 0) return result;

  const holder = `sync-${now.getTime()}-${Math.random().toString(36).slice(2, 8)}`;
  if (!(await deps.store.sheetLane.awaitLease('sheet', holder, now, SHEET_LEASE_MS, LEASE_WAIT_MS))) return { ...result, skipped: 'busy' };
  try {
    for (const kind of result.changed) await syncDocument(deps, kind, stamps, book, result, now);
    // A broken version is remembered as seen too: it is not read again until someone edits the document.
    book.stamps = { ...book.stamps, ...Object.fromEntries(result.changed.map((k) => [k, stamps[k]])) };
    book.synced_at = now.toISOString();
    const notices = ownerNotices(book, result, deps.originals.describe(), now);
    // The owner the rules name, remembered: a local rules doc that stops reading is read live, and the owner must
    // still hear about it.
    const owner = (await deps.documents.readRules().catch(() => null))?.owner ?? book.owner ?? null;
    if (owner) book.owner = owner;
    await deps.store.sheetLane.saveBookkeeping(book);
    if (owner) for (const notice of notices) await deps.chat.dm(owner, notice);
  } finally {
    await deps.store.sheetLane.releaseLease('sheet', holder);
  }
  return result;
}

async function syncDocument(
  deps: SheetSyncDeps,
  kind: DocumentKind,
  stamps: DocumentStamps,
  book: SyncBookkeeping,
  result: SheetSyncResult,
  now: Date,
): Promise<void> {
  const originals = deps.originals!;
  const names = originals.describe();
  let copy: string;
  let report: StockSheetReport | null = null;
  try {
    if (kind === 'stockSheet') {
      report = await originals.readStockSheet();
      const kept: StockSheetCopy = { stamp: stamps.stockSheet, synced_at: now.toISOString(), ...report };
      copy = JSON.stringify(kept);
    } else {
      // A doc is kept as its text once it parses: the readers parse the copy, so it must be the text that read.
      copy = kind === 'rules' ? await originals.readRulesText() : await originals.readSuppliersText();
      if (kind === 'rules') parseRulesDoc(copy, names.rules);
      else parseSupplierDoc(copy, names.suppliers);
    }
  } catch (err) {
    // A network failure or a refusal from Google is not a broken document: it fails the run, which is retried.
    if (!(err instanceof DocumentError)) throw err;
    result.broken.push({ kind, problems: err.problems });
    return;
  }
  await deps.syncedCopies?.write(COPY_OF[kind], copy);
  if (book.broken[kind]) result.fixed.push(kind);
  if (report) {
    result.mirror = await deps.store.inventory.syncFromSheet(report.items, now);
    result.received = await receiveFromSheet(deps, result.mirror.changes, stamps.stockSheet);
  }
}

/**
 * What to tell the owner: a document that stopped reading (once, however often it is edited while broken), one that
 * reads again, and deliveries booked in from the sheet. The bookkeeping remembers what was told.
 */
function ownerNotices(book: SyncBookkeeping, result: SheetSyncResult, names: DocumentNames, now: Date): ChatMessage[] {
  const notices: ChatMessage[] = [];
  for (const { kind, problems } of result.broken) {
    if (book.broken[kind]) continue;
    notices.push(brokenDocumentNotice(names[kind], problems));
    book.broken[kind] = { stamp: book.stamps[kind] ?? '', problem: problems[0]?.message ?? 'does not read', told_at: now.toISOString() };
  }
  for (const kind of result.fixed) {
    notices.push(fixedDocumentNotice(names[kind]));
    delete book.broken[kind];
  }
  for (const { order, rise } of result.received) notices.push(receivedFromSheetNotice(order, rise));
  return notices;
}

/**
 * A delivery typed into the sheet: when an item with an order on order has risen in the sheet, since the order was
 * approved (or last received against), by at least half of what is still to come, the order is booked in through the
 * receiving service, as received in full, without adding to on hand (the sheet already holds it). The owner is told
 * and can undo it.
 */
async function receiveFromSheet(deps: SheetSyncDeps, changes: readonly SheetChange[], stamp: string): Promise<SheetSyncResult['received']> {
  const rises = changes.filter((c) => c.after > c.before);
  if (rises.length === 0) return [];
  const open = (await Promise.all(RECEIVABLE.map((s) => deps.store.orders.listByStatus(s)))).flat();
  const byItem = new Map<string, OrderRecord[]>();
  for (const o of open) byItem.set(o.item_key, [...(byItem.get(o.item_key) ?? []), o]);
  const received: SheetSyncResult['received'] = [];
  for (const change of rises) {
    for (const order of byItem.get(itemKey(change.location, change.sku)) ?? []) {
      const since = [order.decided_at, order.received_at]
        .filter((d): d is string => Boolean(d))
        .sort()
        .at(-1);
      if (!since) continue;
      const moves = await deps.store.inventory.movementsSince(change.location, change.sku, since);
      const rise = moves.filter((m) => m.source === 'sheet' && m.at > since).reduce((sum, m) => sum + m.delta, 0);
      const due = stillToCome(order);
      if (due <= 0 || rise * 2 < due) continue;
      const outcome = await receiveOrder(
        deps,
        { itemKey: order.item_key, orderId: order.order_id },
        {
          qty: due,
          by: 'stock sheet',
          source: 'sheet',
          receiptId: `sheet#${order.order_id}#${stamp}`,
          note: `on hand rose by ${rise} in the stock sheet`,
          alreadyOnHand: true,
        },
      );
      if (outcome.kind === 'received') received.push({ order: outcome.order, rise });
      // One order per rise: a second order for the same item waits for its own delivery.
      break;
    }
  }
  return received;
}

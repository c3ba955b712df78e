import { RECEIVE_BLOCK } from '../../views/ids';
import { receiveModal } from '../../views/receive-modal';
import { formatProblem } from '../config/errors';
import type { OrderRecord, OrderRef } from '../domain/order-record';
import { receiptProblem, RECEIVABLE } from '../domain/receipt';
import type { OrderStatus } from '../domain/types';
import type { Deps } from './deps';
import { authorizeOwner } from './order-decisions';
import { showOrder } from './owner-notices';
import { CLOSE, DONE, fieldError, tell, type FormReply, type OpenReply } from './replies';

type ReceivingDeps = Pick<Deps, 'store' | 'documents' | 'chat' | 'queue' | 'clock'>;

export interface ReceiptInput {
  qty: number;
  by: string;
  /** Where it came from: `slack`, `cli`, `sheet`, `pos`. */
  source: string;
  /** Unique per receipt, so a replay (a double submit, a redelivered event) records nothing twice. */
  receiptId: string;
  note?: string;
  /** The stock is already in on hand (the sheet sync saw it typed into the sheet): only the order moves on. */
  alreadyOnHand?: boolean;
}

export type ReceiveOutcome =
  | { kind: 'received'; order: OrderRecord; onHand: number }
  | { kind: 'duplicate'; order: OrderRecord }
  | { kind: 'invalid'; message: string }
  | { kind: 'not-found' };

/**
 * Books a delivery in against an order: the one service every lane calls (Mark received in Slack, `stockbot receive`,
 * later the sheet sync and a till's `received` event). The received quantity is added to on hand through the
 * stock-sheet write-back, with a `receipt` movement and an audit row, all in one transaction; the order becomes
 * partly received or received, its DM is redrawn, and the item is checked normally again from then on.
 */
export async function receiveOrder(deps: ReceivingDeps, ref: OrderRef, input: ReceiptInput): Promise<ReceiveOutcome> {
  for (let attempt = 1; ; attempt++) {
    const now = deps.clock();
    const order = await deps.store.orders.get(ref.itemKey, ref.orderId);
    if (!order) return { kind: 'not-found' };
    const problem = receiptProblem(order, input.qty);
    if (problem) return { kind: 'invalid', message: problem };
    // The stock sheet is the source of truth: take its latest on hand first, so the receipt adds to today's figure.
    const sheet = await deps.documents.readStockSheetReport();
    const row = sheet.items.find((i) => i.sku === order.sku && i.location.toLowerCase() === order.location.toLowerCase());
    if (!row) {
      // A row left out for a bad cell is being edited, not gone: say what to fix rather than "add it back".
      const bad = sheet.skipped[0];
      return {
        kind: 'invalid',
        message: bad
          ? `The stock sheet has a row it cannot read just now (${formatProblem(bad)}); fix it, then record the receipt.`
          : `The stock sheet no longer has ${order.sku} at ${order.location}; add it back, then record the receipt.`,
      };
    }
    if (deps.documents.readsLive) await deps.store.inventory.syncFromSheet([row], now);
    const item = await deps.store.inventory.get(row.location, row.sku);
    if (!item) return { kind: 'invalid', message: `${order.sku} at ${order.location} could not be read from the inventory; try again.` };
    const outcome = await deps.store.receipts.record({ order, item, now, ...input });
    if (outcome.kind === 'duplicate') return { kind: 'duplicate', order };
    if (outcome.kind === 'stale') {
      // The order or the item changed between the read and the write (another receipt, a count): read again.
      if (attempt < 5) continue;
      throw new Error(`${order.po_number ?? order.order_id} kept changing while its receipt was recorded; try again`);
    }
    const rules = await deps.documents.readRules();
    await showOrder(deps, outcome.order, rules);
    // The new on hand goes into the stock sheet on the queue, and App Home shows the order's new state.
    if (!input.alreadyOnHand) await deps.queue.enqueue({ kind: 'run-job', job: 'sheet-flush' });
    if (rules.owner) await deps.queue.enqueue({ kind: 'refresh-home', user: rules.owner });
    return { kind: 'received', order: outcome.order, onHand: outcome.onHand };
  }
}

/** Orders for `stockbot orders`: one status, or every order that is not finished (drafts, approved, on order). */
export async function listOrders(deps: Pick<Deps, 'store'>, status?: OrderStatus): Promise<OrderRecord[]> {
  const statuses: readonly OrderStatus[] = status ? [status] : ['pending', 'approved', ...RECEIVABLE];
  const lists = await Promise.all(statuses.map((s) => deps.store.orders.listByStatus(s)));
  return lists.flat();
}

/** The order a PO number names (PO-000123, any case), among orders still on order; null when none is. */
export async function findByPoNumber(deps: Pick<Deps, 'store'>, poNumber: string): Promise<OrderRecord | null> {
  const wanted = poNumber.trim().toUpperCase();
  for (const status of RECEIVABLE) {
    const found = (await deps.store.orders.listByStatus(status)).find((o) => o.po_number?.toUpperCase() === wanted);
    if (found) return found;
  }
  return null;
}

const ownerOnly = 'Only the owner named in the rules doc can record deliveries. Nothing was changed.';

/** Mark received: the modal with the quantity still to come, for the owner; a decided order is redrawn instead. */
export async function receiveForm(deps: ReceivingDeps, ref: OrderRef, user: string): Promise<OpenReply> {
  const rules = await deps.documents.readRules();
  if (!(await authorizeOwner(deps, rules, user, ref, 'mark received', deps.clock()))) return tell(ownerOnly);
  const order = await deps.store.orders.get(ref.itemKey, ref.orderId);
  if (!order) return DONE;
  if (!RECEIVABLE.includes(order.status)) {
    await showOrder(deps, order, rules);
    return tell(receiptProblem(order, 1) ?? 'That order is not on order any more.');
  }
  return { kind: 'open', view: receiveModal(order) };
}

/** The Mark received modal's submit: a bad quantity keeps it open with the reason; the view id makes a replay a no-op. */
export async function submitReceipt(
  deps: ReceivingDeps,
  ref: OrderRef,
  user: string,
  typed: { qty: string; note: string },
  viewId: string,
): Promise<FormReply> {
  const rules = await deps.documents.readRules();
  if (!(await authorizeOwner(deps, rules, user, ref, 'mark received', deps.clock()))) return fieldError(RECEIVE_BLOCK.qty, ownerOnly);
  const qty = Number(typed.qty.replace(/,/g, ''));
  if (typed.qty === '' || !Number.isFinite(qty))
    return fieldError(RECEIVE_BLOCK.qty, `Enter how many arrived as a number, e.g. 120; got "${typed.qty}".`);
  const outcome = await receiveOrder(deps, ref, {
    qty,
    by: user,
    source: 'slack',
    receiptId: `slack-view#${viewId}`,
    ...(typed.note ? { note: typed.note } : {}),
  });
  if (outcome.kind === 'invalid') return fieldError(RECEIVE_BLOCK.qty, outcome.message);
  return CLOSE;
}

import { EDIT_BLOCK } from '../../views/ids';
import { poEditModal } from '../../views/po-edit-modal';
import type { DocumentSource } from '../adapters/documents';
import type { Chat } from '../adapters/slack/chat';
import type { WorkQueue } from '../adapters/queue';
import { gatesFor } from '../domain/draft-order';
import { quantityProblem } from '../domain/order-quantity';
import { findSupplier } from '../domain/supplier';
import type { Rules } from '../domain/types';
import type { OrderRecord, OrderRef } from '../domain/order-record';
import type { Store } from '../store/open-store';
import { showOrder } from './owner-notices';
import { CLOSE, DONE, fieldError, tell, type FormReply, type OpenReply, type Reply } from './replies';

export interface DecisionDeps {
  store: Pick<Store, 'orders' | 'state' | 'audit'>;
  documents: DocumentSource;
  queue: WorkQueue;
}

export type { OrderRef };

/**
 * Writes that must land in the decision's own transaction or not at all: an email link's nonce is spent this way, so
 * a decision that fails leaves the link working for a retry.
 */
export type DecisionWrites = NonNullable<Parameters<Store['orders']['transition']>[2]['also']>;

/** What the owner typed in the Edit modal. */
export interface OrderEdits {
  qty: string;
  supplier: string | null;
  note: string;
}

export type DecisionOutcome =
  | { kind: 'approved' | 'skipped'; order: OrderRecord }
  /** Somebody (or an earlier tap) already decided: nothing changed. */
  | { kind: 'already-decided'; order: OrderRecord }
  | { kind: 'not-found' }
  /** The Edit modal's input breaks a gate; `field` is the modal field to show it on. */
  | { kind: 'invalid'; field: 'qty' | 'supplier'; message: string };

/**
 * Only the owner named in the rules doc may decide on drafts. A refusal is audited,
 * because an attempt to order is worth knowing about even when it changes nothing.
 */
export async function authorizeOwner(
  deps: Pick<DecisionDeps, 'store'>,
  rules: Rules,
  userId: string,
  ref: OrderRef,
  action: string,
  now: Date,
): Promise<boolean> {
  if (rules.owner !== null && userId === rules.owner) return true;
  await deps.store.audit.append({
    subject: ref.itemKey,
    action: 'refused',
    by: userId,
    at: now.toISOString(),
    detail: `${action} on order ${ref.orderId} refused: only the owner (${rules.owner ?? 'none set in the rules doc'}) may decide on drafts`,
  });
  return false;
}

const facts = (o: OrderRecord) => ({ status: o.status, qty: o.qty, supplier: o.supplier, note: o.note ?? null });

/**
 * Approve (or Edit, which is Approve with the owner's changes): pending → approved exactly once, audited, then the
 * PO email is handed to the queue. Edits pass the same gates as the draft: pack size, supplier minimum, order cap.
 */
export async function approveOrder(
  deps: DecisionDeps,
  ref: OrderRef,
  by: string,
  now: Date,
  edits?: OrderEdits,
  also: DecisionWrites = [],
): Promise<DecisionOutcome> {
  const order = await deps.store.orders.get(ref.itemKey, ref.orderId);
  if (!order) return { kind: 'not-found' };
  if (order.status !== 'pending') return { kind: 'already-decided', order };

  let qty = order.qty;
  let supplier = order.supplier;
  let note = order.note;
  const edited: NonNullable<OrderRecord['edited']> = {};
  if (edits) {
    const [rules, suppliers] = await Promise.all([deps.documents.readRules(), deps.documents.readSuppliers()]);
    const chosen = edits.supplier?.trim() || order.supplier;
    const details = findSupplier(suppliers, chosen);
    if (!chosen || !details) {
      return {
        kind: 'invalid',
        field: 'supplier',
        message: `Choose a supplier from the supplier doc${chosen ? `; "${chosen}" is not in it` : ''}.`,
      };
    }
    const typed = Number(edits.qty.trim().replace(/,/g, ''));
    const problem = quantityProblem(typed, gatesFor(order.draft.itemPackSize, details, rules.orderCap));
    if (problem) return { kind: 'invalid', field: 'qty', message: problem };
    if (typed !== qty) edited.qty = typed;
    if (details.name !== supplier) edited.supplier = details.name;
    if (edits.note.trim() !== '') edited.note = edits.note.trim();
    qty = typed;
    supplier = details.name;
    note = edits.note.trim() || undefined;
  }

  const changed = Object.keys(edited).length > 0;
  const at = now.toISOString();
  const approved = await deps.store.orders.transition(ref.itemKey, ref.orderId, {
    from: ['pending'],
    set: { status: 'approved', decided_by: by, decided_at: at, qty, supplier, note, ...(changed ? { edited } : {}) },
    audit: {
      subject: ref.itemKey,
      action: changed ? 'edited' : 'approved',
      by,
      at,
      before: facts(order),
      after: { status: 'approved', qty, supplier, note: note ?? null, order_id: ref.orderId },
    },
    also,
  });
  if (!approved) {
    const current = await deps.store.orders.get(ref.itemKey, ref.orderId);
    return current ? { kind: 'already-decided', order: current } : { kind: 'not-found' };
  }
  await deps.queue.enqueue({ kind: 'send-po', itemKey: ref.itemKey, orderId: ref.orderId });
  return { kind: 'approved', order: approved };
}

/** Skip: nothing is ordered; the item waits out the skip cooldown before its next draft (urgent items don't wait). */
export async function skipOrder(
  deps: DecisionDeps,
  ref: OrderRef,
  by: string,
  now: Date,
  also: DecisionWrites = [],
): Promise<DecisionOutcome> {
  const order = await deps.store.orders.get(ref.itemKey, ref.orderId);
  if (!order) return { kind: 'not-found' };
  if (order.status !== 'pending') return { kind: 'already-decided', order };
  const rules = await deps.documents.readRules();
  const skipUntil = new Date(now.getTime() + rules.skipCooldownDays * 86_400_000).toISOString();
  const at = now.toISOString();
  const skipped = await deps.store.orders.transition(ref.itemKey, ref.orderId, {
    from: ['pending'],
    set: { status: 'skipped', decided_by: by, decided_at: at, skip_until: skipUntil },
    audit: { subject: ref.itemKey, action: 'skipped', by, at, before: facts(order), after: { status: 'skipped', skip_until: skipUntil } },
    also: [deps.store.state.skipUntilRequest(ref.itemKey, skipUntil), ...also],
  });
  if (!skipped) {
    const current = await deps.store.orders.get(ref.itemKey, ref.orderId);
    return current ? { kind: 'already-decided', order: current } : { kind: 'not-found' };
  }
  return { kind: 'skipped', order: skipped };
}

/** A tap on a draft's Approve or Skip, or Retry on an order whose email did not go out. */
export type OrderDecision = 'approve' | 'skip' | 'retry' | 'chase' | 'undo-receipt' | 'use-till-rate';

export interface OrderTapDeps extends DecisionDeps {
  store: Pick<Store, 'orders' | 'state' | 'audit' | 'receipts'>;
  chat: Pick<Chat, 'update'>;
  clock: () => Date;
}

const ownerOnly = (rules: Rules): string =>
  `Only ${rules.owner ? `<@${rules.owner}>` : 'the owner named in the rules doc (no owner is set yet)'} can approve, edit or skip purchase orders. Nothing was changed.`;

/**
 * One tap on an order's button: only the owner may (anyone else is refused, audited); the order moves on exactly once
 * and its DM is redrawn without live buttons. Slow work (the PO email, App Home) goes to the queue.
 */
export async function decideOnOrder(deps: OrderTapDeps, ref: OrderRef, user: string, decision: OrderDecision): Promise<Reply> {
  const now = deps.clock();
  const rules = await deps.documents.readRules();
  if (!(await authorizeOwner(deps, rules, user, ref, decision, now))) return tell(ownerOnly(rules));
  if (decision === 'retry') {
    const order = await deps.store.orders.get(ref.itemKey, ref.orderId);
    if (order?.status === 'approved') await deps.queue.enqueue({ kind: 'send-po', ...ref });
    return DONE;
  }
  if (decision === 'chase') {
    // Only po-sender emails suppliers: the chase goes through its queue like a purchase order.
    const order = await deps.store.orders.get(ref.itemKey, ref.orderId);
    if (order?.status !== 'on-order' && order?.status !== 'partly-received')
      return tell('That order is no longer on order, so nobody was emailed.');
    await deps.queue.enqueue({ kind: 'send-chase', ...ref, by: user });
    return tell(`Asking ${order.supplier ?? 'the supplier'} where ${order.po_number ?? 'the order'} is; the email goes out in a moment.`);
  }
  if (decision === 'undo-receipt') return undoSheetReceipt(deps, ref, user, rules, now);
  if (decision === 'use-till-rate') {
    // Only the stock poster writes the inventory table, where the write-back's changes wait: it takes it from here.
    const order = await deps.store.orders.get(ref.itemKey, ref.orderId);
    const till = order?.draft.tillRate;
    if (!order || !till) return tell('That draft has no till rate to use.');
    if (order.rate_taken) return tell(`${order.sku} already uses ${order.rate_taken.perDay}/day from the till.`);
    await deps.queue.enqueue({ kind: 'use-till-rate', ...ref, by: user });
    return tell(`Writing ${till.perDay}/day into the stock sheet as the daily sales rate of ${order.sku} at ${order.location}.`);
  }
  const outcome = decision === 'approve' ? await approveOrder(deps, ref, user, now) : await skipOrder(deps, ref, user, now);
  if ('order' in outcome) await showOrder(deps, outcome.order, rules);
  if (outcome.kind === 'skipped') await deps.queue.enqueue({ kind: 'refresh-home', user });
  return DONE;
}

/**
 * Undo on a delivery the sheet sync booked in: the order goes back to what it was (on order, or partly received) and
 * is chased and checked as before. On hand is left alone: the sheet holds what staff typed, which stays theirs.
 */
async function undoSheetReceipt(deps: OrderTapDeps, ref: OrderRef, user: string, rules: Rules, now: Date): Promise<Reply> {
  const order = await deps.store.orders.get(ref.itemKey, ref.orderId);
  const undone = order ? await deps.store.receipts.undoSheetReceipt(order, user, now) : null;
  if (!undone) return tell('Nothing to undo: that receipt was undone already, or more was received against the order since.');
  await showOrder(deps, undone, rules);
  await deps.queue.enqueue({ kind: 'refresh-home', user });
  return tell(`${undone.po_number ?? 'The order'} is back on order; the stock sheet keeps the on hand typed into it.`);
}

/**
 * Edit: the modal pre-filled from the draft. Slack's trigger_id expires 3 s after the click, so the only work before
 * the modal opens is the rules doc (cached) and one order read; a draft decided meanwhile is redrawn instead.
 */
export async function orderEditForm(deps: OrderTapDeps, ref: OrderRef, user: string): Promise<OpenReply> {
  const rules = await deps.documents.readRules();
  if (!(await authorizeOwner(deps, rules, user, ref, 'edit', deps.clock()))) return tell(ownerOnly(rules));
  const order = await deps.store.orders.get(ref.itemKey, ref.orderId);
  if (order?.status !== 'pending') {
    if (order) await showOrder(deps, order, rules);
    return DONE;
  }
  const suppliers = [order.supplier, order.draft.backupSupplier].filter((x): x is string => Boolean(x));
  return { kind: 'open', view: poEditModal(order, { currency: rules.currency, backupSupplier: order.draft.backupSupplier, suppliers }) };
}

/**
 * The Edit modal's "Approve & send": the same gates as the draft. A bad value keeps the modal open with the reason
 * under its field; nothing changes until the input passes.
 */
export async function submitOrderEdit(deps: OrderTapDeps, ref: OrderRef, user: string, edits: OrderEdits): Promise<FormReply> {
  const now = deps.clock();
  const rules = await deps.documents.readRules();
  if (!(await authorizeOwner(deps, rules, user, ref, 'edit', now)))
    return fieldError(EDIT_BLOCK.qty, 'Only the owner can edit purchase orders.');
  const outcome = await approveOrder(deps, ref, user, now, edits);
  if (outcome.kind === 'invalid') return fieldError(EDIT_BLOCK[outcome.field], outcome.message);
  if ('order' in outcome) await showOrder(deps, outcome.order, rules);
  return CLOSE;
}

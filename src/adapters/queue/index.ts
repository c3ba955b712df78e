/**
 * Slow work handed off by a listener that must ack Slack within 3 seconds, or by a schedule.
 * Each kind has its own queue on AWS so that only the function allowed to do that work reads it
 * (po-sender alone emails suppliers).
 */
export type WorkItem =
  /** Email an approved purchase order to its supplier. */
  | { kind: 'send-po'; itemKey: string; orderId: string }
  /** Send the drafts held over quiet hours whose time has come. */
  | { kind: 'deliver-drafts' }
  /** Open a count session from the /count modal: snapshot, session message, pre-filled sheet. */
  | { kind: 'open-count'; location: string; categories: string[] | null; counter: string; by: string; fallbackChannel: string | null }
  /** Read a count file uploaded into a session's thread: capture, reconcile, post the summary and variance cards. */
  | { kind: 'capture-count'; sessionId: string; fileId: string; user: string }
  /** Post an approved variance to stock (the stock-poster's queue: no other function may write a quantity). */
  | { kind: 'post-variance'; sessionId: string; sku: string; by: string; choice: 'counted' | 'difference' }
  /** "Confirm zero" on a line nobody counted: it becomes a counted zero and a material variance (with a likely cause). */
  | { kind: 'confirm-zero'; sessionId: string; sku: string; by: string }
  /** Write quantities changed by approved counts back into the stock sheet (the sheet write flush). */
  | { kind: 'flush-sheet' }
  /** A parked row fixed in its modal: the SKU it is and the eaches counted; it re-enters reconciliation. */
  | { kind: 'fix-parked'; sessionId: string; sk: string; sku: string; qty: number; by: string };

export type WorkKind = WorkItem['kind'];

export const WORK_KINDS = ['send-po', 'deliver-drafts', 'open-count', 'capture-count', 'post-variance', 'confirm-zero', 'fix-parked', 'flush-sheet'] as const satisfies readonly WorkKind[];

export interface WorkQueue {
  enqueue(item: WorkItem): Promise<void>;
}

/** What a queue runs. Throwing asks for a retry; the queue gives up after its attempts and the handler parks the work. */
export type WorkHandler = (item: WorkItem, attempt: number) => Promise<void>;

/** Reads a queued message back into a work item; anything else is refused with the reason. */
export function parseWorkItem(body: string): WorkItem {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new Error(`not JSON: ${body.slice(0, 80)}`);
  }
  const v = value as Record<string, unknown>;
  if (v?.kind === 'send-po' && typeof v.itemKey === 'string' && typeof v.orderId === 'string') {
    return { kind: 'send-po', itemKey: v.itemKey, orderId: v.orderId };
  }
  if (v?.kind === 'deliver-drafts') return { kind: 'deliver-drafts' };
  if (v?.kind === 'flush-sheet') return { kind: 'flush-sheet' };
  const text = (x: unknown): x is string => typeof x === 'string';
  if (v?.kind === 'open-count' && text(v.location) && text(v.counter) && text(v.by)) {
    const categories = Array.isArray(v.categories) && v.categories.every(text) ? (v.categories as string[]) : null;
    return { kind: 'open-count', location: v.location, categories, counter: v.counter, by: v.by, fallbackChannel: text(v.fallbackChannel) ? v.fallbackChannel : null };
  }
  if (v?.kind === 'capture-count' && text(v.sessionId) && text(v.fileId) && text(v.user)) {
    return { kind: 'capture-count', sessionId: v.sessionId, fileId: v.fileId, user: v.user };
  }
  if (v?.kind === 'post-variance' && text(v.sessionId) && text(v.sku) && text(v.by) && (v.choice === 'counted' || v.choice === 'difference')) {
    return { kind: 'post-variance', sessionId: v.sessionId, sku: v.sku, by: v.by, choice: v.choice };
  }
  if (v?.kind === 'confirm-zero' && text(v.sessionId) && text(v.sku) && text(v.by)) {
    return { kind: 'confirm-zero', sessionId: v.sessionId, sku: v.sku, by: v.by };
  }
  if (v?.kind === 'fix-parked' && text(v.sessionId) && text(v.sk) && text(v.sku) && typeof v.qty === 'number' && Number.isFinite(v.qty) && v.qty >= 0 && text(v.by)) {
    return { kind: 'fix-parked', sessionId: v.sessionId, sk: v.sk, sku: v.sku, qty: v.qty, by: v.by };
  }
  throw new Error(`not a work item this version knows: ${body.slice(0, 80)}`);
}

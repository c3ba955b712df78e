/**
 * Action ids, block ids and view callback ids shared by the views that render interactive elements and the
 * listeners that handle them, plus the compact reference a button or modal carries back to the app.
 */
import type { OrderRef } from '../src/domain/order-record';

export const ACTION = {
  approvePo: 'po.approve',
  editPo: 'po.edit',
  skipPo: 'po.skip',
  retryPo: 'po.retry',
  /** An order on order: open the modal that records what arrived. */
  markReceived: 'po.mark-received',
  /** An overdue order: email the supplier asking where it is. */
  chasePo: 'po.chase',
  /** A receipt booked in from the stock sheet: take it back (the order returns to on order). */
  undoReceipt: 'po.undo-receipt',
  /** A draft whose till rate differs from the sheet's: write the till's rate into the stock sheet. */
  useTillRate: 'po.use-till-rate',
  /** App Home: open the /count modal. */
  openCount: 'count.open',
  /** A count reminder in a location's channel: open the /count modal for that location. */
  startCount: 'count.start',
  approveVariance: 'variance.approve',
  rejectVariance: 'variance.reject',
  /** A held variance: set the quantity to what was counted, whatever it is now. */
  setCounted: 'variance.set-counted',
  /** A held variance: apply the counted difference to today's quantity. */
  applyDifference: 'variance.apply-difference',
  /** A held variance: count it again instead. */
  recount: 'variance.recount',
  /** A line in the system but not counted: the counter confirms there were none. */
  confirmZero: 'count.confirm-zero',
  /** A parked count row: open the modal that maps its code to a SKU or corrects its quantity. */
  fixParked: 'count.fix-parked',
  /** Close a count session and free its location for the next count. */
  closeCount: 'count.close',
  /** A till line parked in App Home: open the modal that says which SKU its code is. */
  fixTill: 'pos.fix',
  /** A forwarded mail's proposal in the owner's DM: write its rows into the stock sheet. */
  approveIntake: 'intake.approve',
  /** Open the proposal's rows in a modal to change before approving. */
  editIntake: 'intake.edit',
  /** Drop the proposal; the mail is moved aside, never deleted. */
  discardIntake: 'intake.discard',
} as const;
export type ActionId = (typeof ACTION)[keyof typeof ACTION];

export const VIEW = {
  editPo: 'po.edit.submit',
  openCount: 'count.open.submit',
  fixParked: 'count.fix.submit',
  receiveOrder: 'po.receive.submit',
  fixTill: 'pos.fix.submit',
  editIntake: 'intake.edit.submit',
} as const;

/** Block id of the intake Edit modal's rows input, and its element's action id. */
export const INTAKE_EDIT_BLOCK = { rows: 'intake.edit.rows' } as const;
export const INTAKE_EDIT_INPUT = { rows: 'rows' } as const;

/** Block ids of the till Fix modal's inputs, and their elements' action ids. */
export const TILL_FIX_BLOCK = { sku: 'pos.fix.sku', location: 'pos.fix.location' } as const;
export const TILL_FIX_INPUT = { sku: 'sku', location: 'location' } as const;

/** Block ids of the Mark received modal's inputs, and their elements' action ids. */
export const RECEIVE_BLOCK = { qty: 'po.receive.qty', note: 'po.receive.note' } as const;
export const RECEIVE_INPUT = { qty: 'qty', note: 'note' } as const;

/** Block ids of the Fix modal's inputs, and their elements' action ids. */
export const FIX_BLOCK = { sku: 'count.fix.sku', qty: 'count.fix.qty', unit: 'count.fix.unit' } as const;
export const FIX_INPUT = { sku: 'sku', qty: 'qty', unit: 'unit' } as const;

/** Block ids of the /count modal's inputs, and their elements' action ids. */
export const COUNT_BLOCK = { location: 'count.location', categories: 'count.categories', counter: 'count.counter' } as const;
export const COUNT_INPUT = { location: 'location', categories: 'categories', counter: 'counter' } as const;

/** Block ids of the Edit modal's inputs; `response_action: errors` names them. */
export const EDIT_BLOCK = { qty: 'po.edit.qty', supplier: 'po.edit.supplier', note: 'po.edit.note' } as const;
/** Action ids of the Edit modal's input elements, inside their blocks. */
export const EDIT_INPUT = { qty: 'qty', supplier: 'supplier', note: 'note' } as const;

export type { OrderRef };

/** Slack's limit on a button value (private_metadata allows 3,000; the smaller one binds). */
export const MAX_REF_LENGTH = 2000;

/**
 * Button values and modal metadata: `["main#BEAN-HB","2026-11-23"]`. Compact JSON (a few dozen characters for real
 * item keys), so it stays far below Slack's 2,000-character button value limit.
 */
export const encodeOrderRef = (ref: OrderRef): string => JSON.stringify([ref.itemKey, ref.orderId]);

/** The ref a button or modal carried, or null for anything that is not one we made: never throws. */
export function decodeOrderRef(value: unknown): OrderRef | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_REF_LENGTH) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return null;
  const [itemKey, orderId] = parsed as unknown[];
  if (typeof itemKey !== 'string' || typeof orderId !== 'string' || itemKey === '' || orderId === '') return null;
  return { itemKey, orderId };
}

export interface VarianceRef {
  sessionId: string;
  sku: string;
}

/** A variance card's buttons carry `["<session>","<sku>"]`. */
export const encodeVarianceRef = (ref: VarianceRef): string => JSON.stringify([ref.sessionId, ref.sku]);

export function decodeVarianceRef(value: unknown): VarianceRef | null {
  const pair = decodeOrderRef(value);
  return pair ? { sessionId: pair.itemKey, sku: pair.orderId } : null;
}

export interface ParkedRef {
  sessionId: string;
  /** The parked row's sort key in the counts table. */
  sk: string;
}

/** A parked row's Fix button and modal carry `["<session>","PARKED#…"]`. */
export const encodeParkedRef = (ref: ParkedRef): string => JSON.stringify([ref.sessionId, ref.sk]);

export function decodeParkedRef(value: unknown): ParkedRef | null {
  const pair = decodeOrderRef(value);
  return pair?.orderId.startsWith('PARKED#') ? { sessionId: pair.itemKey, sk: pair.orderId } : null;
}

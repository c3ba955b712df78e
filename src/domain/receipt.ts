import type { OrderRecord } from './order-record';
import type { OrderStatus } from './types';

/** Orders a receipt can be recorded against: emailed to the supplier and not yet all in. */
export const RECEIVABLE: readonly OrderStatus[] = ['on-order', 'partly-received'];

/** The most one receipt may add: a typo of a few extra digits is refused rather than put on the shelf. */
export const MAX_RECEIPT_QTY = 1_000_000;

/** What a receipt of `qty` does to an order: what it has received after it, and where that leaves it. */
export interface ReceiptEffect {
  receivedAfter: number;
  status: 'partly-received' | 'received';
  /** Still to come (0 once all is in, or more than ordered arrived). */
  remaining: number;
}

/** Why a receipt cannot be recorded, in words for the person recording it; null when it can. */
export function receiptProblem(order: Pick<OrderRecord, 'status' | 'po_number'>, qty: number): string | null {
  if (!RECEIVABLE.includes(order.status)) {
    return order.status === 'received'
      ? `${order.po_number ?? 'This order'} is already received in full.`
      : `${order.po_number ?? 'This order'} is ${order.status}, not on order, so nothing can be received against it.`;
  }
  if (!Number.isFinite(qty) || qty <= 0) return 'Enter how many arrived: a number above 0.';
  if (!Number.isInteger(qty)) return 'Enter a whole number of units (eaches).';
  if (qty > MAX_RECEIPT_QTY) return `That is more than ${MAX_RECEIPT_QTY.toLocaleString('en-GB')} at once; check the number.`;
  return null;
}

/** The order after a receipt of `qty`: received in full once the ordered quantity is in, partly received before. */
export function receiptEffect(order: Pick<OrderRecord, 'qty' | 'received_qty'>, qty: number): ReceiptEffect {
  const receivedAfter = (order.received_qty ?? 0) + qty;
  const remaining = Math.max(0, order.qty - receivedAfter);
  return { receivedAfter, status: remaining === 0 ? 'received' : 'partly-received', remaining };
}

/** What is still to come on an order. */
export const stillToCome = (order: Pick<OrderRecord, 'qty' | 'received_qty'>): number => Math.max(0, order.qty - (order.received_qty ?? 0));

/** An order on order whose expected date (local, `yyyy-MM-dd`) has passed. */
export const isOverdue = (order: Pick<OrderRecord, 'status' | 'expected_date'>, today: string): boolean =>
  RECEIVABLE.includes(order.status) && order.expected_date !== undefined && order.expected_date < today;

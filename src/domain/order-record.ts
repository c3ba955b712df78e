import type { DraftOrder } from './draft-order';
import type { OrderStatus } from './types';

/** A row of the orders table: a draft and, once approved, the order it became. */
export interface OrderRecord {
  item_key: string;
  order_id: string;
  status: OrderStatus;
  sku: string;
  location: string;
  qty: number;
  supplier: string | null;
  draft_date: string;
  created_at: string;
  resurfaced_on?: string;
  expected_date?: string;
  /** The draft exactly as the check composed it. */
  draft: DraftOrder;
  /** Where the owner's DM about this draft lives, so decisions update it in place. */
  message?: { channel: string; ts: string };
  /** Who approved, edited or skipped it (Slack user id or email), and when (ISO). */
  decided_by?: string;
  decided_at?: string;
  /** Set on approval: `PO-000123`. */
  po_number?: string;
  /** What the owner changed in the Edit modal, if anything. */
  edited?: { qty?: number; supplier?: string; note?: string };
  /** The note to the supplier ({note} in the template). */
  note?: string;
  /** The PO email: where it went and when, or why it has not gone yet. */
  sent_to?: string;
  sent_at?: string;
  send_attempts?: number;
  send_error?: string;
  skip_until?: string;
  /** Eaches received so far against this order (receipts add up; a partial delivery leaves the rest on order). */
  received_qty?: number;
  /** The owner tapped "Use N/day": the till's measured rate, queued for the stock sheet's daily_sales_rate. */
  rate_taken?: { perDay: number; by: string; at: string };
  /** When the last receipt was recorded (ISO). */
  received_at?: string;
  /** The last receipt, when the sheet sync booked it in from a rise in on hand: what Undo puts back. */
  sheet_receipt?: { qty: number; status_before: OrderStatus; received_before: number; at: string; receipt_id: string };
  /** The local date the owner was last reminded that this order is overdue, `yyyy-MM-dd`. */
  overdue_reminded_on?: string;
  /** Drafted during quiet hours: the DM waits until this instant (the next business minute). */
  deliver_at?: string;
  /** The held delivery is the urgent draft's daily reminder (shown again), not its first showing. */
  deliver_reminder?: boolean;
}

/** Which order a button, a link or a queued job is about. */
export interface OrderRef {
  itemKey: string;
  orderId: string;
}

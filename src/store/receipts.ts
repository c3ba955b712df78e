import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { OrderRecord } from '../domain/order-record';
import { RECEIVABLE, receiptEffect } from '../domain/receipt';
import { AuditLog } from './audit';
import type { Dynamo } from './dynamo';
import { inventoryKey, movementItem, queueSheetWrite, type InventoryRecord } from './inventory';
import { isConditionFailure } from './orders';

/** Receipts are remembered this long, so a replayed one (a double submit, a redelivered till event) adds nothing. */
const KEEP_SECONDS = 90 * 24 * 3600;

export interface ReceiptRequest {
  order: OrderRecord;
  /** The item as the inventory mirror holds it now (synced from the sheet just before). */
  item: InventoryRecord;
  qty: number;
  by: string;
  now: Date;
  /** Where it came from: `slack`, `cli`, `sheet`, `pos`… */
  source: string;
  /** Unique per receipt (a Slack view id, a till event id, a CLI run): the same id twice records once. */
  receiptId: string;
  note?: string;
  /**
   * The stock is already counted in on hand (a delivery the sheet sync saw typed into the sheet): only the order
   * moves on, and it remembers the receipt so the owner can undo it.
   */
  alreadyOnHand?: boolean;
}

export type ReceiptOutcome =
  | { kind: 'recorded'; order: OrderRecord; onHand: number }
  /** This receipt id was recorded already: nothing changed. */
  | { kind: 'duplicate' }
  /** The order or the item moved since they were read: read again and retry. */
  | { kind: 'stale' };

/**
 * A receipt, in one transaction: the order's received quantity and status, the item's quantity (on condition it is
 * still what was read), a `receipt` movement in the ledger, the new on hand queued for the stock sheet, the audit row,
 * and the receipt id spent. Either all of it lands or none of it does.
 */
export class ReceiptsRepo {
  private readonly audit: AuditLog;

  constructor(private readonly dynamo: Dynamo) {
    this.audit = new AuditLog(dynamo);
  }

  async record(r: ReceiptRequest): Promise<ReceiptOutcome> {
    const { order, item, qty } = r;
    const at = r.now.toISOString();
    const effect = receiptEffect(order, qty);
    const onHand = r.alreadyOnHand ? item.quantity : item.quantity + qty;
    const po = order.po_number ?? order.order_id;
    const tables = this.dynamo.tables;
    try {
      await this.dynamo.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tables.orders,
                Key: { item_key: order.item_key, order_id: order.order_id },
                UpdateExpression: `SET #status = :status, received_qty = :after, received_at = :at${r.alreadyOnHand ? ', sheet_receipt = :undo' : ''}`,
                ConditionExpression: `#status IN (${RECEIVABLE.map((_, i) => `:s${i}`).join(', ')}) AND ${
                  order.received_qty === undefined ? 'attribute_not_exists(received_qty)' : 'received_qty = :before'
                }`,
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':status': effect.status,
                  ':after': effect.receivedAfter,
                  ':at': at,
                  ...Object.fromEntries(RECEIVABLE.map((s, i) => [`:s${i}`, s])),
                  ...(order.received_qty === undefined ? {} : { ':before': order.received_qty }),
                  ...(r.alreadyOnHand
                    ? {
                        ':undo': {
                          qty,
                          status_before: order.status,
                          received_before: order.received_qty ?? 0,
                          at,
                          receipt_id: r.receiptId,
                        },
                      }
                    : {}),
                },
              },
            },
            ...this.stockChange(r, onHand, at, po),
            this.audit.putRequest({
              subject: order.item_key,
              action: 'received',
              by: r.by,
              at,
              before: { status: order.status, received_qty: order.received_qty ?? 0, on_hand: item.quantity },
              after: { status: effect.status, received_qty: effect.receivedAfter, on_hand: onHand, order_id: order.order_id },
              detail: `${qty} received against ${po} (${r.source}${r.alreadyOnHand ? ', already in the stock sheet' : ''})${r.note ? `: ${r.note}` : ''}`,
            }),
            {
              Put: {
                TableName: tables.dedupe,
                Item: { key: `receipt#${r.receiptId}`, seen_at: at, expires_at: Math.floor(r.now.getTime() / 1000) + KEEP_SECONDS },
                ConditionExpression: 'attribute_not_exists(#k)',
                ExpressionAttributeNames: { '#k': 'key' },
              },
            },
          ],
        }),
      );
    } catch (err) {
      if (err instanceof TransactionCanceledException) {
        const reasons = err.CancellationReasons ?? [];
        // The last write is the receipt id: failing there alone means this receipt was recorded before.
        if (reasons.at(-1)?.Code === 'ConditionalCheckFailed') return { kind: 'duplicate' };
        if (reasons.some((x) => x.Code === 'ConditionalCheckFailed' || x.Code === 'TransactionConflict')) return { kind: 'stale' };
      }
      if (isConditionFailure(err)) return { kind: 'stale' };
      throw err;
    }
    return {
      kind: 'recorded',
      order: { ...order, status: effect.status, received_qty: effect.receivedAfter, received_at: at },
      onHand,
    };
  }
  /**
   * The receipt's stock change: the item's quantity (on condition it is still what was read), a `receipt` movement and
   * the change queued for the stock sheet. None when the stock is already counted in the sheet.
   */
  private stockChange(r: ReceiptRequest, onHand: number, at: string, po: string) {
    if (r.alreadyOnHand) return [];
    const { item, qty } = r;
    const tables = this.dynamo.tables;
    return [
      {
        Update: {
          TableName: tables.inventory,
          Key: inventoryKey(item.location, item.sku),
          UpdateExpression: 'SET quantity = :after, updated_at = :at ADD version :one',
          ConditionExpression: 'quantity = :before',
          ExpressionAttributeValues: { ':after': onHand, ':before': item.quantity, ':at': at, ':one': 1 },
        },
      },
      {
        Put: {
          TableName: tables.movements,
          Item: movementItem({
            location: item.location,
            sku: item.sku,
            source: 'receipt',
            delta: qty,
            quantity_after: onHand,
            by: r.by,
            at,
            ref: po,
          }),
        },
      },
      queueSheetWrite(tables.inventory, { location: item.location, sku: item.sku, onHand, delta: qty, reason: `receipt ${po}`, at }),
    ];
  }

  /**
   * Takes back a receipt the sheet sync booked in: the order returns to what it was (on order, or partly received),
   * on condition nothing was received against it since. On hand is untouched: the sheet holds what staff typed.
   * Null when there is nothing to undo (undone already, or received again since).
   */
  async undoSheetReceipt(order: OrderRecord, by: string, now: Date): Promise<OrderRecord | null> {
    const undo = order.sheet_receipt;
    if (!undo) return null;
    const at = now.toISOString();
    try {
      await this.dynamo.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.dynamo.tables.orders,
                Key: { item_key: order.item_key, order_id: order.order_id },
                UpdateExpression: 'SET #status = :status, received_qty = :before REMOVE sheet_receipt, received_at',
                ConditionExpression: 'sheet_receipt.receipt_id = :id AND received_qty = :after',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':status': undo.status_before,
                  ':before': undo.received_before,
                  ':after': undo.received_before + undo.qty,
                  ':id': undo.receipt_id,
                },
              },
            },
            this.audit.putRequest({
              subject: order.item_key,
              action: 'receipt-undone',
              by,
              at,
              before: { status: order.status, received_qty: order.received_qty ?? 0 },
              after: { status: undo.status_before, received_qty: undo.received_before, order_id: order.order_id },
              detail: `the receipt of ${undo.qty} booked in from the stock sheet was undone`,
            }),
          ],
        }),
      );
    } catch (err) {
      if (err instanceof TransactionCanceledException || isConditionFailure(err)) return null;
      throw err;
    }
    const { sheet_receipt: _gone, received_at: _when, ...rest } = order;
    return { ...rest, status: undo.status_before, received_qty: undo.received_before };
  }
}

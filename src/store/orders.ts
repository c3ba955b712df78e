import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DraftOrder } from '../domain/draft-order';
import { itemKey, type OpenOrder, type OrderStatus } from '../domain/types';
import { AuditLog, type AuditEntry } from './audit';
import { queryAll } from './batch';
import type { Dynamo } from './dynamo';
import type { OrderRecord } from '../domain/order-record';

export type { OrderRecord };

const OPEN_STATUSES = ['pending', 'approved', 'on-order', 'partly-received'] as const;

export const isConditionFailure = (err: unknown): boolean =>
  err instanceof ConditionalCheckFailedException ||
  (err instanceof TransactionCanceledException && (err.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed'));

export const toOpenOrder = (r: OrderRecord): OpenOrder => ({
  orderId: r.order_id,
  status: r.status as OpenOrder['status'],
  qty: r.qty,
  supplier: r.supplier,
  draftDate: r.draft_date,
  resurfacedOn: r.resurfaced_on ?? null,
  expectedDate: r.expected_date ?? null,
});

export class OrdersRepo {
  private readonly audit: AuditLog;

  constructor(private readonly dynamo: Dynamo) {
    this.audit = new AuditLog(dynamo);
  }

  private get table() {
    return this.dynamo.tables.orders;
  }

  /** Every order still awaiting a decision or in flight, by item key: a few queries, not one read per item. */
  async listOpen(): Promise<Map<string, OpenOrder>> {
    const open = new Map<string, OpenOrder>();
    for (const status of OPEN_STATUSES) {
      for (const item of await this.queryStatus(status)) {
        const current = open.get(item.item_key);
        // Should two be open, the newest decides.
        if (!current || current.orderId < item.order_id) open.set(item.item_key, toOpenOrder(item));
      }
    }
    return open;
  }

  /** All orders in one status, through the by-status index, every page. */
  private queryStatus(status: OrderStatus): Promise<OrderRecord[]> {
    return queryAll<OrderRecord>(this.dynamo.doc, {
      TableName: this.table,
      IndexName: 'by-status',
      KeyConditionExpression: '#s = :s',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': status },
    });
  }

  async get(key: string, orderId: string): Promise<OrderRecord | null> {
    const out = await this.dynamo.doc.send(new GetCommand({ TableName: this.table, Key: { item_key: key, order_id: orderId } }));
    return (out.Item as OrderRecord | undefined) ?? null;
  }

  /**
   * Writes a pending draft and its audit row in one transaction. The order id is the business date,
   * so a second check on the same day (or two racing checks) finds the row there and creates nothing.
   * Returns null when the draft already existed.
   */
  async createDraft(draft: DraftOrder, today: string, now: Date): Promise<OrderRecord | null> {
    const record: OrderRecord = {
      item_key: itemKey(draft.location, draft.sku),
      order_id: today,
      status: 'pending',
      sku: draft.sku,
      location: draft.location,
      qty: draft.qty,
      supplier: draft.supplier,
      draft_date: today,
      created_at: now.toISOString(),
      draft,
    };
    try {
      await this.dynamo.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.table, Item: record, ConditionExpression: 'attribute_not_exists(item_key)' } },
            this.audit.putRequest({
              subject: record.item_key,
              action: 'drafted',
              by: 'stockbot',
              at: record.created_at,
              after: { order_id: record.order_id, status: 'pending', qty: draft.qty, supplier: draft.supplier, total: draft.total },
              detail: `${draft.urgent ? 'urgent ' : ''}draft: ${draft.pointArithmetic}; ${draft.quantityArithmetic}`,
            }),
          ],
        }),
      );
      return record;
    } catch (err) {
      if (isConditionFailure(err)) return null;
      throw err;
    }
  }

  /**
   * Marks an urgent pending draft as shown again today and returns it; null if it already was, is no longer pending,
   * or a held showing of it is still to come (its `deliver_at`: that showing is the reminder, so it is not doubled).
   * With `heldDue`, takes instead the reminder held over quiet hours once it is due: the day is marked and
   * `deliver_at` removed in one write, so two runs (or a run and the daily check) never both send it.
   */
  async markResurfaced(key: string, orderId: string, today: string, heldDue?: Date): Promise<OrderRecord | null> {
    const claim = heldDue
      ? {
          UpdateExpression: 'SET resurfaced_on = :today REMOVE deliver_at, deliver_reminder',
          ConditionExpression: '#s = :pending AND deliver_at <= :now AND deliver_reminder = :yes',
          ExpressionAttributeValues: { ':today': today, ':pending': 'pending', ':now': heldDue.toISOString(), ':yes': true },
        }
      : {
          UpdateExpression: 'SET resurfaced_on = :today',
          ConditionExpression:
            '#s = :pending AND (attribute_not_exists(resurfaced_on) OR resurfaced_on <> :today) AND attribute_not_exists(deliver_at)',
          ExpressionAttributeValues: { ':today': today, ':pending': 'pending' },
        };
    try {
      const out = await this.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { item_key: key, order_id: orderId },
          ...claim,
          ExpressionAttributeNames: { '#s': 'status' },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes as OrderRecord;
    } catch (err) {
      if (isConditionFailure(err)) return null;
      throw err;
    }
  }

  /**
   * Moves an order from one of `from` to new field values, with its audit row, in one transaction: a second tap,
   * a replayed link or a retried job finds the status already moved and changes nothing (returns null).
   * `also` adds writes that must land with it (e.g. the item's skip_until).
   */
  async transition(
    key: string,
    orderId: string,
    change: {
      from: readonly OrderStatus[];
      set: Partial<Omit<OrderRecord, 'item_key' | 'order_id'>>;
      remove?: readonly (keyof OrderRecord)[];
      audit: AuditEntry;
      also?: NonNullable<TransactWriteCommandInput['TransactItems']>;
    },
  ): Promise<OrderRecord | null> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = {};
    const sets = Object.entries(change.set)
      .filter(([, v]) => v !== undefined)
      .map(([field, value], i) => {
        names[`#f${i}`] = field;
        values[`:v${i}`] = value;
        return `#f${i} = :v${i}`;
      });
    const removes = (change.remove ?? []).map((field, i) => {
      names[`#r${i}`] = field;
      return `#r${i}`;
    });
    for (const [i, status] of change.from.entries()) values[`:from${i}`] = status;
    const update = (sets.length ? `SET ${sets.join(', ')}` : '') + (removes.length ? ` REMOVE ${removes.join(', ')}` : '');
    try {
      await this.dynamo.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: { item_key: key, order_id: orderId },
                UpdateExpression: update.trim(),
                ConditionExpression: `#status IN (${change.from.map((_, i) => `:from${i}`).join(', ')})`,
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              },
            },
            this.audit.putRequest(change.audit),
            ...(change.also ?? []),
          ],
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) return null;
      throw err;
    }
    return this.get(key, orderId);
  }

  /** Plain field updates that carry no decision (the DM's channel and ts, a send attempt's error). */
  async annotate(
    key: string,
    orderId: string,
    fields: Partial<Pick<OrderRecord, 'message' | 'send_attempts' | 'send_error' | 'deliver_at' | 'deliver_reminder'>>,
  ): Promise<void> {
    const entries = Object.entries(fields).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return;
    await this.dynamo.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { item_key: key, order_id: orderId },
        UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(item_key)',
        ExpressionAttributeNames: Object.fromEntries(entries.map(([f], i) => [`#f${i}`, f])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
      }),
    );
  }

  /** Records that the owner took the till's rate on this draft; false when it already was (a second tap). */
  async takeRate(key: string, orderId: string, taken: NonNullable<OrderRecord['rate_taken']>): Promise<boolean> {
    try {
      await this.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { item_key: key, order_id: orderId },
          UpdateExpression: 'SET rate_taken = :t',
          ConditionExpression: 'attribute_exists(item_key) AND attribute_not_exists(rate_taken)',
          ExpressionAttributeValues: { ':t': taken },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /** The next purchase-order number, `PO-000123`: an atomic counter, so two approvals never share one. */
  async nextPoNumber(): Promise<string> {
    const out = await this.dynamo.doc.send(
      new UpdateCommand({
        TableName: this.dynamo.tables.state,
        Key: { pk: 'COUNTER#po' },
        UpdateExpression: 'ADD next_value :one',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return `PO-${String(out.Attributes?.next_value ?? 0).padStart(6, '0')}`;
  }

  /** Sets the order's PO number unless it has one already; returns the number the order ends up with. */
  async claimPoNumber(key: string, orderId: string, poNumber: string): Promise<string> {
    try {
      await this.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { item_key: key, order_id: orderId },
          UpdateExpression: 'SET po_number = :n',
          ConditionExpression: 'attribute_exists(item_key) AND attribute_not_exists(po_number)',
          ExpressionAttributeValues: { ':n': poNumber },
        }),
      );
      return poNumber;
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const current = await this.get(key, orderId);
      if (!current?.po_number) throw err;
      return current.po_number;
    }
  }

  /**
   * Takes a deferred draft for delivery: removes its deliver_at if it is due, so two runs never both deliver it.
   * Returns false when it is not due, already taken, or no longer pending.
   */
  async claimDelivery(key: string, orderId: string, now: Date): Promise<boolean> {
    try {
      await this.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { item_key: key, order_id: orderId },
          UpdateExpression: 'REMOVE deliver_at',
          ConditionExpression: '#s = :pending AND deliver_at <= :now',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending', ':now': now.toISOString() },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /** Orders in one status, newest first (App Home, the digest). */
  async listByStatus(status: OrderStatus): Promise<OrderRecord[]> {
    return (await this.queryStatus(status)).sort((a, b) => b.order_id.localeCompare(a.order_id) || a.item_key.localeCompare(b.item_key));
  }

  /** Every order and draft of one item, newest first. */
  async forItem(itemKey: string): Promise<OrderRecord[]> {
    const rows = await queryAll<OrderRecord>(this.dynamo.doc, {
      TableName: this.table,
      KeyConditionExpression: 'item_key = :k',
      ExpressionAttributeValues: { ':k': itemKey },
    });
    return rows.sort((a, b) => b.order_id.localeCompare(a.order_id));
  }

  /** Writes an order row as-is (tests, and orders entered outside the check). */
  async put(record: OrderRecord): Promise<void> {
    await this.dynamo.doc.send(new PutCommand({ TableName: this.table, Item: record }));
  }

  /** Claims today's overdue reminder for an order still on order: true once a day, false for a second run. */
  async claimOverdueReminder(key: string, orderId: string, today: string): Promise<boolean> {
    try {
      await this.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { item_key: key, order_id: orderId },
          UpdateExpression: 'SET overdue_reminded_on = :today',
          ConditionExpression: '#s IN (:on, :part) AND (attribute_not_exists(overdue_reminded_on) OR overdue_reminded_on <> :today)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':today': today, ':on': 'on-order', ':part': 'partly-received' },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }
}

import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ParkedTillLine, PosLine } from '../domain/pos';
import type { DaySales } from '../domain/sales-rate';
import { queryAll } from './batch';
import type { Dynamo } from './dynamo';
import { applyItemChangeOnce, type InventoryRecord, type ItemChangeApplied } from './inventory';

// What the tills change, each line in one transaction: the item's quantity (on condition it is still what was read),
// a `pos` movement, the change queued for the stock sheet, and the line's id spent, so a redelivered event changes
// nothing twice. Square's last count and Shopify's order lines are remembered beside the items, so a count becomes a
// delta and a cancellation restocks only what was not restocked already.

/** Deliveries are remembered this long: tills retry for hours or days, never for months. */
const KEEP_SECONDS = 90 * 24 * 3600;

export type PosApplied =
  | ItemChangeApplied
  /** Nothing to do: an older Square count than the last one applied, a cancel with nothing left to restock. */
  | { kind: 'nothing'; why: string };

export interface PosChange {
  item: InventoryRecord;
  /** `pos#<format>#<event>#<line>`: spent with the change. */
  lineKey: string;
  /** Who: the till ("Shopify", "Square", "till"). */
  by: string;
  /** The till's event id, for the movement's ref. */
  ref: string;
  at: string;
  now: Date;
}

/** A line the app could not use: kept, listed for the owner, never dropped. */
export interface ParkedPosLine extends ParkedTillLine {
  pk: typeof PARKED;
  sk: string;
}

const PARKED = 'POS-PARKED';
/** Daily net sales per item, one partition a month (`POS-SALES#2026-11`), a `dDD` attribute a day. */
const SALES = 'POS-SALES#';
/** Each item's first till sale, for how long its history is. */
const FIRST_SALES = 'POS-FIRST-SALE';
const COUNTS = 'POS-COUNTS';
const orderPk = (order: string) => `POS-ORDER#${order}`;

export class PosRepo {
  constructor(private readonly dynamo: Dynamo) {}

  private get table() {
    return this.dynamo.tables.inventory;
  }

  /**
   * A sale, refund or delivery at the till: on hand moves by `delta`. `orderLine` records it against a Shopify order;
   * `sold` (net units, a refund negative, on the sale's date) adds to the item's daily sales, which the measured sales
   * rate is read from.
   */
  async applyDelta(
    c: PosChange,
    delta: number,
    orderLine?: { order: string; line: string; sold?: number; restocked?: number },
    sold?: { date: string; units: number },
  ): Promise<PosApplied> {
    const itemKey = `${c.item.location}#${c.item.sku}`;
    return this.write(c, delta, [
      ...(sold
        ? [
            {
              Update: {
                TableName: this.table,
                Key: { pk: `${SALES}${sold.date.slice(0, 7)}`, sk: itemKey },
                UpdateExpression: 'ADD #day :units',
                ExpressionAttributeNames: { '#day': `d${sold.date.slice(8, 10)}` },
                ExpressionAttributeValues: { ':units': sold.units },
              },
            },
            {
              Update: {
                TableName: this.table,
                Key: { pk: FIRST_SALES, sk: itemKey },
                UpdateExpression: 'SET first_sale = if_not_exists(first_sale, :date)',
                ExpressionAttributeValues: { ':date': sold.date },
              },
            },
          ]
        : []),
      ...(orderLine
        ? [
            {
              Update: {
                TableName: this.table,
                Key: { pk: orderPk(orderLine.order), sk: `LINE#${orderLine.line}` },
                UpdateExpression: 'ADD sold :s, restocked :r SET sku = :sku, #loc = :loc',
                ExpressionAttributeNames: { '#loc': 'location' },
                ExpressionAttributeValues: {
                  ':s': orderLine.sold ?? 0,
                  ':r': orderLine.restocked ?? 0,
                  ':sku': c.item.sku,
                  ':loc': c.item.location,
                },
              },
            },
          ]
        : []),
    ]);
  }

  /**
   * Square's absolute count, as a delta against the last count it sent (or today's on hand, the first time), so a
   * missed event is made good by the next. A count worked out before the last one applied changes nothing.
   */
  async applyCount(c: PosChange, key: string, count: number, countedAt: string): Promise<PosApplied> {
    const last = (await this.dynamo.doc.send(new GetCommand({ TableName: this.table, Key: { pk: COUNTS, sk: key }, ConsistentRead: true })))
      .Item as { count: number; counted_at: string } | undefined;
    if (last && last.counted_at >= countedAt) return { kind: 'nothing', why: `an older count than the one applied at ${last.counted_at}` };
    const delta = count - (last ? last.count : c.item.quantity);
    return this.write(c, delta, [
      {
        Put: {
          TableName: this.table,
          Item: { pk: COUNTS, sk: key, count, counted_at: countedAt, sku: c.item.sku, location: c.item.location },
          ConditionExpression: last ? 'counted_at = :prev' : 'attribute_not_exists(pk)',
          ...(last ? { ExpressionAttributeValues: { ':prev': last.counted_at } } : {}),
        },
      },
    ]);
  }

  /** A cancelled Shopify order line: what it sold less what refunds restocked goes back, once. */
  async applyCancel(c: PosChange, order: string, line: string): Promise<PosApplied> {
    const key = { pk: orderPk(order), sk: `LINE#${line}` };
    const row = (await this.dynamo.doc.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }))).Item as
      | { sold?: number; restocked?: number; cancelled?: boolean }
      | undefined;
    if (row?.cancelled) return { kind: 'nothing', why: 'the order was cancelled before' };
    const back = Math.max(0, (row?.sold ?? 0) - (row?.restocked ?? 0));
    if (back === 0)
      return { kind: 'nothing', why: row ? 'everything it sold was restocked already' : 'stockbot never saw this order sold' };
    return this.write(c, back, [
      {
        Update: {
          TableName: this.table,
          Key: key,
          UpdateExpression: 'SET cancelled = :yes ADD restocked :r',
          ConditionExpression: 'attribute_not_exists(cancelled) AND restocked = :before',
          ExpressionAttributeValues: { ':yes': true, ':r': back, ':before': row?.restocked ?? 0 },
        },
      },
    ]);
  }

  private write(c: PosChange, delta: number, also: object[]): Promise<PosApplied> {
    return applyItemChangeOnce(this.dynamo, { ...c, key: c.lineKey, source: 'pos', reason: `till ${c.ref}` }, delta, also, KEEP_SECONDS);
  }

  /** Keeps a line the app could not use; a redelivery of the same line keeps one. */
  async park(format: ParkedTillLine['format'], eventId: string, line: PosLine, reason: string, at: string): Promise<void> {
    try {
      await this.dynamo.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: PARKED, sk: `${format}#${eventId}#${line.lineId}`, format, event_id: eventId, line, reason, at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw err;
    }
  }

  /** One parked line by its key (`sk`), or null once it is fixed. */
  async parkedLine(sk: string): Promise<ParkedPosLine | null> {
    const out = await this.dynamo.doc.send(new GetCommand({ TableName: this.table, Key: { pk: PARKED, sk }, ConsistentRead: true }));
    return (out.Item as ParkedPosLine | undefined) ?? null;
  }

  async unpark(sk: string): Promise<void> {
    await this.dynamo.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: PARKED, sk } }));
  }

  /**
   * Every item's daily net sales in the month of `today` and the month before (enough for a 28-day window), and its
   * first till sale: three queries whatever the number of items.
   */
  async salesHistory(today: string): Promise<Map<string, { days: DaySales[]; firstSale: string | null }>> {
    const month = today.slice(0, 7);
    const first = new Date(`${month}-01T00:00:00Z`);
    first.setUTCMonth(first.getUTCMonth() - 1);
    const previous = first.toISOString().slice(0, 7);
    const query = (pk: string) =>
      queryAll<Record<string, unknown> & { sk: string }>(this.dynamo.doc, {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
      });
    const [older, newer, firsts] = await Promise.all([query(`${SALES}${previous}`), query(`${SALES}${month}`), query(FIRST_SALES)]);
    const out = new Map<string, { days: DaySales[]; firstSale: string | null }>();
    const entry = (key: string) => out.get(key) ?? out.set(key, { days: [], firstSale: null }).get(key)!;
    for (const [rows, m] of [
      [older, previous],
      [newer, month],
    ] as const) {
      for (const row of rows) {
        for (const [name, value] of Object.entries(row)) {
          if (/^d\d\d$/.test(name) && typeof value === 'number') entry(row.sk).days.push({ date: `${m}-${name.slice(1)}`, units: value });
        }
      }
    }
    for (const row of firsts) entry(row.sk).firstSale = (row.first_sale as string | undefined) ?? null;
    return out;
  }

  /** Every parked till line, oldest first. */
  async parked(): Promise<ParkedPosLine[]> {
    const rows = await queryAll<ParkedPosLine>(this.dynamo.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': PARKED },
    });
    return rows.sort((a, b) => a.at.localeCompare(b.at));
  }
}

import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StockItem } from '../domain/types';
import { batchGet, mapLimit, queryAll } from './batch';
import type { Dynamo } from './dynamo';
import { isConditionFailure } from './orders';

/** One item at one location as the system of record holds it. `quantity` is the system quantity a count is held to. */
export interface InventoryRecord {
  pk: string;
  sk: string;
  location: string;
  sku: string;
  name: string;
  category: string | null;
  quantity: number;
  unit_cost: number | null;
  pack_size: number | null;
  aliases: string[];
  /** The sheet's on_hand when last read: a sheet edit shows as a change of this, an approved count as a change of quantity. */
  sheet_on_hand: number;
  /** Bumped on every write, so a count's snapshot can say which state it saw. */
  version: number;
  updated_at: string;
}

/** One row of the stock ledger. */
export interface Movement {
  pk: string;
  sk: string;
  location: string;
  sku: string;
  /** sheet (an edit in the stock sheet), count (an approved count adjustment), sale, receiving, pos… */
  source: string;
  delta: number;
  quantity_after: number;
  by: string;
  at: string;
  /** What caused it: a count session id, a webhook id… */
  ref?: string;
}

export const inventoryKey = (location: string, sku: string) => ({ pk: `LOC#${location}`, sk: `SKU#${sku}` });
/**
 * Changes the stock sheet has yet to be told (approved counts, receipts, sales): written in the same transaction as
 * the change itself, so none can be lost, and one row per item whose `delta` every change ADDs to atomically. The
 * write-back applies the delta to the cell's current value (a sheet edited meanwhile keeps the edit) and then takes
 * off exactly what it applied, so changes made while it ran stay for the next one.
 */
export interface PendingSheetWrite {
  pk: typeof SHEET_WRITES;
  sk: string;
  location: string;
  sku: string;
  /** The app's on hand after the latest change (for people reading the row; the write-back applies `delta`). */
  on_hand: number;
  /** The sum of the changes not yet in the sheet. */
  delta: number;
  /** What changed it last: `count <session>`, `receipt <po>`. */
  reason: string;
  at: string;
  /**
   * A write-back under way: the cell held `from` and is being set to `to` (`from + applied`). Recorded before the
   * sheet is written, so a write-back that dies half-way is finished by the next one, which reads the cell: `to`
   * means it landed, `from` that it did not.
   */
  inflight?: { applied: number; from: number; to: number; at: string };
  /** When the sheet was found without the item's row: the change waits here, reported, until the row is back. */
  parked_at?: string;
  /**
   * A daily_sales_rate the owner chose for the sheet (the till's measured rate). Setting a cell to a value is
   * idempotent, so unlike a delta it needs no in-flight record: a write-back that dies just writes it again.
   */
  set_rate?: CellSet;
  /** A unit_cost the owner approved for the sheet (from a supplier's price list); written like a rate. */
  set_cost?: CellSet;
}

/** A value to set in one of the item's cells, who chose it and when. */
export interface CellSet {
  value: number;
  by: string;
  at: string;
}

/** The cells set as values rather than changed by a delta, by their outbox attribute. */
export type SetCell = 'set_rate' | 'set_cost';

const SHEET_WRITES = 'SHEET-WRITES';

/** The Update (for a transaction) that queues a change for the sheet, adding `delta` to what is already queued. */
export function queueSheetWrite(
  table: string,
  w: { location: string; sku: string; onHand: number; delta: number; reason: string; at: string },
) {
  return {
    Update: {
      TableName: table,
      Key: { pk: SHEET_WRITES, sk: `LOC#${w.location}#SKU#${w.sku}` },
      UpdateExpression: 'SET #loc = :loc, sku = :sku, on_hand = :v, reason = :r, #at = :at ADD delta :d',
      ExpressionAttributeNames: { '#loc': 'location', '#at': 'at' },
      ExpressionAttributeValues: { ':loc': w.location, ':sku': w.sku, ':v': w.onHand, ':r': w.reason, ':at': w.at, ':d': w.delta },
    },
  };
}

/** Learned aliases live beside the location's items, under their own partition. */
const aliasPk = (location: string) => `ALIAS#${location.toLowerCase()}`;
export const ledgerKey = (location: string, sku: string) => `LOC#${location}#SKU#${sku}`;

export function movementItem(m: Omit<Movement, 'pk' | 'sk'>): Movement {
  return { pk: ledgerKey(m.location, m.sku), sk: `${m.at}#${randomUUID().slice(0, 8)}`, ...m };
}

/** An on-hand change seen in the sheet: what its cell held at the last sync, and now. */
export interface SheetChange {
  location: string;
  sku: string;
  before: number;
  after: number;
}

export interface SyncResult {
  added: number;
  /** The on-hand edits seen (each with its `sheet` movement). */
  changes: SheetChange[];
  /** Rows whose on_hand changed in the sheet: a `sheet` movement each. */
  moved: number;
  /** Rows whose other facts (name, cost, pack, aliases) changed. */
  updated: number;
}

const sameFacts = (row: InventoryRecord, item: StockItem) =>
  row.name === item.name &&
  row.category === item.category &&
  row.unit_cost === item.unitCost &&
  row.pack_size === item.packSize &&
  row.aliases.join('|') === item.aliases.join('|');

/** A change to one item from an intake lane (a till's line, an approved mail row), applied once under its key. */
export interface ItemChange {
  item: InventoryRecord;
  /** Spent in `dedupe` with the change: the same key never changes the item twice. */
  key: string;
  /** The movement's source: `pos`, `inbox`. */
  source: string;
  /** Who: the till, the owner who approved. */
  by: string;
  /** What caused it (the till's event id, the mail's id), for the movement's ref. */
  ref: string;
  /** Why, for the change queued for the stock sheet. */
  reason: string;
  at: string;
  now: Date;
}

export type ItemChangeApplied =
  | { kind: 'applied'; delta: number; onHand: number }
  /** This key was applied before (a redelivery, a retried message). */
  | { kind: 'duplicate' }
  /** The item moved since it was read: read again and retry. */
  | { kind: 'stale' };

/**
 * One transaction: the key spent in `dedupe`, the item's quantity moved by `delta` on condition it is still what was
 * read, a movement, and the change queued for the stock sheet (plus any `also` writes of the caller's own). So a
 * change is applied exactly once, and nothing reaches the ledger without reaching the sheet.
 */
export async function applyItemChangeOnce(
  dynamo: Dynamo,
  c: ItemChange,
  delta: number,
  also: object[],
  keepSeconds: number,
): Promise<ItemChangeApplied> {
  const { item } = c;
  const onHand = item.quantity + delta;
  const tables = dynamo.tables;
  try {
    await dynamo.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tables.dedupe,
              Item: { key: c.key, seen_at: c.now.toISOString(), expires_at: Math.floor(c.now.getTime() / 1000) + keepSeconds },
              ConditionExpression: 'attribute_not_exists(#k)',
              ExpressionAttributeNames: { '#k': 'key' },
            },
          },
          ...(delta === 0
            ? []
            : [
                {
                  Update: {
                    TableName: tables.inventory,
                    Key: inventoryKey(item.location, item.sku),
                    UpdateExpression: 'SET quantity = :after, updated_at = :now ADD version :one',
                    ConditionExpression: 'quantity = :before',
                    ExpressionAttributeValues: { ':after': onHand, ':before': item.quantity, ':now': c.now.toISOString(), ':one': 1 },
                  },
                },
                {
                  Put: {
                    TableName: tables.movements,
                    Item: movementItem({
                      location: item.location,
                      sku: item.sku,
                      source: c.source,
                      delta,
                      quantity_after: onHand,
                      by: c.by,
                      at: c.at,
                      ref: c.ref,
                    }),
                  },
                },
                queueSheetWrite(tables.inventory, {
                  location: item.location,
                  sku: item.sku,
                  onHand,
                  delta,
                  reason: c.reason,
                  at: c.now.toISOString(),
                }),
              ]),
          ...also,
        ] as never,
      }),
    );
  } catch (err) {
    if (err instanceof TransactionCanceledException) {
      const reasons = err.CancellationReasons ?? [];
      // The first write is the key: failing there means this change was applied before.
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return { kind: 'duplicate' };
      if (reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')) return { kind: 'stale' };
    }
    throw err;
  }
  return { kind: 'applied', delta, onHand };
}

export class InventoryRepo {
  constructor(private readonly dynamo: Dynamo) {}

  private get table() {
    return this.dynamo.tables.inventory;
  }

  async get(location: string, sku: string): Promise<InventoryRecord | null> {
    const out = await this.dynamo.doc.send(new GetCommand({ TableName: this.table, Key: inventoryKey(location, sku) }));
    return (out.Item as InventoryRecord | undefined) ?? null;
  }

  async listLocation(location: string): Promise<InventoryRecord[]> {
    return queryAll<InventoryRecord>(this.dynamo.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `LOC#${location}` },
    });
  }

  /**
   * Mirrors the stock sheet (the source of truth) into the inventory. A row whose on_hand changed in the sheet since
   * the last read takes the sheet's number, with a `sheet` movement in the ledger; a row whose sheet value did not
   * change keeps its quantity, so an approved count that the sheet has not caught up with yet is not undone.
   */
  async syncFromSheet(items: readonly StockItem[], now: Date): Promise<SyncResult> {
    const at = now.toISOString();
    const existing = new Map<string, InventoryRecord>();
    for (const row of (await batchGet(
      this.dynamo.doc,
      this.table,
      items.map((i) => inventoryKey(i.location, i.sku)),
    )) as unknown as InventoryRecord[]) {
      existing.set(`${row.pk}|${row.sk}`, row);
    }
    // A row the write-back is writing into right now reads either value: its on hand is left for the next look, or the
    // write would show as an edit of the sheet.
    const writing = new Set(
      (await this.pendingSheetWrites()).filter((w) => w.inflight).map((w) => `${w.location.toLowerCase()}#${w.sku.toLowerCase()}`),
    );
    const result: SyncResult = { added: 0, changes: [], moved: 0, updated: 0 };
    await mapLimit(items, 16, async (item) => {
      const key = inventoryKey(item.location, item.sku);
      const row = existing.get(`${key.pk}|${key.sk}`);
      const facts = {
        location: item.location,
        sku: item.sku,
        name: item.name,
        category: item.category,
        unit_cost: item.unitCost,
        pack_size: item.packSize,
        aliases: item.aliases,
      };
      if (!row) {
        const record: InventoryRecord = { ...key, ...facts, quantity: item.onHand, sheet_on_hand: item.onHand, version: 1, updated_at: at };
        const movement = movementItem({
          location: item.location,
          sku: item.sku,
          source: 'sheet',
          delta: item.onHand,
          quantity_after: item.onHand,
          by: 'stock sheet',
          at,
        });
        if (await this.write(record, null, movement)) result.added += 1;
        return;
      }
      const sheetMoved = row.sheet_on_hand !== item.onHand && !writing.has(`${item.location.toLowerCase()}#${item.sku.toLowerCase()}`);
      if (!sheetMoved && sameFacts(row, item)) return;
      // A sheet edit moves on hand by what it changed in the sheet; changes the sheet has not been told yet (the
      // write-back's pending deltas) stay on top of it.
      const edit = item.onHand - row.sheet_on_hand;
      const record: InventoryRecord = {
        ...row,
        ...facts,
        ...(sheetMoved ? { quantity: row.quantity + edit, sheet_on_hand: item.onHand } : {}),
        version: row.version + 1,
        updated_at: at,
      };
      const movement = sheetMoved
        ? movementItem({
            location: item.location,
            sku: item.sku,
            source: 'sheet',
            delta: edit,
            quantity_after: row.quantity + edit,
            by: 'stock sheet',
            at,
          })
        : null;
      if (sheetMoved) result.changes.push({ location: item.location, sku: item.sku, before: row.sheet_on_hand, after: item.onHand });
      if (await this.write(record, row.version, movement)) result[sheetMoved ? 'moved' : 'updated'] += 1;
    });
    return result;
  }

  /** Writes a row if nobody else did since we read it (`version`), with its movement; false when someone did. */
  private async write(record: InventoryRecord, version: number | null, movement: Movement | null): Promise<boolean> {
    try {
      await this.dynamo.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: record,
                ConditionExpression: version === null ? 'attribute_not_exists(pk)' : 'version = :v',
                ...(version === null ? {} : { ExpressionAttributeValues: { ':v': version } }),
              },
            },
            ...(movement ? [{ Put: { TableName: this.dynamo.tables.movements, Item: movement } }] : []),
          ],
        }),
      );
      return true;
    } catch (err) {
      // Someone else wrote it first (a concurrent sync or a posted count): the next sync looks again.
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /**
   * Remembers that `code` means `sku` at `location` (a parked count line fixed by a person), so the next count reads
   * it without asking. The stock sheet's own aliases stay the source of truth; these add to them.
   */
  async learnAlias(location: string, code: string, sku: string, by: string, now: Date): Promise<void> {
    await this.dynamo.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: aliasPk(location), sk: `CODE#${code.trim().toLowerCase()}`, code: code.trim(), sku, by, at: now.toISOString() },
      }),
    );
  }

  /** Codes people have mapped to SKUs at `location`: code → SKU. */
  async learnedAliases(location: string): Promise<Map<string, string>> {
    const rows = await queryAll<{ code: string; sku: string }>(this.dynamo.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': aliasPk(location) },
    });
    return new Map(rows.map((r) => [r.code, r.sku]));
  }

  /** Changes the stock sheet has not been told yet, oldest first. */
  async pendingSheetWrites(): Promise<PendingSheetWrite[]> {
    const rows = await queryAll<PendingSheetWrite>(this.dynamo.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': SHEET_WRITES },
      // The write-back decides from these: a change queued a moment ago must be seen.
      ConsistentRead: true,
    });
    return rows.sort((a, b) => a.at.localeCompare(b.at));
  }

  /**
   * Records a write-back about to set the item's cell from `from` to `to`; false when one is already recorded (the
   * next write-back resolves it first).
   */
  async startSheetWrite(write: PendingSheetWrite, inflight: NonNullable<PendingSheetWrite['inflight']>): Promise<boolean> {
    try {
      await this.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: write.pk, sk: write.sk },
          UpdateExpression: 'SET inflight = :f REMOVE parked_at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(inflight)',
          ExpressionAttributeValues: { ':f': inflight },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /**
   * The sheet holds the write: exactly what was applied comes off the pending delta (changes queued meanwhile stay),
   * and the item remembers the sheet's new value, so the next sync sees no edit. One transaction; the row goes once
   * nothing is left in it.
   */
  async finishSheetWrite(write: PendingSheetWrite): Promise<void> {
    const applied = write.inflight?.applied;
    if (applied === undefined) return;
    try {
      await this.dynamo.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: { pk: write.pk, sk: write.sk },
                UpdateExpression: 'ADD delta :minus REMOVE inflight',
                ConditionExpression: 'inflight.#at = :at',
                ExpressionAttributeNames: { '#at': 'at' },
                ExpressionAttributeValues: { ':minus': -applied, ':at': write.inflight!.at },
              },
            },
            {
              Update: {
                TableName: this.table,
                Key: inventoryKey(write.location, write.sku),
                UpdateExpression: 'ADD sheet_on_hand :applied, version :one',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':applied': applied, ':one': 1 },
              },
            },
          ],
        }),
      );
    } catch (err) {
      // Already finished (a rerun raced this one): nothing is taken off twice.
      if (!isConditionFailure(err)) throw err;
    }
    await this.dropSettledWrite(write);
  }

  /** The write did not land: the delta stays whole for the next write-back. */
  async abandonSheetWrite(write: PendingSheetWrite): Promise<void> {
    try {
      await this.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: write.pk, sk: write.sk },
          UpdateExpression: 'REMOVE inflight',
          ConditionExpression: 'inflight.#at = :at',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: { ':at': write.inflight?.at ?? '' },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }

  /**
   * Queues a new daily_sales_rate (`set_rate`) or unit_cost (`set_cost`) for the item's row in the stock sheet; a
   * later choice replaces an earlier one not yet written. The row's delta is left as it is (ADD 0 creates it at zero).
   */
  async queueCellSet(location: string, sku: string, cell: SetCell, value: number, onHand: number, by: string, now: Date): Promise<void> {
    const at = now.toISOString();
    await this.dynamo.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: SHEET_WRITES, sk: `LOC#${location}#SKU#${sku}` },
        UpdateExpression:
          'SET #loc = :loc, sku = :sku, on_hand = if_not_exists(on_hand, :v), reason = if_not_exists(reason, :r), #at = if_not_exists(#at, :at), #cell = :set ADD delta :zero',
        ExpressionAttributeNames: { '#loc': 'location', '#at': 'at', '#cell': cell },
        ExpressionAttributeValues: {
          ':loc': location,
          ':sku': sku,
          ':v': onHand,
          ':r': `${cell === 'set_rate' ? 'sales rate' : 'unit cost'} by ${by}`,
          ':at': at,
          ':set': { value, by, at },
          ':zero': 0,
        },
      }),
    );
  }

  /** The value is in the sheet: it comes off the row unless a newer one was chosen meanwhile; an empty row goes. */
  async finishCellSet(write: PendingSheetWrite, cell: SetCell): Promise<void> {
    const set = write[cell];
    if (!set) return;
    try {
      await this.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: write.pk, sk: write.sk },
          UpdateExpression: 'REMOVE #cell',
          ConditionExpression: '#cell.#at = :at',
          ExpressionAttributeNames: { '#at': 'at', '#cell': cell },
          ExpressionAttributeValues: { ':at': set.at },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
    await this.dropSettledWrite(write);
  }

  /** A row with nothing left to write goes; one that gained a change meanwhile stays. */
  async dropSettledWrite(write: Pick<PendingSheetWrite, 'pk' | 'sk'>): Promise<void> {
    try {
      await this.dynamo.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk: write.pk, sk: write.sk },
          ConditionExpression:
            'delta = :zero AND attribute_not_exists(inflight) AND attribute_not_exists(set_rate) AND attribute_not_exists(set_cost)',
          ExpressionAttributeValues: { ':zero': 0 },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }

  /** The sheet has no row for the item: the change waits, marked; true the first time (so the owner is told once). */
  async parkSheetWrite(write: PendingSheetWrite, at: string): Promise<boolean> {
    try {
      await this.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: write.pk, sk: write.sk },
          UpdateExpression: 'SET parked_at = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(parked_at)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /** Every movement of one item at or after `since` (ISO), oldest first. */
  async movementsSince(location: string, sku: string, since: string): Promise<Movement[]> {
    return queryAll<Movement>(this.dynamo.doc, {
      TableName: this.dynamo.tables.movements,
      KeyConditionExpression: 'pk = :pk AND sk >= :since',
      ExpressionAttributeValues: { ':pk': ledgerKey(location, sku), ':since': since },
    });
  }

  /** A change from an intake lane, applied exactly once under its key (kept 90 days: retries never come later). */
  async applyOnce(c: ItemChange, delta: number): Promise<ItemChangeApplied> {
    return applyItemChangeOnce(this.dynamo, c, delta, [], 90 * 24 * 3600);
  }

  /** Sets a quantity directly (tests; the intake lanes write through their own transactions). */
  async setQuantity(location: string, sku: string, quantity: number, source: string, by: string, now: Date): Promise<void> {
    const row = await this.get(location, sku);
    if (!row) throw new Error(`no inventory row for ${sku} at ${location}`);
    const at = now.toISOString();
    const movement = movementItem({ location, sku, source, delta: quantity - row.quantity, quantity_after: quantity, by, at });
    if (!(await this.write({ ...row, quantity, version: row.version + 1, updated_at: at }, row.version, movement))) {
      throw new Error(`${sku} at ${location} changed while being set; try again`);
    }
  }
}

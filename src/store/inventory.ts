import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
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
 * An on_hand the stock sheet has yet to be told (an approved count): written in the same transaction as the change,
 * so it cannot be lost, and removed once the sheet holds it. One per item: the latest quantity, and the sum of the
 * changes since the sheet was last written (so a sheet edited meanwhile gets the changes, not a stale total).
 */
export interface PendingSheetWrite {
  pk: typeof SHEET_WRITES;
  sk: string;
  location: string;
  sku: string;
  on_hand: number;
  delta: number;
  /** What changed it: `count <session>`. */
  reason: string;
  at: string;
}

const SHEET_WRITES = 'SHEET-WRITES';

/** The Update (for a transaction) that queues `onHand` for the sheet, adding `delta` to what is already queued. */
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

export interface SyncResult {
  added: number;
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
    const result: SyncResult = { added: 0, moved: 0, updated: 0 };
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
      const sheetMoved = row.sheet_on_hand !== item.onHand;
      if (!sheetMoved && sameFacts(row, item)) return;
      const record: InventoryRecord = {
        ...row,
        ...facts,
        ...(sheetMoved ? { quantity: item.onHand, sheet_on_hand: item.onHand } : {}),
        version: row.version + 1,
        updated_at: at,
      };
      const movement = sheetMoved
        ? movementItem({
            location: item.location,
            sku: item.sku,
            source: 'sheet',
            delta: item.onHand - row.quantity,
            quantity_after: item.onHand,
            by: 'stock sheet',
            at,
          })
        : null;
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

  /** Quantities the stock sheet has not caught up with yet, oldest first. */
  async pendingSheetWrites(): Promise<PendingSheetWrite[]> {
    const rows = await queryAll<PendingSheetWrite>(this.dynamo.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': SHEET_WRITES },
    });
    return rows.sort((a, b) => a.at.localeCompare(b.at));
  }

  /**
   * The sheet now holds the write: the pending row goes (unless a newer change was queued meanwhile) and, when the
   * sheet held what we last read from it, the item remembers the new sheet value so the next sync sees no movement.
   * When someone had edited the sheet meanwhile, `sheetValue` is left alone: the next sync then books their edit.
   */
  async sheetWritten(write: PendingSheetWrite, sheetValue: number | null): Promise<void> {
    try {
      await this.dynamo.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: this.table,
                Key: { pk: write.pk, sk: write.sk },
                ConditionExpression: '#at = :at',
                ExpressionAttributeNames: { '#at': 'at' },
                ExpressionAttributeValues: { ':at': write.at },
              },
            },
            ...(sheetValue === null
              ? []
              : [
                  {
                    Update: {
                      TableName: this.table,
                      Key: inventoryKey(write.location, write.sku),
                      UpdateExpression: 'SET sheet_on_hand = :v',
                      ConditionExpression: 'attribute_exists(pk)',
                      ExpressionAttributeValues: { ':v': sheetValue },
                    },
                  },
                ]),
          ],
        }),
      );
    } catch (err) {
      // A newer change for the item was queued meanwhile: it stays pending for the next flush.
      if (!isConditionFailure(err)) throw err;
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

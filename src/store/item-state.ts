import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ItemState, Move } from '../domain/types';
import type { WatchRow } from '../domain/watch-list';
import { batchGet, batchPut, mapLimit, queryAll } from './batch';
import type { Dynamo } from './dynamo';

interface StateRow {
  pk: string;
  last_move?: Move;
  move_since?: string;
  skip_until?: string;
}

export interface MoveChange {
  key: string;
  move: Move;
  /** Whether the item already has a state row (decides between a batched put and a field update). */
  existing: boolean;
}

/** One row per daily check run: the run is every item's `last_checked`, since each run covers the whole sheet. */
export interface CheckRun {
  date: string;
  checked_at: string;
  items: number;
  counts: Record<Move, number>;
  drafts: number;
  resurfaced: number;
  /** The items this run put on watch, closest to their reorder point first (App Home lists them). */
  watch?: WatchRow[];
  /** Drafts whose supplier is the rules doc's fallback (no supplier of their own or their category's): the digest lists them. */
  fallback?: { sku: string; name: string; location: string; supplier: string }[];
  /** Items whose till-measured rate differs from the sheet's by more than a quarter. */
  rate_gaps?: { sku: string; name: string; location: string; sheet: number; till: number; days: number }[];
  /** Items at or below zero on hand this morning: a day out of stock each, for the monthly summary. */
  out_of_stock?: { sku: string; location: string }[];
}

const runKey = (date: string) => `CHECK#${date}`;
/** A copy of the newest run, so App Home finds it in one read whatever the date. */
const LATEST_RUN = 'CHECK#LATEST';
const jobKey = (job: string) => `JOB#${job}`;
/** What every per-item row carries, so the sparse `item-rows` index lists exactly those. */
const ITEM_ROW = 'ITEM';
/** Written once every per-item row carries ITEM_ROW (rows written before the index existed are marked first). */
const INDEXED = 'STATE#INDEXED';

export class ItemStateRepo {
  constructor(private readonly dynamo: Dynamo) {}

  private get table() {
    return this.dynamo.tables.state;
  }

  private indexedSeen = false;

  /**
   * The state of the given items. Only items whose move changed or that were skipped have a row, so the rows are read
   * through the sparse index, one query (paged) for all of them: requests grow with the rows that exist, not with
   * items. An item without a row, or whose row lacks `item_row` (written by a version before the index, after the
   * backfill below), reads as no state: stocked, never skipped.
   *
   * The index is eventually consistent (typically well under a second behind). The check runs once a day and every
   * write it makes is read only by the next day's check, so that lag matters in one case only: a skip tapped in the
   * very second before the check may be missed, and that item drafted once more that morning (the open-orders index
   * the check also reads has the same lag). The owner can skip it again, and the skip itself is kept: a skipped item
   * has had a row since the check that drafted it, so that check finds the row and updates it field by field.
   */
  async getMany(keys: readonly string[]): Promise<Map<string, ItemState>> {
    const wanted = new Set(keys);
    const rows = (await this.indexed())
      ? await queryAll<StateRow>(this.dynamo.doc, {
          TableName: this.table,
          IndexName: 'item-rows',
          KeyConditionExpression: 'item_row = :i',
          ExpressionAttributeValues: { ':i': ITEM_ROW },
        })
      : await this.markItemRows();
    return new Map(
      rows
        .filter((r) => wanted.has(r.pk))
        .map((r) => [r.pk, { lastMove: r.last_move ?? null, moveSince: r.move_since ?? null, skipUntil: r.skip_until ?? null }]),
    );
  }

  private async indexed(): Promise<boolean> {
    if (!this.indexedSeen) {
      const [marker] = await batchGet(this.dynamo.doc, this.table, [{ pk: INDEXED }]);
      this.indexedSeen = Boolean(marker);
    }
    return this.indexedSeen;
  }

  /**
   * Once per table (a new one, or one written before the index): scans the whole table, strongly consistent, for the
   * per-item rows (those with a move or a skip; run, job and marker rows have neither), marks the ones that lack
   * `item_row` so the index lists them, records that it is done, and returns every per-item row. The whole table, not
   * just the items asked for: a row of an item missing from today's sheet (a row skipped for a typo) must be found
   * when the item comes back, and the marker stops any later read from looking outside the index.
   */
  private async markItemRows(): Promise<StateRow[]> {
    const rows: (StateRow & { item_row?: string })[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.dynamo.doc.send(
        new ScanCommand({
          TableName: this.table,
          ConsistentRead: true,
          FilterExpression: 'attribute_exists(last_move) OR attribute_exists(skip_until)',
          ExclusiveStartKey: start,
        }),
      );
      rows.push(...((page.Items ?? []) as typeof rows));
      start = page.LastEvaluatedKey;
    } while (start);
    await mapLimit(
      rows.filter((r) => r.item_row !== ITEM_ROW),
      16,
      async (r) => {
        try {
          await this.dynamo.doc.send(
            new UpdateCommand({
              TableName: this.table,
              Key: { pk: r.pk },
              UpdateExpression: 'SET item_row = :i',
              // Never creates a row: one deleted since the scan stays deleted.
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':i': ITEM_ROW },
            }),
          );
        } catch (err) {
          if (!(err instanceof ConditionalCheckFailedException)) throw err;
        }
      },
    );
    await this.dynamo.doc.send(new PutCommand({ TableName: this.table, Item: { pk: INDEXED, at: new Date().toISOString() } }));
    this.indexedSeen = true;
    return rows;
  }

  /**
   * Records each item whose move changed. Rows are written only on a change, so a quiet day writes next to nothing.
   * New rows go in batches; existing rows get a field update so a concurrent skip (skip_until) is never overwritten.
   */
  async recordMoves(changes: readonly MoveChange[], at: string): Promise<void> {
    const fresh = changes.filter((c) => !c.existing);
    await batchPut(
      this.dynamo.doc,
      this.table,
      fresh.map((c) => ({ pk: c.key, item_row: ITEM_ROW, last_move: c.move, move_since: at })),
    );
    await mapLimit(
      changes.filter((c) => c.existing),
      16,
      (c) =>
        this.dynamo.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: c.key },
            UpdateExpression: 'SET last_move = :m, move_since = :at, item_row = :i',
            ExpressionAttributeValues: { ':m': c.move, ':at': at, ':i': ITEM_ROW },
          }),
        ),
    );
  }

  /** The write that holds an item after a skip, for a transaction with the skip itself. */
  skipUntilRequest(key: string, until: string) {
    return {
      Update: {
        TableName: this.table,
        Key: { pk: key },
        UpdateExpression: 'SET skip_until = :u, item_row = :i',
        ExpressionAttributeValues: { ':u': until, ':i': ITEM_ROW },
      },
    };
  }

  async setSkipUntil(key: string, until: string): Promise<void> {
    await this.dynamo.doc.send(new UpdateCommand(this.skipUntilRequest(key, until).Update));
  }

  async recordRun(run: CheckRun): Promise<void> {
    await this.dynamo.doc.send(new PutCommand({ TableName: this.table, Item: { pk: runKey(run.date), ...run } }));
    await this.dynamo.doc.send(new PutCommand({ TableName: this.table, Item: { pk: LATEST_RUN, ...run } }));
  }

  /** The newest daily check run, or null before the first. */
  async latestRun(): Promise<CheckRun | null> {
    const [row] = await batchGet(this.dynamo.doc, this.table, [{ pk: LATEST_RUN }]);
    if (!row) return null;
    const { pk: _pk, ...run } = row as unknown as CheckRun & { pk: string };
    return run;
  }

  /** The occurrence (a local date) a scheduled job last completed, so a timed job runs once per occurrence. */
  async lastJobRun(job: string): Promise<string | null> {
    const [row] = await batchGet(this.dynamo.doc, this.table, [{ pk: jobKey(job) }]);
    return ((row as { occurrence?: string } | undefined)?.occurrence as string | undefined) ?? null;
  }

  async recordJobRun(job: string, occurrence: string, at: string): Promise<void> {
    await this.dynamo.doc.send(new PutCommand({ TableName: this.table, Item: { pk: jobKey(job), occurrence, at } }));
  }

  async getRun(date: string): Promise<CheckRun | null> {
    const [row] = await batchGet(this.dynamo.doc, this.table, [{ pk: runKey(date) }]);
    return (row as unknown as CheckRun | undefined) ?? null;
  }
}

import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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
   * items. The index is eventually consistent, typically within a second: a skip tapped in the very second before the
   * check starts may be seen by the next check only.
   */
  async getMany(keys: readonly string[]): Promise<Map<string, ItemState>> {
    const wanted = new Set(keys);
    const rows = (await this.indexed())
      ? (
          await queryAll<StateRow>(this.dynamo.doc, {
            TableName: this.table,
            IndexName: 'item-rows',
            KeyConditionExpression: 'item_row = :i',
            ExpressionAttributeValues: { ':i': ITEM_ROW },
          })
        ).filter((r) => wanted.has(r.pk))
      : await this.markItemRows(keys);
    return new Map(
      rows.map((r) => [r.pk, { lastMove: r.last_move ?? null, moveSince: r.move_since ?? null, skipUntil: r.skip_until ?? null }]),
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
   * Once, on a table written before the index: reads the items' rows by key (pages of 100), marks those that lack
   * `item_row` so the index lists them, and records that it is done. Every write since sets `item_row` itself.
   */
  private async markItemRows(keys: readonly string[]): Promise<StateRow[]> {
    const rows = (await batchGet(
      this.dynamo.doc,
      this.table,
      keys.map((pk) => ({ pk })),
    )) as unknown as (StateRow & { item_row?: string })[];
    await mapLimit(
      rows.filter((r) => r.item_row !== ITEM_ROW),
      16,
      (r) =>
        this.dynamo.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: r.pk },
            UpdateExpression: 'SET item_row = :i',
            ExpressionAttributeValues: { ':i': ITEM_ROW },
          }),
        ),
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

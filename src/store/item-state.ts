import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ItemState, Move } from '../domain/types';
import type { WatchRow } from '../domain/watch-list';
import { batchGet, batchPut, mapLimit } from './batch';
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

export class ItemStateRepo {
  constructor(private readonly dynamo: Dynamo) {}

  private get table() {
    return this.dynamo.tables.state;
  }

  /** State for many items in pages of 100 keys: requests grow with items/100, not items. */
  async getMany(keys: readonly string[]): Promise<Map<string, ItemState>> {
    const rows = (await batchGet(
      this.dynamo.doc,
      this.table,
      keys.map((pk) => ({ pk })),
    )) as unknown as StateRow[];
    return new Map(
      rows.map((r) => [r.pk, { lastMove: r.last_move ?? null, moveSince: r.move_since ?? null, skipUntil: r.skip_until ?? null }]),
    );
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
      fresh.map((c) => ({ pk: c.key, last_move: c.move, move_since: at })),
    );
    await mapLimit(
      changes.filter((c) => c.existing),
      16,
      (c) =>
        this.dynamo.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: c.key },
            UpdateExpression: 'SET last_move = :m, move_since = :at',
            ExpressionAttributeValues: { ':m': c.move, ':at': at },
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
        UpdateExpression: 'SET skip_until = :u',
        ExpressionAttributeValues: { ':u': until },
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

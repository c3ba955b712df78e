import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Dynamo } from './dynamo';
import { isConditionFailure } from './orders';

/** Which of the three documents. */
export type DocumentKind = 'stockSheet' | 'rules' | 'suppliers';

/** What the sheet sync remembers between runs, in one state-table row. */
export interface SyncBookkeeping {
  /** The stamp of each document's version the synced copy was taken from (or found broken at). */
  stamps: Partial<Record<DocumentKind, string>>;
  /**
   * Each document whose latest version does not parse, with the problem the owner was told about: told once per
   * broken version, and again when a version parses.
   */
  broken: Partial<Record<DocumentKind, { stamp: string; problem: string; told_at: string }>>;
  synced_at?: string;
  /** The owner the rules doc named when it last read: told about a rules doc that stops reading. */
  owner?: string;
}

const SYNC_ROW = 'SHEET-SYNC';
const LEASE_POLL_MS = 200;
const leaseKey = (name: string) => `LEASE#${name}`;
const againKey = (name: string) => `AGAIN#${name}`;

/**
 * The sheet lane's bookkeeping in the state table: what the last sync saw, and a lease that keeps a sync and a
 * write-back from overlapping (serve's scheduler, a decision's flush and a CLI run can otherwise meet).
 */
export class SheetLaneRepo {
  constructor(private readonly dynamo: Dynamo) {}

  private get table() {
    return this.dynamo.tables.state;
  }

  async bookkeeping(): Promise<SyncBookkeeping> {
    const out = await this.dynamo.doc.send(new GetCommand({ TableName: this.table, Key: { pk: SYNC_ROW }, ConsistentRead: true }));
    const row = out.Item as (SyncBookkeeping & { pk: string }) | undefined;
    return {
      stamps: row?.stamps ?? {},
      broken: row?.broken ?? {},
      ...(row?.synced_at ? { synced_at: row.synced_at } : {}),
      ...(row?.owner ? { owner: row.owner } : {}),
    };
  }

  async saveBookkeeping(b: SyncBookkeeping): Promise<void> {
    await this.dynamo.doc.send(new PutCommand({ TableName: this.table, Item: { pk: SYNC_ROW, ...b } }));
  }

  /**
   * Takes the lease `name` until `now + ms` unless someone else holds it; true when taken. A holder that died leaves
   * a lease that lapses by itself, so nothing stays stuck.
   */
  async takeLease(name: string, holder: string, now: Date, ms: number): Promise<boolean> {
    try {
      await this.dynamo.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: leaseKey(name), holder, until: new Date(now.getTime() + ms).toISOString() },
          ConditionExpression: 'attribute_not_exists(pk) OR #until < :now OR holder = :holder',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':now': now.toISOString(), ':holder': holder },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /**
   * Takes the lease, waiting up to `waitMs` for a holder that is running now to finish (a write-back asked for by two
   * decisions at once runs twice, one after the other, rather than the second giving up).
   */
  async awaitLease(name: string, holder: string, now: Date, ms: number, waitMs: number): Promise<boolean> {
    for (let waited = 0; ; waited += LEASE_POLL_MS) {
      if (await this.takeLease(name, holder, now, ms)) return true;
      if (waited >= waitMs) return false;
      await new Promise((resolve) => setTimeout(resolve, LEASE_POLL_MS));
    }
  }

  /** Asks the holder of lease `name` for one more pass once it is done with this one. */
  async askAgain(name: string): Promise<void> {
    await this.dynamo.doc.send(new PutCommand({ TableName: this.table, Item: { pk: againKey(name) } }));
  }

  async askedAgain(name: string): Promise<boolean> {
    const out = await this.dynamo.doc.send(new GetCommand({ TableName: this.table, Key: { pk: againKey(name) }, ConsistentRead: true }));
    return Boolean(out.Item);
  }

  async clearAgain(name: string): Promise<void> {
    await this.dynamo.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: againKey(name) } }));
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    try {
      await this.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: leaseKey(name) },
          UpdateExpression: 'SET #until = :past',
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':holder': holder, ':past': new Date(0).toISOString() },
        }),
      );
    } catch (err) {
      // Someone took it after ours lapsed: theirs now.
      if (!isConditionFailure(err)) throw err;
    }
  }
}

import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AuditLog, type AuditEntry } from './audit';
import { batchPut, mapLimit, queryAll } from './batch';
import type { Dynamo } from './dynamo';
import { inventoryKey, movementItem, queueSheetWrite, type Movement } from './inventory';
import { isConditionFailure } from './orders';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type {
  SessionStatus,
  SessionMeta,
  VarianceStatus,
  Contribution,
  CountLine,
  ParkedRecord,
  Adjustment,
} from '../domain/count-records';

export type { SessionStatus, SessionMeta, VarianceStatus, Contribution, CountLine, ParkedRecord, Adjustment };

export const sessionPk = (id: string) => `SESSION#${id}`;
/** Approver notices held over quiet hours: one small row per count, all in one partition, gone once sent. */
const NOTICES_PK = 'NOTICE#approver';

/** A count summary's DM to the location's approver, held until `deliver_at` (the next business minute). */
export interface ApproverNotice {
  pk: typeof NOTICES_PK;
  sk: string;
  session_id: string;
  deliver_at: string;
}
const lockKey = (location: string) => ({ pk: `LOCATION#${location.toLowerCase()}`, sk: 'OPEN' });
export const lineSk = (sku: string) => `LINE#${sku}`;

export type PostOutcome =
  | { kind: 'posted'; line: CountLine }
  /** Decided already (a second tap, a retried job): nothing changed. */
  | { kind: 'already-decided'; line: CountLine | null }
  /** The inventory quantity moved since the snapshot: the line is held for the approver's choice. */
  | { kind: 'held'; line: CountLine; current: number }
  /** The line changed since it was read (another file of the count): post again from `line`. */
  | { kind: 'stale'; line: CountLine };

export interface PostRequest {
  line: CountLine;
  /** The quantity the inventory must still hold (the snapshot's, or today's when the approver chose so). */
  expected: number;
  after: number;
  by: string;
  now: Date;
  cause: string;
  detail: string;
}

export class CountsRepo {
  private readonly audit: AuditLog;

  constructor(private readonly dynamo: Dynamo) {
    this.audit = new AuditLog(dynamo);
  }

  private get table() {
    return this.dynamo.tables.counts;
  }

  /**
   * Opens a session with its snapshot lines, unless the location already has one open: one open session per
   * location (a conditional lock row), so a second `/count` is pointed at the first. Returns the open session's id.
   */
  async open(meta: SessionMeta, lines: CountLine[]): Promise<{ opened: boolean; sessionId: string }> {
    try {
      await this.dynamo.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...lockKey(meta.location), session_id: meta.session_id, opened_at: meta.opened_at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const current = await this.openFor(meta.location);
      if (current) return { opened: false, sessionId: current };
      throw err;
    }
    await batchPut(this.dynamo.doc, this.table, lines as unknown as Record<string, unknown>[]);
    await this.dynamo.doc.send(new PutCommand({ TableName: this.table, Item: meta }));
    return { opened: true, sessionId: meta.session_id };
  }

  /** The id of the location's open session, if any. */
  async openFor(location: string): Promise<string | null> {
    const out = await this.dynamo.doc.send(new GetCommand({ TableName: this.table, Key: lockKey(location) }));
    return (out.Item?.session_id as string | undefined) ?? null;
  }

  async meta(sessionId: string): Promise<SessionMeta | null> {
    const out = await this.dynamo.doc.send(new GetCommand({ TableName: this.table, Key: { pk: sessionPk(sessionId), sk: 'META' } }));
    return (out.Item as SessionMeta | undefined) ?? null;
  }

  async lines(sessionId: string): Promise<CountLine[]> {
    return this.rows<CountLine>(sessionId, 'LINE#');
  }

  async line(sessionId: string, sku: string): Promise<CountLine | null> {
    const out = await this.dynamo.doc.send(new GetCommand({ TableName: this.table, Key: { pk: sessionPk(sessionId), sk: lineSk(sku) } }));
    return (out.Item as CountLine | undefined) ?? null;
  }

  async parked(sessionId: string): Promise<ParkedRecord[]> {
    return this.rows<ParkedRecord>(sessionId, 'PARKED#');
  }

  private rows<T>(sessionId: string, prefix: string): Promise<T[]> {
    return queryAll<T>(this.dynamo.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': sessionPk(sessionId), ':p': prefix },
    });
  }

  /** The approved count adjustments of one item, oldest first. */
  async adjustmentsFor(location: string, sku: string): Promise<Adjustment[]> {
    return queryAll<Adjustment>(this.dynamo.doc, {
      TableName: this.dynamo.tables.adjustments,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `${location}#${sku}` },
    });
  }

  /** Sessions not yet closed, oldest first. */
  async listActive(): Promise<SessionMeta[]> {
    const all = await Promise.all(
      (['open', 'captured', 'reconciled'] as const).map((status) =>
        queryAll<SessionMeta>(this.dynamo.doc, {
          TableName: this.table,
          IndexName: 'by-status',
          KeyConditionExpression: 'session_status = :s',
          ExpressionAttributeValues: { ':s': status },
        }),
      ),
    );
    return all.flat().sort((a, b) => a.opened_at.localeCompare(b.opened_at));
  }

  /** Counts closed that were opened at or after `since` (ISO): one query on the status index, newest last. */
  async listClosedSince(since: string): Promise<SessionMeta[]> {
    return queryAll<SessionMeta>(this.dynamo.doc, {
      TableName: this.table,
      IndexName: 'by-status',
      KeyConditionExpression: 'session_status = :s AND opened_at >= :since',
      ExpressionAttributeValues: { ':s': 'closed', ':since': since },
    });
  }

  /** The session whose message starts this thread. */
  async byThread(channel: string, threadTs: string): Promise<SessionMeta | null> {
    const [found] = await queryAll<SessionMeta>(this.dynamo.doc, {
      TableName: this.table,
      IndexName: 'by-thread',
      KeyConditionExpression: 'thread = :t',
      ExpressionAttributeValues: { ':t': `${channel}#${threadTs}` },
    });
    return found ?? null;
  }

  async setThread(sessionId: string, channel: string, ts: string): Promise<void> {
    await this.update(sessionId, 'META', { channel, ts, thread: `${channel}#${ts}` });
  }

  async setStatus(sessionId: string, status: SessionStatus, files?: string[]): Promise<void> {
    await this.update(sessionId, 'META', { session_status: status, ...(files ? { files } : {}) });
  }

  async setCard(sessionId: string, sku: string, card: { channel: string; ts: string; link?: string }): Promise<void> {
    await this.update(sessionId, lineSk(sku), { card });
  }

  private async update(sessionId: string, sk: string, fields: Record<string, unknown>): Promise<void> {
    const entries = Object.entries(fields);
    await this.dynamo.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: sessionPk(sessionId), sk },
        UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(', ')} ADD #rev :one`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { ...Object.fromEntries(entries.map(([f], i) => [`#f${i}`, f])), '#rev': 'rev' },
        ExpressionAttributeValues: { ...Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])), ':one': 1 },
      }),
    );
  }

  /**
   * Writes a line as recomputed from the read whose `rev` it carries; false (nothing written) when someone wrote the
   * line since (an approval, another file), so the caller reads it again and redoes its change.
   */
  async putLine(line: CountLine, now: Date): Promise<boolean> {
    const read = line.rev;
    const waits = line.state === 'material' && (line.variance_status === 'queued' || line.variance_status === 'held');
    const { variance_waiting: _w, waiting_since: since, ...rest } = line;
    const item: CountLine = waits ? { ...rest, variance_waiting: 'yes', waiting_since: since ?? now.toISOString() } : rest;
    try {
      await this.dynamo.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...item, rev: (read ?? 0) + 1 },
          ...(read === undefined
            ? { ConditionExpression: 'attribute_not_exists(rev)' }
            : { ConditionExpression: 'rev = :rev', ExpressionAttributeValues: { ':rev': read } }),
        }),
      );
      Object.assign(line, item, { rev: (read ?? 0) + 1 });
      if (!waits) {
        delete line.variance_waiting;
        delete line.waiting_since;
      }
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /** Parked rows of a file (keyed by file and row, so reading the file again writes the same rows). */
  async saveParked(parked: ParkedRecord[]): Promise<void> {
    await batchPut(this.dynamo.doc, this.table, parked as unknown as Record<string, unknown>[]);
  }

  /** Drops a source's parked rows that nobody fixed (a count sheet read again brings its own). */
  async clearParked(sessionId: string, prefix: string): Promise<void> {
    const rows = await this.rows<ParkedRecord>(sessionId, prefix);
    await mapLimit(
      rows.filter((r) => !r.fixed),
      8,
      (r) => this.dynamo.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: r.pk, sk: r.sk } })),
    );
  }

  async parkedRow(sessionId: string, sk: string): Promise<ParkedRecord | null> {
    const out = await this.dynamo.doc.send(new GetCommand({ TableName: this.table, Key: { pk: sessionPk(sessionId), sk } }));
    return (out.Item as ParkedRecord | undefined) ?? null;
  }

  /** Marks a parked row fixed, once: false when it already was (a double tap on the modal). */
  async markFixed(sessionId: string, sk: string, fixed: NonNullable<ParkedRecord['fixed']>): Promise<boolean> {
    try {
      await this.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: sessionPk(sessionId), sk },
          UpdateExpression: 'SET #fixed = :f ADD #rev :one',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#fixed)',
          // FIXED is a DynamoDB reserved word.
          ExpressionAttributeNames: { '#fixed': 'fixed', '#rev': 'rev' },
          ExpressionAttributeValues: { ':f': fixed, ':one': 1 },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /**
   * Holds the approver's notice about a count until `at`. One per count: a later summary's notice replaces one still
   * waiting, so the approver hears once, with the latest number.
   */
  async holdApproverNotice(sessionId: string, at: Date): Promise<void> {
    const notice: ApproverNotice = { pk: NOTICES_PK, sk: sessionPk(sessionId), session_id: sessionId, deliver_at: at.toISOString() };
    await this.dynamo.doc.send(new PutCommand({ TableName: this.table, Item: notice }));
  }

  /** Held approver notices whose time has come. */
  async dueApproverNotices(now: Date): Promise<ApproverNotice[]> {
    return queryAll<ApproverNotice>(this.dynamo.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: 'deliver_at <= :now',
      ExpressionAttributeValues: { ':pk': NOTICES_PK, ':now': now.toISOString() },
    });
  }

  /** Takes a due notice for delivery by deleting it, so two runs never both send it; false when another run took it. */
  async claimApproverNotice(notice: ApproverNotice, now: Date): Promise<boolean> {
    try {
      await this.dynamo.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk: notice.pk, sk: notice.sk },
          ConditionExpression: 'deliver_at <= :now',
          ExpressionAttributeValues: { ':now': now.toISOString() },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /**
   * Takes back a count whose session message could not be posted (the app is not in the channel): its rows and its
   * location's lock go, so nothing of it is left and the location can be counted once the app is invited.
   */
  async discard(sessionId: string, location: string): Promise<void> {
    // Closed first, then unlocked, then removed: stopped at any point, it never leaves an open count behind.
    await this.update(sessionId, 'META', { session_status: 'closed' }).catch((err: unknown) => {
      if (!isConditionFailure(err)) throw err;
    });
    await this.unlock(sessionId, location);
    const rows = await queryAll<{ pk: string; sk: string }>(this.dynamo.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ProjectionExpression: 'pk, sk',
      ExpressionAttributeValues: { ':pk': sessionPk(sessionId) },
    });
    await mapLimit(rows, 8, (r) => this.dynamo.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: r.pk, sk: r.sk } })));
  }

  /** Every variance still waiting for its approver, in open and closed counts alike, oldest first. */
  async waitingVariances(): Promise<CountLine[]> {
    return queryAll<CountLine>(this.dynamo.doc, {
      TableName: this.table,
      IndexName: 'waiting-variances',
      KeyConditionExpression: 'variance_waiting = :yes',
      ExpressionAttributeValues: { ':yes': 'yes' },
    });
  }

  /** Claims today's reminder of a waiting variance: false when it was reminded today already (a second sweep). */
  async claimReminder(line: Pick<CountLine, 'session_id' | 'sk'>, today: string): Promise<boolean> {
    try {
      await this.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: sessionPk(line.session_id), sk: line.sk },
          UpdateExpression: 'SET reminded_on = :today',
          ConditionExpression: 'variance_waiting = :yes AND (attribute_not_exists(reminded_on) OR reminded_on <> :today)',
          ExpressionAttributeValues: { ':today': today, ':yes': 'yes' },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /** Closes the session and frees its location for the next count. */
  async close(sessionId: string, location: string, now: Date): Promise<void> {
    await this.update(sessionId, 'META', { session_status: 'closed', closed_at: now.toISOString() });
    await this.unlock(sessionId, location);
  }

  /** Frees the location for the next count, if this session still holds it (another count may hold it by now). */
  private async unlock(sessionId: string, location: string): Promise<void> {
    await this.dynamo.doc
      .send(
        new DeleteCommand({
          TableName: this.table,
          Key: lockKey(location),
          ConditionExpression: 'session_id = :id',
          ExpressionAttributeValues: { ':id': sessionId },
        }),
      )
      .catch((err: unknown) => {
        if (!isConditionFailure(err)) throw err;
      });
  }

  /**
   * stock-poster's write, all or nothing (one TransactWriteItems): the variance `queued|held → approved`, the inventory
   * quantity set to `after` on the condition that it still equals `expected`, the adjustment row, the movement and the
   * audit row. A second tap finds the variance decided and changes nothing; a quantity that moved since `expected`
   * holds the line instead.
   */
  async postAdjustment(p: PostRequest): Promise<PostOutcome> {
    // Racing taps on one card can cancel each other (TransactionConflict) rather than fail the condition: try again,
    // and the loser then finds the variance decided.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.tryPost(p);
      } catch (err) {
        const conflict =
          err instanceof TransactionCanceledException && (err.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict');
        if (!conflict || attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 20 * attempt));
      }
    }
  }

  private async tryPost(p: PostRequest): Promise<PostOutcome> {
    const { line, now } = p;
    const at = now.toISOString();
    const delta = p.after - p.expected;
    const movement: Movement = movementItem({
      location: line.location,
      sku: line.sku,
      source: 'count',
      delta,
      quantity_after: p.after,
      by: p.by,
      at,
      ref: line.session_id,
    });
    const audit: AuditEntry = {
      subject: `${line.location}#${line.sku}`,
      action: 'count-adjusted',
      by: p.by,
      at,
      before: { quantity: p.expected },
      after: { quantity: p.after },
      detail: `${p.detail} (session ${line.session_id}, cause: ${p.cause})`,
    };
    try {
      await this.dynamo.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: { pk: line.pk, sk: line.sk },
                UpdateExpression:
                  'SET variance_status = :approved, decided_by = :by, decided_at = :at REMOVE variance_waiting ADD rev :one',
                // Posted as read: if another file changed the count since, the post is redone from the new line.
                ConditionExpression: `variance_status IN (:queued, :held) AND ${line.rev === undefined ? 'attribute_not_exists(rev)' : 'rev = :rev'}`,
                ExpressionAttributeValues: {
                  ':approved': 'approved',
                  ':queued': 'queued',
                  ':held': 'held',
                  ':by': p.by,
                  ':at': at,
                  ':one': 1,
                  ...(line.rev === undefined ? {} : { ':rev': line.rev }),
                },
              },
            },
            {
              Update: {
                TableName: this.dynamo.tables.inventory,
                Key: inventoryKey(line.location, line.sku),
                UpdateExpression: 'SET quantity = :after, updated_at = :at ADD version :one',
                ConditionExpression: 'quantity = :expected',
                ExpressionAttributeValues: { ':after': p.after, ':expected': p.expected, ':at': at, ':one': 1 },
              },
            },
            {
              Put: {
                TableName: this.dynamo.tables.adjustments,
                Item: {
                  pk: `${line.location}#${line.sku}`,
                  sk: `${at}#${line.session_id}`,
                  location: line.location,
                  sku: line.sku,
                  session_id: line.session_id,
                  before: p.expected,
                  after: p.after,
                  delta,
                  cause: p.cause,
                  by: p.by,
                  at,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: this.dynamo.tables.movements, Item: movement } },
            // The stock sheet is the source of truth: the new quantity is queued for it in the same transaction.
            queueSheetWrite(this.dynamo.tables.inventory, {
              location: line.location,
              sku: line.sku,
              onHand: p.after,
              delta,
              reason: `count ${line.session_id}`,
              at,
            }),
            this.audit.putRequest(audit),
          ],
        }),
      );
      return { kind: 'posted', line: (await this.line(line.session_id, line.sku))! };
    } catch (err) {
      const reasons = err instanceof TransactionCanceledException ? (err.CancellationReasons ?? []) : [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') {
        const fresh = await this.line(line.session_id, line.sku);
        if (fresh && (fresh.variance_status === 'queued' || fresh.variance_status === 'held')) return { kind: 'stale', line: fresh };
        return { kind: 'already-decided', line: fresh };
      }
      if (reasons[1]?.Code === 'ConditionalCheckFailed') {
        const current = (
          await this.dynamo.doc.send(
            new GetCommand({ TableName: this.dynamo.tables.inventory, Key: inventoryKey(line.location, line.sku) }),
          )
        ).Item?.quantity as number | undefined;
        await this.update(line.session_id, line.sk, { variance_status: 'held', held_quantity: current ?? 0 });
        const held = (await this.line(line.session_id, line.sku))!;
        return { kind: 'held', line: held, current: current ?? 0 };
      }
      throw err;
    }
  }

  /** Reject (or any decision that leaves stock alone): `queued|held → status` once, with its audit row. */
  async decide(line: CountLine, status: 'rejected', by: string, now: Date, detail: string): Promise<CountLine | null> {
    const at = now.toISOString();
    try {
      await this.dynamo.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: { pk: line.pk, sk: line.sk },
                UpdateExpression: 'SET variance_status = :status, decided_by = :by, decided_at = :at REMOVE variance_waiting ADD rev :one',
                ConditionExpression: 'variance_status IN (:queued, :held)',
                ExpressionAttributeValues: { ':status': status, ':queued': 'queued', ':held': 'held', ':by': by, ':at': at, ':one': 1 },
              },
            },
            this.audit.putRequest({
              subject: `${line.location}#${line.sku}`,
              action: `count-${status}`,
              by,
              at,
              detail: `${detail} (session ${line.session_id})`,
            }),
          ],
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) return null;
      throw err;
    }
    return this.line(line.session_id, line.sku);
  }
}

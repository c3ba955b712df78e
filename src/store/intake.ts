import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { IntakeRecord, IntakeRow, IntakeStatus } from '../domain/intake-record';
import { queryAll } from './batch';
import type { Dynamo } from './dynamo';
import { isConditionFailure } from './orders';

export type { IntakeRecord, IntakeRow, IntakeStatus };

/** The forwarded mails and what became of them. */
export class IntakeRepo {
  constructor(private readonly dynamo: Dynamo) {}

  private get table() {
    return this.dynamo.tables.intake;
  }

  /** Records a mail once: a second delivery of the same mail gets the first record back and changes nothing. */
  async record(mail: IntakeRecord): Promise<{ created: boolean; record: IntakeRecord }> {
    try {
      await this.dynamo.doc.send(
        new PutCommand({ TableName: this.table, Item: mail, ConditionExpression: 'attribute_not_exists(mail_id)' }),
      );
      return { created: true, record: mail };
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      return { created: false, record: (await this.get(mail.mail_id))! };
    }
  }

  async get(mailId: string): Promise<IntakeRecord | null> {
    const out = await this.dynamo.doc.send(new GetCommand({ TableName: this.table, Key: { mail_id: mailId }, ConsistentRead: true }));
    return (out.Item as IntakeRecord | undefined) ?? null;
  }

  /**
   * Moves a waiting proposal on, exactly once: null when it was no longer `from` (a second tap, another approver).
   * `rows` replaces the proposal's rows (the owner's edits).
   */
  async decide(
    mailId: string,
    from: IntakeStatus,
    to: IntakeStatus,
    by: string,
    at: string,
    rows?: IntakeRow[],
  ): Promise<IntakeRecord | null> {
    try {
      const out = await this.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { mail_id: mailId },
          UpdateExpression: `SET #s = :to, decided_by = :by, decided_at = :at${rows ? ', #rows = :rows' : ''} REMOVE waiting`,
          ConditionExpression: '#s = :from',
          ExpressionAttributeNames: { '#s': 'status', ...(rows ? { '#rows': 'rows' } : {}) },
          ExpressionAttributeValues: { ':to': to, ':from': from, ':by': by, ':at': at, ...(rows ? { ':rows': rows } : {}) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes as IntakeRecord;
    } catch (err) {
      if (isConditionFailure(err)) return null;
      throw err;
    }
  }

  /** The rows are in the outbox: approved → applied (once). */
  async markApplied(mailId: string): Promise<void> {
    try {
      await this.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { mail_id: mailId },
          UpdateExpression: 'SET #s = :applied',
          ConditionExpression: '#s = :approved',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':applied': 'applied', ':approved': 'approved' },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }

  /** Where the owner's card lives, so decisions redraw it in place. */
  async setMessage(mailId: string, message: { channel: string; ts: string }): Promise<void> {
    await this.dynamo.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { mail_id: mailId },
        UpdateExpression: 'SET message = :m',
        ExpressionAttributeValues: { ':m': message },
      }),
    );
  }

  /** Proposals still waiting for the owner, oldest first. */
  async waiting(): Promise<IntakeRecord[]> {
    return queryAll<IntakeRecord>(this.dynamo.doc, {
      TableName: this.table,
      IndexName: 'waiting',
      KeyConditionExpression: 'waiting = :yes',
      ExpressionAttributeValues: { ':yes': 'yes' },
    });
  }
}

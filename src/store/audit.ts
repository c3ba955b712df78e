import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from './batch';
import type { Dynamo } from './dynamo';

/** One row of the append-only audit trail: who, when, what, before and after. */
export interface AuditEntry {
  /** What the action was about: an item key (`location#sku`), an order, a session… */
  subject: string;
  action: string;
  /** A Slack user id, an email address, or `stockbot` for the app itself. */
  by: string;
  /** ISO instant. */
  at: string;
  before?: unknown;
  after?: unknown;
  detail?: string;
}

export const auditItem = (entry: AuditEntry): Record<string, unknown> => ({
  ...entry,
  at_id: `${entry.at}#${randomUUID()}`,
});

export class AuditLog {
  constructor(private readonly dynamo: Dynamo) {}

  /** The Put to include in a transaction, so the audit row lands with the change it describes or not at all. */
  putRequest(entry: AuditEntry) {
    return {
      Put: {
        TableName: this.dynamo.tables.audit,
        Item: auditItem(entry),
        ConditionExpression: 'attribute_not_exists(at_id)',
      },
    };
  }

  async append(entry: AuditEntry): Promise<void> {
    await this.dynamo.doc.send(new PutCommand(this.putRequest(entry).Put));
  }

  /** Oldest first. */
  async forSubject(subject: string): Promise<AuditEntry[]> {
    return queryAll<AuditEntry>(this.dynamo.doc, {
      TableName: this.dynamo.tables.audit,
      KeyConditionExpression: 'subject = :s',
      ExpressionAttributeValues: { ':s': subject },
    });
  }
}

import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Dynamo } from './dynamo';
import { isConditionFailure } from './orders';

// The scheduled reports' bookkeeping, in the state table: a claim per report and period (so the same week's digest is
// posted once however often its job runs), and the one period a report holds over quiet hours.

const sentKey = (report: string, period: string) => `REPORT#${report}#${period}`;
const heldKey = (report: string) => `REPORT-HELD#${report}`;

export interface HeldReport {
  period: string;
  deliver_at: string;
}

export class ReportsRepo {
  constructor(private readonly dynamo: Dynamo) {}

  private get table() {
    return this.dynamo.tables.state;
  }

  /** Claims the report for the period: false when it was sent (or is being sent) already. */
  async claim(report: string, period: string, at: string): Promise<boolean> {
    try {
      await this.dynamo.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: sentKey(report, period), claimed_at: at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /** The report could not be sent: the claim goes, so the next run sends it. */
  async release(report: string, period: string): Promise<void> {
    await this.dynamo.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: sentKey(report, period) } }));
  }

  async wasSent(report: string, period: string): Promise<boolean> {
    const out = await this.dynamo.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: sentKey(report, period) }, ConsistentRead: true }),
    );
    return out.Item !== undefined;
  }

  /** Holds the period's report until `deliverAt` (quiet hours); a later hold of the same report replaces it. */
  async hold(report: string, period: string, deliverAt: Date): Promise<void> {
    await this.dynamo.doc.send(
      new PutCommand({ TableName: this.table, Item: { pk: heldKey(report), period, deliver_at: deliverAt.toISOString() } }),
    );
  }

  async held(report: string): Promise<HeldReport | null> {
    const out = await this.dynamo.doc.send(new GetCommand({ TableName: this.table, Key: { pk: heldKey(report) }, ConsistentRead: true }));
    return (out.Item as (HeldReport & { pk: string }) | undefined) ?? null;
  }

  /** Takes the held report off, if it is still that period's (a newer hold stays). */
  async unhold(report: string, period: string): Promise<void> {
    try {
      await this.dynamo.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk: heldKey(report) },
          ConditionExpression: 'period = :p',
          ExpressionAttributeValues: { ':p': period },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }
}

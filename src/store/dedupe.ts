import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './orders';
import type { Dynamo } from './dynamo';

/** Remembers deliveries and used links for a week (a DynamoDB TTL on `expires_at` removes them after; links expire sooner). */
const KEEP_SECONDS = 7 * 24 * 3600;

export class DedupeLog {
  constructor(private readonly dynamo: Dynamo) {}

  /** True the first time `key` is seen; false for every redelivery of it. */
  async firstTime(key: string, now: Date): Promise<boolean> {
    return this.claim(this.dynamo.tables.dedupe, 'key', key, now);
  }

  /** True the first time an email link's nonce acts; false for a replay. */
  async firstUseOfLink(nonce: string, now: Date): Promise<boolean> {
    return this.claim(this.dynamo.tables.links, 'nonce', nonce, now);
  }

  private async claim(table: string, keyName: string, key: string, now: Date): Promise<boolean> {
    try {
      await this.dynamo.doc.send(
        new PutCommand({
          TableName: table,
          Item: { [keyName]: key, seen_at: now.toISOString(), expires_at: Math.floor(now.getTime() / 1000) + KEEP_SECONDS },
          ConditionExpression: 'attribute_not_exists(#k)',
          ExpressionAttributeNames: { '#k': keyName },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }
}

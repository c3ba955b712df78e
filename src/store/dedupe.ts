import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
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

  /** Whether an email link's nonce has already acted. */
  async linkUsed(nonce: string): Promise<boolean> {
    const out = await this.dynamo.doc.send(new GetCommand({ TableName: this.dynamo.tables.links, Key: { nonce } }));
    return out.Item !== undefined;
  }

  /**
   * The Put that spends an email link's nonce, for the transaction of the decision the link makes: the link is used
   * up only if the decision lands, and a link already used fails the whole transaction (a condition failure).
   */
  linkUseRequest(nonce: string, now: Date) {
    return { Put: this.claimPut(this.dynamo.tables.links, 'nonce', nonce, now) };
  }

  private claimPut(table: string, keyName: string, key: string, now: Date) {
    return {
      TableName: table,
      Item: { [keyName]: key, seen_at: now.toISOString(), expires_at: Math.floor(now.getTime() / 1000) + KEEP_SECONDS },
      ConditionExpression: 'attribute_not_exists(#k)',
      ExpressionAttributeNames: { '#k': keyName },
    };
  }

  private async claim(table: string, keyName: string, key: string, now: Date): Promise<boolean> {
    try {
      await this.dynamo.doc.send(new PutCommand(this.claimPut(table, keyName, key, now)));
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }
}

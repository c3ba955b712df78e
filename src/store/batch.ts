import {
  BatchGetCommand,
  BatchWriteCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';

import { mapLimit } from './map-limit';

export { mapLimit };

type Key = Record<string, unknown>;
type Item = Record<string, unknown>;

export const chunk = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

const backoff = (attempt: number) => new Promise((r) => setTimeout(r, Math.min(50 * 2 ** attempt, 2000)));
const MAX_ATTEMPTS = 8;

/** BatchGetItem in pages of 100 keys, retrying what DynamoDB leaves unprocessed. */
export async function batchGet(doc: DynamoDBDocumentClient, table: string, keys: Key[]): Promise<Item[]> {
  const pages = await mapLimit(chunk(keys, 100), 8, async (page) => {
    const found: Item[] = [];
    let pending: Key[] = page;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS) throw new Error(`DynamoDB kept ${pending.length} reads from ${table} unprocessed; try again later`);
      if (attempt > 0) await backoff(attempt);
      const out = await doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending } } }));
      found.push(...(out.Responses?.[table] ?? []));
      pending = (out.UnprocessedKeys?.[table]?.Keys as Key[] | undefined) ?? [];
    }
    return found;
  });
  return pages.flat();
}

/** BatchWriteItem puts in pages of 25, retrying what DynamoDB leaves unprocessed. */
export async function batchPut(doc: DynamoDBDocumentClient, table: string, items: Item[]): Promise<void> {
  await mapLimit(chunk(items, 25), 8, async (page) => {
    let pending = page.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS) throw new Error(`DynamoDB kept ${pending.length} writes to ${table} unprocessed; try again later`);
      if (attempt > 0) await backoff(attempt);
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (out.UnprocessedItems?.[table] as typeof pending | undefined) ?? [];
    }
  });
}

/** Every item a query matches, following LastEvaluatedKey through all pages. */
export async function queryAll<T>(doc: DynamoDBDocumentClient, input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<T[]> {
  const items: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...((page.Items ?? []) as T[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

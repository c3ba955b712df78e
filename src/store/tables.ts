// Every DynamoDB table the app uses, in one place: local table creation reads it now,
// and serverless.yml's resources are generated from it, so the two can never disagree.

export interface TableSpec {
  /** Logical name; the real table name is the configured prefix + this. */
  name: string;
  partitionKey: string;
  sortKey?: string;
  indexes?: { name: string; partitionKey: string; sortKey?: string }[];
}

export const TABLES = {
  /** item → drafts and orders. status: pending | approved | on-order | received | skipped */
  orders: {
    name: 'orders',
    partitionKey: 'item_key',
    sortKey: 'order_id',
    // The check reads every open order in a few queries instead of one read per item.
    indexes: [{ name: 'by-status', partitionKey: 'status', sortKey: 'item_key' }],
  },
  /** Per item: last_move, move_since, skip_until. Plus one CHECK#<date> row per daily check run. */
  state: { name: 'state', partitionKey: 'pk' },
  /** Append-only: who did what, when, before and after. */
  audit: { name: 'audit', partitionKey: 'subject', sortKey: 'at_id' },
  /** Nonces of signed email links that have acted: a link acts once. */
  links: { name: 'links', partitionKey: 'nonce' },
  /** Deliveries already handled (Slack event ids, webhook ids), so a retried delivery changes nothing twice. */
  dedupe: { name: 'dedupe', partitionKey: 'key' },
} as const satisfies Record<string, TableSpec>;

export type TableName = keyof typeof TABLES;

export type TableNames = Record<TableName, string>;

export function tableNames(prefix: string): TableNames {
  const names = {} as TableNames;
  for (const key of Object.keys(TABLES) as TableName[]) names[key] = `${prefix}${TABLES[key].name}`;
  return names;
}

// Every DynamoDB table the app uses, in one place: local table creation and serverless.yml's resources
// (deploy/resources.ts) are both built from it, so the two can never disagree.

export interface TableSpec {
  /** Logical name; the real table name is the configured prefix + this. */
  name: string;
  partitionKey: string;
  sortKey?: string;
  indexes?: { name: string; partitionKey: string; sortKey?: string }[];
  /** An epoch-seconds attribute after which DynamoDB's TTL deletes the row (AWS only; DynamoDB Local keeps it). */
  expiresAttribute?: string;
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
  state: {
    name: 'state',
    partitionKey: 'pk',
    // Sparse: only per-item rows carry `item_row`, so the check reads the few items that have state in one query
    // instead of asking for every item's row.
    indexes: [{ name: 'item-rows', partitionKey: 'item_row', sortKey: 'pk' }],
  },
  /** Append-only: who did what, when, before and after. */
  audit: { name: 'audit', partitionKey: 'subject', sortKey: 'at_id' },
  /** The system of record's quantities, mirrored from the stock sheet: pk `LOC#<location>`, sk `SKU#<sku>`. */
  inventory: { name: 'inventory', partitionKey: 'pk', sortKey: 'sk' },
  /**
   * Count sessions: pk `SESSION#<id>` with a META row and one LINE#<sku> row per SKU (the snapshot, then the count
   * and its variance), plus PARKED#… rows; pk `LOCATION#<location>` / sk `OPEN` holds a location's one open session.
   */
  counts: {
    name: 'counts',
    partitionKey: 'pk',
    sortKey: 'sk',
    // Sparse: only META rows carry these, so /count status and a thread's upload find their session in one query.
    indexes: [
      { name: 'by-status', partitionKey: 'session_status', sortKey: 'opened_at' },
      { name: 'by-thread', partitionKey: 'thread' },
      // Sparse: only lines whose variance waits for its approver carry `variance_waiting`.
      { name: 'waiting-variances', partitionKey: 'variance_waiting', sortKey: 'waiting_since' },
    ],
  },
  /** Append-only: each approved count adjustment (who, when, cause, before, after, session). pk item, sk when. */
  adjustments: { name: 'adjustments', partitionKey: 'pk', sortKey: 'sk' },
  /** The stock ledger: every change of a quantity (source, delta, who, when). pk `LOC#<location>#SKU#<sku>`, sk when. */
  movements: { name: 'movements', partitionKey: 'pk', sortKey: 'sk' },
  /** Nonces of signed email links that have acted: a link acts once. */
  links: { name: 'links', partitionKey: 'nonce', expiresAttribute: 'expires_at' },
  /**
   * Forwarded mails: one row each (`mail_id`), with the rows proposed from it and the owner's decision. Sparse index:
   * only proposals still waiting carry `waiting`, so the digest finds them in one query.
   */
  intake: { name: 'intake', partitionKey: 'mail_id', indexes: [{ name: 'waiting', partitionKey: 'waiting', sortKey: 'received_at' }] },
  /** Deliveries already handled (Slack event ids, webhook ids), so a retried delivery changes nothing twice. */
  dedupe: { name: 'dedupe', partitionKey: 'key', expiresAttribute: 'expires_at' },
} as const satisfies Record<string, TableSpec>;

export type TableName = keyof typeof TABLES;

export type TableNames = Record<TableName, string>;

export function tableNames(prefix: string): TableNames {
  const names = {} as TableNames;
  for (const key of Object.keys(TABLES) as TableName[]) names[key] = `${prefix}${TABLES[key].name}`;
  return names;
}

/** A table's key schema and indexes, in the shape both CreateTable and CloudFormation's AWS::DynamoDB::Table take. */
export function tableDefinition(tableName: string, spec: TableSpec) {
  const keys = new Set<string>([spec.partitionKey]);
  if (spec.sortKey) keys.add(spec.sortKey);
  for (const index of spec.indexes ?? []) {
    keys.add(index.partitionKey);
    if (index.sortKey) keys.add(index.sortKey);
  }
  const keySchema = (pk: string, sk?: string) => [
    { AttributeName: pk, KeyType: 'HASH' as const },
    ...(sk ? [{ AttributeName: sk, KeyType: 'RANGE' as const }] : []),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...keys].map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
    KeySchema: keySchema(spec.partitionKey, spec.sortKey),
    ...(spec.indexes?.length
      ? {
          GlobalSecondaryIndexes: spec.indexes.map((index) => ({
            IndexName: index.name,
            KeySchema: keySchema(index.partitionKey, index.sortKey),
            Projection: { ProjectionType: 'ALL' as const },
          })),
        }
      : {}),
  };
}

import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTableCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLES, tableDefinition, tableNames, type TableNames, type TableSpec } from './tables';

export interface DynamoConfig {
  /** A DynamoDB endpoint (DynamoDB Local, a test instance); undefined for AWS's own. */
  endpoint?: string;
  region: string;
  tablePrefix: string;
  /**
   * Called when the endpoint stops accepting connections (an embedded DynamoDB Local shared with another stockbot
   * process that has exited): returns the endpoint to use from now on, or null to give up. Requests in flight are
   * tried once more on the new endpoint.
   */
  recover?: (lost: string) => Promise<string | null>;
}

/** A connection the endpoint refused or dropped: nothing is listening there any more. */
const connectionLost = (err: unknown): boolean => {
  const e = err as { code?: string; message?: string; cause?: { code?: string } } | null;
  const code = e?.code ?? e?.cause?.code;
  // The SDK wraps a socket error in its own ("AWS SDK error wrapper for Error: connect ECONNREFUSED …").
  return ['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].some((c) => code === c || (e?.message ?? '').includes(c));
};

export interface Dynamo {
  doc: DynamoDBDocumentClient;
  tables: TableNames;
  /** Requests sent so far (the benchmark reports DynamoDB requests per check). */
  requestCount(): number;
}

export function connectDynamo(config: DynamoConfig): Dynamo {
  let current = config.endpoint;
  const client = new DynamoDBClient({
    region: config.region,
    ...(current === undefined
      ? {}
      : {
          // A provider, not a fixed URL, so a recovered endpoint takes effect for every later request.
          endpoint: async () => ({ url: new URL(current!) }),
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }),
  });
  if (current !== undefined && config.recover) {
    const recover = config.recover;
    let recovering: Promise<string | null> | null = null;
    client.middlewareStack.add(
      (next) => async (args) => {
        try {
          return await next(args);
        } catch (err) {
          if (!connectionLost(err)) throw err;
          const lost = current!;
          // One recovery for every request that noticed at once.
          recovering ??= recover(lost).finally(() => {
            recovering = null;
          });
          const fresh = await recovering;
          if (!fresh) throw err;
          current = fresh;
          return next(args);
        }
      },
      { step: 'initialize', name: 'recoverLostEndpoint' },
    );
  }
  let requests = 0;
  client.middlewareStack.add(
    (next) => async (args) => {
      requests += 1;
      return next(args);
    },
    { step: 'finalizeRequest', name: 'countRequests' },
  );
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { doc, tables: tableNames(config.tablePrefix), requestCount: () => requests };
}

/** Creates any missing table (local runs and tests; on AWS the tables come from serverless.yml). */
export async function ensureTables(dynamo: Dynamo): Promise<void> {
  const existing = new Set<string>();
  let start: string | undefined;
  do {
    const page = await dynamo.doc.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    for (const name of page.TableNames ?? []) existing.add(name);
    start = page.LastEvaluatedTableName;
  } while (start);

  await Promise.all(
    (Object.keys(TABLES) as (keyof typeof TABLES)[]).map(async (key) => {
      const name = dynamo.tables[key];
      if (existing.has(name)) return addMissingIndexes(dynamo, name, TABLES[key]);
      try {
        await dynamo.doc.send(new CreateTableCommand(tableDefinition(name, TABLES[key])));
      } catch (err) {
        if (!(err instanceof ResourceInUseException)) throw err;
      }
      await waitUntilTableExists({ client: dynamo.doc, maxWaitTime: 60, minDelay: 1 }, { TableName: name });
    }),
  );
}

/**
 * A table made by an earlier version lacks the indexes added since: each is created (DynamoDB fills it from the
 * table's rows) and waited for, so `.data/` from before an upgrade keeps working.
 */
async function addMissingIndexes(dynamo: Dynamo, name: string, spec: TableSpec): Promise<void> {
  if (!spec.indexes?.length) return;
  const table = (await dynamo.doc.send(new DescribeTableCommand({ TableName: name }))).Table;
  const present = new Set((table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  const definition = tableDefinition(name, spec);
  for (const index of definition.GlobalSecondaryIndexes ?? []) {
    if (present.has(index.IndexName)) continue;
    await dynamo.doc.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: definition.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
    for (let waited = 0; waited < 60_000; waited += 250) {
      const now = (await dynamo.doc.send(new DescribeTableCommand({ TableName: name }))).Table;
      if (now?.GlobalSecondaryIndexes?.find((i) => i.IndexName === index.IndexName)?.IndexStatus === 'ACTIVE') break;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLES, tableDefinition, tableNames, type TableNames } from './tables';

export interface DynamoConfig {
  /** A DynamoDB endpoint (DynamoDB Local, a test instance); undefined for AWS's own. */
  endpoint?: string;
  region: string;
  tablePrefix: string;
}

export interface Dynamo {
  doc: DynamoDBDocumentClient;
  tables: TableNames;
  /** Requests sent so far (the benchmark reports DynamoDB requests per check). */
  requestCount(): number;
}

export function connectDynamo(config: DynamoConfig): Dynamo {
  const client = new DynamoDBClient({
    region: config.region,
    ...(config.endpoint === undefined
      ? {}
      : { endpoint: config.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  });
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
      if (existing.has(name)) return;
      try {
        await dynamo.doc.send(new CreateTableCommand(tableDefinition(name, TABLES[key])));
      } catch (err) {
        if (!(err instanceof ResourceInUseException)) throw err;
      }
      await waitUntilTableExists({ client: dynamo.doc, maxWaitTime: 60, minDelay: 1 }, { TableName: name });
    }),
  );
}

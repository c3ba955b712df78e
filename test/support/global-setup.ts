import { startLocalDynamo, type LocalDynamo } from '../../src/store/local-dynamo';

/**
 * One in-memory DynamoDB Local for the whole run; each test file gets its own table prefix.
 * Workers inherit the endpoint through the environment.
 */
export default async function globalSetup(): Promise<void> {
  const local = await startLocalDynamo();
  (globalThis as { __dynamo?: LocalDynamo }).__dynamo = local;
  process.env.STOCKBOT_TEST_DYNAMODB = local.endpoint;
}

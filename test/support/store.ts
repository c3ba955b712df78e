import { randomUUID } from 'node:crypto';
import { openStore, type Store } from '../../src/store/open-store';

/** A store on the run's DynamoDB Local with tables of its own, so test files never see each other's rows. */
export async function testStore(): Promise<Store> {
  const endpoint = process.env.STOCKBOT_TEST_DYNAMODB;
  if (!endpoint) throw new Error('STOCKBOT_TEST_DYNAMODB is not set: run the tests with jest (test/support/global-setup.ts)');
  return openStore({
    target: { kind: 'endpoint', endpoint },
    region: 'eu-west-2',
    tablePrefix: `t${randomUUID().slice(0, 8)}-`,
    createTables: true,
  });
}

import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dailyCheck } from '../../jobs/daily-check';
import { localDocuments } from '../../src/adapters/documents/local-files';
import type { DraftNotifier } from '../../src/services/owner-notices';
import { connectDynamo } from '../../src/store/dynamo';
import { openStore, type Store } from '../../src/store/open-store';
import { RULES, STOCK_HEADER, SUPPLIERS } from '../support/documents';
import { testStore } from '../support/store';

// The check reads the state of only the items that have any (a move changed, a skip), through a sparse index, so a
// quiet morning costs the same number of DynamoDB requests at 500 items as at 2,000.
const MONDAY = new Date('2026-11-23T08:00:00Z');
const day = (n: number) => new Date(MONDAY.getTime() + n * 86_400_000);
const silent: DraftNotifier = { notify: async () => {} } as unknown as DraftNotifier;

function shop(size: number) {
  const dir = mkdtempSync(join(tmpdir(), 'stockbot-state-'));
  // One item in forty runs low (a reorder, drafted on Monday); the rest are well stocked.
  const rows = Array.from(
    { length: size },
    (_, i) => `SKU-${i},Item ${i},main,Bayside Roasters,coffee,${i % 40 === 0 ? 50 : 900},8,5,20,,4.20,,,`,
  );
  const paths = { stockSheet: join(dir, 'stock.csv'), rules: join(dir, 'rules.txt'), suppliers: join(dir, 'suppliers.txt') };
  writeFileSync(paths.stockSheet, [STOCK_HEADER, ...rows].join('\n'));
  writeFileSync(paths.rules, RULES);
  writeFileSync(paths.suppliers, SUPPLIERS);
  return localDocuments(paths);
}

let store: Store;
beforeEach(async () => {
  store = await testStore();
});
afterEach(async () => store.close());

describe('per-item state', () => {
  it('reads back exactly the moves and skips written; an item without a row has no state', async () => {
    await store.state.recordMoves(
      [
        { key: 'main#A', move: 'reorder', existing: false },
        { key: 'main#B', move: 'watch', existing: false },
      ],
      MONDAY.toISOString(),
    );
    await store.state.setSkipUntil('main#C', '2026-11-30');
    await store.state.recordMoves([{ key: 'main#A', move: 'stocked', existing: true }], day(1).toISOString());
    const states = await store.state.getMany(['main#A', 'main#B', 'main#C', 'main#D']);
    expect(Object.fromEntries(states)).toEqual({
      'main#A': { lastMove: 'stocked', moveSince: day(1).toISOString(), skipUntil: null },
      'main#B': { lastMove: 'watch', moveSince: MONDAY.toISOString(), skipUntil: null },
      'main#C': { lastMove: null, moveSince: null, skipUntil: '2026-11-30' },
    });
    // Asking for some items returns only those.
    expect([...(await store.state.getMany(['main#B'])).keys()]).toEqual(['main#B']);
  });

  it('a quiet morning costs the same DynamoDB requests at 500 items as at 2,000', async () => {
    const requests: Record<number, number> = {};
    for (const size of [500, 2000]) {
      const own = await testStore();
      try {
        const documents = shop(size);
        await dailyCheck({ documents, store: own, notifier: silent }, MONDAY);
        await dailyCheck({ documents, store: own, notifier: silent }, day(1));
        const before = own.dynamo.requestCount();
        // Wednesday: nothing changed since Tuesday.
        await dailyCheck({ documents, store: own, notifier: silent }, day(2));
        requests[size] = own.dynamo.requestCount() - before;
        // The state read itself: one query for the few rows there are, whatever the number of items.
        const keys = Array.from({ length: size }, (_, i) => `main#SKU-${i}`);
        const beforeRead = own.dynamo.requestCount();
        const states = await own.state.getMany(keys);
        expect(own.dynamo.requestCount() - beforeRead).toBe(1);
        expect(states.size).toBe(Math.ceil(size / 40));
      } finally {
        await own.close();
      }
    }
    expect(requests[2000]).toBeLessThanOrEqual(30);
    expect(requests[2000]).toBe(requests[500]);
  });

  it('a table from before the index gains it, and rows written then are found through it', async () => {
    const endpoint = process.env.STOCKBOT_TEST_DYNAMODB!;
    const prefix = `u${randomUUID().slice(0, 8)}-`;
    const old = connectDynamo({ endpoint, region: 'eu-west-2', tablePrefix: prefix });
    await old.doc.send(
      new CreateTableCommand({
        TableName: old.tables.state,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    await old.doc.send(new PutCommand({ TableName: old.tables.state, Item: { pk: 'main#A', skip_until: '2026-12-01' } }));
    // An item missing from the first check after the upgrade (its sheet row skipped that day, say).
    await old.doc.send(
      new PutCommand({ TableName: old.tables.state, Item: { pk: 'main#Z', last_move: 'watch', move_since: MONDAY.toISOString() } }),
    );
    await old.doc.send(new PutCommand({ TableName: old.tables.state, Item: { pk: 'CHECK#2026-11-20', date: '2026-11-20', items: 2 } }));

    const upgraded = await openStore({
      target: { kind: 'endpoint', endpoint },
      region: 'eu-west-2',
      tablePrefix: prefix,
      createTables: true,
    });
    try {
      const table = await upgraded.dynamo.doc.send(new DescribeTableCommand({ TableName: upgraded.dynamo.tables.state }));
      expect(table.Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(['item-rows']);
      // The first read marks the old rows; every read after goes through the index.
      expect((await upgraded.state.getMany(['main#A', 'main#B'])).get('main#A')?.skipUntil).toBe('2026-12-01');
      const fresh = await openStore({
        target: { kind: 'endpoint', endpoint },
        region: 'eu-west-2',
        tablePrefix: prefix,
        createTables: false,
      });
      try {
        expect((await fresh.state.getMany(['main#A'])).get('main#A')?.skipUntil).toBe('2026-12-01');
        // Every old per-item row was marked, not just those asked for first; run rows were left alone.
        expect(Object.fromEntries(await fresh.state.getMany(['main#Z', 'CHECK#2026-11-20']))).toEqual({
          'main#Z': { lastMove: 'watch', moveSince: MONDAY.toISOString(), skipUntil: null },
        });
        expect(await fresh.state.getRun('2026-11-20')).toMatchObject({ items: 2 });
      } finally {
        await fresh.close();
      }
    } finally {
      await upgraded.close();
    }
  });
});

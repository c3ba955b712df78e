import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalDynamo } from '../../src/store/local-dynamo';
import { openStore } from '../../src/store/open-store';

describe('embedded DynamoDB Local', () => {
  it('fails with a clear message when Java is missing', async () => {
    await expect(startLocalDynamo({ env: { PATH: '/nonexistent' } })).rejects.toThrow(
      /^Java was not found\. DynamoDB Local \(the embedded database\) runs on Java 17 or newer\. Install a Java runtime/,
    );
  });

  it('keeps data under its data directory across restarts, and a second process reuses a running instance', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'stockbot-ddb-')), 'dynamodb');
    const options = { target: { kind: 'embedded' as const, dataDir }, region: 'eu-west-2', tablePrefix: 'keep-', createTables: true };

    const first = await openStore(options);
    await first.state.setSkipUntil('main#X', '2026-12-01T00:00:00.000Z');
    const second = await openStore(options); // reuses the running instance instead of fighting over the files
    expect(second.dynamo.doc).not.toBe(first.dynamo.doc);
    expect((await second.state.getMany(['main#X'])).get('main#X')?.skipUntil).toBe('2026-12-01T00:00:00.000Z');
    await second.close();
    await first.close();
    expect(existsSync(join(dataDir, 'endpoint.json'))).toBe(false);

    const reopened = await openStore(options);
    expect((await reopened.state.getMany(['main#X'])).get('main#X')?.skipUntil).toBe('2026-12-01T00:00:00.000Z');
    await reopened.close();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open-store';

// Two stockbot processes on one data folder share one DynamoDB Local. When the one that started it exits, the other
// must carry on (start its own on the same data), not answer every request with an error.
describe('a shared embedded DynamoDB Local', () => {
  it('the second process recovers when the first one, which started the emulator, goes away; the data is still there', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stockbot-shared-'));
    const options = { target: { kind: 'embedded' as const, dataDir }, region: 'eu-west-2', tablePrefix: 'shared-', createTables: true };
    const first = await openStore(options);
    const second = await openStore(options);
    const errors: string[] = [];
    const log = jest.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    try {
      await first.audit.append({ subject: 'S', action: 'written-by-first', by: 'test', at: '2026-12-04T10:00:00.000Z' });
      expect((await second.audit.forSubject('S')).map((a) => a.action)).toEqual(['written-by-first']);

      await first.close(); // the process that started the emulator exits, and the emulator with it

      await second.audit.append({ subject: 'S', action: 'written-by-second', by: 'test', at: '2026-12-04T10:01:00.000Z' });
      expect((await second.audit.forSubject('S')).map((a) => a.action)).toEqual(['written-by-first', 'written-by-second']);
      expect(errors.join('\n')).toMatch(
        /DynamoDB Local at http:\/\/127\.0\.0\.1:\d+ stopped answering .* now using http:\/\/127\.0\.0\.1:\d+ on the same data/,
      );
    } finally {
      log.mockRestore();
      await second.close();
      await first.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

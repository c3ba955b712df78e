import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dailyCheck } from '../../jobs/daily-check';
import { localDocuments } from '../../src/adapters/documents/local-files';
import { printedDrafts } from '../../src/services/owner-notices';

const ROOT = join(__dirname, '..', '..');
const examples = (f: string) => join(ROOT, 'examples', f);

describe('the example shop', () => {
  it('decides exactly the moves examples/README.md promises, with no warnings', async () => {
    const documents = localDocuments({
      stockSheet: examples('stock.csv'),
      rules: examples('rules.txt'),
      suppliers: examples('suppliers.txt'),
    });
    const report = await dailyCheck({ documents, notifier: printedDrafts(() => {}) }, new Date('2026-11-23T08:00:00Z'), { dryRun: true });
    expect(report.warnings).toEqual([]);

    const table = readFileSync(examples('README.md'), 'utf8')
      .split('\n')
      .filter((l) => /^\| [A-Z][A-Z0-9-]* \|/.test(l))
      .map((l) =>
        l
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim()),
      );
    expect(table).toHaveLength(report.checks.length);
    const actual = report.checks.map((c) => [
      c.item.sku,
      c.item.location,
      String(c.point.point),
      String(c.point.urgentLine),
      String(c.item.onHand),
      c.decision.move.replace('_', ' '),
    ]);
    expect(actual).toEqual(table);
  });
});

describe('manifest.json', () => {
  it('declares the bot, /count and the scopes the app needs', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));
    expect(manifest.features.bot_user.display_name).toBe('stockbot');
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/count']);
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['chat:write', 'im:write', 'commands', 'files:read', 'files:write']),
    );
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['app_home_opened', 'file_shared']));
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });
});

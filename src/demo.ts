import { join, relative } from 'node:path';
import { dailyCheck } from '../jobs/daily-check';
import { moveCountsLine, moveTableText } from '../views/check-report';
import { localDocuments } from './adapters/documents/local-files';
import { consoleNotifier } from './adapters/notifier/console';
import { openStore } from './store/open-store';

export interface DemoOptions {
  now: Date;
  /** The folder with stock.csv, rules.txt and suppliers.txt. */
  examples: string;
  out: (text: string) => void;
}

/**
 * A day at the example shop on the embedded defaults: no Slack, no AWS, no network. The store is a fresh
 * in-memory DynamoDB Local each time, so the demo always tells the same story.
 */
export async function runDemo({ now, examples, out }: DemoOptions): Promise<number> {
  const documents = localDocuments({
    stockSheet: join(examples, 'stock.csv'),
    rules: join(examples, 'rules.txt'),
    suppliers: join(examples, 'suppliers.txt'),
  });
  out('stockbot demo — a day at the example shop, on the embedded defaults (no Slack, no AWS, no network)\n');
  out('Starting the embedded store (DynamoDB Local, in memory)…');
  const store = await openStore({ target: { kind: 'embedded' }, region: 'eu-west-2', tablePrefix: 'demo-', createTables: true });
  try {
    out(`Store ready: ${store.description}.\n`);
    out(`The daily check reads ${relative(process.cwd(), documents.describe().stockSheet)}, the rules doc and the supplier doc, and picks one of four moves per item.`);
    out('Drafts go to the owner; here they are printed instead of sent as Slack DMs:\n');
    const report = await dailyCheck({ documents, store, notifier: consoleNotifier(out) }, now);
    for (const warning of report.warnings) out(`warning: ${warning}`);

    out(`\nThe four moves on ${report.today} (${report.rules.timezone}):\n`);
    out(moveTableText(report.checks, report.rules.currency));
    out(`\n${report.checks.length} items: ${moveCountsLine(report.counts)}; ${report.created.length} drafts waiting for the owner.`);

    out('\nRunning the same check again, as a retried schedule would:');
    const again = await dailyCheck({ documents, store, notifier: consoleNotifier(out) }, now);
    out(`${again.created.length} new drafts: every item already has its one draft for today. Nothing is ordered until the owner taps Approve.`);
    return 0;
  } finally {
    await store.close();
  }
}

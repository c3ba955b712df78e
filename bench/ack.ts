// Ack benchmark: `node dist/bench/ack.js [--clicks 200]`. Serves the real Bolt app (HTTP receiver) over DynamoDB Local
// and a loopback fake Slack, then sends signed Approve clicks, one draft each, and prints p50/p99/max of the time from
// request to Slack's ack. The receiver answers after the listener finishes (as on Lambda), so this is the owner's wait.
// Then, for each Lambda bundle in dist/lambda (`npm run build:aws`), its size and the time a fresh Node process takes
// to load it: the part of a cold start that is ours.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LogLevel } from '@slack/bolt';
import { dailyCheck } from '../jobs/daily-check';
import { outboxMail } from '../src/adapters/mail/outbox';
import { buildApp } from '../src/app';
import { openStore } from '../src/store/open-store';
import { localRuntime } from '../src/wiring';
import { ACTION, encodeOrderRef } from '../views/ids';
import { startFakeSlack } from '../test/support/fake-slack';
import { blockActionBody, signSlackRequest } from '../test/support/slack-signing';

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { values } = parseArgs({
    options: {
      clicks: { type: 'string', default: '200' },
      items: { type: 'string', default: '0' },
      action: { type: 'string', default: 'approve' },
    },
  });
  const clicks = Number(values.clicks);
  // A bigger catalogue (--items) with only `clicks` items low: what a click costs in a shop of that size.
  const items = Math.max(clicks, Number(values.items));
  const actionId = values.action === 'skip' ? ACTION.skipPo : ACTION.approvePo;
  const dir = mkdtempSync(join(tmpdir(), 'stockbot-ack-'));
  const paths = { stockSheet: join(dir, 'stock.csv'), rules: join(dir, 'rules.txt'), suppliers: join(dir, 'suppliers.txt') };
  const rows = Array.from(
    { length: items },
    (_, i) => `SKU-${i},Item ${i},main,Acme Wholesale,misc,${i < clicks ? 5 : 500},2,5,2,,1.50,,,`,
  );
  writeFileSync(
    paths.stockSheet,
    [
      'sku,name,location,supplier,category,on_hand,daily_sales_rate,lead_time_days,safety_buffer,pack_size,unit_cost,point_override,target_level,aliases',
      ...rows,
    ].join('\n'),
  );
  writeFileSync(paths.rules, 'timezone: Europe/London\nquiet hours: none\nowner: U0OWNER\n');
  writeFileSync(paths.suppliers, '## Acme Wholesale\nemail: po@acme.example\n');

  const slack = await startFakeSlack();
  const store = await openStore({ target: { kind: 'embedded' }, region: 'eu-west-2', tablePrefix: 'ack-', createTables: true });
  const port = 40000 + Math.floor(Math.random() * 10000);
  const config = {
    botToken: 'xoxb-bench',
    signingSecret: 'bench',
    botId: 'B0',
    botUserId: 'U0BOT',
    slackApiUrl: slack.url,
    port,
    mailFrom: 'o@x.example',
    linkSecret: 'l',
    emailActionUrl: 'http://localhost/email-action',
  };
  const runtime = localRuntime({ config, store, documents: paths, mail: outboxMail(join(dir, 'outbox')), queueBackoffMs: 5 });
  const app = buildApp({ config, services: runtime.services, logLevel: LogLevel.ERROR });
  await app.start(port);
  try {
    const now = new Date();
    const report = await dailyCheck({ documents: runtime.deps.documents, store, notifier: runtime.deps.drafts }, now);
    const times: number[] = [];
    for (const order of report.created) {
      const body = blockActionBody({
        userId: 'U0OWNER',
        actionId,
        value: encodeOrderRef({ itemKey: order.item_key, orderId: order.order_id }),
        channelId: 'D0OWNER',
        messageTs: '1.0',
      });
      const started = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest('bench', body) },
        body,
      });
      await res.text();
      times.push(performance.now() - started);
    }
    await runtime.queue.drain();
    times.sort((a, b) => a - b);
    const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(1);
    console.log(
      `${values.action === 'skip' ? 'Skip' : 'Approve'} click → ack over HTTP, ${times.length} clicks, ${items} items (DynamoDB Local + ` +
        `loopback fake Slack on this machine)`,
    );
    console.log(`p50 ${pct(50)} ms   p99 ${pct(99)} ms   max ${times.at(-1)!.toFixed(1)} ms`);
  } finally {
    await app.stop();
    await store.close();
    await slack.close();
  }
}

/** Median time for a fresh Node process to load each bundle, over a few runs. */
function lambdaBundles(): void {
  const dir = resolve(__dirname, '../lambda');
  if (!existsSync(dir)) {
    console.log('\nNo Lambda bundles in dist/lambda: run `npm run build:aws` first.');
    return;
  }
  console.log('\nLambda bundles (minified, dependencies included): size and module load time in a fresh Node process');
  for (const fn of ['slack', 'email-action', 'po-sender', 'worker', 'stock-poster', 'daily-check']) {
    const file = join(dir, `${fn}.js`);
    const loads = Array.from({ length: 5 }, () => {
      const out = spawnSync(
        process.execPath,
        ['-e', `const t = performance.now(); require(${JSON.stringify(file)}); console.log(performance.now() - t)`],
        { encoding: 'utf8' },
      );
      return Number(out.stdout.trim());
    }).sort((a, b) => a - b);
    console.log(`${fn.padEnd(13)} ${(statSync(file).size / 1e6).toFixed(2)} MB   load ${loads[2]!.toFixed(0)} ms (median of 5)`);
  }
}

main()
  .then(lambdaBundles)
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });

// Till flood benchmark: `node dist/bench/pos-flood.js [--events 5000] [--in-flight 20]`.
// The real app over HTTP (as `stockbot serve` runs it, DynamoDB Local embedded) takes --events signed webhooks in
// stockbot's generic format, with 20% delivered twice and 5% forged, --in-flight at a time. It prints the answer time
// (p50, p99) and the time until every sale is applied, checks the totals are exact, and beside it a bare node:http
// server that only checks the same HMAC and answers 200, so the ratio says what the app adds to the answer.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LogLevel } from '@slack/bolt';
import { outboxMail } from '../src/adapters/mail/outbox';
import { buildApp } from '../src/app';
import { flushSheetWrites } from '../src/services/sheet-writes';
import { openStore } from '../src/store/open-store';
import { localRuntime } from '../src/wiring';

const { values } = parseArgs({ options: { events: { type: 'string', default: '5000' }, 'in-flight': { type: 'string', default: '20' } } });
const EVENTS = Number(values.events);
const IN_FLIGHT = Number(values['in-flight']);
const SECRET = 'bench-secret';
const SKUS = ['BEAN-HB', 'MILK-WH', 'CUP-12', 'LID-12', 'SUGAR-WH'];
const START = 1_000_000;

interface Delivery {
  body: string;
  signature: string;
  forged: boolean;
}

function deliveries(t: number): { list: Delivery[]; expected: Record<string, number> } {
  const expected = Object.fromEntries(SKUS.map((s) => [s, START]));
  const list: Delivery[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const forged = i % 20 === 3;
    const sku = SKUS[i % SKUS.length]!;
    const qty = 1 + (i % 3);
    const body = JSON.stringify({ event_id: `e-${i}`, type: 'sale', sku, location: 'main', qty, at: new Date(t * 1000).toISOString() });
    const signature = `t=${t},v1=${createHmac('sha256', forged ? 'forged' : SECRET)
      .update(`${t}.${body}`)
      .digest('hex')}`;
    list.push({ body, signature, forged });
    if (!forged) expected[sku]! -= qty;
    if (i % 5 === 1) list.push({ body, signature, forged });
  }
  return { list, expected };
}

async function send(url: string, list: Delivery[]): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < list.length) {
        const d = list[next++]!;
        const started = performance.now();
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-stockbot-signature': d.signature },
          body: d.body,
        });
        await res.text();
        times.push(performance.now() - started);
        if (res.status !== (d.forged ? 401 : 200)) throw new Error(`expected ${d.forged ? 401 : 200}, got ${res.status}`);
      }
    }),
  );
  return times.sort((a, b) => a - b);
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!.toFixed(1);

/** The bare baseline: node:http checking the same HMAC over the body, nothing else. */
async function bare(): Promise<{ url: string; close: () => void }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const [t, v1] = String(req.headers['x-stockbot-signature'])
        .split(',')
        .map((p) => p.split('=')[1] ?? '');
      const expected = createHmac('sha256', SECRET).update(`${t}.`).update(Buffer.concat(chunks)).digest();
      const given = Buffer.from(v1 ?? '', 'hex');
      const ok = given.length === expected.length && timingSafeEqual(given, expected);
      res.writeHead(ok ? 200 : 401);
      res.end(ok ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/pos`, close: () => server.close() };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'stockbot-bench-pos-'));
  const paths = { stockSheet: join(dir, 'stock.csv'), rules: join(dir, 'rules.txt'), suppliers: join(dir, 'suppliers.txt') };
  writeFileSync(
    paths.stockSheet,
    `sku,name,location,supplier,category,on_hand,daily_sales_rate,lead_time_days\n${SKUS.map((s) => `${s},${s},main,,,${START},1,1`).join('\n')}\n`,
  );
  writeFileSync(paths.rules, 'timezone: Europe/London\nowner: U0OWNER\n');
  writeFileSync(paths.suppliers, '');
  const store = await openStore({ target: { kind: 'embedded' }, region: 'eu-west-2', tablePrefix: 'bench-pos-', createTables: true });
  const port = 40000 + Math.floor(Math.random() * 10000);
  const config = {
    botToken: 'xoxb-bench',
    signingSecret: 'bench',
    botId: 'B0',
    botUserId: 'U0',
    slackApiUrl: 'http://127.0.0.1:9/api/',
    port,
    mailFrom: 'bench@localhost',
    linkSecret: 'x',
    emailActionUrl: `http://127.0.0.1:${port}/email-action`,
  };
  const runtime = localRuntime({
    config,
    store,
    documents: paths,
    mail: outboxMail(join(dir, 'outbox')),
    tills: { genericSecret: SECRET },
  });
  const app = buildApp({ config, services: runtime.services, logLevel: LogLevel.ERROR });
  await app.start(port);
  const quiet = console.log;
  console.log = () => {};
  try {
    const t = Math.floor(Date.now() / 1000);
    const { list, expected } = deliveries(t);
    const started = performance.now();
    const times = await send(`http://127.0.0.1:${port}/pos`, list);
    const answered = performance.now() - started;
    await runtime.queue.drain();
    const applied = performance.now() - started;
    await flushSheetWrites(runtime.deps, new Date());
    const sheet = await runtime.deps.documents.readStockSheet();
    const wrong = SKUS.filter((s) => sheet.find((i) => i.sku === s)?.onHand !== expected[s]);

    const baseline = await bare();
    const bareTimes = await send(baseline.url, list);
    baseline.close();
    console.log = quiet;
    console.log(`Till flood: ${list.length} deliveries (${EVENTS} events, 20% twice, 5% forged), ${IN_FLIGHT} in flight\n`);
    console.log(
      `stockbot /pos      answer p50 ${pct(times, 50)} ms, p99 ${pct(times, 99)} ms; all answered in ${(answered / 1000).toFixed(1)} s`,
    );
    console.log(
      `                   every sale applied ${(applied / 1000).toFixed(1)} s after the first; totals ${wrong.length === 0 ? 'exact' : `WRONG for ${wrong.join(', ')}`}`,
    );
    console.log(`bare node:http     answer p50 ${pct(bareTimes, 50)} ms, p99 ${pct(bareTimes, 99)} ms (HMAC check only)`);
  } finally {
    console.log = quiet;
    await app.stop();
    await store.close();
  }
}

void main();

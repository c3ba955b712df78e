// Inbox benchmark: `npm run bench` (or `node dist/bench/intake.js [--items 2000] [--rows 5000]`).
// A forwarded price list of --rows rows (the most the inbox reads) against a stock sheet of --items items, as a mail
// with the CSV attached: the time to parse the mail (postal-mime within our limits), read the CSV (our hardened
// reader), propose rows (the rule-based matcher) and check every row against the document, beside a bare csv-parse of
// the same bytes, so the ratio tells the truth on a noisy machine. Benchmarks measure: nothing fails on a missed aim.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import MailComposer from 'nodemailer/lib/mail-composer';
import { parseForwardedMail } from '../src/config/forwarded-mail';
import { readIntakeCsv } from '../src/config/intake-sheets';
import { checkProposal } from '../src/domain/proposal-checks';
import { matchRows } from '../src/domain/row-matcher';
import type { StockItem } from '../src/domain/types';

const { values } = parseArgs({ options: { items: { type: 'string', default: '2000' }, rows: { type: 'string', default: '5000' } } });
const items = Number(values.items);
const rows = Number(values.rows);

const stock: StockItem[] = Array.from({ length: items }, (_, i) => ({
  sku: `SKU-${i}`,
  name: `Item number ${i} ${['beans', 'cups', 'milk', 'bolts'][i % 4]}`,
  location: 'main',
  supplier: 'Acme',
  category: null,
  onHand: 10 + (i % 50),
  dailySalesRate: 1,
  leadTimeDays: 3,
  safetyBuffer: null,
  packSize: null,
  unitCost: 1 + (i % 20) / 10,
  pointOverride: null,
  targetLevel: null,
  aliases: [`50${String(i).padStart(11, '0')}`],
}));
const lines = ['Product code,Description,Unit price'];
for (let r = 0; r < rows; r++) {
  const i = r % items;
  lines.push(`${r % 3 === 0 ? stock[i]!.aliases[0] : stock[i]!.sku},"${stock[i]!.name}",£${(2 + (r % 30) / 10).toFixed(2)}`);
}
const csv = Buffer.from(`${lines.join('\n')}\n`);

async function main() {
  const mail = await new MailComposer({
    from: 'sam@shop.example',
    subject: 'Prices',
    text: 'attached',
    attachments: [{ filename: 'prices.csv', content: csv }],
  })
    .compile()
    .build();
  const time = async <T>(fn: () => T | Promise<T>): Promise<[T, number]> => {
    const start = performance.now();
    const out = await fn();
    return [out, performance.now() - start];
  };
  // One warm-up, then the measured run.
  parse(csv, { relax_column_count: true });
  const [, bare] = await time(() => parse(csv, { relax_column_count: true }));
  const [parsed, mime] = await time(() => parseForwardedMail(mail, 'prices.eml'));
  if (!parsed.ok) throw new Error(parsed.problem);
  const [read, reading] = await time(() => readIntakeCsv('prices.csv', parsed.mail.attachments[0]!.content));
  if (!read.ok) throw new Error(read.problem);
  const [proposed, proposing] = await time(() => matchRows(read.document, stock));
  const [checked, checking] = await time(() => checkProposal(proposed, read.document, stock));
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  console.log(
    `inbox: a ${rows.toLocaleString('en-US')}-row price list (${(csv.length / 1024).toFixed(0)} KB) against ${items.toLocaleString('en-US')} items`,
  );
  console.log(`| stage | time |\n| --- | ---: |`);
  console.log(`| bare csv-parse of the CSV | ${ms(bare)} |`);
  console.log(`| parse the mail (postal-mime, limits) | ${ms(mime)} |`);
  console.log(`| read the CSV (hardened reader) | ${ms(reading)} |`);
  console.log(`| propose rows (rule-based matcher) | ${ms(proposing)} |`);
  console.log(`| check every row against the document | ${ms(checking)} |`);
  console.log(
    `${checked.accepted.length} rows proposed, ${checked.dropped.length} left out; peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`,
  );
}
void main();

import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli';

export const EXAMPLES = join(__dirname, '..', '..', 'examples');

/** The CLI run in-process, with what it printed on each stream. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/**
 * A copy of the example shop in a temp folder, with the environment a command needs to use it: its own table prefix on
 * the tests' DynamoDB Local, its documents, and its data folder. Commands that write the sheet write the copy.
 */
export function exampleShop(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), `stockbot-${prefix}-`));
  for (const f of ['stock.csv', 'rules.txt', 'suppliers.txt']) copyFileSync(join(EXAMPLES, f), join(dir, f));
  return {
    dir,
    env: {
      DYNAMODB_ENDPOINT: process.env.STOCKBOT_TEST_DYNAMODB,
      TABLE_PREFIX: `${prefix.charAt(0)}${randomUUID().slice(0, 6)}-`,
      STOCK_SHEET: join(dir, 'stock.csv'),
      RULES_DOC: join(dir, 'rules.txt'),
      SUPPLIER_DOC: join(dir, 'suppliers.txt'),
      STOCKBOT_DATA_DIR: dir,
    },
  };
}

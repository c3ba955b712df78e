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

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// The import rules in .dependency-cruiser.cjs, checked with dependency-cruiser itself: a circle or an upward import
// fails the build, naming the rule and the files.
const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
  cycle?: { name: string }[];
}

function cruise(cwd: string, paths: string[], config = join(ROOT, '.dependency-cruiser.cjs')): Violation[] {
  const run = spawnSync(process.execPath, [CLI, ...paths, '--config', config, '--output-type', 'json'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (!run.stdout) throw new Error(`dependency-cruiser did not run: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

const describeViolation = (v: Violation) =>
  `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (circle: ${v.cycle.map((c) => c.name).join(' → ')})` : ''}`;

describe('imports point down, and nothing imports in a circle', () => {
  it('the source tree keeps every rule', () => {
    expect(cruise(ROOT, ['src', 'listeners', 'views', 'jobs', 'deploy']).map(describeViolation)).toEqual([]);
  }, 60_000);

  it('a circle or an upward import fails, naming the rule and both files', () => {
    // A small tree laid out like ours, with one of each mistake.
    const dir = mkdtempSync(join(ROOT, '.depcheck-'));
    try {
      for (const folder of ['src/domain', 'src/services', 'src/store', 'views']) mkdirSync(join(dir, folder), { recursive: true });
      writeFileSync(join(dir, 'src/services/a.ts'), "import { b } from './b';\nexport const a = () => b;\n");
      writeFileSync(join(dir, 'src/services/b.ts'), "import { a } from './a';\nexport const b = () => a;\n");
      writeFileSync(join(dir, 'src/store/orders.ts'), "import { a } from '../services/a';\nexport const orders = a;\n");
      writeFileSync(join(dir, 'views/card.ts'), "import { orders } from '../src/store/orders';\nexport const card = orders;\n");
      writeFileSync(join(dir, 'tsconfig.json'), '{"compilerOptions":{"module":"node16","moduleResolution":"node16"}}');
      const found = cruise(dir, ['src', 'views']).map(describeViolation);
      expect(found).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^no-circular: src\/services\/a\.ts → src\/services\/b\.ts/),
          'store-below-services: src/store/orders.ts → src/services/a.ts',
          'views-are-pure: views/card.ts → src/store/orders.ts',
        ]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

// The charts' native renderer for AWS Lambda (arm64 Linux): npm installs only the build machine's own binary, so
// packaging fetches the arm64 one from the npm registry, the same version as @resvg/resvg-js, into node_modules.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const pkg = '@resvg/resvg-js-linux-arm64-gnu';
const dir = join('node_modules', pkg);
if (existsSync(join(dir, 'resvgjs.linux-arm64-gnu.node'))) process.exit(0);
const version = require('@resvg/resvg-js/package.json').version;
mkdirSync(dir, { recursive: true });
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
execFileSync(npm, ['pack', `${pkg}@${version}`, '--pack-destination', dir, '--silent'], { stdio: 'inherit' });
const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
execFileSync('tar', ['-xzf', join(dir, tarball), '-C', dir, '--strip-components=1'], { stdio: 'inherit' });
console.log(`${pkg}@${version} fetched into ${dir}`);

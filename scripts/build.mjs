// Bundles the TypeScript entry points with esbuild. Runs on `npm install` (prepare) and before `npm start`,
// so `npx stockbot` always runs the code in this checkout. Dependencies stay external (node_modules).
import { build } from 'esbuild';

await build({
  entryPoints: {
    cli: 'src/cli.ts',
    'bench/check': 'bench/check.ts',
    'bench/ack': 'bench/ack.ts',
    'bench/reconcile': 'bench/reconcile.ts',
    'bench/sheet-sync': 'bench/sheet-sync.ts',
    'bench/pos-flood': 'bench/pos-flood.ts',
    'bench/charts': 'bench/charts.ts',
    'bench/intake': 'bench/intake.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

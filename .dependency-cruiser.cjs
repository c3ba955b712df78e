// The project's import rules, checked by `npm test` (test/integration/dependency-rules.test.ts): imports point down,
//   domain ← config ← store ← services ← listeners / jobs / handlers / cli,
// views import only domain types and each other, adapters talk to one outside thing each, and nothing imports in a
// circle. A break names the rule and both files.
// Entry points and everything that wires them: nothing below may import these.
const ABOVE = [
  '^src/app[.]ts$',
  '^src/cli[.]ts$',
  '^src/demo[.]ts$',
  '^src/wiring[.]ts$',
  '^src/handlers/',
  '^listeners/',
  '^jobs/',
  '^deploy/',
  '^bench/',
];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle: split the shared part into a module both can import.',
      from: { path: '^(src|listeners|views|jobs|deploy)/' },
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'src/domain is plain logic over plain data: it imports nothing but itself (and nothing from node_modules).',
      from: { path: '^src/domain/' },
      to: { pathNot: '^src/domain/' },
    },
    {
      name: 'config-reads-documents-only',
      severity: 'error',
      comment: 'src/config parses documents and settings: it may use the domain, never the store, services or adapters.',
      from: { path: '^src/config/' },
      to: { path: ['^src/store/', '^src/services/', '^src/adapters/', '^views/', ...ABOVE] },
    },
    {
      name: 'store-below-services',
      severity: 'error',
      comment: 'src/store holds DynamoDB repositories: it may use domain and config only.',
      from: { path: '^src/store/' },
      to: { path: ['^src/services/', '^src/adapters/', '^views/', ...ABOVE] },
    },
    {
      name: 'adapters-talk-to-one-thing',
      severity: 'error',
      comment: 'An adapter talks to one outside thing; it imports no services, views, store, listeners or jobs.',
      from: { path: '^src/adapters/' },
      to: { path: ['^src/services/', '^src/store/', '^views/', ...ABOVE] },
    },
    {
      name: 'views-are-pure',
      severity: 'error',
      comment: 'A view builds blocks from data: it imports domain types and other views only.',
      from: { path: '^views/' },
      to: { path: ['^src/', ...ABOVE], pathNot: '^src/domain/' },
    },
    {
      name: 'services-below-their-callers',
      severity: 'error',
      comment: 'Services are called by listeners, jobs, handlers and the CLI, never the other way round.',
      from: { path: '^src/services/' },
      to: { path: ABOVE },
    },
    {
      name: 'listeners-are-wiring',
      severity: 'error',
      comment: 'A listener parses, calls one service and acks: it never reaches the store or an adapter itself.',
      from: { path: '^listeners/' },
      to: { path: ['^src/store/', '^src/adapters/', '^src/config/', ...ABOVE], pathNot: '^listeners/' },
    },
    {
      name: 'jobs-below-entry-points',
      severity: 'error',
      comment: 'Jobs are plain functions run by the schedulers: they import no listeners or entry points.',
      from: { path: '^jobs/' },
      to: { path: ABOVE, pathNot: '^jobs/' },
    },
    {
      name: 'one-composition-root',
      severity: 'error',
      comment: 'Only entry points (the CLI, the demo, the Lambda handlers) and tests build dependencies: src/wiring.ts.',
      from: { pathNot: '^(src/(cli|demo)[.]ts|src/handlers/lambda/|bench/|test/)' },
      to: { path: '^src/wiring[.]ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^(dist|node_modules|test/)' },
  },
};

#!/usr/bin/env node

const path = require('node:path');
const fs = require('node:fs');

const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  console.error(`stockbot is not built yet: run \`npm install\` (or \`npm run build\`) in ${path.dirname(__dirname)}`);
  process.exit(1);
}
require(cli).runCli();

#!/usr/bin/env node
// `npm run bench`: every benchmark script in bench/ in turn (a benchmark, not a test: it prints
// figures and writes bench/results/*.json; it fails only when a script cannot run).
// Usage: node bench/run.mjs [name...]   e.g. `node bench/run.mjs parse check`
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const all = ['parse', 'check', 'route', 'lsp', 'render'];
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : all;
let failed = 0;
for (const name of wanted) {
  const script = join(here, `${name}.mjs`);
  if (!existsSync(script)) {
    console.log(`\n== ${name}: no bench/${name}.mjs`);
    continue;
  }
  console.log(`\n== ${name}`);
  const r = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);

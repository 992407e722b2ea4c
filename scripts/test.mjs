#!/usr/bin/env node
// The one test command (`npm test`): type-check, lint, build, then every test file with node's
// test runner (unit, integration against the real nginx/gunicorn, conformance, end-to-end).
// `--only unit|integration|e2e` narrows the run; `--skip-static` skips type-check, lint and build.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const skipStatic = args.includes('--skip-static') || only === 'unit';

function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { stdio: 'inherit', cwd: root, ...opts });
  return r.status ?? 1;
}

function findTests(dir) {
  const out = [];
  let entries = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries.sort()) {
    const p = join(dir, name);
    if (name === 'fixtures' || name === 'node_modules') continue;
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith('.test.ts') || name.endsWith('.test.mjs')) out.push(relative(root, p));
  }
  return out;
}

if (!skipStatic) {
  for (const [label, cmd, argv] of [
    ['type-check', 'npx', ['tsc', '-b']],
    ['lint', 'npx', ['eslint', '.']],
    ['build', 'node', ['scripts/build.mjs']],
  ]) {
    console.log(`\n== ${label}`);
    if (run(cmd, argv) !== 0) {
      console.log(`\n${label} failed`);
      console.log('0 passed, 1 failed');
      process.exit(1);
    }
  }
}

const suites = only ? [only] : ['unit', 'integration', 'e2e'];
const files = suites.flatMap((s) => findTests(join(root, 'test', s)));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
if (!only || only !== 'unit') {
  // Integration and editor tests need Debian's nginx, gunicorn, Flask, Django, chromium: install or explain.
  const status = run('node', ['scripts/ensure-system-deps.mjs', ...(suites.includes('e2e') ? ['--e2e'] : [])]);
  if (status !== 0) process.exit(status);
  // code-server is installed once, here, before the editor test files start in parallel: two of them
  // installing into .vscode-test/ at the same time would break each other's install.
  if (suites.includes('e2e') && run('node', ['scripts/e2e-setup.mjs']) !== 0) {
    console.log('code-server could not be installed (see above)');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}
console.log(`\n== tests (${files.length} files)`);
// --test-force-exit: a test file whose tests are done exits even if a handle leaked (a hang would
// otherwise hold CI until its limit); --test-timeout: no single test may run past 15 minutes.
const status = run('node', ['--import', 'tsx', '--test', '--test-force-exit', '--test-timeout=900000', '--test-concurrency=2', '--test-reporter=spec', ...files], {
  env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=4096' },
});
process.exit(status);

#!/usr/bin/env node
// `npm start`: the main job. Builds the bundles, then runs `deploylens check` on the bundled example
// workspace (examples/pybo) and prints the findings.
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const run = (cmd, argv) => spawnSync(cmd, argv, { stdio: 'inherit', cwd: root }).status ?? 1;

if (run('node', ['scripts/build.mjs']) !== 0) process.exit(1);
console.log('\n$ deploylens check examples/pybo');
const status = run('node', ['dist/cli.js', 'check', 'examples/pybo']);
process.exit(status);

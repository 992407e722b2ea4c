#!/usr/bin/env node
// The whole `deploylens check` process against the real `nginx -T` on the same ~100k-line tree
// (bench/gen-tree.mjs), in one run: include resolution, positions and every check vs nginx's own
// parse of the tree. Prints medians of 5 wall-clock runs and the ratio; writes bench/results/check.json.
// Usage: node bench/check.mjs [--lines N] [--runs N] [--no-build]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTree } from './gen-tree.mjs';

const root = new URL('..', import.meta.url).pathname;
const arg = (name, d) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : d);
const lines = arg('--lines', 100_000);
const runs = arg('--runs', 5);
const NGINX = '/usr/sbin/nginx';

if (!process.argv.includes('--no-build') && spawnSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
const dir = mkdtempSync(join(tmpdir(), 'deploylens-bench-check-'));
const info = generateTree(dir, lines);

function time(cmd, argv, ok) {
  const samples = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    last = spawnSync(cmd, argv, { maxBuffer: 1 << 28, encoding: 'utf8' });
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (!ok(last)) throw new Error(`${cmd} ${argv.join(' ')} failed (${last.status}): ${last.stderr}`);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[samples.length >> 1], min: samples[0], max: samples.at(-1), last };
}

const cli = join(root, 'dist', 'cli.js');
const nginxT = time(NGINX, ['-T', '-q', '-p', dir, '-c', join(dir, 'nginx.conf')], (r) => r.status === 0);
const checkMain = time(process.execPath, [cli, 'check', join(dir, 'nginx.conf'), '--format', 'json'], (r) => r.status === 0 || r.status === 1);
const checkDir = time(process.execPath, [cli, 'check', dir, '--format', 'json'], (r) => r.status === 0 || r.status === 1);
const nodeStart = time(process.execPath, ['-e', '0'], (r) => r.status === 0);
const findings = JSON.parse(checkMain.last.stdout).diagnostics.length;

const rows = [
  ['nginx -T -q (whole process)', nginxT.median],
  ['deploylens check nginx.conf (whole process)', checkMain.median],
  ['deploylens check <tree folder> (whole process)', checkDir.median],
  ['node -e 0 (process start only)', nodeStart.median],
];
console.log(`tree: ${Array.isArray(info?.files) ? info.files.length : "?"} files, ${lines} lines; ${runs} runs each; findings on the tree: ${findings}`);
for (const [name, ms] of rows) console.log(`${name.padEnd(50)} ${ms.toFixed(1).padStart(8)} ms`);
console.log(`ratio check(nginx.conf) / nginx -T: ${(checkMain.median / nginxT.median).toFixed(2)}`);
console.log(`ratio check(folder) / nginx -T:     ${(checkDir.median / nginxT.median).toFixed(2)}`);
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'check.json'), JSON.stringify({ lines, runs, findings, rows: Object.fromEntries(rows) }, null, 2));
rmSync(dir, { recursive: true, force: true });

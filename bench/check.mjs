#!/usr/bin/env node
// The whole `deploylens check` process against the real `nginx -T` on the same ~100k-line tree
// (bench/gen-tree.mjs), in one run: include resolution, positions and every check vs nginx's own
// parse of the tree. Runs the commands in interleaved rounds and prints medians and the median of the
// per-round ratios; writes bench/results/check.json.
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

/** One timed run of a command (wall clock, ms); throws when `ok` rejects its result. */
function once(cmd, argv, ok) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { maxBuffer: 1 << 28, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (!ok(r)) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { ms, r };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const cli = join(root, 'dist', 'cli.js');
const commands = {
  nginxT: [NGINX, ['-T', '-q', '-p', dir, '-c', join(dir, 'nginx.conf')], (r) => r.status === 0],
  checkMain: [process.execPath, [cli, 'check', join(dir, 'nginx.conf'), '--format', 'json'], (r) => r.status === 0 || r.status === 1],
  checkDir: [process.execPath, [cli, 'check', dir, '--format', 'json'], (r) => r.status === 0 || r.status === 1],
  nodeStart: [process.execPath, ['-e', '0'], (r) => r.status === 0],
};
// Interleaved rounds, the order rotating: a machine whose speed drifts (other tenants, CPU boost)
// slows both sides of a ratio alike. Each round gives a paired ratio; the figure is their median.
const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
const ratios = { main: [], dir: [] };
let lastMain;
const names = Object.keys(commands);
for (let i = 0; i < runs; i++) {
  const round = {};
  for (let j = 0; j < names.length; j++) {
    const name = names[(i + j) % names.length];
    const [cmd, argv, ok] = commands[name];
    const { ms, r } = once(cmd, argv, ok);
    round[name] = ms;
    samples[name].push(ms);
    if (name === 'checkMain') lastMain = r;
  }
  ratios.main.push(round.checkMain / round.nginxT);
  ratios.dir.push(round.checkDir / round.nginxT);
}
const findings = JSON.parse(lastMain.stdout).diagnostics.length;

const rows = [
  ['nginx -T -q (whole process)', median(samples.nginxT)],
  ['deploylens check nginx.conf (whole process)', median(samples.checkMain)],
  ['deploylens check <tree folder> (whole process)', median(samples.checkDir)],
  ['node -e 0 (process start only)', median(samples.nodeStart)],
];
const fmt = (xs) => `${median(xs).toFixed(2)} (rounds: ${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)})`;
console.log(`tree: ${Array.isArray(info?.files) ? info.files.length : '?'} files, ${lines} lines; ${runs} interleaved rounds; findings on the tree: ${findings}`);
for (const [name, ms] of rows) console.log(`${name.padEnd(50)} ${ms.toFixed(1).padStart(8)} ms (median)`);
console.log(`ratio check(nginx.conf) / nginx -T: ${fmt(ratios.main)}`);
console.log(`ratio check(folder) / nginx -T:     ${fmt(ratios.dir)}`);
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'check.json'), JSON.stringify({ lines, runs, findings, rows: Object.fromEntries(rows), ratioMain: median(ratios.main), ratioDir: median(ratios.dir) }, null, 2));
rmSync(dir, { recursive: true, force: true });

#!/usr/bin/env node
// Parser benchmark: `node bench/parse.mjs [--lines N] [--runs N]`.
// Generates a ~100k-line config tree (bench/gen-tree.mjs) in a temp dir, then measures, in one run:
//   - parseNginx over every file, in-process (the parser bundled by esbuild, as it ships);
//   - npm `nginx-conf` (NginxParser; it keeps no positions) over the same files, in-process;
//   - the real `nginx -T -q -p DIR -c DIR/nginx.conf`, as a whole process;
// each the median of N runs (default 5), and once each: a 50 MB file and one million `{`.
// Prints a table and writes bench/results/parse.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { NginxParser } from 'nginx-conf';
import { generateTree } from './gen-tree.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const LINES = opt('--lines', 100_000);
const RUNS = opt('--runs', 5);
const NGINX = '/usr/sbin/nginx';

const readLoad = () => {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  } catch {
    return '?';
  }
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const now = () => performance.now();

/** Bundles the parser and printer (as esbuild ships them) into `dir` and imports them. */
async function loadParser(dir) {
  const outfile = join(dir, 'parser.mjs');
  const entry = join(dir, 'entry.ts');
  writeFileSync(entry, `export { parseNginx } from ${JSON.stringify(join(root, 'server/src/nginx/parser'))};\nexport { printNginx } from ${JSON.stringify(join(root, 'server/src/nginx/print'))};\n`);
  await build({ entryPoints: [entry], outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'error' });
  return import(pathToFileURL(outfile).href);
}

/** Parses one text with nginx-conf; returns whether it reported an error (its callback is synchronous). */
function nginxConfParse(text) {
  let failed = null;
  new NginxParser().parse(text, (err) => {
    failed = Boolean(err);
  });
  if (failed === null) throw new Error('nginx-conf did not call back synchronously');
  return failed;
}

/** CPU time used so far, in ms: this process (all its threads, GC included) plus its waited-for children. */
function cpuNow() {
  const own = process.cpuUsage();
  let children = 0;
  try {
    // Linux: fields 16 and 17 of /proc/self/stat are the children's user and system time, in ticks.
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    children = ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    children = NaN;
  }
  return (own.user + own.system) / 1000 + children;
}

/** Runs `f` once; returns wall and CPU time in ms and its result. */
function once(f) {
  const c0 = cpuNow();
  const t0 = now();
  const result = f();
  return { ms: now() - t0, cpuMs: cpuNow() - c0, result };
}

/**
 * Runs `f` RUNS times (after one warm-up run); returns the median wall time and the median CPU time
 * in ms (CPU time stays meaningful when other processes share the cores), and the last result.
 */
function measure(f) {
  let result = f();
  const times = [];
  const cpu = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = cpuNow();
    const t0 = now();
    result = f();
    times.push(now() - t0);
    cpu.push(cpuNow() - c0);
  }
  return { ms: median(times), cpuMs: median(cpu), times, result };
}

const work = mkdtempSync(join(tmpdir(), 'deploylens-bench-'));
try {
  const treeDir = join(work, 'tree');
  const { files, lines } = generateTree(treeDir, LINES);
  const texts = files.map((f) => ({ path: f, text: readFileSync(f, 'utf8') }));
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t.text), 0);
  console.log(`tree: ${files.length} files, ${lines} lines, ${(bytes / 1e6).toFixed(2)} MB in ${treeDir}`);

  const { parseNginx, printNginx } = await loadParser(work);

  const ours = measure(() => {
    let errors = 0;
    for (const t of texts) errors += parseNginx(t.text, t.path).errors.length;
    return errors;
  });
  if (ours.result !== 0) throw new Error(`parseNginx reported ${ours.result} errors on the generated tree`);

  const theirs = measure(() => {
    let failures = 0;
    for (const t of texts) if (nginxConfParse(t.text)) failures++;
    return failures;
  });

  const nginxRun = () => spawnSync(NGINX, ['-T', '-q', '-p', treeDir, '-c', join(treeDir, 'nginx.conf')], { maxBuffer: 1 << 28 });
  const first = nginxRun();
  if (first.status !== 0) throw new Error(`nginx -T failed: ${first.stderr}`);
  const real = measure(() => nginxRun().status);

  // One large file: the site files repeated to 50 MB.
  const chunk = texts.slice(1).map((t) => t.text).join('\n');
  const big = chunk.repeat(Math.ceil(50e6 / chunk.length)).slice(0, 50e6);
  const bigEnd = big.lastIndexOf('\n}\n') + 3; // end on a complete site
  const big50 = big.slice(0, bigEnd);
  const bigParse = once(() => parseNginx(big50, 'big.conf'));
  const bigFile = bigParse.result;
  const bigPrint = once(() => printNginx(bigFile) === big50);
  const bigPrinted = bigPrint.result;
  const braces = once(() => parseNginx('{'.repeat(1_000_000), 'braces.conf'));
  const nested = once(() => parseNginx('a {'.repeat(1_000_000), 'nested.conf'));

  const rows = [
    ['parseNginx (in-process, all files)', ours, `${ours.result} errors`],
    ['nginx-conf NginxParser (in-process, all files)', theirs, `${theirs.result} files rejected`],
    ['nginx -T -q (whole process)', real, 'rc 0'],
  ];
  console.log(`\nmedian of ${RUNS} runs, ${(bytes / 1e6).toFixed(2)} MB, ${files.length} files (load average ${readLoad()})`);
  console.log(`${'what'.padEnd(48)} ${'wall ms'.padStart(9)} ${'x ours'.padStart(8)} ${'cpu ms'.padStart(9)} ${'x ours'.padStart(8)}  note`);
  for (const [name, m, note] of rows) {
    console.log(`${name.padEnd(48)} ${m.ms.toFixed(1).padStart(9)} ${(m.ms / ours.ms).toFixed(2).padStart(8)} ${m.cpuMs.toFixed(1).padStart(9)} ${(m.cpuMs / ours.cpuMs).toFixed(2).padStart(8)}  ${note}`);
  }
  console.log(`${'parseNginx throughput (wall / cpu)'.padEnd(48)} ${((bytes / 1e6) / (ours.ms / 1000)).toFixed(1).padStart(9)} MB/s ${((bytes / 1e6) / (ours.cpuMs / 1000)).toFixed(1).padStart(9)} MB/s`);
  console.log(`\nonce:${' '.repeat(45)}wall ms    cpu ms`);
  const line = (name, m, note = '') => console.log(`${name.padEnd(48)} ${m.ms.toFixed(1).padStart(9)} ${m.cpuMs.toFixed(1).padStart(9)}  ${note}`);
  line(`parseNginx, one ${(big50.length / 1e6).toFixed(1)} MB file`, bigParse, `${bigFile.errors.length} errors`);
  line(`printNginx of it (round trip ${bigPrinted ? 'ok' : 'FAILED'})`, bigPrint);
  line('parseNginx, 1,000,000 {', braces, `${braces.result.errors.length} errors`);
  line('parseNginx, 1,000,000 nested "a {"', nested, `${nested.result.errors.length} errors`);

  const results = {
    date: new Date().toISOString(),
    node: process.version,
    tree: { files: files.length, lines, bytes },
    runs: RUNS,
    loadAverage: readLoad(),
    parseNginxMs: ours.ms,
    parseNginxCpuMs: ours.cpuMs,
    parseNginxTimes: ours.times,
    nginxConfMs: theirs.ms,
    nginxConfCpuMs: theirs.cpuMs,
    nginxConfTimes: theirs.times,
    nginxConfRejectedFiles: theirs.result,
    nginxTMs: real.ms,
    nginxTCpuMs: real.cpuMs,
    nginxTTimes: real.times,
    ratios: {
      nginxConfOverOurs: theirs.ms / ours.ms,
      nginxTOverOurs: real.ms / ours.ms,
      nginxConfOverOursCpu: theirs.cpuMs / ours.cpuMs,
      nginxTOverOursCpu: real.cpuMs / ours.cpuMs,
    },
    big: { chars: big50.length, parseMs: bigParse.ms, parseCpuMs: bigParse.cpuMs, printMs: bigPrint.ms, printCpuMs: bigPrint.cpuMs, roundTrip: bigPrinted, errors: bigFile.errors.length },
    braces: { count: 1_000_000, parseMs: braces.ms, parseCpuMs: braces.cpuMs, errors: braces.result.errors.length },
    nested: { count: 1_000_000, parseMs: nested.ms, parseCpuMs: nested.cpuMs, errors: nested.result.errors.length },
  };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/parse.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('\nwrote bench/results/parse.json');
} finally {
  rmSync(work, { recursive: true, force: true });
}

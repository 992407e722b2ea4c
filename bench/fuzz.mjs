#!/usr/bin/env node
// Nightly-sized fuzzing: `node bench/fuzz.mjs [--cases N] [--seed S] [--only name[,name]] [--chunk N]`.
// Runs the reliability properties of test/unit/reliability/properties.ts (parser round trip, formatter,
// checker + quick fixes, router, gunicorn launcher readers, gunicorn workspace, Python evaluator) on
// N cases in all (default 1,000,000, shared equally), in chunks of --chunk cases (default 5000) with
// their own seeds, so that one counterexample does not stop the run. Prints cases/s per property and
// every counterexample with the seed and path that replay it:
//   node --import tsx -e "require('./test/unit/reliability/properties').runProperty('<name>', 1, <seed>)"
// (or fast-check's `{ seed, path }`). Writes bench/results/fuzz.json. Exits 1 when a property failed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const TOTAL = Number(opt('--cases', 1_000_000));
const SEED = Number(opt('--seed', Date.now() % 1_000_000_007));
const CHUNK = Number(opt('--chunk', 5000));
const ONLY = opt('--only', '');

// Bundle the properties (TypeScript) once, as the CLI ships: plain node runs it.
const dir = mkdtempSync(join(tmpdir(), 'deploylens-fuzz-'));
const bundle = join(dir, 'properties.cjs');
await build({
  entryPoints: [join(root, 'test/unit/reliability/properties.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: bundle,
  logLevel: 'error',
});
process.env.DEPLOYLENS_REPO = root;
const require = createRequire(import.meta.url);
const props = require(bundle);
// The same bundle initialises its own copy of the Python parser (wasm found from the repo's node_modules).
await props.loadPythonParser(root);

const names = Object.keys(props.PROPERTIES).filter((n) => !ONLY || ONLY.split(',').includes(n));
const perProperty = Math.ceil(TOTAL / names.length);
console.log(`fuzz: ${names.length} properties x ${perProperty} cases, seed ${SEED}, chunks of ${CHUNK}`);

const results = [];
let failed = false;
for (const [i, name] of names.entries()) {
  let done = 0;
  let ms = 0;
  const counterexamples = [];
  for (let chunk = 0; done < perProperty; chunk++) {
    const n = Math.min(CHUNK, perProperty - done);
    const seed = (SEED + i * 1_000_003 + chunk * 7919) | 0;
    const t0 = performance.now();
    const r = props.runProperty(name, n, seed);
    ms += performance.now() - t0;
    // A turn of the event loop between chunks: the finalizers that free Python trees' wasm memory run then.
    await new Promise((resolve) => setImmediate(resolve));
    // A failed chunk stops at its counterexample: count the cases it ran, move on to the next seed.
    done += r.failed ? Math.max(1, r.numRuns) : n;
    if (r.failed) {
      failed = true;
      const example = JSON.stringify(r.counterexample)?.slice(0, 2000);
      counterexamples.push({ seed, path: r.counterexamplePath, counterexample: example, error: String(r.errorInstance ?? r.error).slice(0, 2000) });
      console.log(`  COUNTEREXAMPLE ${name} seed=${seed} path=${r.counterexamplePath}\n    input: ${example}\n    ${String(r.errorInstance ?? r.error).split('\n').slice(0, 6).join('\n    ')}`);
    }
  }
  const rate = Math.round((done / ms) * 1000);
  console.log(`${name.padEnd(18)} ${String(done).padStart(8)} cases  ${(ms / 1000).toFixed(1).padStart(7)} s  ${String(rate).padStart(6)} cases/s  ${counterexamples.length ? counterexamples.length + ' FAILED chunks' : 'ok'}`);
  results.push({ name, cases: done, seconds: +(ms / 1000).toFixed(2), casesPerSecond: rate, counterexamples });
}
const cases = results.reduce((a, r) => a + r.cases, 0);
const seconds = results.reduce((a, r) => a + r.seconds, 0);
console.log(`total: ${cases} cases in ${seconds.toFixed(1)} s = ${Math.round(cases / seconds)} cases/s${failed ? ', with counterexamples' : ', no counterexample'}`);
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/fuzz.json'), JSON.stringify({ date: new Date().toISOString(), seed: SEED, cases, seconds: +seconds.toFixed(1), results }, null, 2) + '\n');
rmSync(dir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);

/**
 * Property-based reliability suite (fast-check): the parser, the formatter, the checker with its
 * quick fixes, the router, the gunicorn launcher readers, a whole gunicorn workspace (units +
 * gunicorn.conf.py), the Python evaluator and whole deployment workspaces with their cross-file fixes, on random bytes, token soups and real configurations
 * truncated or with characters deleted, duplicated or swapped (see properties.ts). 23,100 cases in
 * all, from fixed seeds (DEPLOYLENS_FUZZ_SEED overrides them); about 10 s on an idle core, bounded
 * here at 60 s for the whole file. bench/fuzz.mjs runs the same properties 1e6 times.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadPython } from '../../helpers/python';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { PROPERTIES, checkFindings, workspaceSeeds, nginxSeeds, pythonSeeds, launcherSeeds, whitespaceMutated, formatterProperty, type PropertyName } from './properties';

/** Cases per property: the slow ones (whole checks, re-checks after fixes) get fewer. */
const RUNS: Record<PropertyName, number> = {
  parser: 6000,
  formatter: 4000,
  checker: 2000,
  router: 3000,
  launchers: 3000,
  gunicornWorkspace: 1500,
  python: 3000,
  workspace: 300,
};
const BUDGET_MS = 60_000;
const seedBase = Number(process.env.DEPLOYLENS_FUZZ_SEED ?? 20260101);
const started = performance.now();
let cases = 0;

before(async () => {
  await loadPython();
});

after(() => {
  const ms = performance.now() - started;
  console.log(`reliability properties: ${cases} cases in ${(ms / 1000).toFixed(1)} s`);
});

test('the seeds are real files', () => {
  assert.ok(nginxSeeds().length >= 40, `${nginxSeeds().length} nginx seeds`);
  assert.ok(pythonSeeds().length >= 10, `${pythonSeeds().length} python seeds`);
  assert.ok(launcherSeeds().length >= 5, `${launcherSeeds().length} launcher seeds`);
  assert.ok(workspaceSeeds().length >= 20, `${workspaceSeeds().length} workspace seeds`);
});

(Object.keys(RUNS) as PropertyName[]).forEach((name, i) => {
  test(`property: ${name} (${RUNS[name]} cases)`, () => {
    const p = PROPERTIES[name] as { arb: fc.Arbitrary<unknown>; run: (x: unknown) => void };
    const t0 = performance.now();
    fc.assert(
      fc.property(p.arb, (x) => {
        cases++;
        p.run(x);
      }),
      { numRuns: RUNS[name], seed: seedBase + i },
    );
    console.log(`  ${name}: ${RUNS[name]} cases, ${Math.round(performance.now() - t0)} ms`);
  });
});

test('the formatter property is not vacuous: most whitespace-mutated real configs are formatted', () => {
  let formatted = 0;
  let n = 0;
  fc.assert(
    fc.property(whitespaceMutated, (t) => {
      n++;
      if (formatterProperty(t)) formatted++;
    }),
    { numRuns: 300, seed: seedBase },
  );
  cases += n;
  assert.ok(formatted > n * 0.8, `${formatted}/${n} formatted`);
});

test('the properties fail on what they forbid (a range outside its file, an internal failure, a throw)', () => {
  const host = new MemoryHost({ '/f': 'abc' });
  const base = { file: '/f', severity: 'error' as const, code: 'x', message: 'm' };
  assert.throws(() => checkFindings(host, [{ ...base, start: 0, end: 4 }], 't'), /outside/);
  assert.throws(() => checkFindings(host, [{ ...base, start: 0, end: 1, code: 'deploylens-internal' }], 't'));
  assert.throws(() => checkFindings(host, [{ ...base, start: 0, end: 1, fixes: [{ title: 'f', edits: [{ file: '/f', start: 2, end: 9, newText: '' }] }] }], 't'), /outside/);
  assert.doesNotThrow(() => checkFindings(host, [{ ...base, start: 0, end: 3 }], 't'));
  const failing = fc.check(fc.property(fc.constant('x'), () => PROPERTIES.parser.run('{') === undefined && assert.fail('boom')), { numRuns: 1 });
  assert.ok(failing.failed, 'fast-check reports a throwing property');
});

test('the whole file stays within its time bound and runs at least 1e4 cases', () => {
  const ms = performance.now() - started;
  assert.ok(cases >= 10_000, `${cases} cases`);
  assert.ok(ms < BUDGET_MS, `${Math.round(ms)} ms`);
});

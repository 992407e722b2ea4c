// The corpus of real configs with nginx -t verdicts (/work/shared/corpus/nginx): every valid case
// (and every env case that only a newer nginx accepts) checks without an error; at least 95% of
// the invalid cases get an error on the line nginx named. Same code path as the CLI and editor:
// loadNginxConfig + checkNginx through the real file system, context inferred.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR, runConformance } from './corpus';

test('nginx corpus conformance', { skip: !existsSync(join(CORPUS_DIR, 'index.json')) && `no corpus at ${CORPUS_DIR}` }, () => {
  const report = runConformance();
  const falseErrors = report.results.filter((r) => r.verdict === 'valid' && !r.pass);
  console.log(`valid without error: ${report.valid.passed}/${report.valid.total}; invalid caught on nginx's line: ${report.invalid.passed}/${report.invalid.total}; ${Math.round(report.ms)} ms`);
  assert.ok(report.valid.total >= 600, `only ${report.valid.total} valid cases found`);
  assert.deepEqual(
    falseErrors.map((r) => `${r.id}: ${r.errors[0]?.code} ${r.errors[0]?.message}`),
    [],
  );
  assert.ok(report.invalid.passed / report.invalid.total >= 0.95, `invalid caught: ${report.invalid.passed}/${report.invalid.total}`);
  // The deprecation warnings nginx printed for valid cases are the ones the checker gives.
  const valid = report.results.filter((r) => r.verdict === 'valid');
  assert.ok(valid.reduce((n, r) => n + r.deprecations.nginx, 0) > 10);
  assert.deepEqual(valid.filter((r) => r.deprecations.nginx !== r.deprecations.checker).map((r) => `${r.id}: nginx ${r.deprecations.nginx}, checker ${r.deprecations.checker}`), []);
});

#!/usr/bin/env -S node --import tsx
// Conformance report of the nginx checker on the corpus (/work/shared/corpus/nginx): prints the
// failing cases with their first errors, then both figures. The same run is asserted by
// test/integration/nginx/conformance.test.ts.
// Usage: node --import tsx scripts/conformance.ts [--verbose] [--only <id-substring>]
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { LineIndex } from '../server/src/common/text';
import { CORPUS_DIR, runConformance } from '../test/integration/nginx/corpus';

function pct(p: { total: number; passed: number }): string {
  return p.total ? ((100 * p.passed) / p.total).toFixed(1) + '%' : 'n/a';
}

{
  const verbose = process.argv.includes('--verbose');
  const onlyAt = process.argv.indexOf('--only');
  const report = runConformance(onlyAt > 0 ? process.argv[onlyAt + 1] : undefined);
  for (const r of report.results) {
    if (r.pass && !verbose) continue;
    console.log(`${r.pass ? 'ok  ' : 'FAIL'} ${r.verdict.padEnd(7)} ${r.id}${r.nginxError ? `  (nginx: ${r.nginxError})` : ''}`);
    for (const f of r.errors.slice(0, 5)) {
      const text = readFileSync(f.file, 'utf8');
      const at = new LineIndex(text).humanAt(f.start);
      console.log(`       ${relative(CORPUS_DIR, f.file)}:${at.line}:${at.column} ${f.code}: ${f.message}`);
    }
  }
  console.log(`valid (no error):          ${report.valid.passed}/${report.valid.total} = ${pct(report.valid)}`);
  console.log(`invalid (error on line):   ${report.invalid.passed}/${report.invalid.total} = ${pct(report.invalid)}`);
  console.log(`time: ${Math.round(report.ms)} ms`);
}

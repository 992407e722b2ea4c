import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findRuleDocs, ruleDocLinks } from '../../../server/src/lsp/ruleDocs';
import { toDiagnostic } from '../../../server/src/lsp/convert';
import { LineIndex } from '../../../server/src/common/text';

test('diagnostics link to docs/rules/<code>.md only when the page exists', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deploylens-ruledocs-'));
  try {
    mkdirSync(join(dir, 'docs', 'rules'), { recursive: true });
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'docs', 'rules', 'proxy-target-not-bound.md'), '# proxy-target-not-bound\n');
    const rules = findRuleDocs(join(dir, 'dist'));
    assert.equal(rules, join(dir, 'docs', 'rules'));
    const href = ruleDocLinks(rules);
    const text = 'server { proxy_pass http://unix:/x; }\n';
    const idx = new LineIndex(text);
    const d = toDiagnostic({ file: '/f', start: 9, end: 19, severity: 'error', code: 'proxy-target-not-bound', message: 'm', related: [{ file: '/f', start: 0, end: 6, message: 'here' }] }, () => idx, (p) => `file://${p}`, href);
    assert.deepEqual(d.codeDescription, { href: pathToFileURL(join(dir, 'docs', 'rules', 'proxy-target-not-bound.md')).href });
    assert.deepEqual(d.range, { start: { line: 0, character: 9 }, end: { line: 0, character: 19 } });
    assert.equal(d.relatedInformation?.[0].location.uri, 'file:///f');
    const none = toDiagnostic({ file: '/f', start: 0, end: 1, severity: 'warning', code: 'nginx-unknown-directive', message: 'm' }, () => idx, (p) => p, href);
    assert.equal(none.codeDescription, undefined);
    assert.equal(href('../../etc/passwd'), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

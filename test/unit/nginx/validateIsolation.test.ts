import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { loadNginxConfig } from '../../../server/src/nginx/includes';
import { validateConfig } from '../../../server/src/nginx/validate';
import { directiveRule } from '../../../server/src/nginx/rules/directives';
import type { RuleFactory } from '../../../server/src/nginx/rules/rule';

test('a validation rule that throws is reported once and skipped; the other rules still report', () => {
  const config = loadNginxConfig(new MemoryHost({ '/ws/site.conf': 'server {\n    listen 80;\n    allias /x;\n    root /y;\n}\n' }), '/ws/site.conf');
  let calls = 0;
  const broken: RuleFactory = () => ({
    directive() {
      calls++;
      throw new Error('boom');
    },
    finish() {
      throw new Error('never reached: the rule was dropped');
    },
  });
  const findings = validateConfig(config, { rules: [broken, directiveRule] });
  assert.equal(calls, 1, 'dropped after its first throw');
  assert.deepEqual(
    findings.map((f) => [f.code, f.severity]),
    [
      ['deploylens-internal', 'warning'],
      ['nginx-unknown-directive', 'error'],
    ],
  );
  assert.match(findings[0].message, /boom/);
});

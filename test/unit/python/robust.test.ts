import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluateModule } from '../../../server/src/python/evaluate';
import { parseTarget } from '../../../server/src/project/app/target';
import { loadPython } from '../../helpers/python';

before(loadPython);

// Fragments that combine into half-typed Python: unbalanced brackets, stray quotes, indentation, calls.
const fragments = [
  'x', 'BASE_DIR', ' = ', '(', ')', '[', ']', '{', '}', ',', ':', '\n', '\n    ', "'", '"', '"""', "f'{", '}', '+', '*', '/', '%', '.',
  'os.environ.get(', "'K'", '1', '0x', '1e', 'None', 'True', 'def f(', 'class C(', 'return ', 'import ', 'from . import *', 'from .base import *',
  'if ', 'else:', 'try:', 'except:', 'lambda', '**', '*', '\\', '#', 'Path(__file__)', '.parent', '/ ', 'env(', 'default=', '\uFFFD', '한', '😀', '\r\n', '\t',
];

test('evaluateModule never throws and keeps spans inside the text on arbitrary half-typed input', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 60 }), (parts) => {
      const text = parts.join('');
      const mod = evaluateModule(text, { file: '/ws/a/settings.py', importModule: () => undefined });
      for (const a of mod.assignments) {
        assert.ok(a.nameSpan.start >= 0 && a.nameSpan.end <= text.length && a.valueSpan.end <= text.length);
      }
      for (const e of mod.errors) assert.ok(e.start >= 0 && e.end <= text.length && e.start <= e.end);
    }),
    { numRuns: 300, seed: 4242 },
  );
});

test('arbitrary strings: evaluation and target parsing are total', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), (text) => {
      evaluateModule(text);
      const t = parseTarget(text);
      assert.equal(typeof t.module, 'string');
    }),
    { numRuns: 300, seed: 7 },
  );
});

test('deep nesting and long files stay bounded', () => {
  const deep = 'X = ' + '('.repeat(500) + '1' + ')'.repeat(500) + '\nY = ' + '['.repeat(300) + '\n';
  const mod = evaluateModule(deep);
  assert.ok(mod.scope.vars.has('X'));
  const start = performance.now();
  const lines: string[] = [];
  for (let i = 0; i < 10000; i++) lines.push(i % 100 === 50 ? `BROKEN_${i} = (` : `S_${i} = 'v${i}'`);
  const big = evaluateModule(lines.join('\n'));
  assert.ok(big.errors.length > 0);
  assert.ok(big.scope.vars.has('S_9999'));
  assert.ok(performance.now() - start < 20_000, "bounded: catches super-linear recovery, not machine load");
});

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePython, releasePythonTree } from '../../../server/src/python/parse';
import { parseTolerant } from '../../../server/src/python/recover';
import { loadPython } from '../../helpers/python';

before(loadPython);

test('a clean file has no errors and UTF-16 offsets', () => {
  const t = parsePython('s = "한글😀"; x = 1\n');
  assert.deepEqual(t.errors, []);
  const second = t.root.namedChildren[1]!;
  // '한글😀' is 4 UTF-16 units (the emoji is a surrogate pair): 's = "' (5) + 4 + '"; ' (3) = 12.
  assert.equal(second.startIndex, 12);
  assert.equal(second.text, 'x = 1');
});

const broken: Array<[string, string, number]> = [
  ['unclosed paren', 'x = (1,\ny = 2\n', 1],
  ['half-typed def', 'def f(:\n    pass\nz = 3\n', 1],
  ['stray token', 'a = 1\n)\nb = 2\n', 1],
];

for (const [name, text, min] of broken) {
  test(`errors are listed with spans, never thrown: ${name}`, () => {
    const t = parsePython(text);
    assert.ok(t.errors.length >= min, JSON.stringify(t.errors));
    for (const e of t.errors) {
      assert.ok(e.start >= 0 && e.end <= text.length && e.start <= e.end);
      assert.match(e.message, /invalid syntax|missing/);
    }
  });
}

test('later statements survive an error above them', () => {
  const t = parsePython('x = (1,\ny = 2\nSTATIC_ROOT = "s"\n');
  assert.ok(t.root.text.includes('STATIC_ROOT'));
  const names = t.root.descendantsOfType('assignment').map((a) => a!.childForFieldName('left')!.text);
  assert.ok(names.includes('STATIC_ROOT'), names.join(','));
});

test('binary noise and a 10k-line file parse without throwing', () => {
  const noise = Array.from({ length: 2000 }, (_, i) => String.fromCharCode((i * 7919) % 0xd7ff)).join('') + '\uFFFD\uFFFD';
  const t = parsePython(noise);
  assert.ok(t.errors.length <= 100);
  const big = Array.from({ length: 10000 }, (_, i) => `NAME_${i} = ${i}`).join('\n');
  const start = performance.now();
  const b = parsePython(big);
  assert.equal(b.errors.length, 0);
  assert.equal(b.root.namedChildCount, 10000);
  assert.ok(performance.now() - start < 10_000, "bounded: catches super-linear parsing, not machine load");
});

// The wasm memory behind trees never shrinks and is freed only by finalizers, which a synchronous
// loop never lets run: trees that nothing keeps are released at once.
const wasmMB = () => process.memoryUsage().external / 1048576;
const halfTyped = Array.from({ length: 40 }, (_, i) => `setting_${i} = foo(${i},\nvalue_${i} = [1, 2\n`).join('') + 'bind = "unix:/run/app.sock"\n';

test('recovery re-parses release the trees they replace', () => {
  const t0 = parseTolerant(halfTyped);
  assert.ok(t0.errors.length > 0);
  assert.ok(t0.root.text.includes('bind = "unix:/run/app.sock"'));
  releasePythonTree(t0);
  const before = wasmMB();
  // Each call re-parses up to 12 times; 300 calls kept 166 MB of trees before (and the wasm heap aborts at 2 GB).
  for (let i = 0; i < 300; i++) releasePythonTree(parseTolerant(halfTyped + `# ${i}\n`));
  assert.ok(wasmMB() - before < 64, `wasm memory grew by ${(wasmMB() - before).toFixed(0)} MB`);
});


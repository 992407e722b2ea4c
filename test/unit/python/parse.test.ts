import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePython } from '../../../server/src/python/parse';
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

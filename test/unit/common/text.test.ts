import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../../server/src/common/text';

const cases: Array<[string, number, [number, number]]> = [
  ['abc', 0, [0, 0]],
  ['abc', 3, [0, 3]],
  ['a\nb', 2, [1, 0]],
  ['a\r\nb', 3, [1, 0]],
  ['a\r\nb', 2, [0, 2]],
  ['a\rb', 2, [1, 0]],
  ['\n\n', 2, [2, 0]],
];

test('LineIndex maps offsets to positions (LF, CRLF, CR)', () => {
  for (const [text, offset, [line, character]] of cases) {
    assert.deepEqual(new LineIndex(text).positionAt(offset), { line, character }, JSON.stringify({ text, offset }));
  }
});

test('LineIndex.offsetAt inverts positionAt and clamps to the line', () => {
  const idx = new LineIndex('ab\r\ncd\n');
  assert.equal(idx.offsetAt({ line: 1, character: 1 }), 5);
  assert.equal(idx.offsetAt({ line: 0, character: 99 }), 2);
  assert.equal(idx.offsetAt({ line: 9, character: 0 }), 7);
  for (let o = 0; o <= 7; o++) {
    const p = idx.positionAt(o);
    if (o !== 3) assert.equal(idx.offsetAt(p), o);
  }
});

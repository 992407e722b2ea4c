import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEdits, chooseFixes, unambiguousFix } from '../../../server/src/project/fixes';
import type { Finding } from '../../../server/src/common/diagnostics';

const f = (fixes: Finding['fixes']): Finding => ({ file: '/a', start: 0, end: 1, severity: 'error', code: 'x', message: '', fixes });
const edit = (start: number, end: number, newText: string) => ({ file: '/a', start, end, newText });

test('unambiguousFix: the preferred one, or the only one, never a choice', () => {
  assert.equal(unambiguousFix(f([])), undefined);
  assert.equal(unambiguousFix(f([{ title: 'a', edits: [] }]))?.title, 'a');
  assert.equal(unambiguousFix(f([{ title: 'a', edits: [] }, { title: 'b', edits: [] }])), undefined);
  assert.equal(unambiguousFix(f([{ title: 'a', edits: [] }, { title: 'b', edits: [], preferred: true }]))?.title, 'b');
});

test('applyEdits applies non-overlapping edits and skips overlapping ones', () => {
  const r = applyEdits('abcdef', [edit(0, 1, 'X'), edit(4, 6, 'YZW'), edit(5, 6, 'Q')]);
  assert.equal(r.text, 'XbcdeQ', 'the later-starting edit wins, the overlapping one is skipped');
  assert.equal(r.skipped.length, 1);
});

test('chooseFixes leaves a conflicting fix for the next round', () => {
  const a: Finding = { ...f([{ title: 'a', edits: [edit(0, 3, 'x')] }]) };
  const b: Finding = { ...f([{ title: 'b', edits: [edit(2, 4, 'y')] }]) };
  assert.deepEqual(chooseFixes([a, b]).map((c) => c.fix.title), ['a']);
});

test('property: an applied edit changes only its range', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 60 }), fc.array(fc.tuple(fc.nat(60), fc.nat(8), fc.string({ maxLength: 5 })), { maxLength: 6 }), (text, raw) => {
      const edits = raw.map(([s, len, t]) => edit(Math.min(s, text.length), Math.min(s + len, text.length), t));
      const r = applyEdits(text, edits);
      // Undo the applied edits from the left: the untouched parts must be the original text.
      let pos = 0;
      let outPos = 0;
      for (const e of r.applied) {
        assert.equal(r.text.slice(outPos, outPos + (e.start - pos)), text.slice(pos, e.start));
        outPos += e.start - pos + e.newText.length;
        pos = e.end;
      }
      assert.equal(r.text.slice(outPos), text.slice(pos));
    }),
    { numRuns: 2000 },
  );
});

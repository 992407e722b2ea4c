import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeActions } from '../../../server/src/features/codeActions';
import { findSuppressions, isSuppressed } from '../../../server/src/project/suppress';
import type { Finding } from '../../../server/src/common/diagnostics';

const FILE = '/ws/sites-available/app';

function finding(text: string, word: string, code: string, extra: Partial<Finding> = {}): Finding {
  const start = text.indexOf(word);
  return { file: FILE, start, end: start + word.length, severity: 'error', code, message: code, ...extra };
}

function apply(text: string, edits: ReadonlyArray<{ start: number; end: number; newText: string }>): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

test('code actions: the finding\'s quick fixes first, then disable for the line and for the file', () => {
  const text = 'server {\n    location /static/ { allias /srv/static/; }\n}\n';
  const f = finding(text, 'allias', 'nginx-unknown-directive', {
    fixes: [{ title: 'Change to "alias"', edits: [{ file: FILE, start: text.indexOf('allias'), end: text.indexOf('allias') + 6, newText: 'alias' }], preferred: true }],
  });
  const actions = codeActions(text, [f], f.start + 1, f.start + 1);
  assert.deepEqual(
    actions.map((a) => [a.title, a.preferred ?? false]),
    [
      ['Change to "alias"', true],
      ['Disable nginx-unknown-directive for this line', false],
      ['Disable nginx-unknown-directive for this file', false],
    ],
  );
  assert.equal(apply(text, actions[0].edits), 'server {\n    location /static/ { alias /srv/static/; }\n}\n');
  assert.equal(apply(text, actions[1].edits), 'server {\n    # deploylens-disable-next-line nginx-unknown-directive\n    location /static/ { allias /srv/static/; }\n}\n');
  assert.equal(apply(text, actions[2].edits), '# deploylens-disable nginx-unknown-directive\nserver {\n    location /static/ { allias /srv/static/; }\n}\n');
});

test('code actions: the comments they insert really suppress the finding (the CLI reads the same comments)', () => {
  const texts = ['server {\n\tlisten 80;\n\tallias /x;\n}\n', '#!/usr/bin/env nginx\nallias /x;\n', 'server {\r\n  allias /x;\r\n}\r\n', '# deploylens-disable other-rule\nallias /x;\n'];
  for (const text of texts) {
    const f = finding(text, 'allias', 'nginx-unknown-directive');
    for (const action of codeActions(text, [f], f.start, f.end).filter((a) => a.title.startsWith('Disable'))) {
      const after = apply(text, action.edits);
      const moved = finding(after, 'allias', 'nginx-unknown-directive');
      assert.ok(isSuppressed(moved, findSuppressions(after)), `${action.title} did not suppress in ${JSON.stringify(after)}`);
      const other = { ...moved, code: 'nginx-something-else' };
      assert.equal(isSuppressed(other, findSuppressions(after)), false, 'only that rule is disabled');
    }
  }
});

test('code actions: only findings touching the range; one disable action per rule and line', () => {
  const text = 'a 1;\nb 2;\n';
  const f1 = finding(text, 'a', 'r1');
  const f2 = { ...finding(text, '1', 'r1') };
  const f3 = finding(text, 'b', 'r2');
  const titles = codeActions(text, [f1, f2, f3], 0, 3).map((a) => a.title);
  assert.deepEqual(titles, ['Disable r1 for this line', 'Disable r1 for this file']);
});

// Include masks expand like glob(3) (no flags): *, ?, [...] within one component, dot files only
// when the pattern starts with a dot, results sorted by bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { componentRegExp, expandGlob, isGlob } from '../../../server/src/nginx/glob';

const matches: Array<[string, string, boolean]> = [
  ['*.conf', 'a.conf', true],
  ['*.conf', 'a.conf.bak', false],
  ['*', 'default', true],
  ['?.conf', 'ab.conf', false],
  ['?.conf', 'a.conf', true],
  ['[ab].conf', 'b.conf', true],
  ['[ab].conf', 'c.conf', false],
  ['[!ab].conf', 'c.conf', true],
  ['[^ab].conf', 'a.conf', false],
  ['[a-c]*', 'beta', true],
  ['[]]x', ']x', true],
  ['\\*.conf', '*.conf', true],
  ['\\*.conf', 'a.conf', false],
  ['a.b', 'axb', false],
  ['[x', '[x', true],
  ['(a|b)', '(a|b)', true],
];
for (const [pattern, name, expected] of matches) {
  test(`"${pattern}" ${expected ? 'matches' : 'does not match'} "${name}"`, () => assert.equal(componentRegExp(pattern).test(name), expected));
}

test('isGlob looks for any of *?[ like nginx', () => {
  assert.deepEqual(['a/*.conf', 'x?', 'a[1]', 'plain.conf', '/etc/nginx/x'].map(isGlob), [true, true, true, false, false]);
});

test('expandGlob: sorted by bytes, files only, hidden files need a dot, several directory levels', () => {
  const host = new MemoryHost({
    '/e/sites-enabled/b': 'x;',
    '/e/sites-enabled/a': 'x;',
    '/e/sites-enabled/B': 'x;',
    '/e/sites-enabled/.hidden': 'x;',
    '/e/sites-enabled/sub/c': 'x;',
    '/e/conf.d/one/x.conf': 'x;',
    '/e/conf.d/two/x.conf': 'x;',
    '/e/conf.d/two/y.txt': 'x;',
  });
  assert.deepEqual(expandGlob(host, '/e/sites-enabled/*', 100), { files: ['/e/sites-enabled/B', '/e/sites-enabled/a', '/e/sites-enabled/b'], truncated: false });
  assert.deepEqual(expandGlob(host, '/e/sites-enabled/.*', 100).files, ['/e/sites-enabled/.hidden']);
  assert.deepEqual(expandGlob(host, '/e/conf.d/*/*.conf', 100).files, ['/e/conf.d/one/x.conf', '/e/conf.d/two/x.conf']);
  assert.deepEqual(expandGlob(host, '/e/nowhere/*', 100).files, []);
  assert.deepEqual(expandGlob(host, '/e/sites-enabled/*', 2), { files: ['/e/sites-enabled/B', '/e/sites-enabled/a'], truncated: true });
});

test('a class JavaScript cannot compile matches nothing instead of throwing', () => {
  assert.equal(componentRegExp('[z-a]').test('b'), false);
});

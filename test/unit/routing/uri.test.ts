// URI normalization: every row was checked against the real nginx 1.22.1 (curl --path-as-is).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromByteString, toByteString } from '../../../server/src/nginx/routing/bytes';
import { normalizeUri } from '../../../server/src/nginx/routing/uri';

// [request target, merge_slashes, expected URI (or 400), expected args]
const cases: Array<[string, boolean, string | 400, (string | null)?]> = [
  ['/', true, '/'],
  ['/a/b', true, '/a/b'],
  ['/a?x=1', true, '/a', 'x=1'],
  ['/a?', true, '/a', ''],
  ['/a?x=/../y', true, '/a', 'x=/../y'],
  ['//a//b', true, '/a/b'],
  ['//a//b', false, '//a//b'],
  ['//../x', false, '/x'],
  ['/a//../x', false, '/a/x'],
  ['/a/b/..', true, '/a/'],
  ['/a/b/../', true, '/a/'],
  ['/a/..', true, '/'],
  ['/..', true, 400],
  ['/a/../..', true, 400],
  ['/a/b/../../..', true, 400],
  ['/a/%2e%2e/b', true, '/b'],
  ['/a/.%2e', true, '/'],
  ['/%2e%2e/', true, 400],
  ['/%2E%2E/a', true, 400],
  ['/a/%2F../b', false, '/a/b'],
  ['/a/%2F../b', true, '/b'],
  ['/a%2Fb', true, '/a/b'],
  ['/a%2f%2fb', true, '/a/b'],
  ['/a%2f%2fb', false, '/a//b'],
  ['/a/..%2f', true, '/'],
  ['/a%00b', true, 400],
  ['/a%2', true, 400],
  ['/a%', true, 400],
  ['/a%zz', true, 400],
  ['/%3F', true, '/?'],
  ['/a%3Fb?c', true, '/a?b', 'c'],
  ['/%23', true, '/#'],
  ['/%25', true, '/%'],
  ['/%41%62', true, '/Ab'],
  ['/a/./', true, '/a/'],
  ['/a/.', true, '/a/'],
  ['/.', true, '/'],
  ['/./a', true, '/a'],
  ['/a.b/c.d', true, '/a.b/c.d'],
  ['/a/.b', true, '/a/.b'],
  ['/a/..b', true, '/a/..b'],
  ['/a/...', true, '/a/...'],
  ['/a#frag', true, '/a', null],
  ['/a/..#f', true, '/'],
  ['/a/b/..?q', true, '/a/', 'q'],
  ['/a?b#c', true, '/a', 'b'],
  ['/a#b?c', true, '/a', null],
  ['/caf%C3%A9', true, '/caf\u00e9'],
  ['/caf\u00e9', true, '/caf\u00e9'],
  ['/a b', true, 400],
  ['/a\u0001', true, 400],
  ['/a\u007f', true, 400],
  ['/a%01', true, '/a\u0001'],
  ['a', true, 400],
  ['', true, 400],
];

test('normalizeUri matches nginx for every case', () => {
  for (const [target, merge, uri, args] of cases) {
    const r = normalizeUri(toByteString(target), merge);
    const label = `${JSON.stringify(target)} merge_slashes=${merge ? 'on' : 'off'}`;
    if (uri === 400) {
      assert.equal(r.ok, false, `${label}: expected 400, got ${r.ok ? JSON.stringify(fromByteString(r.uri)) : ''}`);
      continue;
    }
    assert.ok(r.ok, `${label}: expected ${uri}, got 400 (${r.ok ? '' : r.reason})`);
    if (!r.ok) continue;
    assert.equal(fromByteString(r.uri), uri, label);
    if (args !== undefined) assert.equal(r.args === null ? null : fromByteString(r.args), args, `${label} args`);
  }
});

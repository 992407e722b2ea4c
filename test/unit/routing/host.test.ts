// Host header validation (ngx_http_validate_host, nginx 1.22): what is refused with 400, and the
// name nginx then looks up.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateHost } from '../../../server/src/nginx/routing/host';

const cases: Array<[string, string | null]> = [
  ['example.com', 'example.com'],
  ['Example.COM', 'example.com'],
  ['example.com.', 'example.com'],
  ['example.com:8080', 'example.com'],
  ['example.com.:8080', 'example.com'],
  ['  example.com\t', 'example.com'],
  ['.example.com', '.example.com'],
  ['[::1]', '[::1]'],
  ['[::1]:80', '[::1]'],
  ['_', '_'],
  ['127.0.0.1', '127.0.0.1'],
  ['a:b:c', 'a'],
  ['www.alpha.test:', 'www.alpha.test'],
  ['caf\u00e9.test', 'caf\u00e9.test'],
  ['', null],
  [':80', null],
  ['.', null],
  ['a..b', null],
  ['ALPHA.TEST..', null],
  ['alpha.test:8..0', null],
  ['a/b', null],
  ['a b', null],
  ['a\u0001b', null],
  ['a\u007fb', null],
];

test('validateHost refuses what nginx refuses and lowercases the rest', () => {
  for (const [raw, want] of cases) {
    const r = validateHost(raw);
    if (want === null) assert.equal(r.ok, false, `${JSON.stringify(raw)} should be refused`);
    else assert.deepEqual(r, { ok: true, host: want }, JSON.stringify(raw));
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeBind, parseBind } from '../../../server/src/gunicorn/bind';

// DEPLOY-FACTS §1.4, util.parse_address of gunicorn 20.1.0 (and its tests), then the normalized form.
const rows: Array<[string, string | undefined, string | undefined]> = [
  // [bind, chdir, normalized]
  ['unix:/tmp/a.sock', undefined, 'unix:/tmp/a.sock'],
  ['unix:///tmp/a.sock', undefined, 'unix:/tmp/a.sock'],
  ['unix://var/run/test.sock', '/srv', 'unix:/srv/var/run/test.sock'], // "unix://" + relative path
  ['unix:rel.sock', '/home/sammy/myproject', 'unix:/home/sammy/myproject/rel.sock'],
  ['unix:rel.sock', undefined, 'unix:rel.sock'],
  ['unix:../up.sock', '/srv/app', 'unix:/srv/up.sock'],
  ['127.0.0.1:8000', undefined, '127.0.0.1:8000'],
  ['tcp://127.0.0.1:9000', undefined, '127.0.0.1:9000'],
  ['[::1]:8000', undefined, '[::1]:8000'],
  ['[::1]', undefined, '[::1]:8000'],
  ['[::]:80', undefined, '[::]:80'],
  ['localhost', undefined, 'localhost:8000'],
  ['LocalHost:81', undefined, 'localhost:81'],
  ['0:5000', undefined, '0.0.0.0:5000'],
  [':8000', undefined, '0.0.0.0:8000'],
  ['', undefined, '0.0.0.0:8000'],
  ['0.0.0.0:80', undefined, '0.0.0.0:80'],
  ['fd://3', undefined, 'fd://3'],
  ['localhost:', undefined, undefined], // int('') raises
  ['localhost:http', undefined, undefined],
  ['::1', undefined, undefined], // IPv6 needs brackets
  ['fd://x', undefined, undefined],
  ['127.0.0.1:99999', undefined, undefined],
];

test('bind strings: parse_address then normalization', () => {
  for (const [bind, chdir, expected] of rows) assert.equal(normalizeBind(bind, chdir), expected, JSON.stringify(bind));
});

test('parse_address results', () => {
  assert.deepEqual(parseBind('0:5000'), { ok: true, address: { kind: 'tcp', host: '0', port: 5000 } });
  assert.deepEqual(parseBind(':8000'), { ok: true, address: { kind: 'tcp', host: '', port: 8000 } });
  assert.deepEqual(parseBind('unix:/a/unix:b'), { ok: true, address: { kind: 'unix', path: 'b' } }); // re.split(...)[-1]
  assert.deepEqual(parseBind('localhost:x'), { ok: false, message: "'x' is not a valid port number." });
});

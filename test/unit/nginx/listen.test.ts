// listen addresses as ngx_parse_url reads them for `listen` (messages checked against nginx -t): equal sockets compare equal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseListen, parseListenAddress } from '../../../server/src/nginx/listen';
import { parseNginx } from '../../../server/src/nginx/parser';
import { directivesOf } from '../../../server/src/nginx/ast';

const rows: Array<[string, number | undefined, string]> = [
  ['80', 80, '0.0.0.0:80'],
  ['*:80', 80, '0.0.0.0:80'],
  ['0.0.0.0:80', 80, '0.0.0.0:80'],
  ['127.0.0.1', 80, '127.0.0.1:80'],
  ['localhost:8000', 80, '127.0.0.1:8000'],
  ['[::]:443', 80, '[::]:443'],
  ['[::1]', 80, '[::1]:80'],
  ['[FE80::1]:80', 80, '[fe80::1]:80'],
  ['Example.COM:8080', 80, 'example.com:8080'],
  ['unix:/run/nginx.sock', 80, 'unix:/run/nginx.sock'],
  ['127.0.0.1:8000-8010', 80, '127.0.0.1:8000-8010'],
  ['127.0.0.1:0', 80, 'error: invalid port in "127.0.0.1:0"'],
  ['127.0.0.1:65536', 80, 'error: invalid port in "127.0.0.1:65536"'],
  ['127.0.0.1:http', 80, 'error: invalid port in "127.0.0.1:http"'],
  ['unix:', 80, 'error: no path in the unix domain socket in "unix:"'],
  ['[::1', 80, 'error: invalid host in "[::1"'],
  ['127.0.0.1', undefined, 'error: no port in "127.0.0.1"'],
  ['12345', undefined, '0.0.0.0:12345'],
];
for (const [raw, port, expected] of rows) {
  test(`listen ${raw}${port === undefined ? ' (stream)' : ''} -> ${expected}`, () => {
    const r = parseListenAddress(raw, port);
    assert.equal('error' in r ? `error: ${r.error}` : r.address, expected);
  });
}

test('parameters: default_server (and the old default), ssl, socket options', () => {
  const [d] = directivesOf(parseNginx('listen [::]:443 ssl default ipv6only=on backlog=10 http2;'));
  const spec = parseListen(d);
  assert.ok(spec && !('error' in spec && spec.error));
  if (!spec || spec.error !== undefined) return;
  assert.equal(spec.address, '[::]:443');
  assert.equal(spec.defaultServer, true);
  assert.equal(spec.ssl, true);
  assert.deepEqual(spec.socketOptions.map((w) => w.value), ['ipv6only=on', 'backlog=10']);
  assert.equal(parseListen(directivesOf(parseNginx('listen;'))[0]), undefined);
});

// `listen` forms and the address a connection lands on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalAddress, parseListen } from '../../../server/src/nginx/routing/listen';

// [listen arguments, expected addresses as "family address:port" (or "unix:path"), default_server, ssl]
const cases: Array<[string, string[], boolean?, boolean?]> = [
  ['80', ['4 0.0.0.0:80*']],
  ['*:8080', ['4 0.0.0.0:8080*']],
  ['*', ['4 0.0.0.0:80*']],
  ['0.0.0.0:81', ['4 0.0.0.0:81*']],
  ['127.0.0.1:8080', ['4 127.0.0.1:8080']],
  ['127.0.0.1', ['4 127.0.0.1:80']],
  ['[::]:80', ['6 0:0:0:0:0:0:0:0:80*']],
  ['[::1]', ['6 0:0:0:0:0:0:0:1:80']],
  ['[0:0::1]:443 ssl', ['6 0:0:0:0:0:0:0:1:443'], false, true],
  ['[::ffff:127.0.0.1]:80', ['6 0:0:0:0:0:ffff:7f00:1:80']],
  ['localhost:8000', ['4 127.0.0.1:8000', '6 0:0:0:0:0:0:0:1:8000']],
  ['Example.COM:81', ['name example.com:81']],
  ['unix:/run/nginx.sock', ['unix:/run/nginx.sock']],
  ['80 default_server', ['4 0.0.0.0:80*'], true],
  ['80 default', ['4 0.0.0.0:80*'], true],
  ['443 ssl http2 default_server', ['4 0.0.0.0:443*'], true, true],
];

function show(spec: ReturnType<typeof parseListen>): string[] {
  return spec.addresses.map((a) => (a.kind === 'unix' ? `unix:${a.path}` : `${a.family} ${a.address}:${a.port}${a.wildcard ? '*' : ''}`));
}

test('parseListen reads every listen form', () => {
  for (const [text, want, dflt = false, ssl = false] of cases) {
    const spec = parseListen(text.split(' '));
    assert.equal(spec.error, undefined, text);
    assert.deepEqual(show(spec), want, text);
    assert.equal(spec.defaultServer, dflt, `${text} default_server`);
    assert.equal(spec.ssl, ssl, `${text} ssl`);
  }
});

test('parseListen reports addresses nginx refuses', () => {
  for (const text of ['[::1', '127.0.0.1:0', '127.0.0.1:70000', ':80', '[zz]:80']) assert.ok(parseListen([text]).error, text);
  assert.equal(parseListen(['[::]:80', 'ipv6only=off']).ipv6only, false);
});

test('canonicalAddress compares IPv6 spellings', () => {
  assert.deepEqual(canonicalAddress('::1'), canonicalAddress('[0:0:0:0:0:0:0:1]'));
  assert.deepEqual(canonicalAddress('10.0.0.1'), { family: 4, address: '10.0.0.1' });
  assert.equal(canonicalAddress('example.com'), null);
  assert.equal(canonicalAddress('256.0.0.1'), null);
});

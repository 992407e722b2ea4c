// Server selection: listen address first, then server_name in nginx's order (exact, longest
// "*." wildcard, longest ".*" wildcard, first regex), then the address's default server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configOf, route } from './helpers';

const config = configOf(`
server { listen 80; server_name example.com www.example.com; }      # 0
server { listen 80; server_name *.example.com; }                    # 1
server { listen 80; server_name .example.org; }                     # 2
server { listen 80; server_name www.example.*; }                    # 3
server { listen 80; server_name ~^(?<sub>.+)\\.example\\.net$; }     # 4
server { listen 80 default_server; server_name _; }                 # 5
server { listen 80; server_name *.a.example.com; }                  # 6
server { listen 80; server_name mail.*; }                           # 7
server { listen 80; server_name EXAMPLE.com; }                      # 8: the name belongs to server 0
server { listen 127.0.0.1:80; server_name example.com; }            # 9: alone on 127.0.0.1:80
server { listen 8080; server_name ""; }                             # 10
server { listen 8080; server_name other.test ~^[A-Z]+\\.test$; }     # 11
server { listen [::]:8081 ipv6only=off; server_name v6.test; }      # 12
server { listen unix:/run/site.sock; }                              # 13
server { listen 127.0.0.2:8082; listen 8082; server_name both.test; } # 14
server { listen 8082; server_name both.test; }                      # 15
server { listen 443 ssl; server_name example.com; }                 # 16
`);

// [Host (null: none), port, address, expected server index or a refusal, rule]
const cases: Array<[string | null, number, string | undefined, number | 'refused' | 400, string?]> = [
  ['example.com', 80, '10.0.0.1', 0, 'exact'],
  ['WWW.Example.com.', 80, '10.0.0.1', 0, 'exact'],
  ['www.example.com:8080', 80, '10.0.0.1', 0, 'exact'],
  ['a.example.com', 80, '10.0.0.1', 1, 'wildcard-head'],
  ['x.y.example.com', 80, '10.0.0.1', 1, 'wildcard-head'],
  ['x.a.example.com', 80, '10.0.0.1', 6, 'wildcard-head'],
  ['a.example.com', 80, '10.0.0.1', 1, 'wildcard-head'],
  ['example.org', 80, '10.0.0.1', 2, 'wildcard-head'],
  ['deep.sub.example.org', 80, '10.0.0.1', 2, 'wildcard-head'],
  ['www.example.net', 80, '10.0.0.1', 3, 'wildcard-tail'],
  ['www.example.co.uk', 80, '10.0.0.1', 3, 'wildcard-tail'],
  ['mail.example.net', 80, '10.0.0.1', 7, 'wildcard-tail'],
  ['foo.example.net', 80, '10.0.0.1', 4, 'regex'],
  ['example.net', 80, '10.0.0.1', 5, 'default_server'],
  ['unknown.test', 80, '10.0.0.1', 5, 'default_server'],
  ['_', 80, '10.0.0.1', 5, 'exact'],
  [null, 80, '10.0.0.1', 5, 'default_server'],
  ['example.com', 80, '127.0.0.1', 9, 'exact'],
  ['www.example.com', 80, '127.0.0.1', 9, 'first-server'],
  [null, 8080, '10.0.0.1', 10, 'exact'],
  ['zzz', 8080, '10.0.0.1', 10, 'first-server'],
  ['ABC.test', 8080, '10.0.0.1', 11, 'regex'],
  ['other.test', 8080, '10.0.0.1', 11, 'exact'],
  ['v6.test', 8081, '::1', 12, 'exact'],
  ['v6.test', 8081, '10.0.0.1', 12, 'exact'],
  ['both.test', 8082, '127.0.0.2', 14, 'exact'],
  ['both.test', 8082, '127.0.0.3', 14, 'exact'],
  ['x', 8082, '127.0.0.3', 14, 'first-server'],
  ['example.com', 9999, '10.0.0.1', 'refused'],
  ['example.com', 8080, '::1', 'refused'],
  ['a..b', 80, '10.0.0.1', 400],
  ['', 80, '10.0.0.1', 400],
  ['a/b', 80, '10.0.0.1', 400],
];

test('server selection follows nginx', () => {
  for (const [host, port, address, want, rule] of cases) {
    const r = route(config, host, '/', { port, address });
    const label = `Host=${JSON.stringify(host)} ${address}:${port}`;
    if (want === 'refused') assert.equal(r.target.kind, 'no-listener', label);
    else if (want === 400) assert.equal(r.status, 400, label);
    else {
      assert.equal(r.server?.index, want, `${label}: ${r.trace.map((t) => t.message).join(' | ')}`);
      assert.equal(r.server?.rule, rule, label);
    }
  }
});

test('without an address, the first listen of the port decides', () => {
  assert.equal(route(config, 'example.com', '/', { port: 80 }).server?.index, 0);
  assert.equal(route(config, 'both.test', '/', { port: 8082 }).server?.index, 14);
});

test('TLS: plain HTTP to an ssl port is 400, HTTPS to a plain port fails', () => {
  assert.equal(route(config, 'example.com', '/', { port: 443 }).status, 400);
  assert.equal(route(config, 'example.com', '/', { port: 443, scheme: 'https' }).server?.index, 16);
  assert.equal(route(config, 'example.com', '/', { port: 80, scheme: 'https' }).target.kind, 'no-listener');
});

test("the URI is parsed with the default server's merge_slashes", () => {
  const c = configOf(`
server { listen 80 default_server; merge_slashes off; location / { return 200 a; } location /x/ { return 200 b; } }
server { listen 80; server_name m.test; location / { return 200 c; } location /x/ { return 200 d; } }
`);
  // "//x/" stays "//x/" (default server parses the request line) even for the m.test server.
  assert.equal(route(c, 'm.test', '//x/').location?.pattern, '/');
  assert.equal(route(c, 'm.test', '//x/').uri, '//x/');
});

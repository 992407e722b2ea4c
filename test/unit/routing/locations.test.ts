// Location search (ngx_http_core_find_location): "=" first, then the longest prefix (nested
// locations refine it), then regexes in config order (nested ones of the chosen prefix first),
// unless the prefix is "^~"; named locations never match a URI.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configOf, locationOf, route } from './helpers';

const config = configOf(`
server {
  listen 80;
  location = / { }
  location / { }
  location /images/ { }
  location ^~ /static/ { location ~ \\.css$ { } }
  location ~* \\.(gif|jpg|png)$ { }
  location /api/ {
    location ~ ^/api/v2/ { }
    location /api/v1/ { location ~ \\.json$ { } }
  }
  location ~ ^/api/ { }
  location @fallback { }
  location /docs { }
  location = /docs/ { }
  location /app/ { proxy_pass http://127.0.0.1:8000; }
  location = /exact-app/ { proxy_pass http://127.0.0.1:8000; }
  location /exact-app { }
  location ~ /regex-parent/ { location ~ inner$ { } location /regex-parent/p/ { } }
  location ~ /CaSe$ { }
  location =/joined { }
  location ^~/joined-noregex/ { }
  location ~*\\.TXT$ { }
  location /caf\u00e9/ { }
}
`);

// [request target, expected location ("modifier pattern"), or "301" for the automatic redirect, "-" for none]
const cases: Array<[string, string]> = [
  ['/', '= /'],
  ['/index.html', '/'],
  ['/images/a.gif', '~* \\.(gif|jpg|png)$'],
  ['/images/a.GIF', '~* \\.(gif|jpg|png)$'],
  ['/images/a.txt', '~* \\.TXT$'],
  ['/images/x', '/images/'],
  ['/static/a.gif', '^~ /static/'],
  ['/static/a.css', '~ \\.css$'],
  ['/api/v2/x', '~ ^/api/v2/'],
  ['/api/v1/x', '~ ^/api/'],
  ['/api/v1/x.json', '~ \\.json$'],
  ['/api/x.png', '~* \\.(gif|jpg|png)$'],
  ['/api/x', '~ ^/api/'],
  ['/@fallback', '/'],
  ['/docs', '/docs'],
  ['/docs/', '= /docs/'],
  ['/docsx', '/docs'],
  ['/docs/x', '/docs'],
  ['/app', '301'],
  ['/app/x', '/app/'],
  ['/APP/x', '/'],
  ['/exact-app', '/exact-app'],
  ['/exact-app/', '= /exact-app/'],
  ['/exact-ap', '/'],
  ['/regex-parent/inner', '~ inner$'],
  ['/regex-parent/x', '~ /regex-parent/'],
  // Prefix locations nested in a regex location never match (nginx builds no tree for them).
  ['/regex-parent/p/x', '~ /regex-parent/'],
  ['/a/CaSe', '~ /CaSe$'],
  ['/a/case', '/'],
  ['/joined', '= /joined'],
  ['/joined-noregex/a.png', '^~ /joined-noregex/'],
  ['/caf%C3%A9/x', '/caf\u00e9/'],
  ['/images/../static//a.gif', '^~ /static/'],
  ['/images/%2e%2e/static/a.gif', '^~ /static/'],
];

test('location search follows nginx', () => {
  for (const [path, want] of cases) {
    const r = route(config, 'x', path);
    const got = r.target.kind === 'redirect' ? '301' : locationOf(r);
    assert.equal(got, want, `${path}: ${r.trace.map((t) => t.message).join(' | ')}`);
  }
});

test('the automatic redirect keeps the query', () => {
  const r = route(config, 'x', '/app?a=1');
  assert.deepEqual(r.target.kind === 'redirect' ? r.target.location : null, '/app/?a=1');
});

test('no location: the server level answers', () => {
  const c = configOf('server { listen 80; location /a/ { } }');
  const r = route(c, 'x', '/b');
  assert.equal(r.location, null);
  assert.equal(r.target.kind, 'static');
});

test('a regex the router cannot run is reported, not guessed', () => {
  const c = configOf('server { listen 80; location ~ "^/(?>a)" { } location / { } }');
  const r = route(c, 'x', '/a');
  assert.equal(locationOf(r), '/');
  assert.ok(r.notModelled.some((n) => n.includes('atomic')), r.notModelled.join('; '));
});

test('internal locations answer 404 to outside requests, nested ones too', () => {
  const c = configOf('server { listen 80; location /i/ { internal; location /i/n/ { } } location / { } }');
  for (const p of ['/i/x', '/i/n/x']) {
    const r = route(c, 'x', p);
    assert.deepEqual(r.target.kind === 'error' ? r.target.status : null, 404, p);
  }
});

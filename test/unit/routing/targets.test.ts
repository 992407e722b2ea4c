// What nginx does once the location is known: backends (with the URI they get), static paths
// (root, alias, inheritance, default html), try_files / index (listed, or evaluated with a
// fileType), return, rewrite, if, error_page, internal redirects and their limit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { routeRequest, type RouteTarget } from '../../../server/src/nginx/routing';
import { configOf, route } from './helpers';

const config = configOf(`
upstream app { server unix:/run/gunicorn.sock fail_timeout=0; server 127.0.0.1:8001; }
server {
  listen 80;
  server_name example.com;
  root /srv/www;
  index index.html index.php;
  location /api/ { proxy_pass http://127.0.0.1:8000/v1/; }
  location /raw/ { proxy_pass http://127.0.0.1:8000; }
  location /up/ { proxy_pass http://app; }
  location /sock/ { proxy_pass http://unix:/run/app.sock:/prefix/; }
  location /sock2/ { proxy_pass http://unix:/run/app.sock; }
  location /uwsgi/ { include uwsgi_params; uwsgi_pass unix:/run/uwsgi.sock; }
  location /fcgi/ { fastcgi_pass 127.0.0.1:9000; }
  location /grpc/ { grpc_pass grpc://app; }
  location /static/ { alias /srv/static/; }
  location /media { alias /srv/media/; }
  location ~ ^/img/(?<name>.+)$ { alias /srv/images/$name; }
  location /rel/ { root relative; }
  location /tf/ { try_files $uri $uri/ /index.php?q=$uri&$args; }
  location /named/ { try_files $uri @app; }
  location @app { proxy_pass http://app; }
  location ~ \\.php$ { fastcgi_pass unix:/run/php.sock; }
  location /old/ { rewrite ^/old/(.*)$ /api/$1 last; }
  location /loop/ { rewrite ^ /loop/ last; }
  location /away/ { return 301 https://$host$request_uri; }
  location /text/ { return 200 "host=$host uri=$uri args=$args"; }
  location /if/ { if ($arg_debug = 1) { return 418; } return 204; }
  location /unknown-if/ { if ($cookie_x) { return 403; } return 204; }
  location /err/ { error_page 404 = @app; return 404; }
}
server { listen 8080; location / { } }
`);

function summary(t: RouteTarget): Record<string, unknown> {
  switch (t.kind) {
    case 'proxy':
      return { kind: t.kind, directive: t.directive, endpoints: t.endpoints, uri: t.uri, upstream: t.upstream?.name };
    case 'static':
      return { kind: t.kind, via: t.via, path: t.path, ...(t.tryFiles ? { tryFiles: t.tryFiles.candidates.map((c) => c.path), fallback: t.tryFiles.fallback } : {}), ...(t.index ? { index: t.index.candidates.map((c) => c.path) } : {}) };
    case 'return':
      return { kind: t.kind, status: t.status, ...(t.text !== undefined ? { text: t.text } : {}), ...(t.location !== undefined ? { location: t.location } : {}) };
    case 'error':
    case 'rejected':
      return { kind: t.kind, status: t.status };
    case 'redirect':
      return { kind: t.kind, status: t.status, location: t.location };
    default:
      return { kind: t.kind };
  }
}

const tcp = (host: string, port: number | null) => ({ kind: 'tcp', host, port });
const unix = (path: string) => ({ kind: 'unix', path });

// [request target, expected summary of the target]
const cases: Array<[string, Record<string, unknown>]> = [
  ['/api/users?x=1', { kind: 'proxy', directive: 'proxy_pass', endpoints: [tcp('127.0.0.1', 8000)], uri: '/v1/users?x=1', upstream: undefined }],
  ['/api/a%20b', { kind: 'proxy', directive: 'proxy_pass', endpoints: [tcp('127.0.0.1', 8000)], uri: '/v1/a%20b', upstream: undefined }],
  ['/raw//a/./b?x', { kind: 'proxy', directive: 'proxy_pass', endpoints: [tcp('127.0.0.1', 8000)], uri: '/raw//a/./b?x', upstream: undefined }],
  ['/up/x', { kind: 'proxy', directive: 'proxy_pass', endpoints: [unix('/run/gunicorn.sock'), tcp('127.0.0.1', 8001)], uri: '/up/x', upstream: 'app' }],
  ['/sock/x', { kind: 'proxy', directive: 'proxy_pass', endpoints: [unix('/run/app.sock')], uri: '/prefix/x', upstream: undefined }],
  ['/sock2/x', { kind: 'proxy', directive: 'proxy_pass', endpoints: [unix('/run/app.sock')], uri: '/sock2/x', upstream: undefined }],
  ['/uwsgi/x', { kind: 'proxy', directive: 'uwsgi_pass', endpoints: [unix('/run/uwsgi.sock')], uri: undefined, upstream: undefined }],
  ['/fcgi/x', { kind: 'proxy', directive: 'fastcgi_pass', endpoints: [tcp('127.0.0.1', 9000)], uri: undefined, upstream: undefined }],
  ['/grpc/x', { kind: 'proxy', directive: 'grpc_pass', endpoints: [unix('/run/gunicorn.sock'), tcp('127.0.0.1', 8001)], uri: undefined, upstream: 'app' }],
  ['/static/css/a.css', { kind: 'static', via: 'alias', path: '/srv/static/css/a.css' }],
  ['/media/a.png', { kind: 'static', via: 'alias', path: '/srv/media//a.png' }],
  ['/media../etc/passwd', { kind: 'static', via: 'alias', path: '/srv/media/../etc/passwd' }],
  ['/img/logo.png', { kind: 'static', via: 'alias', path: '/srv/images/logo.png' }],
  ['/rel/a', { kind: 'static', via: 'root', path: '/usr/share/nginx/relative/rel/a' }],
  ['/a.txt', { kind: 'static', via: 'root', path: '/srv/www/a.txt' }],
  ['/dir/', { kind: 'static', via: 'root', path: '/srv/www/dir/', index: ['/srv/www/dir/index.html', '/srv/www/dir/index.php'] }],
  ['/tf/x', { kind: 'static', via: 'root', path: '/srv/www/tf/x', tryFiles: ['/srv/www/tf/x', '/srv/www/tf/x'], fallback: '/index.php?q=$uri&$args' }],
  ['/old/x?y=1', { kind: 'proxy', directive: 'proxy_pass', endpoints: [tcp('127.0.0.1', 8000)], uri: '/v1/x?y=1', upstream: undefined }],
  ['/loop/', { kind: 'error', status: 500 }],
  ['/away/a?b', { kind: 'return', status: 301, location: 'https://example.com/away/a?b' }],
  ['/text/?a=1', { kind: 'return', status: 200, text: 'host=example.com uri=/text/ args=a=1' }],
  ['/if/?debug=1', { kind: 'return', status: 418 }],
  ['/if/', { kind: 'return', status: 204 }],
  ['/unknown-if/', { kind: 'not-modelled' }],
  ['/err/x', { kind: 'proxy', directive: 'proxy_pass', endpoints: [unix('/run/gunicorn.sock'), tcp('127.0.0.1', 8001)], uri: '/err/x', upstream: 'app' }],
];

test('targets follow nginx', () => {
  for (const [path, want] of cases) {
    const r = route(config, 'example.com', path);
    assert.deepEqual(summary(r.target), want, `${path}: ${r.trace.map((t) => t.message).join(' | ')}`);
  }
});

test('the default root is html in the prefix (an option)', () => {
  const r = route(config, 'x', '/a', { port: 8080 });
  assert.deepEqual(summary(r.target), { kind: 'static', via: 'root', path: '/usr/share/nginx/html/a' });
  const p = route(config, 'x', '/a', { port: 8080 }, { prefix: '/opt/nginx' });
  assert.deepEqual(summary(p.target), { kind: 'static', via: 'root', path: '/opt/nginx/html/a' });
});

test('with a fileType, try_files and index are evaluated', () => {
  const files = new Map<string, 'file' | 'directory'>([
    ['/srv/www/tf/real', 'file'],
    ['/srv/www/dir', 'directory'],
    ['/srv/www/dir/index.php', 'file'],
    ['/srv/www/named/here', 'file'],
  ]);
  const fileType = (p: string) => files.get(p.replace(/\/+$/, '') || '/');
  const served = route(config, 'example.com', '/tf/real', {}, { fileType });
  assert.equal(served.target.kind === 'static' ? served.target.outcome : '', 'the file exists: 200');
  // Missing: the fallback URI is searched again (the .php location).
  const fallback = route(config, 'example.com', '/tf/missing?a=b', {}, { fileType });
  assert.deepEqual(summary(fallback.target), { kind: 'proxy', directive: 'fastcgi_pass', endpoints: [unix('/run/php.sock')], uri: undefined, upstream: undefined });
  assert.equal(fallback.args, 'q=/tf/missing&a=b');
  // index.html missing, index.php present: an internal redirect to /dir/index.php.
  const index = route(config, 'example.com', '/dir/', {}, { fileType });
  assert.equal(index.location?.pattern, '\\.php$');
  assert.equal(index.uri, '/dir/index.php');
  // A directory without its slash: 301.
  assert.deepEqual(summary(route(config, 'example.com', '/dir', {}, { fileType }).target), { kind: 'redirect', status: 301, location: '/dir/' });
  // try_files to a named location.
  assert.equal(route(config, 'example.com', '/named/gone', {}, { fileType }).location?.pattern, '@app');
  assert.equal(route(config, 'example.com', '/named/here', {}, { fileType }).target.kind, 'static');
});

test('server-level rewrite directives run before the location search', () => {
  const c = configOf(`
server { listen 80; server_name a.test; if ($host = a.test) { return 301 https://$host$request_uri; } location / { return 200; } }
server { listen 80; server_name b.test; rewrite ^/old/(.*)$ /new/$1; location /new/ { return 200 "new"; } location / { return 404; } }
server { listen 80; server_name c.test; set $x on; if ($x) { return 403; } location / { } }
`);
  assert.deepEqual(summary(route(c, 'a.test', '/p?q').target), { kind: 'return', status: 301, location: 'https://a.test/p?q' });
  assert.deepEqual(summary(route(c, 'b.test', '/old/z').target), { kind: 'return', status: 200, text: 'new' });
  assert.deepEqual(summary(route(c, 'c.test', '/').target), { kind: 'return', status: 403 });
});

test('allow and deny: "all" decides, addresses need the client', () => {
  const c = configOf(`
server {
  listen 80;
  allow 10.0.0.0/8;
  deny all;
  error_page 403 /forbidden.html;
  location / { return 200 "in"; }
  location /open/ { allow all; }
  location /closed/ { deny all; }
  location ~ /\\.ht { deny all; }
  location = /forbidden.html { return 200 "forbidden page"; }
}
`);
  // return runs in the rewrite phase, before access.
  assert.equal(route(c, 'x', '/').target.kind, 'return');
  assert.equal(route(c, 'x', '/open/a').target.kind, 'static');
  const closed = route(c, 'x', '/closed/a');
  assert.deepEqual(summary(closed.target), { kind: 'return', status: 200, text: 'forbidden page' });
  assert.equal(closed.errorPage?.status, 403);
  assert.equal(route(c, 'x', '/.htaccess').errorPage?.status, 403);
  // Server-level rules are inherited where a location has none: they depend on the client.
  const c2 = configOf('server { listen 80; allow 10.0.0.0/8; deny all; location / { } }');
  const unknown = route(c2, 'x', '/a');
  assert.equal(unknown.target.kind, 'static');
  assert.ok(unknown.notModelled.some((n) => n.includes('client address')));
  assert.equal(routeWith(c2, '10.1.2.3').target.kind, 'static');
  assert.deepEqual(summary(routeWith(c2, '192.168.1.1').target), { kind: 'error', status: 403 });
});

function routeWith(c: ReturnType<typeof configOf>, client: string) {
  return routeRequest(c, { host: 'x', port: 80, path: '/a', client });
}

test('named captures outlive later matches; $1 is the last match', () => {
  const c = configOf(`
server {
  listen 80;
  server_name ~^(?<sub>[a-z]+)\\.example\\.com$;
  location ~ ^/(\\w+)/(?<file>.+)$ { return 200 "$sub $file $1"; }
}
`);
  assert.deepEqual(summary(route(c, 'blog.example.com', '/img/a.png').target), { kind: 'return', status: 200, text: 'blog a.png img' });
});

test('$request_filename and $document_root follow root and alias', () => {
  const c = configOf(`
server {
  listen 80;
  root /srv/www;
  location /s/ { alias /srv/static/; if (!-f $request_filename) { return 404; } return 200 "$document_root $request_filename"; }
  location / { if (!-f $request_filename) { rewrite ^ /index.php last; } }
  location = /index.php { return 200 "front controller"; }
}
`);
  const files = new Set(['/srv/static/a.css', '/srv/www/real.html']);
  const fileType = (p: string) => (files.has(p) ? ('file' as const) : undefined);
  assert.deepEqual(summary(route(c, 'x', '/s/a.css', {}, { fileType }).target), { kind: 'return', status: 200, text: '/srv/static/ /srv/static/a.css' });
  assert.deepEqual(summary(route(c, 'x', '/s/b.css', {}, { fileType }).target), { kind: 'return', status: 404 });
  assert.deepEqual(summary(route(c, 'x', '/missing', {}, { fileType }).target), { kind: 'return', status: 200, text: 'front controller' });
  assert.equal(route(c, 'x', '/real.html', {}, { fileType }).target.kind, 'static');
  // Without a fileType the file test cannot be decided.
  assert.equal(route(c, 'x', '/missing').target.kind, 'not-modelled');
});

test('map variables are evaluated (exact keys ignore case, then regexes, then default)', () => {
  const c = configOf(`
map $uri $redirect_to {
  default "";
  /Old/Page /new/page;
  ~^/blog/(?<slug>[^/]+)/?$ /articles/$slug;
  ~*\\.PHP$ /php-gone;
}
map $http_user_agent $bot { default 0; ~bot 1; }
map $host $site { hostnames; default other; .example.com main; www.shop.* shop; }
server {
  listen 80;
  if ($redirect_to) { return 301 $redirect_to; }
  if ($bot) { return 403; }
  location / { return 200 "site=$site"; }
}
`);
  assert.deepEqual(summary(route(c, 'x', '/old/page').target), { kind: 'return', status: 301, location: '/new/page' });
  assert.deepEqual(summary(route(c, 'x', '/blog/hello/').target), { kind: 'return', status: 301, location: '/articles/hello' });
  assert.deepEqual(summary(route(c, 'x', '/a/b.php').target), { kind: 'return', status: 301, location: '/php-gone' });
  // $http_user_agent is not known: the second if cannot be decided.
  assert.equal(route(c, 'x', '/plain').target.kind, 'not-modelled');
  const c2 = configOf(c.main.text.replace('if ($bot) { return 403; }', ''));
  assert.deepEqual(summary(route(c2, 'www.example.com', '/plain').target), { kind: 'return', status: 200, text: 'site=main' });
  assert.deepEqual(summary(route(c2, 'example.com', '/plain').target), { kind: 'return', status: 200, text: 'site=main' });
  assert.deepEqual(summary(route(c2, 'www.shop.net', '/plain').target), { kind: 'return', status: 200, text: 'site=shop' });
  assert.deepEqual(summary(route(c2, 'else.org', '/plain').target), { kind: 'return', status: 200, text: 'site=other' });
});

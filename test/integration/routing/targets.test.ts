// What happens after the location, against the real nginx with real files: root and alias
// mapping (trailing-slash traps, alias traversal, regex alias with captures, inherited alias),
// index and try_files (evaluated on the real disk through `fileType`), directories, rewrite
// (last, break, redirect, permanent), return and if, error_page, and the URI proxy_pass sends
// (an echo backend in the same nginx answers with the URI it got).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import type { NginxConfig } from '../../../server/src/nginx/config';
import { parseNginx } from '../../../server/src/nginx/parser';
import { routeRequest, type RouteResult } from '../../../server/src/nginx/routing';
import { rawRequest, randomPort, startNginx, type RunningNginx } from './nginxRunner';

/** Files under the temp dir (relative path -> content). */
const FILES: Record<string, string> = {
  'www/a.txt': 'www a',
  'www/index.html': 'www index',
  'www/sub/index.htm': 'sub index.htm',
  'www/empty/.keep': '',
  'www/404.html': 'custom 404',
  'www/app.php': 'php source',
  'www/b/x.txt': 'www b x',
  'www/x.txt': 'www x',
  'www/tfd/sub/index.html': 'tfd sub index',
  'www/tfd/file': 'tfd file',
  'static/x.css': 'static x.css',
  'staticx.css': 'staticx (alias without slash)',
  'secret': 'secret (alias traversal)',
  'images/logo.png': 'logo',
  'A/b/c.txt': 'A b c',
  'A/top.txt': 'A top',
  'other/a.txt': 'other a',
};

/** Server blocks; DIR is the temp dir, ECHO the echo backend's port, PORT the test port. */
const SERVERS = `
  upstream echo_up { server 127.0.0.1:ECHO; }
  map $uri $redirect_to {
    default "";
    /Old/Page /new/page;
    ~^/blog/(?<slug>[^/]+)/?$ /articles/$slug;
    ~*\\.PHP$ /php-gone;
  }
  map $host $site { hostnames; default other; .example.com main; www.shop.* shop; }
  server {
    listen 127.0.0.1:PORT default_server;
    server_name t.test;
    root DIR/www;
    error_page 404 /404.html;
    location /static/ { alias DIR/static/; }
    location /noslash/ { alias DIR/static; }
    location /static { alias DIR/static/; }
    location ~ ^/img/(.+)$ { alias DIR/images/$1; }
    location /A/ { alias DIR/A/; location /A/b/ { } }
    location /other/ { root DIR; }
    location /tf/ { try_files $uri $uri/ /index.html; }
    location /tf404/ { try_files $uri =404; }
    location /tfd/ { try_files $uri $uri/ =404; }
    location /tfnamed/ { try_files /nothing @named; }
    location @named { return 200 "named $uri"; }
    location /tfalias/ { alias DIR/static/; try_files $uri =404; }
    location ~ \\.php$ { return 200 "php $uri"; }
    location /idx/ { alias DIR/www/; index missing.html app.php; }
    location /old/ { rewrite ^/old/(.*)$ /new/$1 last; }
    location /new/ { return 200 "new $uri $args"; }
    location /brk/ { rewrite ^/brk/(.*)$ /$1 break; }
    location /redir/ { rewrite ^/redir/(.*)$ /target/$1 redirect; }
    location /perm/ { rewrite ^ https://example.com$request_uri? permanent; }
    location /ret/ { return 301 https://$host$request_uri; }
    location /txt/ { set $who world; return 200 "hello $who $1"; }
    location /gone/ { return 410; }
    location /loop/ { rewrite ^ /loop/x last; }
    location /p1/ { proxy_pass http://127.0.0.1:ECHO; }
    location /p2/ { proxy_pass http://127.0.0.1:ECHO/; }
    location /p3/ { proxy_pass http://127.0.0.1:ECHO/x; }
    location /p4 { proxy_pass http://127.0.0.1:ECHO/y/; }
    location = /p5 { proxy_pass http://127.0.0.1:ECHO/five; }
    location ~ ^/p6/ { proxy_pass http://127.0.0.1:ECHO; }
    location /p7/ { rewrite ^/p7/(.*)$ /q/$1 break; proxy_pass http://127.0.0.1:ECHO/ignored/; }
    location /p8/ { proxy_pass http://echo_up/up/; }
    location /p9/ { rewrite ^/p9/(.*)$ /p2/$1 last; }
    location /closed/ { deny all; }
    location /retdeny/ { deny all; return 200 "return runs before access"; }
    location /allowed/ { allow all; deny all; return 200 "unreachable"; }
    location /allowed2/ { allow all; deny all; alias DIR/static/; }
  }
  server {
    listen 127.0.0.1:PORT;
    server_name r.test;
    if ($host = r.test) { return 301 https://$host$request_uri; }
    location / { return 200 "unreachable"; }
  }
  server {
    listen 127.0.0.1:PORT;
    server_name s.test;
    rewrite ^/srv-break/(.*)$ /p/$1 break;
    rewrite ^/srv-last/(.*)$ /q/$1 last;
    location /p/ { proxy_pass http://127.0.0.1:ECHO/pp/; }
    location /q/ { proxy_pass http://127.0.0.1:ECHO/qq/; }
    location /tfs/ { try_files /nothing /redirected/x?from=tf; }
    rewrite ^/redirected/(.*)$ /q/$1;
  }
  server {
    listen 127.0.0.1:PORT;
    server_name ~^(?<sub>[a-z]+)\\.cap\\.test$;
    location ~ ^/(\\w+)/(?<file>.+)$ { return 200 "$sub $file $1 $2"; }
    location / { return 200 "$sub $1"; }
  }
  server {
    listen 127.0.0.1:PORT;
    server_name f.test;
    root DIR/www;
    location /s/ { alias DIR/static/; if (!-f $request_filename) { return 404; } return 200 "$document_root $request_filename"; }
    location / { if (!-f $request_filename) { rewrite ^ /front last; } }
    location = /front { return 200 "front controller $uri $request_uri"; }
  }
  server {
    listen 127.0.0.1:PORT;
    server_name m.test www.example.com example.com www.shop.net else.org;
    if ($redirect_to) { return 301 $redirect_to; }
    location / { return 200 "site=$site"; }
  }
  server {
    listen 127.0.0.1:PORT;
    server_name i.test;
    if ($request_uri ~ ^/blocked) { return 403; }
    location / { return 200 "i $uri"; }
  }
  server {
    listen 127.0.0.1:ECHO;
    location / { return 200 "U:$request_uri"; }
  }
`;

const REQUESTS: Array<[string, string]> = [
  ['t.test', '/a.txt'],
  ['t.test', '/'],
  ['t.test', '/sub/'],
  ['t.test', '/sub'],
  ['t.test', '/empty/'],
  ['t.test', '/nothing/'],
  ['t.test', '/missing.txt'],
  ['t.test', '/static/x.css'],
  ['t.test', '/noslash/x.css'],
  ['t.test', '/static../secret'],
  ['t.test', '/img/logo.png'],
  ['t.test', '/A/b/c.txt'],
  ['t.test', '/A/top.txt'],
  ['t.test', '/other/a.txt'],
  ['t.test', '/tf/missing'],
  ['t.test', '/tf404/missing'],
  ['t.test', '/tfd/sub'],
  ['t.test', '/tfd/sub/'],
  ['t.test', '/tfd/file'],
  ['t.test', '/tfd/file/'],
  ['t.test', '/tfd/none'],
  ['t.test', '/tfnamed/x'],
  ['t.test', '/tfalias/x.css'],
  ['t.test', '/tfalias/none.css'],
  ['t.test', '/app.php'],
  ['t.test', '/idx/'],
  ['t.test', '/old/a?x=1'],
  ['t.test', '/brk/x.txt'],
  ['t.test', '/brk/b/x.txt'],
  ['t.test', '/redir/a?q=1'],
  ['t.test', '/perm/a?q=1'],
  ['t.test', '/ret/a?q=1'],
  ['t.test', '/txt/'],
  ['t.test', '/gone/'],
  ['t.test', '/loop/'],
  ['t.test', '/p1/a%20b?c=1'],
  ['t.test', '/p1//a/../b'],
  ['t.test', '/p2/a%20b?c=1'],
  ['t.test', '/p2/caf%C3%A9'],
  ['t.test', '/p2/a?'],
  ['t.test', '/p3/a'],
  ['t.test', '/p4/a'],
  ['t.test', '/p4'],
  ['t.test', '/p5?z'],
  ['t.test', '/p6/a%2Fb'],
  ['t.test', '/p7/a%20b?k=v'],
  ['t.test', '/p8/a'],
  ['t.test', '/p9/a%20b?k=v'],
  ['t.test', '/closed/a'],
  ['t.test', '/retdeny/a'],
  ['t.test', '/allowed2/x.css'],
  ['r.test', '/x?y'],
  ['s.test', '/srv-break/a?b=c'],
  ['s.test', '/srv-last/a?b=c'],
  ['s.test', '/tfs/x?orig=1'],
  ['blog.cap.test', '/img/a.png'],
  ['blog.cap.test', '/x'],
  ['f.test', '/s/x.css'],
  ['f.test', '/s/none.css'],
  ['f.test', '/missing?a=1'],
  ['f.test', '/a.txt'],
  ['m.test', '/old/page'],
  ['m.test', '/blog/hello/'],
  ['m.test', '/a/b.php'],
  ['www.example.com', '/plain'],
  ['example.com.', '/plain'],
  ['www.shop.net', '/plain'],
  ['else.org', '/plain'],
  ['i.test', '/blocked/x'],
  ['i.test', '/open'],
];

function pathOnly(location: string): string {
  return location.replace(/^https?:\/\/[^/]*/, '');
}

/** What the router predicts, as status plus body (200), Location (3xx) or nothing (errors). */
function predicted(r: RouteResult): string {
  const t = r.target;
  const status = (s: number): number => (r.errorPage && r.errorPage.status !== null ? r.errorPage.status : s);
  switch (t.kind) {
    case 'rejected':
      return String(t.status);
    case 'return':
      if (t.location !== undefined) return `${t.status} ${pathOnly(t.location)}`;
      return t.text !== undefined ? `${status(t.status)} ${t.text}` : `${status(t.status)}`;
    case 'redirect':
      return `${t.status} ${pathOnly(t.location)}`;
    case 'error':
      return `${t.status}`;
    case 'proxy':
      return `200 U:${t.uri}`;
    case 'static':
      if (t.outcome !== 'the file exists: 200') return `static? ${t.outcome ?? ''} ${t.path}`;
      return `${status(200)} ${readFileSync(t.path, 'utf8')}`;
    default:
      return `${t.kind}: ${t.reason}`;
  }
}

function observed(res: Awaited<ReturnType<typeof rawRequest>>): string {
  if (res === 'refused') return 'refused';
  if (res.status >= 300 && res.status < 400) return `${res.status} ${pathOnly(res.headers.get('location')?.[0] ?? '')}`;
  if (res.status >= 400 && !res.body.startsWith('custom')) return String(res.status);
  return `${res.status} ${res.body}`;
}

function fileType(path: string): 'file' | 'directory' | undefined {
  try {
    const s = statSync(path);
    return s.isDirectory() ? 'directory' : s.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

test('root, alias, index, try_files, rewrite, return, error_page and proxy_pass URIs as nginx', { timeout: 60_000 }, async () => {
  let nginx: RunningNginx | null = null;
  let port = 0;
  let echo = 0;
  for (let attempt = 0; attempt < 5 && !nginx; attempt++) {
    port = randomPort();
    echo = port + 1;
    const body = (dir: string): string => SERVERS.replace(/DIR/g, dir).replace(/ECHO/g, String(echo)).replace(/PORT/g, String(port));
    const prepare = (dir: string): void => {
      for (const [rel, content] of Object.entries(FILES)) {
        mkdirSync(dirname(join(dir, rel)), { recursive: true });
        writeFileSync(join(dir, rel), content);
      }
    };
    try {
      nginx = await startNginx(body, { host: '127.0.0.1', port: echo }, { prepare });
    } catch (e) {
      if (!/Address already in use/.test((e as Error).message) || attempt === 4) throw e;
    }
  }
  const run = nginx as RunningNginx;
  try {
    const path = join(run.dir, 'nginx.conf');
    const main = parseNginx(readFileSync(path, 'utf8'), path);
    const config: NginxConfig = { main, context: 'main', files: new Map([[path, main]]), includes: new Map(), findings: [] };
    const failures: string[] = [];
    for (const [host, target] of REQUESTS) {
      const r = routeRequest(config, { host, port, path: target, address: '127.0.0.1' }, { prefix: run.dir, fileType });
      const want = predicted(r);
      const got = observed(await rawRequest('127.0.0.1', port, target, host));
      if (process.env.ROUTE_DEBUG) console.log(`${host} ${target} => ${JSON.stringify(want)} / ${JSON.stringify(got)}`);
      if (want !== got) failures.push(`${host} ${target}: nginx ${JSON.stringify(got)}, router ${JSON.stringify(want)}\n  ${r.trace.map((s) => s.message).join(' | ')}`);
    }
    assert.equal(failures.length, 0, failures.join('\n'));
  } finally {
    await run.stop();
  }
});

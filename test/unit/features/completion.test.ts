import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workspace } from './helpers';
import { completion } from '../../../server/src/features/service';
import type { CompletionEntry } from '../../../server/src/features/types';

interface Case {
  name: string;
  /** Workspace-relative path -> text; `|` marks the cursor in one of them. */
  files: Record<string, string>;
  /** Labels that must be proposed. */
  has: string[];
  /** Labels that must not be proposed. */
  not?: string[];
  /** The text the proposals replace (the word being typed). */
  replaces?: string;
  /** Exactly these labels (order ignored). */
  exactly?: string[];
}

const SITE = 'sites-available/app';

const cases: Case[] = [
  { name: 'directives of a server block, half-typed at the end of an unclosed block', files: { [SITE]: 'server {\n    listen 80;\n    loc|' }, has: ['location', 'listen', 'server_name', 'root'], not: ['worker_processes', 'events', 'upstream', 'proxy_pass'], replaces: 'loc' },
  { name: 'directives of a location: proxy_pass yes, server_name no', files: { [SITE]: 'server {\n    location / {\n        prox|\n    }\n}\n' }, has: ['proxy_pass', 'proxy_set_header', 'alias'], not: ['server_name', 'listen', 'http'], replaces: 'prox' },
  { name: 'top of a site file (http context): server and upstream', files: { [SITE]: '|\n' }, has: ['server', 'upstream', 'map', 'log_format'], not: ['listen', 'worker_processes'] },
  { name: 'top of nginx.conf (main context)', files: { 'nginx.conf': 'user www-data;\n|\n' }, has: ['worker_processes', 'events', 'http', 'include'], not: ['listen', 'proxy_pass'] },
  { name: 'inside events', files: { 'nginx.conf': 'events {\n  |\n}\n' }, has: ['worker_connections', 'use', 'multi_accept'], not: ['server', 'listen'] },
  { name: 'inside an upstream block', files: { [SITE]: 'upstream app {\n  |\n}\n' }, has: ['server', 'keepalive', 'least_conn'], not: ['location', 'listen'] },
  { name: 'inside if in location', files: { [SITE]: 'server { location / { if ($x) { |\n } } }\n' }, has: ['return', 'rewrite', 'set', 'proxy_pass'], not: ['location', 'listen', 'alias'] },
  { name: 'on | off arguments', files: { [SITE]: 'server {\n    gzip |;\n}\n' }, exactly: ['on', 'off'], has: [] },
  { name: 'proxy_http_version values', files: { [SITE]: 'server { location / { proxy_http_version |; } }\n' }, exactly: ['1.0', '1.1', '2'], has: [] },
  { name: 'listen parameters, already used ones left out', files: { [SITE]: 'server {\n    listen 443 ssl |;\n}\n' }, has: ['default_server', 'http2', 'backlog=', 'ipv6only=on', 'reuseport'], not: ['ssl', 'udp'] },
  { name: 'return codes', files: { [SITE]: 'server { location / { return |; } }\n' }, has: ['301', '302', '404', '444'], not: ['on'] },
  { name: 'no completion inside a comment', files: { [SITE]: 'server {\n    # loc|\n}\n' }, exactly: [], has: [] },
  { name: 'no directive completion inside a map table', files: { [SITE]: 'map $uri $x {\n  |\n}\n' }, exactly: [], has: [] },
  { name: 'no completion inside a Lua block', files: { [SITE]: 'server { location / { content_by_lua_block { ngx.| } } }\n' }, exactly: [], has: [] },
  { name: 'built-in variables and the file\'s own', files: { [SITE]: 'map $http_upgrade $connection_upgrade { default upgrade; }\nserver {\n  set $backend 1;\n  location ~ ^/(?<slug>[a-z]+)$ { return 200 $|; }\n}\n' }, has: ['$host', '$remote_addr', '$http_NAME', '$backend', '$connection_upgrade', '$slug'], not: ['$bytes_received'], replaces: '' },
  { name: 'a variable in the middle of a word replaces only the name', files: { [SITE]: 'server { location / { return 301 https://$ho|st$request_uri; } }\n' }, has: ['$host', '$hostname'], replaces: 'host' },
  { name: 'stream servers get stream variables', files: { 'nginx.conf': 'stream {\n  server {\n    return $|;\n  }\n}\n' }, has: ['$bytes_received', '$remote_addr'], not: ['$request_uri', '$host'] },
  {
    name: 'upstream names after http://',
    files: { [SITE]: 'upstream app_backend { server 127.0.0.1:8000; }\nserver { location / { proxy_pass http://|; } }\n', 'conf.d/other.conf': 'upstream api { server 10.0.0.2:9000; }\n' },
    has: ['http://app_backend', 'http://api'],
  },
  {
    name: 'the unix sockets gunicorn binds, after proxy_pass',
    files: {
      [SITE]: 'server { location / { proxy_pass |; } }\n',
      'deploy/app.service': '[Service]\nWorkingDirectory=/srv/app\nExecStart=/srv/venv/bin/gunicorn --workers 2 --bind unix:/run/app/gunicorn.sock app:app\n',
      'deploy/api.socket': '[Socket]\nListenStream=/run/api.sock\n',
      'deploy/api.service': '[Service]\nExecStart=/srv/venv/bin/gunicorn api:app\n',
    },
    has: ['http://unix:/run/app/gunicorn.sock', 'http://unix:/run/api.sock'],
  },
  {
    name: 'sockets for uwsgi_pass are written without a scheme',
    files: { [SITE]: 'server { location / { uwsgi_pass |; } }\n', 'deploy/app.service': '[Service]\nExecStart=/usr/bin/gunicorn -b unix:/run/x.sock app:app\n' },
    has: ['unix:/run/x.sock'],
  },
  {
    name: 'named locations after @',
    files: { [SITE]: 'server {\n  location / { try_files $uri @back|; }\n  location @backend { proxy_pass http://127.0.0.1:8000; }\n}\nserver { location @other { } }\n' },
    exactly: ['@backend'],
    has: [],
    replaces: '@back',
  },
  {
    name: 'alias: workspace folders behind a server path',
    files: { [SITE]: 'server { location /static/ { alias /home/ubuntu/projects/myproject/pybo/|; } }\n', 'pybo/static/style.css': 'a{}', 'pybo/templates/index.html': '<p>', 'pybo/__init__.py': '' },
    exactly: ['static/', 'templates/'],
    has: [],
  },
  {
    name: 'alias with an explicit path mapping',
    files: { [SITE]: 'server { location /static/ { alias /srv/www/|; } }\n', 'web/assets/x.css': '', 'web/img/y.png': '' },
    has: ['assets/', 'img/'],
  },
  {
    name: 'include: files next to the conf dir and Debian stock files',
    files: { 'nginx/nginx.conf': 'http { include |; }\n', 'nginx/snippets/ssl.conf': 'ssl_protocols TLSv1.2;\n', 'nginx/mime.types': 'types { }\n' },
    has: ['snippets/', 'mime.types', 'proxy_params', 'fastcgi_params'],
  },
  {
    name: 'include: entries of a typed folder replace only the last segment',
    files: { 'nginx/nginx.conf': 'http { include snippets/s|; }\n', 'nginx/snippets/ssl.conf': 'x;\n', 'nginx/snippets/security.conf': 'y;\n' },
    has: ['ssl.conf', 'security.conf'],
    replaces: 's',
  },
  {
    name: 'proxy_set_header names',
    files: { [SITE]: 'server { location / { proxy_set_header |; } }\n' },
    has: ['Host', 'X-Forwarded-For', 'X-Forwarded-Proto', 'X-Real-IP'],
  },
];

function labels(entries: CompletionEntry[]): string[] {
  return entries.map((e) => e.label);
}

for (const c of cases) {
  test(`nginx completion: ${c.name}`, () => {
    const w = workspace(c.files, c.name.includes('explicit path mapping') ? { pathMappings: { '/srv/www': 'web' } } : {});
    const got = completion(w.ctx, w.path, w.offset);
    const ls = labels(got);
    for (const h of c.has) assert.ok(ls.includes(h), `${h} missing from ${JSON.stringify(ls.slice(0, 40))}`);
    for (const n of c.not ?? []) assert.ok(!ls.includes(n), `${n} should not be proposed`);
    if (c.exactly) assert.deepEqual([...new Set(ls)].sort(), [...c.exactly].sort());
    if (c.replaces !== undefined && got.length > 0) {
      const text = w.host.readFile(w.path)!;
      const e = got.find((x) => c.has.includes(x.label)) ?? got[0];
      assert.equal(text.slice(e.start, e.end), c.replaces);
    }
  });
}

test('a fresh directive gets a snippet with its semicolon or braces; an existing one only its name', () => {
  const fresh = workspace({ [SITE]: 'server {\n    |\n}\n' });
  const items = completion(fresh.ctx, fresh.path, fresh.offset);
  assert.equal(items.find((i) => i.label === 'listen')?.insertText, 'listen $0;');
  assert.equal(items.find((i) => i.label === 'location')?.insertText, 'location ${1} {\n\t$0\n}');
  assert.equal(items.find((i) => i.label === 'location')?.snippet, true);
  const existing = workspace({ [SITE]: 'server {\n    lis|ten 80;\n}\n' });
  const e = completion(existing.ctx, existing.path, existing.offset).find((i) => i.label === 'listen')!;
  assert.equal(e.insertText, undefined);
  assert.equal(existing.host.readFile(existing.path)!.slice(e.start, e.end), 'listen');
});

test('directive proposals carry the documentation: syntax, default, context, link', () => {
  const w = workspace({ [SITE]: 'server { location / { proxy_read_t| } }\n' });
  const e = completion(w.ctx, w.path, w.offset).find((i) => i.label === 'proxy_read_timeout')!;
  assert.match(e.documentation!, /proxy_read_timeout time;/);
  assert.match(e.documentation!, /\*\*Default:\*\* `proxy_read_timeout 60s;`/);
  assert.match(e.documentation!, /https:\/\/nginx\.org\/en\/docs\/http\/ngx_http_proxy_module\.html#proxy_read_timeout/);
  assert.equal(e.detail, 'ngx_http_proxy_module');
});

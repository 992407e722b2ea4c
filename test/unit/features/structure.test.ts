import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT, workspace } from './helpers';
import { documentLinks, documentSymbols, foldingRanges, selectionRanges } from '../../../server/src/features/service';
import type { SymbolNode } from '../../../server/src/features/types';
import { LineIndex } from '../../../server/src/common/text';

const SITE = 'sites-available/app';

/** An outline as indented lines: `kind name [detail]`. */
function outline(nodes: SymbolNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [`${'  '.repeat(depth)}${n.kind} ${n.name}${n.detail ? ` [${n.detail}]` : ''}`, ...outline(n.children, depth + 1)]);
}

test('outline of a site: servers with names and ports, locations with modifiers, upstreams', () => {
  const text = [
    'upstream app { server unix:/run/app.sock; server 127.0.0.1:8001; }',
    'map $uri $x { default 1; }',
    'server {',
    '    listen 443 ssl;',
    '    listen [::]:443 ssl;',
    '    server_name example.com www.example.com;',
    '    location = /favicon.ico { access_log off; }',
    '    location ^~ /static/ { alias /srv/static/; }',
    '    location ~* \\.(png)$ { expires 7d; }',
    '    location / {',
    '        if ($request_method = POST) { return 405; }',
    '    }',
    '    location @fallback { proxy_pass http://app; }',
    '}',
    'server { listen 80; return 301 https://$host$request_uri; }',
  ].join('\n');
  const w = workspace({ [SITE]: text + '\n|' });
  assert.deepEqual(outline(documentSymbols(w.ctx, w.path)), [
    'upstream upstream app [unix:/run/app.sock, 127.0.0.1:8001]',
    'map map $uri $x',
    'server server example.com www.example.com [listen 443 ssl, listen [::]:443 ssl]',
    '  location location = /favicon.ico [exact match]',
    '  location location ^~ /static/ [prefix, no regex after it]',
    '  location location ~* \\.(png)$ [regex, case-insensitive]',
    '  location location / [prefix]',
    '    block if ($request_method = POST)',
    '  location location @fallback [named]',
    'server server [listen 80]',
  ]);
});

test('outline of gunicorn files: conf.py settings, unit sections, Procfile process types', () => {
  const conf = workspace({ 'gunicorn.conf.py': 'bind = "unix:/run/a.sock"\nbnd = 1\ndef on_starting(server):\n    pass\n|' });
  assert.deepEqual(outline(documentSymbols(conf.ctx, conf.path)), ['setting bind [gunicorn setting]', 'variable bnd [not a gunicorn setting (ignored)]', 'function on_starting [gunicorn setting]']);
  const unit = workspace({ 'deploy/app.service': '[Unit]\nDescription=x\n[Service]\nUser=u\nExecStart=/bin/gunicorn app:app\n|' });
  assert.deepEqual(outline(documentSymbols(unit.ctx, unit.path)), ['section [Unit]', '  setting Description', 'section [Service]', '  setting User', '  setting ExecStart']);
  const proc = workspace({ Procfile: 'web: gunicorn app:app\nworker: celery -A app worker\n|' });
  assert.deepEqual(outline(documentSymbols(proc.ctx, proc.path)), ['function web [process type]', 'function worker [process type]']);
});

test('folding: multi-line blocks up to the line before their brace, comment runs; one-line blocks not', () => {
  const text = ['# a', '# b', 'server {', '    location / { return 200; }', '    location /x {', '        return 404;', '    }', '}', '# c', ''].join('\n');
  const w = workspace({ [SITE]: text + '|' });
  const idx = new LineIndex(text);
  const lines = foldingRanges(w.ctx, w.path).map((f) => [idx.positionAt(f.start).line, idx.positionAt(f.end).line, f.kind ?? 'region']);
  assert.deepEqual(lines, [
    [0, 1, 'comment'],
    [2, 6, 'region'],
    [4, 5, 'region'],
  ]);
});

test('selection ranges grow from the word to the directive, the block body, the block, the file', () => {
  const w = workspace({ [SITE]: 'server {\n    location / {\n        proxy_pass http://ba|ckend;\n    }\n}\n' });
  const text = w.host.readFile(w.path)!;
  const chain = selectionRanges(w.ctx, w.path, [w.offset])[0].map((r) => text.slice(r.start, r.end).replace(/\s+/g, ' ').trim());
  assert.deepEqual(chain, [
    'http://backend',
    'proxy_pass http://backend;',
    'proxy_pass http://backend;', // the location's body
    'location / { proxy_pass http://backend; }',
    'location / { proxy_pass http://backend; }', // the server's body
    'server { location / { proxy_pass http://backend; } }',
    'server { location / { proxy_pass http://backend; } }', // the file
  ]);
  // Each range holds the previous one.
  const raw = selectionRanges(w.ctx, w.path, [w.offset])[0];
  for (let i = 1; i < raw.length; i++) assert.ok(raw[i].start <= raw[i - 1].start && raw[i].end >= raw[i - 1].end);
  assert.deepEqual(raw[raw.length - 1], { start: 0, end: text.length });
});

test('document links: include targets, alias folders, certificate files', () => {
  const w = workspace({
    'nginx/sites-available/app': 'server {\n  include snippets/ssl.conf;\n  include conf.d/*.conf;\n  ssl_certificate /etc/nginx/certs/site.pem;\n  location /static/ { alias /home/u/proj/static/; }\n  location /x { root $document_root; }\n}\n|',
    'nginx/nginx.conf': 'http { include sites-available/*; }\n',
    'nginx/snippets/ssl.conf': 'ssl_protocols TLSv1.2;\n',
    'nginx/conf.d/a.conf': '',
    'nginx/conf.d/b.conf': '',
    'nginx/certs/site.pem': 'x',
    'static/app.css': '',
  });
  const text = w.host.readFile(w.path)!;
  const links = documentLinks(w.ctx, w.path).map((l) => `${text.slice(l.start, l.end)} -> ${l.target.slice(ROOT.length + 1)}`);
  assert.deepEqual(links, ['snippets/ssl.conf -> nginx/snippets/ssl.conf', '/etc/nginx/certs/site.pem -> nginx/certs/site.pem', '/home/u/proj/static/ -> static']);
});

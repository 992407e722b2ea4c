import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT, workspace } from './helpers';
import { definition, prepareRename, references, rename } from '../../../server/src/features/service';
import type { FileEdit, FileSpan } from '../../../server/src/features/types';
import type { MemoryHost } from '../../../server/src/common/memoryHost';
import { loadPython } from '../../helpers/python';

before(loadPython);

/** `file:text` of each span, with the file relative to the root: readable expectations. */
function show(host: MemoryHost, spans: readonly FileSpan[]): string[] {
  return spans.map((s) => `${s.file.slice(ROOT.length + 1)}:${s.start === s.end ? `@${s.start}` : host.readFile(s.file)!.slice(s.start, s.end)}`).sort();
}

const SITE = 'sites-available/app';
const UNIT = '[Service]\nWorkingDirectory=/srv/app\nExecStart=/srv/venv/bin/gunicorn --bind unix:/run/app.sock app:app\n';

interface Case {
  name: string;
  files: Record<string, string>;
  definition: string[];
  /** References including the declaration; omitted when the case is about definition only. */
  references?: string[];
}

const cases: Case[] = [
  {
    name: 'include -> the file, relative to the conf dir',
    files: { 'nginx/nginx.conf': 'http {\n  include snippets/ss|l.conf;\n}\n', 'nginx/snippets/ssl.conf': 'ssl_protocols TLSv1.2;\n' },
    definition: ['nginx/snippets/ssl.conf:@0'],
  },
  {
    name: 'include with a mask -> every file it matches',
    files: { 'nginx/nginx.conf': 'http {\n  include conf.d/*.co|nf;\n}\n', 'nginx/conf.d/a.conf': 'gzip on;\n', 'nginx/conf.d/b.conf': 'gzip off;\n' },
    definition: ['nginx/conf.d/a.conf:@0', 'nginx/conf.d/b.conf:@0'],
  },
  {
    name: 'upstream name -> its block, in another file; references across files',
    files: {
      [SITE]: 'server { location / { proxy_pass http://back|end/api/; } }\nserver { location / { proxy_pass http://backend; } }\n',
      'conf.d/upstreams.conf': 'upstream backend { server 127.0.0.1:8000; }\n',
    },
    definition: ['conf.d/upstreams.conf:backend'],
    references: ['conf.d/upstreams.conf:backend', 'sites-available/app:backend', 'sites-available/app:backend'],
  },
  {
    name: 'a host that is not an upstream has no definition',
    files: { [SITE]: 'server { location / { proxy_pass http://exam|ple.com; } }\n' },
    definition: [],
  },
  {
    name: '@named location in the same server',
    files: { [SITE]: 'server {\n  location / { try_files $uri @ba|ck; }\n  location @back { proxy_pass http://127.0.0.1:8000; }\n}\nserver {\n  location @back { return 404; }\n}\n' },
    definition: ['sites-available/app:@back'],
    references: ['sites-available/app:@back', 'sites-available/app:@back'],
  },
  {
    name: '$var -> its set and map, across files; references',
    files: {
      [SITE]: 'server {\n  set $target /x;\n  location / { return 301 $tar|get; }\n  location /y { rewrite ^ $target; }\n}\n',
      'conf.d/maps.conf': 'map $uri $target { default /z; }\n',
    },
    definition: ['conf.d/maps.conf:target', 'sites-available/app:target'],
    references: ['conf.d/maps.conf:target', 'sites-available/app:target', 'sites-available/app:target', 'sites-available/app:target'],
  },
  {
    name: 'a named regex capture',
    files: { [SITE]: 'server { location ~ ^/(?<slug>[a-z]+)$ { return 200 $sl|ug; } }\n' },
    definition: ['sites-available/app:slug'],
  },
  {
    name: 'proxy_pass unix socket -> the gunicorn bind in a systemd unit',
    files: { [SITE]: 'server { location / { proxy_pass http://unix:/run/ap|p.sock; } }\n', 'deploy/app.service': UNIT },
    definition: ['deploy/app.service:/run/app.sock'],
    references: ['deploy/app.service:/run/app.sock', 'sites-available/app:/run/app.sock'],
  },
  {
    name: 'proxy_pass unix socket -> ListenStream= of the socket unit (socket activation)',
    files: {
      [SITE]: 'server { location / { proxy_pass http://unix:/run/gunicorn.so|ck; } }\n',
      'deploy/gunicorn.socket': '[Socket]\nListenStream=/run/gunicorn.sock\n',
      'deploy/gunicorn.service': '[Service]\nExecStart=/srv/venv/bin/gunicorn app:app\n',
    },
    definition: ['deploy/gunicorn.socket:/run/gunicorn.sock'],
  },
  {
    name: 'proxy_pass unix socket -> bind in gunicorn.conf.py',
    files: { [SITE]: 'server { location / { proxy_pass http://unix:/run/c|.sock; } }\n', 'gunicorn.conf.py': 'bind = ["unix:/run/c.sock"]\nworkers = 2\n', Procfile: 'web: gunicorn app:app\n' },
    definition: ['gunicorn.conf.py:/run/c.sock'],
  },
  {
    name: 'and back: the gunicorn bind -> nginx lines that connect to it',
    files: { [SITE]: 'upstream app { server unix:/run/app.sock; }\nserver { location / { proxy_pass http://unix:/run/app.sock:/; } }\n', 'deploy/app.service': UNIT.replace('unix:/run/app.sock', 'unix:/run/a|pp.sock') },
    definition: ['sites-available/app:/run/app.sock', 'sites-available/app:/run/app.sock'],
    references: ['deploy/app.service:/run/app.sock', 'sites-available/app:/run/app.sock', 'sites-available/app:/run/app.sock'],
  },
  {
    name: 'a TCP port: proxy_pass 127.0.0.1:8000 -> a bind on 0.0.0.0:8000',
    files: { [SITE]: 'server { location / { proxy_pass http://127.0.0.1:8|000; } }\n', Procfile: 'web: gunicorn -b 0.0.0.0:8000 app:app\n' },
    definition: ['Procfile:0.0.0.0:8000'],
  },
  {
    name: 'alias -> the workspace folder',
    files: { [SITE]: 'server { location /static/ { alias /home/ubuntu/myproject/pybo/sta|tic/; } }\n', 'pybo/static/a.css': '' },
    definition: ['pybo/static:@0'],
  },
  {
    name: 'WSGI target -> the Python factory',
    files: { 'deploy/app.service': '[Service]\nWorkingDirectory=/home/u/proj\nExecStart=/home/u/venv/bin/gunicorn "pybo:create_a|pp()"\n', 'pybo/__init__.py': 'from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n' },
    definition: ['pybo/__init__.py:create_app'],
  },
];

for (const c of cases) {
  test(`definition: ${c.name}`, () => {
    const w = workspace(c.files);
    assert.deepEqual(show(w.host, definition(w.ctx, w.path, w.offset)), [...c.definition].sort());
    if (c.references) assert.deepEqual(show(w.host, references(w.ctx, w.path, w.offset, true)), [...c.references].sort());
  });
}

function apply(host: MemoryHost, edits: readonly FileEdit[]): void {
  const byFile = new Map<string, FileEdit[]>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [file, list] of byFile) {
    let text = host.readFile(file)!;
    for (const e of [...list].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
    host.set(file, text);
  }
}

test('rename an upstream: the block and every proxy_pass naming it, across files', () => {
  const w = workspace({
    [SITE]: 'server { location / { proxy_pass http://back|end/api/; } location /x { proxy_pass http://backend; } location /y { proxy_pass http://backends; } }\n',
    'conf.d/u.conf': 'upstream backend { server 127.0.0.1:8000; }\n',
  });
  assert.equal(prepareRename(w.ctx, w.path, w.offset)?.placeholder, 'backend');
  const r = rename(w.ctx, w.path, w.offset, 'app_servers');
  assert.ok('edits' in r);
  apply(w.host, r.edits);
  assert.equal(w.host.readFile(`${ROOT}/conf.d/u.conf`), 'upstream app_servers { server 127.0.0.1:8000; }\n');
  assert.equal(w.host.readFile(w.path), 'server { location / { proxy_pass http://app_servers/api/; } location /x { proxy_pass http://app_servers; } location /y { proxy_pass http://backends; } }\n');
  assert.deepEqual(rename(w.ctx, w.path, w.offset, 'bad name'), { error: '"bad name" is not a valid upstream name (letters, digits, "_", "-", ".")' });
});

test('rename a socket path from nginx: nginx lines, the unit\'s --bind and the socket unit, in one edit', () => {
  const w = workspace({
    [SITE]: 'upstream app { server unix:/run/app.sock; }\nserver { location / { proxy_pass http://unix:/run/app.s|ock:/; } }\n',
    'deploy/app.service': UNIT,
    'deploy/other.service': '[Service]\nExecStart=/usr/bin/gunicorn --bind unix:/run/other.sock x:y\n',
  });
  const r = rename(w.ctx, w.path, w.offset, '/run/myproject/gunicorn.sock');
  assert.ok('edits' in r);
  apply(w.host, r.edits);
  assert.equal(w.host.readFile(w.path), 'upstream app { server unix:/run/myproject/gunicorn.sock; }\nserver { location / { proxy_pass http://unix:/run/myproject/gunicorn.sock:/; } }\n');
  assert.match(w.host.readFile(`${ROOT}/deploy/app.service`)!, /--bind unix:\/run\/myproject\/gunicorn\.sock app:app/);
  assert.match(w.host.readFile(`${ROOT}/deploy/other.service`)!, /unix:\/run\/other\.sock/);
});

test('rename a socket path from the gunicorn side', () => {
  const w = workspace({
    [SITE]: 'server { location / { proxy_pass http://unix:/run/app.sock; } }\n',
    'deploy/app.service': UNIT.replace('unix:/run/app.sock', 'unix:/run/|app.sock'),
  });
  assert.equal(prepareRename(w.ctx, w.path, w.offset)?.placeholder, '/run/app.sock');
  const r = rename(w.ctx, w.path, w.offset, '/run/new.sock');
  assert.ok('edits' in r);
  apply(w.host, r.edits);
  assert.equal(w.host.readFile(`${ROOT}/${SITE}`), 'server { location / { proxy_pass http://unix:/run/new.sock; } }\n');
  assert.match(w.host.readFile(w.path)!, /--bind unix:\/run\/new\.sock app:app/);
  assert.ok('error' in rename(w.ctx, w.path, w.offset, 'relative.sock'));
});

test('nothing to rename on a directive name', () => {
  const w = workspace({ [SITE]: 'server { lis|ten 80; }\n' });
  assert.equal(prepareRename(w.ctx, w.path, w.offset), undefined);
  assert.ok('error' in rename(w.ctx, w.path, w.offset, 'x'));
});

test('gunicorn: -c PATH links to and defines the workspace config file; --chdir links to its folder', async () => {
  const { documentLinks } = await import('../../../server/src/features/service');
  const w = workspace({
    'deploy/app.service': '[Service]\nWorkingDirectory=/home/u/proj\nExecStart=/home/u/venv/bin/gunicorn -c /home/u/proj/deploy/gunicorn.c|onf.py --chdir /home/u/proj/src app:app\n',
    'deploy/gunicorn.conf.py': 'workers = 3\n',
    'src/app.py': 'from flask import Flask\napp = Flask(__name__)\n',
  });
  assert.deepEqual(show(w.host, definition(w.ctx, w.path, w.offset)), ['deploy/gunicorn.conf.py:@0']);
  const text = w.host.readFile(w.path)!;
  const links = documentLinks(w.ctx, w.path).map((l) => `${text.slice(l.start, l.end)} -> ${l.target.slice(ROOT.length + 1)}`);
  assert.deepEqual(links, ['/home/u/proj/deploy/gunicorn.conf.py -> deploy/gunicorn.conf.py', '/home/u/proj/src -> src']);
});

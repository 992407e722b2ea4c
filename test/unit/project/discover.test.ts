import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { classifyFile, discoverWorkspace } from '../../../server/src/project/discover';

const site = 'server {\n  listen 80;\n  location / { proxy_pass http://unix:/run/a.sock; }\n}\n';

const cases: Array<[string, string, string]> = [
  ['/ws/deploy/nginx/sites-available/myproject', site, 'nginx'],
  ['/ws/etc/nginx/sites-enabled/default', '# empty site\n', 'nginx'],
  ['/ws/nginx.conf', 'events {}\n', 'nginx'],
  ['/ws/conf/app.conf', site, 'nginx'],
  ['/ws/conf/supervisor.conf', '[program:app]\ncommand=gunicorn app:app\n', 'supervisor'],
  ['/ws/deploy/myproject.service', '[Service]\nExecStart=/usr/bin/gunicorn app:app\n', 'systemd-service'],
  ['/ws/deploy/gunicorn.socket', '[Socket]\nListenStream=/run/gunicorn.sock\n', 'systemd-socket'],
  ['/ws/gunicorn.conf.py', 'bind = "unix:/run/a.sock"\n', 'gunicorn-config'],
  ['/ws/Procfile', 'web: gunicorn app:app\n', 'procfile'],
  ['/ws/Dockerfile', 'FROM python:3.12\n', 'dockerfile'],
  ['/ws/deploy/myproject.env', 'FLASK_APP=pybo\n', 'env'],
  ['/ws/pybo/__init__.py', 'from flask import Flask\n', 'python'],
  ['/ws/README.md', 'server { listen 80; }\n', 'other'],
  ['/ws/notes', 'just some text\n', 'other'],
  ['/ws/deploy/nginx/sites-available/bad.service.bak', '[Unit]\nDescription=x\n', 'other'],
];

test('classifyFile decides by path and content', () => {
  for (const [path, text, kind] of cases) {
    const host = new MemoryHost({ [path]: text });
    assert.equal(classifyFile(host, path), kind, path);
  }
});

test('discoverWorkspace finds deployment files and skips dependency folders', () => {
  const host = new MemoryHost({
    '/ws/deploy/nginx/sites-available/myproject': site,
    '/ws/deploy/myproject.service': '[Service]\n',
    '/ws/node_modules/x/nginx.conf': 'events {}\n',
    '/ws/venv/lib/gunicorn.conf.py': 'bind = "x"\n',
    '/ws/.git/config': '[core]\n',
    '/ws/app.py': 'x = 1\n',
  });
  assert.deepEqual(discoverWorkspace(host, '/ws'), [
    { path: '/ws/app.py', kind: 'python' },
    { path: '/ws/deploy/myproject.service', kind: 'systemd-service' },
    { path: '/ws/deploy/nginx/sites-available/myproject', kind: 'nginx' },
  ]);
});

test('discoverWorkspace does not follow a symlink that leads out of the workspace', async () => {
  const { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { NodeHost } = await import('../../../server/src/node/nodeHost');
  const outside = mkdtempSync(join(tmpdir(), 'deploylens-outside-'));
  const ws = mkdtempSync(join(tmpdir(), 'deploylens-ws-'));
  try {
    mkdirSync(join(outside, 'sites-available'));
    writeFileSync(join(outside, 'sites-available', 'other'), site);
    mkdirSync(join(ws, 'sites-available'));
    writeFileSync(join(ws, 'sites-available', 'mine'), site);
    symlinkSync(outside, join(ws, 'escape'));
    symlinkSync(ws, join(ws, 'sites-available', 'loop'));
    const found = discoverWorkspace(new NodeHost(), ws).map((f) => f.path.slice(ws.length));
    assert.deepEqual(found, ['/sites-available/mine']);
  } finally {
    rmSync(outside, { recursive: true, force: true });
    rmSync(ws, { recursive: true, force: true });
  }
});

test('classifyPaths over the gunicorn walk finds exactly what discoverWorkspace finds', async () => {
  const { join } = await import('node:path');
  const { readdirSync } = await import('node:fs');
  const { NodeHost } = await import('../../../server/src/node/nodeHost');
  const { discoverGunicornFiles } = await import('../../../server/src/gunicorn/discover');
  const { classifyPaths } = await import('../../../server/src/project/discover');
  const host = new NodeHost();
  const repo = join(__dirname, '..', '..', '..');
  const fixtures = join(repo, 'test', 'fixtures', 'workspaces');
  const roots = [join(repo, 'examples', 'pybo'), ...readdirSync(fixtures).map((d) => join(fixtures, d)).filter((d) => host.stat(d)?.type === 'directory')];
  assert.ok(roots.length > 20);
  for (const root of roots) {
    assert.deepEqual(classifyPaths(host, root, discoverGunicornFiles(host, root).allFiles), discoverWorkspace(host, root), root);
  }
});

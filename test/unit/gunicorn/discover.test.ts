import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { discoverGunicornFiles } from '../../../server/src/gunicorn/discover';
import { createPathMapper, sharedSuffix } from '../../../server/src/gunicorn/pathmap';

test('discovery by name and content, skipping dependency folders', () => {
  const host = new MemoryHost({
    '/ws/deploy/app.service': '[Service]\nExecStart=/v/bin/gunicorn a:b\n',
    '/ws/deploy/app.socket': '[Socket]\nListenStream=/run/a.sock\n',
    '/ws/Procfile': 'web: gunicorn a:b\n',
    '/ws/docker/Dockerfile.prod': 'FROM x\n',
    '/ws/etc/supervisor/conf.d/app.conf': '[program:app]\ncommand=gunicorn a:b\n',
    '/ws/etc/nginx/sites-available/app.conf': 'server { location / { proxy_pass http://unix:/run/gunicorn.sock; } }\n',
    '/ws/gunicorn.conf.py': 'workers = 2\n',
    '/ws/config/gunicorn_config.py': 'workers = 2\n',
    '/ws/bin/start.sh': '#!/bin/sh\nexec gunicorn a:b\n',
    '/ws/service/app/run': '#!/bin/sh\nexec chpst -u app /v/bin/python -m gunicorn a:b\n',
    '/ws/README.md': 'run gunicorn like this\n',
    '/ws/app.py': 'import gunicorn\n',
    '/ws/node_modules/x/Procfile': 'web: gunicorn a:b\n',
    '/ws/venv/bin/gunicorn': '#!/usr/bin/python\nfrom gunicorn.app.wsgiapp import run\n',
    '/ws/.git/hooks/Procfile': 'web: gunicorn a:b\n',
  });
  const d = discoverGunicornFiles(host, '/ws');
  assert.deepEqual(
    d.files.map((f) => `${f.kind} ${f.path}`),
    [
      'procfile /ws/Procfile',
      'script /ws/bin/start.sh',
      'gunicorn-config /ws/config/gunicorn_config.py',
      'systemd-service /ws/deploy/app.service',
      'systemd-socket /ws/deploy/app.socket',
      'dockerfile /ws/docker/Dockerfile.prod',
      'supervisor /ws/etc/supervisor/conf.d/app.conf',
      'gunicorn-config /ws/gunicorn.conf.py',
      'script /ws/service/app/run',
    ],
  );
  assert.equal(d.allFiles.includes('/ws/node_modules/x/Procfile'), false);
  assert.equal(d.truncated, false);
});

test('discovery is bounded', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 50; i++) files[`/ws/d${i}/f.txt`] = 'x';
  const d = discoverGunicornFiles(new MemoryHost(files), '/ws', { maxFiles: 10 });
  assert.equal(d.allFiles.length, 10);
  assert.equal(d.truncated, true);
});

test('server paths to workspace paths', () => {
  const host = new MemoryHost({
    '/ws/deploy/systemd/app.service': '',
    '/ws/deploy/env/app.env': '',
    '/ws/deploy/systemd/beside.env': '',
    '/ws/other/app.env': '',
    '/ws/conf/gunicorn/prod.py': '',
    '/ws/srv/site/gunicorn.conf.py': '',
  });
  const paths = createPathMapper({ host, root: '/ws', allFiles: host.paths(), pathMappings: { '/opt/site': 'srv/site' } });
  const near = '/ws/deploy/systemd';
  const rows: Array<[string, string | undefined]> = [
    ['/etc/default/beside.env', '/ws/deploy/systemd/beside.env'], // same name next to the unit
    ['/home/u/env/app.env', '/ws/deploy/env/app.env'], // longest suffix (env/app.env)
    ['/etc/gunicorn/prod.py', '/ws/conf/gunicorn/prod.py'],
    ['/opt/site/gunicorn.conf.py', '/ws/srv/site/gunicorn.conf.py'], // explicit mapping
    ['/opt/site/missing.py', undefined],
    ['/nowhere/x.py', undefined],
  ];
  for (const [server, expected] of rows) assert.equal(paths.file(server, near), expected, server);
  assert.equal(paths.dir('/home/x/srv/site'), '/ws/srv/site');
  assert.equal(paths.dir('/home/x/unrelated'), undefined);
  assert.equal(sharedSuffix('/a/b/c', 'x/b/c'), 2);
});

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { workspace } from './helpers';
import { completion } from '../../../server/src/features/service';
import { loadPython } from '../../helpers/python';

before(loadPython);

interface Case {
  name: string;
  files: Record<string, string>;
  has: string[];
  not?: string[];
  replaces?: string;
}

const SITE = 'sites-available/app';

const cases: Case[] = [
  { name: 'gunicorn.conf.py: setting names at the start of a line', files: { 'gunicorn.conf.py': 'import os\nwor|\n' }, has: ['workers', 'worker_class', 'timeout', 'bind', 'wsgi_app'], not: ['os'], replaces: 'wor' },
  { name: 'gunicorn.conf.py: nothing inside an expression', files: { 'gunicorn.conf.py': 'workers = os.cpu_count() * |\n' }, has: [], not: ['workers'] },
  { name: 'gunicorn.conf.py: worker classes after worker_class =', files: { 'gunicorn.conf.py': 'worker_class = "|"\n' }, has: ['"sync"', '"gthread"', '"gevent"'], replaces: '""' },
  { name: 'gunicorn.conf.py: choices', files: { 'gunicorn.conf.py': 'loglevel = |\n' }, has: ['"debug"', '"info"', '"warning"'] },
  { name: 'gunicorn.conf.py: booleans', files: { 'gunicorn.conf.py': 'preload_app = |\n' }, has: ['True', 'False'] },
  {
    name: 'gunicorn.conf.py: bind proposes what nginx connects to',
    files: { 'gunicorn.conf.py': 'bind = "|"\n', [SITE]: 'server { location / { proxy_pass http://unix:/run/app.sock; } location /api { proxy_pass http://127.0.0.1:9000; } }\n' },
    has: ['"unix:/run/app.sock"', '"127.0.0.1:9000"'],
  },
  { name: 'unit ExecStart: options after gunicorn', files: { 'deploy/app.service': '[Service]\nExecStart=/srv/venv/bin/gunicorn --wor|\n' }, has: ['--workers', '--worker-class', '--worker-connections'], replaces: '--wor' },
  { name: 'unit ExecStart: options on a continuation line', files: { 'deploy/app.service': '[Service]\nExecStart=/srv/venv/bin/gunicorn \\\n    --workers 3 \\\n    --|\n' }, has: ['--bind', '--timeout'] },
  { name: 'not before the gunicorn program', files: { 'deploy/app.service': '[Service]\nExecStart=/srv/venv/bin/gun|icorn app:app\n' }, has: [], not: ['--bind'] },
  {
    name: 'unit ExecStart: --bind values are nginx\'s sockets',
    files: { 'deploy/app.service': '[Service]\nExecStart=/srv/venv/bin/gunicorn --bind |\n', [SITE]: 'upstream a { server unix:/run/x.sock; }\n' },
    has: ['unix:/run/x.sock'],
  },
  { name: 'Procfile: --log-level choices after =', files: { Procfile: 'web: gunicorn --log-level=| app:app\n' }, has: ['debug', 'info'] },
  { name: 'Dockerfile JSON form: options', files: { Dockerfile: 'FROM python:3.12\nCMD ["gunicorn", "--ti|"]\n' }, has: ['--timeout'] },
  {
    name: 'WSGI targets from the workspace\'s Python files',
    files: {
      'deploy/app.service': '[Service]\nWorkingDirectory=/home/u/proj\nExecStart=/home/u/venv/bin/gunicorn --workers 2 |\n',
      'pybo/__init__.py': 'from flask import Flask\n\ndef create_app():\n    app = Flask(__name__)\n    return app\n',
      'mysite/wsgi.py': 'from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n',
      'hello.py': 'from flask import Flask\napp = Flask(__name__)\n',
    },
    has: ['pybo:create_app()', 'mysite.wsgi', 'hello:app'],
  },
];

for (const c of cases) {
  test(`gunicorn completion: ${c.name}`, () => {
    const w = workspace(c.files);
    const got = completion(w.ctx, w.path, w.offset);
    const labels = got.map((g) => g.label);
    for (const h of c.has) assert.ok(labels.includes(h), `${h} missing from ${JSON.stringify(labels.slice(0, 30))}`);
    for (const n of c.not ?? []) assert.ok(!labels.includes(n), `${n} should not be proposed`);
    if (c.has.length === 0 && !c.not) assert.deepEqual(labels, []);
    if (c.replaces !== undefined) {
      const e = got.find((g) => g.label === c.has[0])!;
      assert.equal(w.host.readFile(w.path)!.slice(e.start, e.end), c.replaces);
    }
  });
}

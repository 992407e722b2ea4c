import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import type { Launcher } from '../../../server/src/gunicorn/launcher';
import { createPathMapper } from '../../../server/src/gunicorn/pathmap';
import { readCompose } from '../../../server/src/gunicorn/readers/compose';
import { readDockerfile } from '../../../server/src/gunicorn/readers/dockerfile';
import { readProcfile } from '../../../server/src/gunicorn/readers/procfile';
import { readScript } from '../../../server/src/gunicorn/readers/script';
import { parseSupervisorEnvironment, readSupervisor } from '../../../server/src/gunicorn/readers/supervisor';
import { normalizeListenStream, readServiceUnit, readSocketUnit } from '../../../server/src/gunicorn/readers/systemd';
import { plainWord } from '../../../server/src/gunicorn/words';

/** The parts of a launcher the tests compare. */
function view(l: Launcher) {
  const env: Record<string, string | null> = {};
  for (const [k, v] of l.env) env[k] = v.value ?? null;
  return { program: l.program.value, args: l.args.map((a) => a.value), startDir: l.startDir?.value ?? null, env, user: l.user?.value ?? null };
}

test('Procfile: process types, shell syntax, PORT from the platform', () => {
  const text = 'release: python manage.py migrate\nweb: gunicorn "pybo:create_app()" --workers 2 --bind 0.0.0.0:$PORT\nworker: celery -A x worker\n';
  const r = readProcfile(text, '/ws/Procfile');
  assert.equal(r.launchers.length, 1);
  assert.deepEqual(view(r.launchers[0]), { program: 'gunicorn', args: ['pybo:create_app()', '--workers', '2', '--bind', '0.0.0.0:$PORT'], startDir: '/ws', env: { PORT: null }, user: null });
  assert.equal(r.launchers[0].name, 'web');
  const bind = r.launchers[0].args[4];
  assert.equal(text.slice(bind.start, bind.end), '0.0.0.0:$PORT');
});

test('Procfile: .env beside it sets PORT (base + 100 per process type) and other variables, as honcho and foreman do', () => {
  const text = 'release: flask db upgrade\nweb: gunicorn app:app\nworker: gunicorn --bind 127.0.0.1:$PORT other:app\n';
  const envText = '# local\nPORT=8000\nGUNICORN_CMD_ARGS="--workers 3"\n';
  const host = new MemoryHost({ '/ws/Procfile': text, '/ws/.env': envText });
  const r = readProcfile(text, '/ws/Procfile', host);
  assert.deepEqual(
    r.launchers.map((l) => [l.name, view(l).env, l.args.map((a) => a.value)]),
    [
      ['web', { PORT: '8100', GUNICORN_CMD_ARGS: '--workers 3' }, ['app:app']],
      ['worker', { PORT: '8200', GUNICORN_CMD_ARGS: '--workers 3' }, ['--bind', '127.0.0.1:8200', 'other:app']],
    ],
  );
  // The value points into .env (for the editor's links), and a Procfile without .env keeps PORT unknown.
  const src = r.launchers[0].env.get('PORT')?.source;
  assert.equal(src && envText.slice(src.start, src.end), 'PORT=8000');
  assert.equal(readProcfile(text, '/ws/Procfile', new MemoryHost({ '/ws/Procfile': text })).launchers[0].env.get('PORT')?.value, undefined);
  // A non-numeric PORT is not a base port.
  assert.equal(readProcfile(text, '/ws/Procfile', new MemoryHost({ '/ws/.env': 'PORT=abc\n' })).launchers[0].env.get('PORT')?.value, undefined);
});

const dockerRows: Array<[string, string, ReturnType<typeof view> | undefined]> = [
  [
    'exec form, WORKDIR, ENV k=v with quotes',
    'FROM python:3.12\nWORKDIR /app\nENV GUNICORN_CMD_ARGS="--workers 3 --access-logfile -" A=1\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "pybo:create_app()"]\n',
    { program: 'gunicorn', args: ['--bind', '0.0.0.0:8000', 'pybo:create_app()'], startDir: '/app', env: { GUNICORN_CMD_ARGS: '--workers 3 --access-logfile -', A: '1' }, user: null },
  ],
  [
    'shell form, legacy ENV, relative WORKDIR, continuation',
    'FROM python\nENV PORT 5000\nWORKDIR /srv\nWORKDIR app\nUSER app\nCMD gunicorn \\\n  --bind 0.0.0.0:$PORT \\\n  app:app\n',
    { program: 'gunicorn', args: ['--bind', '0.0.0.0:5000', 'app:app'], startDir: '/srv/app', env: { PORT: '5000' }, user: 'app' },
  ],
  [
    'ENTRYPOINT + CMD exec forms combine',
    'FROM x\nENTRYPOINT ["gunicorn", "-c", "conf.py"]\nCMD ["app:app"]\n',
    { program: 'gunicorn', args: ['-c', 'conf.py', 'app:app'], startDir: '/', env: {}, user: null },
  ],
  [
    'entrypoint script with exec "$@": CMD runs',
    'FROM x\nENTRYPOINT ["/docker-entrypoint.sh"]\nCMD ["gunicorn", "app:app"]\n',
    { program: 'gunicorn', args: ['app:app'], startDir: '/', env: {}, user: null },
  ],
  [
    'the final stage counts; ENV, ARG and WORKDIR inherit from a named stage',
    'ARG V=1\nFROM python AS base\nARG W=5\nENV WEB_CONCURRENCY=$W\nWORKDIR /base\nFROM base AS final\nCMD ["gunicorn", "a:b"]\n',
    { program: 'gunicorn', args: ['a:b'], startDir: '/base', env: { WEB_CONCURRENCY: '5' }, user: null },
  ],
  [
    'a non-gunicorn final stage',
    'FROM python AS build\nCMD ["gunicorn", "a:b"]\nFROM nginx\nCMD ["nginx", "-g", "daemon off;"]\n',
    undefined,
  ],
  [
    'escape directive and a RUN heredoc',
    '# escape=`\nFROM x\nRUN <<EOF\nCMD ["not", "this"]\nEOF\nCMD gunicorn `\n  app:app\n',
    { program: 'gunicorn', args: ['app:app'], startDir: '/', env: {}, user: null },
  ],
  [
    'JSON with escapes; invalid JSON falls back to the shell form',
    'FROM x\nCMD ["gunicorn", "--bind", "unix:/run/a\\u0062.sock", "app"]\n',
    { program: 'gunicorn', args: ['--bind', 'unix:/run/ab.sock', 'app'], startDir: '/', env: {}, user: null },
  ],
];

test('Dockerfile: final stage ENTRYPOINT/CMD with WORKDIR, ENV, USER', () => {
  for (const [name, text, expected] of dockerRows) {
    const r = readDockerfile(text, '/ws/Dockerfile');
    assert.deepEqual(r.launchers[0] ? view(r.launchers[0]) : undefined, expected, name);
  }
});

test('Dockerfile: exec-form words point into the file; COPY . <dir> maps the build context', () => {
  const text = 'FROM x\nWORKDIR /app\nCOPY . .\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "pybo:create_app()"]\n';
  const l = readDockerfile(text, '/ws/Dockerfile').launchers[0];
  assert.equal(text.slice(l.args[2].start, l.args[2].end), '"pybo:create_app()"');
  assert.deepEqual(l.mappings, [{ server: '/app', workspace: '/ws' }]);
});

test('Dockerfile: an entrypoint script in the workspace is read with the image environment', () => {
  const host = new MemoryHost({
    '/ws/Dockerfile': 'FROM x\nENV PORT=9000\nWORKDIR /app\nCOPY start.sh /start.sh\nENTRYPOINT ["/start.sh"]\n',
    '/ws/start.sh': '#!/bin/sh\ncd src\nexec gunicorn -b ":${PORT:-8000}" app:app\n',
  });
  const paths = createPathMapper({ host, root: '/ws', allFiles: host.paths() });
  const l = readDockerfile(host.readFile('/ws/Dockerfile')!, '/ws/Dockerfile', { host, root: '/ws', paths }).launchers[0];
  assert.deepEqual(view(l), { program: 'gunicorn', args: ['-b', ':9000', 'app:app'], startDir: '/app/src', env: { PORT: '9000' }, user: null });
  assert.equal(l.range.file, '/ws/start.sh');
});

test('supervisor: command split like shlex, directory, environment, continuation lines, expansions', () => {
  const text = [
    '[program:myproject]',
    'command=/home/ubuntu/venvs/myproject/bin/gunicorn --workers 2',
    '    --bind unix:/run/%(program_name)s/gunicorn.sock "pybo:create_app()"  ; a comment',
    'directory=/home/ubuntu/projects/myproject',
    'user = ubuntu',
    'environment=FLASK_ENV="production",APP_CONFIG_FILE="/etc/app, with comma.py",PLAIN=x',
    '',
    '[program:worker]',
    'command=celery -A pybo worker',
  ].join('\n');
  const r = readSupervisor(text, '/ws/supervisor.conf');
  assert.equal(r.launchers.length, 1);
  assert.deepEqual(view(r.launchers[0]), {
    program: '/home/ubuntu/venvs/myproject/bin/gunicorn',
    args: ['--workers', '2', '--bind', 'unix:/run/myproject/gunicorn.sock', 'pybo:create_app()'],
    startDir: '/home/ubuntu/projects/myproject',
    env: { FLASK_ENV: 'production', APP_CONFIG_FILE: '/etc/app, with comma.py', PLAIN: 'x' },
    user: 'ubuntu',
  });
  const w = r.launchers[0].args[1];
  assert.equal(text.slice(w.start, w.end), '2');
});

test('supervisor environment= syntax', () => {
  const word = plainWord('/f', 'A="1,2", B=3,C=\'x y\'', 0);
  assert.deepEqual(parseSupervisorEnvironment(word).map((a) => [a.name, a.value]), [['A', '1,2'], ['B', '3'], ['C', 'x y']]);
});

test('scripts: cd, export and assignments before the gunicorn command', () => {
  const text = '#!/bin/sh\nset -e\ncd /srv/app\nexport PORT=7000 DJANGO_SETTINGS_MODULE=site.settings\nWORKERS=4\nsource venv/bin/activate\nexec gunicorn -w "$WORKERS" -b ":$PORT" site.wsgi\n';
  const r = readScript(text, '/ws/run');
  assert.deepEqual(view(r.launchers[0]), {
    program: 'gunicorn',
    args: ['-w', '4', '-b', ':7000', 'site.wsgi'],
    startDir: '/srv/app',
    env: { PORT: '7000', DJANGO_SETTINGS_MODULE: 'site.settings', WORKERS: '4' },
    user: null,
  });
});

test('systemd service: WorkingDirectory, User/Group, PrivateTmp, RuntimeDirectory, EnvironmentFile next to the unit', () => {
  const host = new MemoryHost({
    '/ws/deploy/app.service': '[Service]\nUser=u\nGroup=www-data\nWorkingDirectory=-/srv/app\nPrivateTmp=yes\nRuntimeDirectory=app other\nEnvironment=A=1 PORT=1\nEnvironmentFile=/etc/app/app.env\nExecStart=/venv/bin/gunicorn app:app\n',
    '/ws/deploy/app.env': 'PORT=8000\nGUNICORN_CMD_ARGS="-w 3"\n',
  });
  const paths = createPathMapper({ host, root: '/ws', allFiles: host.paths() });
  const r = readServiceUnit(host.readFile('/ws/deploy/app.service')!, '/ws/deploy/app.service', { host, root: '/ws', paths });
  const l = r.launchers[0];
  assert.deepEqual(view(l), { program: '/venv/bin/gunicorn', args: ['app:app'], startDir: '/srv/app', env: { A: '1', PORT: '8000', GUNICORN_CMD_ARGS: '-w 3' }, user: 'u' });
  assert.equal(l.group?.value, 'www-data');
  assert.equal(l.privateTmp?.value, true);
  assert.deepEqual(l.runtimeDirectory?.value, ['app', 'other']);
  assert.equal(l.envComplete, true);
  assert.equal(l.env.get('PORT')?.source?.file, '/ws/deploy/app.env');
});

test('systemd socket: ListenStream forms and owner', () => {
  const rows: Array<[string, string | undefined]> = [
    ['/run/gunicorn.sock', 'unix:/run/gunicorn.sock'],
    ['@abstract', 'unix:@abstract'],
    ['8000', '0.0.0.0:8000'],
    ['127.0.0.1:8001', '127.0.0.1:8001'],
    ['[::1]:8002', '[::1]:8002'],
    ['[::]:8003', '0.0.0.0:8003'],
    ['vsock:2:1234', undefined],
  ];
  for (const [v, expected] of rows) assert.equal(normalizeListenStream(v), expected, v);
  const s = readSocketUnit('[Socket]\nListenStream=%t/gunicorn.sock\nSocketUser=www-data\nSocketMode=0660\n', '/ws/gunicorn.socket').socket;
  assert.deepEqual(s.listen.map((l) => l.value), ['unix:/run/gunicorn.sock']);
  assert.equal(s.socketUser?.value, 'www-data');
  assert.equal(s.socketMode?.value, '0660');
});

test('cd and export before gunicorn in a shell command line', () => {
  const host = new MemoryHost({
    '/ws/a.service': "[Service]\nWorkingDirectory=/srv\nExecStart=/bin/bash -c 'cd app && export PORT=81 && source ../venv/bin/activate && exec gunicorn -b :$PORT wsgi'\n",
  });
  const paths = createPathMapper({ host, root: '/ws', allFiles: host.paths() });
  const unit = readServiceUnit(host.readFile('/ws/a.service')!, '/ws/a.service', { host, root: '/ws', paths }).launchers[0];
  assert.deepEqual(view(unit), { program: 'gunicorn', args: ['-b', ':81', 'wsgi'], startDir: '/srv/app', env: { PORT: '81' }, user: null });
  const proc = readProcfile('web: cd src && gunicorn wsgi\n', '/ws/Procfile').launchers[0];
  assert.deepEqual([proc.startDir?.value, proc.startDirIsWorkspace], ['/ws/src', true]);
  const dockerText = 'FROM x\nWORKDIR /app\nCMD cd /app/src && \\\n  gunicorn wsgi\n';
  const docker = readDockerfile(dockerText, '/ws/Dockerfile').launchers[0];
  assert.equal(docker.startDir?.value, '/app/src');
  assert.equal(dockerText.slice(docker.args[0].start, docker.args[0].end), 'wsgi');
  const sup = readSupervisor('[program:x]\ncommand=sh -c "cd /opt/x && gunicorn wsgi"\ndirectory=/srv\n', '/ws/s.conf').launchers[0];
  assert.equal(sup.startDir?.value, '/opt/x');
});

test('compose: command/entrypoint overrides, interpolation from .env, environment forms', () => {
  const host = new MemoryHost({
    '/ws/docker-compose.yml': [
      'services:',
      '  a:',
      '    build: .',
      "    entrypoint: ['gunicorn', '-b', ':$${NOT_INTERPOLATED}']",
      '  b:',
      '    build: .',
      '    command: >',
      '      gunicorn "app:create_app()"',
      '      --bind=unix:/run/${SOCK_DIR}/b.sock',
      '    environment:',
      '      - FROM_SHELL',
      '      - "X=1 2"',
      '  c:',
      '    build: .',
      '    environment:',
      '      PORT: 5000',
      '',
    ].join('\n'),
    '/ws/.env': 'SOCK_DIR=app\n',
    '/ws/Dockerfile': 'FROM x\nWORKDIR /code\nENV A=1\nENTRYPOINT ["/entry.sh"]\nCMD ["gunicorn", "app:app"]\n',
  });
  const paths = createPathMapper({ host, root: '/ws', allFiles: host.paths() });
  const built = new Set<string>();
  const r = readCompose(host.readFile('/ws/docker-compose.yml')!, '/ws/docker-compose.yml', { host, root: '/ws', paths }, built);
  assert.deepEqual(r.launchers.map((l) => [l.name, ...view(l).args]), [
    ['a', '-b', ':${NOT_INTERPOLATED}'], // `entrypoint:` drops the image CMD; $$ is a literal $
    ['b', 'app:create_app()', '--bind=unix:/run/app/b.sock'],
    ['c', 'app:app'], // the image's ENTRYPOINT script runs CMD
  ]);
  const b = r.launchers[1];
  assert.deepEqual([b.env.get('FROM_SHELL')?.value, b.env.get('X')?.value, b.env.get('A')?.value, b.startDir?.value], [undefined, '1 2', '1', '/code']);
  assert.equal(r.launchers[2].env.get('PORT')?.value, '5000');
  assert.deepEqual([...built], ['/ws/Dockerfile']);
});

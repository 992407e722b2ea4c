/**
 * The effective configuration of whole workspaces held in memory: precedence, where the config file
 * is looked up, socket activation, fd binds, unknown values, instances for config files alone.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { readGunicornWorkspace, type GunicornWorkspaceOptions } from '../../../server/src/gunicorn/index';
import { loadPython } from '../../helpers/python';

before(loadPython);

function read(files: Record<string, string>, options: GunicornWorkspaceOptions = {}) {
  const host = new MemoryHost(files);
  return readGunicornWorkspace(host, '/ws', options);
}

function summary(files: Record<string, string>, options?: GunicornWorkspaceOptions) {
  const ws = read(files, options);
  return ws.instances.map((i) => ({
    kind: i.kind,
    binds: i.binds.map((b) => b.address),
    workers: i.workers,
    chdir: i.chdir?.value ?? null,
    config: i.configFile?.file ?? null,
    origins: { bind: i.settings.bind.origin, workers: i.settings.workers.origin },
  }));
}

const unit = (exec: string, extra = '') => `[Service]\nWorkingDirectory=/srv/app\n${extra}ExecStart=/venv/bin/gunicorn ${exec}\n`;

test('precedence: default < environment < config file < GUNICORN_CMD_ARGS < command line', () => {
  const conf = 'bind = "unix:conf.sock"\nworkers = 2\n';
  const rows: Array<[string, Record<string, string>, { binds: string[]; workers: number | null; origins: Record<string, string> }]> = [
    ['defaults', { '/ws/app.service': unit('app:app') }, { binds: ['127.0.0.1:8000'], workers: 1, origins: { bind: 'default', workers: 'default' } }],
    [
      'PORT and WEB_CONCURRENCY',
      { '/ws/app.service': unit('app:app', 'Environment=PORT=5000 WEB_CONCURRENCY=4\n') },
      { binds: ['0.0.0.0:5000'], workers: 4, origins: { bind: 'environment', workers: 'environment' } },
    ],
    [
      'config file beats the environment',
      { '/ws/app.service': unit('app:app', 'Environment=PORT=5000 WEB_CONCURRENCY=4\n'), '/ws/app/gunicorn.conf.py': conf, '/ws/app/app.py': '' },
      { binds: ['unix:/srv/app/conf.sock'], workers: 2, origins: { bind: 'config', workers: 'config' } },
    ],
    [
      'GUNICORN_CMD_ARGS beats the config file',
      { '/ws/app.service': unit('app:app', 'Environment="GUNICORN_CMD_ARGS=-b unix:env.sock"\n'), '/ws/app/gunicorn.conf.py': conf, '/ws/app/app.py': '' },
      { binds: ['unix:/srv/app/env.sock'], workers: 2, origins: { bind: 'GUNICORN_CMD_ARGS', workers: 'config' } },
    ],
    [
      'the command line beats everything',
      { '/ws/app.service': unit('-b 127.0.0.1:1 -w 9 app:app', 'Environment="GUNICORN_CMD_ARGS=-b unix:env.sock -w 3"\n'), '/ws/app/gunicorn.conf.py': conf, '/ws/app/app.py': '' },
      { binds: ['127.0.0.1:1'], workers: 9, origins: { bind: 'command-line', workers: 'command-line' } },
    ],
  ];
  for (const [name, files, expected] of rows) {
    const [i] = summary(files);
    assert.deepEqual({ binds: i.binds, workers: i.workers, origins: i.origins }, expected, name);
  }
});

test('the default config file is looked up in the start directory, not in --chdir', () => {
  const files = {
    '/ws/app.service': unit('--chdir /srv/app/src app:app'),
    '/ws/app/src/gunicorn.conf.py': 'workers = 5\n',
    '/ws/app/src/app.py': '',
  };
  const ws = read(files);
  assert.equal(ws.instances[0].workers, 1);
  assert.equal(ws.instances[0].configFile, undefined);
  const f = ws.findings.find((x) => x.code === 'gunicorn-config-not-read');
  assert.equal(f?.file, '/ws/app/src/gunicorn.conf.py');
  assert.equal(f?.related?.[0].file, '/ws/app.service');
  // The same file in the start directory is read.
  const [s] = summary({ '/ws/app.service': unit('app:app'), '/ws/app/gunicorn.conf.py': 'workers = 5\n', '/ws/app/app.py': '' });
  assert.deepEqual([s.workers, s.config], [5, '/ws/app/gunicorn.conf.py']);
});

test('explicit path mappings and -c forms', () => {
  const files = {
    '/ws/deploy/app.service': unit('-c /etc/gunicorn/app.py app:app'),
    '/ws/conf/app.py': 'workers = 3\n',
    '/ws/other/app.py': 'workers = 4\n',
  };
  assert.equal(summary(files, { pathMappings: { '/etc/gunicorn': 'conf' } })[0].workers, 3);
  const rel = summary({ '/ws/app.service': unit('-c file:conf/g.py app:app'), '/ws/app/conf/g.py': 'workers = 6\n', '/ws/app/app.py': '' });
  assert.deepEqual([rel[0].workers, rel[0].config], [6, '/ws/app/conf/g.py']);
  const mod = summary({ '/ws/app.service': unit('-c python:pkg.gconf app:app'), '/ws/app/pkg/gconf.py': 'workers = 7\n', '/ws/app/pkg/__init__.py': '', '/ws/app/app.py': '' });
  assert.equal(mod[0].workers, 7);
});

test('socket activation: the socket unit decides where gunicorn listens', () => {
  const files = {
    '/ws/gunicorn.service': '[Unit]\nRequires=gunicorn.socket\n[Service]\nWorkingDirectory=/srv\nExecStart=/venv/bin/gunicorn --bind unix:/tmp/other.sock app:app\n',
    '/ws/gunicorn.socket': '[Socket]\nListenStream=/run/gunicorn.sock\nSocketUser=www-data\n',
  };
  const ws = read(files);
  const i = ws.instances[0];
  assert.deepEqual(i.binds.map((b) => [b.address, b.origin]), [['unix:/run/gunicorn.sock', 'socket-activation']]);
  assert.deepEqual(i.bindsIgnored.map((b) => b.address), ['unix:/tmp/other.sock']);
  assert.equal(i.socket?.pairedBy, 'name');
  assert.equal(i.socket?.socketUser?.value, 'www-data');
  assert.ok(ws.findings.some((f) => f.code === 'gunicorn-bind-ignored'));
  // Pairing through Sockets= and Service=.
  const bySockets = read({ '/ws/web.service': '[Service]\nSockets=api.socket\nExecStart=/v/gunicorn a:b\n', '/ws/api.socket': '[Socket]\nListenStream=8000\n' });
  assert.deepEqual([bySockets.instances[0].binds[0].address, bySockets.instances[0].socket?.pairedBy], ['0.0.0.0:8000', 'Sockets=']);
  const byService = read({ '/ws/web.service': '[Service]\nExecStart=/v/gunicorn a:b\n', '/ws/x.socket': '[Socket]\nListenStream=/run/x.sock\nService=web.service\n' });
  assert.equal(byService.instances[0].socket?.pairedBy, 'Service=');
});

test('fd:// binds: only inherited descriptors are used', () => {
  const ws = read({ '/ws/a.service': unit('-b fd://3 -b 127.0.0.1:8000 app:app') });
  assert.deepEqual(ws.instances[0].binds.map((b) => b.address), ['fd://3']);
  assert.deepEqual(ws.instances[0].bindsIgnored.map((b) => b.address), ['127.0.0.1:8000']);
});

test('unknown values: cpu count, an unknown PORT, an env-dependent config value', () => {
  const files = {
    '/ws/Procfile': 'web: gunicorn app:app\n',
    '/ws/gunicorn.conf.py': 'import multiprocessing, os\nworkers = multiprocessing.cpu_count() * 2 + 1\ntimeout = int(os.environ.get("TIMEOUT", "30"))\n',
    '/ws/app.py': '',
  };
  const ws = read(files);
  const i = ws.instances[0];
  assert.deepEqual(i.binds.map((b) => b.address), ['0.0.0.0:$PORT']);
  assert.equal(i.workers, null);
  assert.equal(i.settings.workers.unknown?.reason, 'machine');
  assert.equal(i.startDirIsWorkspace, true);
  // TIMEOUT is not set by the Procfile's environment: the default applies.
  assert.equal(i.settings.timeout.value, 30);
  // Set by the launcher: its value is used.
  const withEnv = read({ ...files, '/ws/Procfile': 'web: TIMEOUT=90 gunicorn app:app\n' }).instances[0];
  assert.equal(withEnv.settings.timeout.value, 90);
  // Set to something the files do not show (an unread EnvironmentFile): unknown.
  const unit = '[Service]\nWorkingDirectory=/ws\nEnvironmentFile=/etc/missing.env\nExecStart=/v/gunicorn app:app\n';
  const unread = read({ ...files, '/ws/Procfile': '', '/ws/a.service': unit }).instances[0];
  assert.equal(unread.settings.timeout.value, undefined);
  assert.equal(unread.settings.timeout.unknown?.reason, 'env');
});

test('raw_env and the launcher environment reach the app environment', () => {
  const ws = read({ '/ws/a.service': unit('-e DJANGO_SETTINGS_MODULE=site.prod app:app', 'Environment=DJANGO_SETTINGS_MODULE=site.dev X=1\n') });
  const env = ws.instances[0].env;
  assert.equal(env.DJANGO_SETTINGS_MODULE.value, 'site.prod');
  assert.equal(env.X.value, '1');
});

test('a config file that no launcher reads is an instance of its own', () => {
  const ws = read({ '/ws/conf/gunicorn.conf.py': 'wsgi_app = "app:app"\nbind = "unix:run.sock"\n' });
  assert.equal(ws.instances.length, 1);
  const i = ws.instances[0];
  assert.equal(i.kind, 'config-only');
  assert.equal(i.app?.value, 'app:app');
  assert.deepEqual(i.binds.map((b) => b.address), ['unix:/ws/conf/run.sock']);
  assert.deepEqual(ws.findings, []);
  // Read by a launcher: not an instance of its own.
  const both = read({ '/ws/conf/gunicorn.conf.py': 'workers = 2\n', '/ws/Procfile': 'web: gunicorn -c conf/gunicorn.conf.py app:app\n' });
  assert.deepEqual(both.instances.map((x) => [x.kind, x.workers]), [['procfile', 2]]);
});

test('no app anywhere: gunicorn exits', () => {
  const ws = read({ '/ws/a.service': unit('-w 2') });
  assert.deepEqual(ws.findings.map((f) => f.code), ['gunicorn-no-app']);
});

test('version: the setting gunicornVersion wins over a pin; /usr/bin/gunicorn ignores pins', () => {
  const files = { '/ws/requirements.txt': 'gunicorn==20.1.0\n', '/ws/a.service': unit('--log-config-json l.json app:app') };
  assert.ok(read(files).findings.some((f) => f.code === 'gunicorn-setting-too-new'));
  assert.ok(!read(files, { gunicornVersion: '23.0.0' }).findings.some((f) => f.code === 'gunicorn-setting-too-new'));
  const system = { ...files, '/ws/a.service': files['/ws/a.service'].replace('/venv/bin/gunicorn', '/usr/bin/gunicorn') };
  assert.ok(!read(system).findings.some((f) => f.code === 'gunicorn-setting-too-new'));
});

test('systemd: sockets the service user cannot create', () => {
  const codes = (files: Record<string, string>) => read(files).findings.map((f) => `${f.severity} ${f.code}`);
  const sock = (extra: string, bind: string) => codes({ '/ws/a.service': `[Service]\nWorkingDirectory=/srv\n${extra}ExecStart=/v/gunicorn -b ${bind} app:app\n` });
  assert.deepEqual(sock('User=u\n', 'unix:/run/app.sock'), ['warning gunicorn-socket-dir-not-writable']);
  assert.deepEqual(sock('User=u\n', 'unix:/run/app/app.sock'), ['information gunicorn-socket-dir-not-writable']);
  assert.deepEqual(sock('User=u\nRuntimeDirectory=app\n', 'unix:/run/app/app.sock'), []);
  assert.deepEqual(sock('', 'unix:/run/app.sock'), []); // root
  assert.deepEqual(sock('User=u\nPrivateTmp=true\n', 'unix:/tmp/app.sock'), ['warning gunicorn-private-tmp-socket']);
  assert.deepEqual(sock('User=u\n', 'unix:/tmp/app.sock'), []);
});

test('version: an image that installs Debian bookworm\'s package runs 20.1.0', () => {
  const docker = (from: string, install: string) =>
    read({ '/ws/Dockerfile': `FROM ${from}\nRUN ${install}\nCMD ["gunicorn", "--log-config-json", "l.json", "app:app"]\n` }).findings.map((f) => f.code);
  assert.deepEqual(docker('debian:bookworm-slim', 'apt-get update && apt-get install -y python3-gunicorn'), ['gunicorn-setting-too-new']);
  assert.deepEqual(docker('debian:12', 'apt-get install -y gunicorn'), ['gunicorn-setting-too-new']);
  assert.deepEqual(docker('python:3.12', 'pip install gunicorn'), []);
  assert.deepEqual(docker('debian:bookworm', 'apt-get install -y python3-pip && pip install gunicorn'), []);
});

test('a gunicorn*.py that sets no setting is not a config file', () => {
  assert.deepEqual(read({ '/ws/gunicorn_utils.py': 'def helper():\n    return 1\nVALUE = 2\n' }).instances, []);
  assert.equal(read({ '/ws/gunicorn_prod.py': 'import os\n\nworkers = 2\n' }).instances.length, 1);
  assert.equal(read({ '/ws/gunicorn_hooks.py': 'def post_fork(server, worker):\n    pass\n' }).instances.length, 1);
});

test('sync with threads > 1 runs the threaded worker', () => {
  const wc = (args: string) => read({ '/ws/a.service': unit(`${args} app:app`) }).instances[0].workerClass;
  assert.equal(wc(''), 'sync');
  assert.equal(wc('--threads 4'), 'gthread');
  assert.equal(wc('-k gevent --threads 4'), 'gevent');
  assert.equal(wc('-k gunicorn.workers.sync.SyncWorker --threads 2'), 'gthread');
});

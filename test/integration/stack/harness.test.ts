// The stack harness's own logic, without processes: a wrong rewrite or a misread launcher would
// make the real-stack comparison meaningless, so each piece is checked on tables here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathRewriter, portRewriter, rewriteListens, sandboxMainConfig } from './rewrite';
import { dockerPlan, parseEnvFile, procfilePlan, splitWords, supervisorPlan, systemdPlan } from './launchers';
import { judge } from './judge';
import type { CliDiagnostic } from './checker';

test('server paths move into the root by prefix, once, as whole components', () => {
  const rw = pathRewriter('/R', ['/app']);
  const table: Array<[string, string]> = [
    ['proxy_pass http://unix:/tmp/myproject.sock;', 'proxy_pass http://unix:/R/tmp/myproject.sock;'],
    ['--bind unix:///tmp/x.sock', '--bind unix:///R/tmp/x.sock'],
    ['alias /home/ubuntu/projects/myproject/pybo/static;', 'alias /R/home/ubuntu/projects/myproject/pybo/static;'],
    ['WorkingDirectory=/home/sammy/myproject', 'WorkingDirectory=/R/home/sammy/myproject'],
    ['ListenStream=/run/gunicorn.sock', 'ListenStream=/R/run/gunicorn.sock'],
    ['pid /var/run/nginx.pid;', 'pid /R/var/run/nginx.pid;'],
    ['WORKDIR /app', 'WORKDIR /R/app'],
    ['alias /app/pybo/static/;', 'alias /R/app/pybo/static/;'],
    ['"/home/x","/srv/y"', '"/R/home/x","/R/srv/y"'],
    // Not server roots, or not at a word start: left alone.
    ['location /static/ {', 'location /static/ {'],
    ['proxy_pass http://app_server;', 'proxy_pass http://app_server;'],
    ['/apple/x /tmpfs/y /home/ubuntu/tmp/z', '/apple/x /tmpfs/y /R/home/ubuntu/tmp/z'],
    ['include /etc/nginx/proxy_params;', 'include /R/etc/nginx/proxy_params;'],
    ['ExecStart=/usr/bin/gunicorn app', 'ExecStart=/usr/bin/gunicorn app'],
  ];
  for (const [input, want] of table) assert.equal(rw(input), want, input);
});

test('app ports map consistently; other numbers stay', () => {
  const rw = portRewriter(new Map([[8000, 31000], [5000, 32000]]));
  assert.equal(rw('proxy_pass http://127.0.0.1:8000;'), 'proxy_pass http://127.0.0.1:31000;');
  assert.equal(rw('"0.0.0.0:8000" PORT=8000 :5000 [::1]:8000'), '"0.0.0.0:31000" PORT=31000 :32000 [::1]:31000');
  assert.equal(rw('--workers 8000 :80000 client_max_body_size 5000;'), '--workers 8000 :80000 client_max_body_size 5000;');
});

test('listen lines move to loopback high ports, shared ports stay shared, IPv6 is dropped', () => {
  const ports = new Map([[80, 40001], [443, 40002]]);
  const out = rewriteListens('server {\n  listen 80 default_server;\n  listen [::]:80;\n}\nserver {\n  listen 0.0.0.0:80;\n  listen 443 ssl;\n}\n', (p) => ports.get(p)!);
  assert.deepEqual(
    out.split('\n').filter((l) => /listen/.test(l)).map((l) => l.trim()),
    ['listen 127.0.0.1:40001 default_server;', '# (harness: IPv6/unix listen dropped) listen [::]:80;', 'listen 127.0.0.1:40001;', 'listen 127.0.0.1:40002 ssl;'],
  );
});

test('a whole nginx.conf gets the sandbox pid, logs and temp paths', () => {
  const out = sandboxMainConfig('user www-data;\nerror_log /var/log/nginx/error.log warn;\npid /var/run/nginx.pid;\nhttp {\n  access_log /var/log/nginx/access.log combined;\n  access_log off;\n}\n', '/L');
  assert.match(out, /^pid \/L\/nginx\.pid;$/m);
  assert.match(out, /^error_log \/L\/error\.log warn;$/m);
  assert.match(out, /access_log \/L\/access\.log combined;/);
  assert.match(out, /access_log off;/);
  assert.match(out, /http \{ client_body_temp_path \/L\/client_body; proxy_temp_path \/L\/proxy;/);
  assert.match(sandboxMainConfig('events {}\nhttp {\n}\n', '/L'), /^pid \/L\/nginx\.pid;\nevents/);
});

test('command lines split as the process managers split them', () => {
  const words = (l: string) => splitWords(l).map((w) => w.word);
  assert.deepEqual(words('gunicorn --bind unix:/tmp/x.sock "pybo:create_app()"'), ['gunicorn', '--bind', 'unix:/tmp/x.sock', 'pybo:create_app()']);
  assert.deepEqual(words(`a 'b c' "d \\"e\\"" f\\ g`), ['a', 'b c', 'd "e"', 'f g']);
  assert.deepEqual(parseEnvFile('# c\nA=1\nexport B="two words"\n\nC=\'x\'\nbad\n'), { A: '1', B: 'two words', C: 'x' });
});

test('launchers are read like systemd, supervisor, honcho and Docker read them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dls-h-'));
  try {
    writeFileSync(join(dir, 'env'), 'ARGS=--workers 2 --timeout 5\nPORT=9000\n');
    writeFileSync(
      join(dir, 'app.service'),
      `[Service]\nUser=sammy\nGroup=www-data\nWorkingDirectory=/srv/app\nEnvironmentFile=${dir}/env\nEnvironment="A=1" B=2\nPrivateTmp=yes\nRuntimeDirectory=app other\nExecStart=-/venv/bin/gunicorn \\\n    $ARGS \\\n    # a comment line inside the continuation\n    --bind=\${PORT} "pkg:create_app()" $$HOME\n`,
    );
    writeFileSync(join(dir, 'app.socket'), '[Socket]\nListenStream=/run/app.sock\nSocketMode=0660\nSocketUser=www-data\n');
    const s = systemdPlan(join(dir, 'app.service'), join(dir, 'app.socket'), (p) => p);
    assert.deepEqual(s.argv, ['/venv/bin/gunicorn', '--workers', '2', '--timeout', '5', '--bind=9000', 'pkg:create_app()', '$HOME']);
    assert.equal(s.cwd, '/srv/app');
    assert.equal(s.env.A, '1');
    assert.equal(s.env.B, '2');
    assert.deepEqual([s.user, s.group, s.privateTmp, s.runtimeDirectories], ['sammy', 'www-data', true, ['app', 'other']]);
    assert.deepEqual(s.listen, [{ path: '/run/app.sock', mode: '0660', user: 'www-data', group: undefined }]);
    assert.equal(s.refused, undefined);

    writeFileSync(join(dir, 'missing.service'), '[Service]\nEnvironmentFile=/nonexistent/env\nEnvironmentFile=-/nonexistent/optional\nExecStart=/usr/bin/gunicorn app\n');
    assert.match(systemdPlan(join(dir, 'missing.service'), undefined, (p) => p).refused ?? '', /\/nonexistent\/env$/);

    writeFileSync(join(dir, 'sv.conf'), '[program:other]\ncommand=x\n\n[program:web]\ncommand=/venv/bin/gunicorn -c "/srv/g.conf.py" ; a comment\ndirectory=/srv\nenvironment=A="1,2",B=plain\nuser=ubuntu\n');
    const sv = supervisorPlan(join(dir, 'sv.conf'), 'web');
    assert.deepEqual([sv.argv, sv.cwd, sv.env.A, sv.env.B, sv.user], [['/venv/bin/gunicorn', '-c', '/srv/g.conf.py'], '/srv', '1,2', 'plain', 'ubuntu']);

    writeFileSync(join(dir, 'Procfile'), 'release: migrate\nweb: gunicorn app:app\n');
    writeFileSync(join(dir, '.env'), 'PORT=8000\n');
    const pf = procfilePlan(join(dir, 'Procfile'));
    assert.deepEqual([pf.argv, pf.cwd, pf.env.PORT], [['/bin/sh', '-c', 'exec gunicorn app:app'], dir, '8000']);

    writeFileSync(join(dir, 'Dockerfile'), 'FROM python AS build\nCMD ["no"]\nFROM python:3.12-slim\nWORKDIR /app\nWORKDIR src\nENV GUNICORN_CMD_ARGS="--workers 3 --access-logfile -"\nENV OLD value with spaces\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "pybo:create_app()"]\n');
    const dk = dockerPlan(join(dir, 'Dockerfile'));
    assert.deepEqual([dk.argv, dk.cwd, dk.env.GUNICORN_CMD_ARGS, dk.env.OLD], [['gunicorn', '--bind', '0.0.0.0:8000', 'pybo:create_app()'], '/app/src', '--workers 3 --access-logfile -', 'value with spaces']);
    writeFileSync(join(dir, 'Dockerfile'), 'FROM x\nENTRYPOINT ["tini", "--"]\nCMD gunicorn app:app\n');
    assert.deepEqual(dockerPlan(join(dir, 'Dockerfile')).argv, ['tini', '--', '/bin/sh', '-c', 'gunicorn app:app']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the verdict: working needs no error; broken needs an error on a breaking line (a warning only where the issue says so)', () => {
  const d = (file: string, line: number, severity: CliDiagnostic['severity']): CliDiagnostic => ({ file, line, severity, code: 'x', message: 'm' });
  const at = [{ file: 'site', line: 13 }];
  const table: Array<[boolean, CliDiagnostic[], boolean, string]> = [
    [true, [], false, 'agree'],
    [true, [d('site', 13, 'warning'), d('unit', 2, 'information')], false, 'agree'],
    [true, [d('site', 13, 'error')], false, 'false error'],
    [false, [d('site', 13, 'error')], false, 'agree'],
    [false, [d('site', 12, 'error')], false, 'wrong line'],
    [false, [d('other', 13, 'error')], false, 'wrong line'],
    [false, [d('site', 13, 'warning')], false, 'missed'],
    [false, [d('site', 13, 'warning')], true, 'agree (warning)'],
    [false, [d('site', 12, 'warning')], true, 'missed'],
    [false, [], true, 'missed'],
  ];
  for (const [working, ds, warningCounts, kind] of table) assert.equal(judge(working, ds, at, warningCounts).kind, kind, JSON.stringify([working, ds, warningCounts]));
});

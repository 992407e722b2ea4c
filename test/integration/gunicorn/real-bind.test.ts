/**
 * gunicorn run for real (Debian's 20.1.0), to check what --print-config cannot show: where the
 * sockets are actually created. (1) A relative `unix:` bind is created in the --chdir directory.
 * (2) Under systemd socket activation (systemd-socket-activate passes LISTEN_FDS) gunicorn serves on
 * the socket unit's ListenStream and ignores --bind. In both cases DeployLens, reading the unit files,
 * must name the socket gunicorn really listens on. Every process is killed at the end; waits poll
 * with a deadline.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGunicornWorkspace } from '../../../server/src/gunicorn/index';
import { NodeHost } from '../../../server/src/node/nodeHost';
import { loadPython } from '../../helpers/python';

const GUNICORN = '/usr/bin/gunicorn';
const ACTIVATE = '/usr/bin/systemd-socket-activate';
const APP = 'def app(environ, start_response):\n    start_response("200 OK", [("Content-Type", "text/plain")])\n    return [b"hello from gunicorn"]\n';

let tmp = '';
const children: ChildProcess[] = [];

before(async () => {
  await loadPython();
  // Short paths: a unix socket path must fit in 108 bytes.
  tmp = realpathSync(mkdtempSync(join(tmpdir(), 'dlg-')));
});

after(() => {
  for (const c of children) {
    try {
      if (c.pid) process.kill(-c.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Starts a command in its own process group (so that it and its workers can be killed together). */
function start(cmd: string, args: string[], cwd: string): ChildProcess {
  const child = spawn(cmd, args, { cwd, env: { PATH: '/usr/bin:/bin', PWD: cwd }, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || !child.pid) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-child.pid, 'SIGTERM');
  const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Polls `probe` until it returns true or the deadline passes. */
async function until(probe: () => boolean, ms = 15000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (probe()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return probe();
}

const curl = (socket: string) => spawnSync('/usr/bin/curl', ['-s', '--max-time', '3', '--unix-socket', socket, 'http://localhost/'], { encoding: 'utf8', timeout: 10_000 });

test('a relative unix: bind is created in the --chdir directory', { skip: !existsSync(GUNICORN) && 'no gunicorn' }, async () => {
  const ws = join(tmp, 'rel');
  mkdirSync(join(ws, 'start', 'sub'), { recursive: true });
  writeFileSync(join(ws, 'start', 'sub', 'app.py'), APP);
  writeFileSync(join(ws, 'app.service'), `[Service]\nWorkingDirectory=${ws}/start\nExecStart=/usr/bin/gunicorn --chdir sub --bind unix:rel.sock app:app\n`);
  const [instance] = readGunicornWorkspace(new NodeHost(), ws).instances;
  assert.deepEqual(instance.binds.map((b) => b.address), [`unix:${ws}/start/sub/rel.sock`]);

  const child = start(GUNICORN, ['--chdir', 'sub', '--bind', 'unix:rel.sock', 'app:app'], join(ws, 'start'));
  const socket = instance.binds[0].address.slice('unix:'.length);
  assert.ok(await until(() => curl(socket).stdout === 'hello from gunicorn'), 'gunicorn serves on the socket DeployLens named');
  assert.equal(existsSync(join(ws, 'start', 'rel.sock')), false, 'not in the start directory');
  await stop(child);
});

test('socket activation: gunicorn serves on ListenStream= and ignores --bind', { skip: (!existsSync(GUNICORN) || !existsSync(ACTIVATE)) && 'no gunicorn or systemd-socket-activate' }, async () => {
  const ws = join(tmp, 'act');
  mkdirSync(join(ws, 'start'), { recursive: true });
  writeFileSync(join(ws, 'start', 'app.py'), APP);
  writeFileSync(join(ws, 'gunicorn.socket'), `[Socket]\nListenStream=${ws}/activated.sock\n`);
  writeFileSync(join(ws, 'gunicorn.service'), `[Unit]\nRequires=gunicorn.socket\n[Service]\nWorkingDirectory=${ws}/start\nExecStart=/usr/bin/gunicorn --bind unix:${ws}/ignored.sock app:app\n`);
  const [instance] = readGunicornWorkspace(new NodeHost(), ws).instances;
  assert.deepEqual(instance.binds.map((b) => b.address), [`unix:${ws}/activated.sock`]);
  assert.deepEqual(instance.bindsIgnored.map((b) => b.address), [`unix:${ws}/ignored.sock`]);

  const child = start(ACTIVATE, ['-l', `${ws}/activated.sock`, GUNICORN, '--bind', `unix:${ws}/ignored.sock`, 'app:app'], join(ws, 'start'));
  assert.ok(await until(() => existsSync(`${ws}/activated.sock`)), 'the activator listens');
  assert.ok(await until(() => curl(`${ws}/activated.sock`).stdout === 'hello from gunicorn'), 'gunicorn answers on the activated socket');
  assert.equal(existsSync(`${ws}/ignored.sock`), false, 'the --bind socket is never created');
  await stop(child);
});

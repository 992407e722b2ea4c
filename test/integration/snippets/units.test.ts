// The systemd and gunicorn snippets against the real tools: systemd-analyze verify accepts the
// service/socket pair (and rejects a broken one), and gunicorn reads every name of the
// gunicorn.conf.py snippet as a setting (unknown names would be silently ignored).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandOne, expansions } from '../../unit/grammar/snippetFiles';
import { writeProject } from './harness';

const analyze = spawnSync('systemd-analyze', ['--version']).status === 0;
const gunicorn = spawnSync('gunicorn', ['--version']).status === 0;

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'deploylens-units-'));
  chmodSync(dir, 0o755);
  return dir;
}

/** Writes NAME.service and NAME.socket from the snippets as VS Code would expand them in those files. */
function writeUnits(dir: string, name: string, project: string): { service: string; socket: string } {
  const vars = { variables: { TM_FILENAME_BASE: name } };
  const service = join(dir, `${name}.service`);
  const socket = join(dir, `${name}.socket`);
  // The project directory is typed over its placeholder, so ExecStart points at a real gunicorn.
  writeFileSync(service, expandOne('systemd.json', /^gunicorn\.service/, { ...vars, values: { 4: project } }));
  writeFileSync(socket, expandOne('systemd.json', /^gunicorn\.socket/, vars));
  return { service, socket };
}

function verify(...units: string[]) {
  const r = spawnSync('systemd-analyze', ['verify', '--man=no', ...units], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

test('gunicorn.service + gunicorn.socket pass systemd-analyze verify', { skip: !analyze && 'systemd-analyze is not installed' }, () => {
  const dir = tempDir();
  try {
    const project = join(dir, 'srv', 'myproject');
    mkdirSync(join(project, 'venv', 'bin'), { recursive: true });
    symlinkSync('/usr/bin/gunicorn', join(project, 'venv', 'bin', 'gunicorn'));
    for (const name of ['gunicorn', 'myapp']) {
      const { service, socket } = writeUnits(dir, name, project);
      const r = verify(socket, service);
      assert.equal(r.status, 0, `${name}: ${r.output}`);
      assert.equal(r.output.trim(), '', `${name}: systemd-analyze warned:\n${r.output}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('systemd-analyze verify rejects what the snippets avoid', { skip: !analyze && 'systemd-analyze is not installed' }, () => {
  const dir = tempDir();
  try {
    // The default project path does not exist here: ExecStart is not executable.
    const service = join(dir, 'x.service');
    writeFileSync(service, expandOne('systemd.json', /^gunicorn\.service/, { variables: { TM_FILENAME_BASE: 'x' } }));
    const r = verify(service);
    assert.equal(r.status, 1);
    assert.match(r.output, /is not executable/);
    // A socket without ListenStream is refused; a misspelt key is reported.
    const socket = join(dir, 'x.socket');
    writeFileSync(socket, expandOne('systemd.json', /^gunicorn\.socket/, {}).replace(/^ListenStream=.*$/m, 'ListenStrem=/run/x.sock'));
    const s = verify(socket);
    assert.equal(s.status, 1);
    assert.match(s.output, /Unknown key 'ListenStrem'/);
    assert.match(s.output, /has no Listen setting/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** gunicorn's resolved settings for a config file: `name -> printed value`. */
function printConfig(conf: string, cwd: string, ...args: string[]): Map<string, string> {
  // gunicorn imports the app after printing, so the project must exist.
  const r = spawnSync('gunicorn', ['-c', conf, '--print-config', ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  return new Map([...r.stdout.matchAll(/^(\w+)\s+= (.*)$/gm)].map((m) => [m[1], m[2]]));
}

test('gunicorn reads every name of the gunicorn.conf.py snippet as a setting', { skip: !gunicorn && 'gunicorn is not installed' }, () => {
  const dir = tempDir();
  try {
    writeProject(dir);
    for (const e of expansions('python.json')) {
      const conf = join(dir, 'gunicorn.conf.py');
      writeFileSync(conf, e.text);
      const settings = printConfig(conf, dir);
      const names = [...e.text.matchAll(/^(\w+) = /gm)].map((m) => m[1]);
      assert.ok(names.length >= 5, e.label);
      for (const name of names) assert.ok(settings.has(name), `${e.label}: gunicorn has no setting "${name}"`);
      const bind = /^bind = "(.+)"$/m.exec(e.text)![1];
      assert.equal(settings.get('bind'), `['${bind}']`, e.label);
      assert.equal(settings.get('wsgi_app'), 'myproject.wsgi:application');
      assert.match(settings.get('workers')!, /^\d+$/);
      assert.equal(settings.get('accesslog'), '-');
    }
    // The check can fail: a misspelt name is not a setting, and gunicorn silently ignores it.
    const typo = join(dir, 'typo.conf.py');
    writeFileSync(typo, 'bnd = "unix:/run/x.sock"\n');
    const typoSettings = printConfig(typo, dir, 'myproject.wsgi');
    assert.ok(!typoSettings.has('bnd'));
    assert.equal(typoSettings.get('bind'), "['127.0.0.1:8000']");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The scaffolded gunicorn side against the real tools: `systemd-analyze verify` accepts the
// gunicorn.service + gunicorn.socket pair without a warning, and `gunicorn --print-config`, run as
// the unit runs it (its ExecStart= words, WorkingDirectory=, Environment=), accepts gunicorn.conf.py,
// loads the app, and prints the values DeployLens computes from the files for every setting the
// files set (the effective-config document shows the same values).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readGunicornWorkspace } from '../../../server/src/gunicorn/index';
import { instancesToJson } from '../../../server/src/cli/gunicorn';
import { NodeHost } from '../../../server/src/node/nodeHost';
import { pyStr } from '../../../client/src/gunicornConfig/render';
import { loadPython } from '../../helpers/python';
import { APP_SHAPES } from '../../unit/scaffold/apps';
import { deployOnDisk, execStart, tempBase, unitEnv, unitValue } from './harness';

const analyze = spawnSync('systemd-analyze', ['--version']).status === 0;
const gunicorn = spawnSync('/usr/bin/gunicorn', ['--version']).status === 0;
let base: ReturnType<typeof tempBase> | undefined;

before(async () => {
  await loadPython();
  base = tempBase('dls-units-');
});

after(() => base?.cleanup());

function verify(...units: string[]): { status: number | null; output: string } {
  const r = spawnSync('systemd-analyze', ['verify', '--man=no', ...units], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

for (const shape of APP_SHAPES) {
  for (const bind of ['socket', 'port'] as const) {
    test(`${shape.name} (${bind}): systemd-analyze verify accepts gunicorn.socket + gunicorn.service`, { skip: !analyze && 'systemd-analyze is not installed' }, () => {
      const dir = join(base!.dir, `verify-${shape.name}-${bind}`);
      mkdirSync(dir);
      const d = deployOnDisk(shape, dir, { bind, https: false });
      const r = verify(d.file('systemd-socket').path, d.file('systemd-service').path);
      assert.equal(r.status, 0, r.output);
      assert.equal(r.output.trim(), '', `systemd-analyze warned:\n${r.output}`);
    });
  }

  test(`${shape.name}: gunicorn --print-config, run as the unit runs it, agrees with DeployLens`, { skip: !gunicorn && 'gunicorn is not installed' }, () => {
    const dir = join(base!.dir, `print-${shape.name}`);
    mkdirSync(dir);
    const d = deployOnDisk(shape, dir, { bind: 'socket', https: false });
    const service = d.file('systemd-service').text;
    const [program, ...args] = execStart(service);
    assert.equal(program, join(dir, 'venv', 'bin', 'gunicorn'));
    assert.deepEqual(args, ['-c', join(d.appDir, 'gunicorn.conf.py'), ...(shape.importDir ? ['--chdir', join(d.appDir, shape.importDir)] : []), shape.target]);
    const cwd = unitValue(service, 'WorkingDirectory')!;
    const r = spawnSync(program, [...args, '--print-config'], { cwd, encoding: 'utf8', timeout: 60_000, env: { PATH: '/usr/bin:/bin', ...unitEnv(service) } });
    assert.equal(r.status, 0, `gunicorn --print-config failed:\n${r.stderr}`);
    const printed = new Map([...r.stdout.matchAll(/^(\w+)\s+= (.*)$/gm)].map((m) => [m[1], m[2]]));
    assert.ok(printed.size > 50, r.stdout);

    // DeployLens's view of the same files (the unit outside socket activation: no gunicorn.socket here).
    const [instance] = instancesToJson(readGunicornWorkspace(new NodeHost(), d.appDir).instances, d.appDir, () => '', true).filter((i) => i.kind === 'systemd');
    assert.ok(instance, 'DeployLens finds the unit');
    const set = Object.entries(instance.settings).filter(([name, s]) => s.origin !== 'default' && !s.unknown && name !== 'bind');
    assert.ok(set.length >= 4, JSON.stringify(set));
    for (const [name, s] of set) assert.equal(pyStr(s.value), printed.get(name), `${name}: DeployLens ${JSON.stringify(s.value)}`);
    // Under socket activation the socket unit's address wins (DeployLens says so); the config file's
    // bind, what gunicorn prints here, is the same address.
    assert.equal(printed.get('bind'), `['unix:${d.socket}']`);
    assert.deepEqual(instance.binds, [`unix:${d.socket}`]);
    assert.equal(pyStr(instance.settings.bind.value), printed.get('bind'));
    assert.equal(printed.get('timeout'), '30');
    assert.equal(printed.get('accesslog'), '-');
  });
}

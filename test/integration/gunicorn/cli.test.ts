import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot, runCli } from '../../helpers/cli';

const fixtures = join(repoRoot, 'test', 'fixtures', 'gunicorn');

test('deploylens gunicorn --format json: the contract, on the tutorial launchers', () => {
  const r = runCli(['gunicorn', join(fixtures, 'other-launchers'), '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
  assert.deepEqual(
    rows.map((x) => [x.file, x.line, x.app, x.chdir, x.binds, x.workers]),
    [
      ['Dockerfile', 6, 'pybo:create_app()', '/home/ubuntu/projects/myproject', ['0.0.0.0:8000'], 3],
      ['Procfile', 1, 'pybo:create_app()', '/home/ubuntu/projects/myproject', ['unix:/run/myproject/gunicorn.sock'], 2],
      ['supervisor-myproject.conf', 2, 'pybo:create_app()', '/home/ubuntu/projects/myproject', ['unix:/run/myproject/gunicorn.sock'], 2],
    ],
  );
  const docker = rows[0] as { settings: Record<string, { value: unknown; file: string; line: number; origin: string }> };
  assert.deepEqual(docker.settings.workers, { value: 3, origin: 'GUNICORN_CMD_ARGS', file: 'Dockerfile', line: 5 });
  assert.deepEqual(docker.settings.umask, { value: 7, origin: 'config', file: 'gunicorn.conf.py', line: 7 });
});

test('deploylens gunicorn: text output, --all, socket activation, usage errors', () => {
  const text = runCli(['gunicorn', join(fixtures, 'do-django')]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^etc\/systemd\/system\/gunicorn\.service:10: systemd gunicorn\.service$/m);
  assert.match(text.stdout, /^ {2}binds {4}unix:\/run\/gunicorn\.sock$/m);
  const all = JSON.parse(runCli(['gunicorn', join(fixtures, 'do-django'), '--format', 'json', '--all']).stdout) as Array<{ settings: Record<string, unknown> }>;
  assert.ok(Object.keys(all[0].settings).length > 80, 'every setting with --all');
  assert.equal(runCli(['gunicorn']).status, 2);
  assert.equal(runCli(['gunicorn', join(fixtures, 'nope')]).status, 2);
  assert.equal(runCli(['gunicorn', fixtures, '--format', 'yaml']).status, 2);
});

/**
 * Differential test of the command-line parser against gunicorn's real argparse parser
 * (`gunicorn.config.Config().parser()` of Debian's 20.1.0, under the system python3): the same words
 * must give the same settings, the same app arguments, and fail exactly when argparse fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseArgv } from '../../../server/src/gunicorn/argv';
import { plainWord } from '../../../server/src/gunicorn/words';

const lines: string[][] = [
  ['app:app'],
  ['--bind=0:5000', 'app:app'],
  ['-b0:5000', 'app:app'],
  ['-w3', 'app:app'],
  ['--bi', 'x', 'app'],
  ['--wor', '3', 'app'],
  ['--worker-c', 'gevent', 'app'],
  ['--worker-cl', 'gevent', 'app'],
  ['-b', 'a', '-b', 'b', '--bind', 'c', 'app'],
  ['app', '-w', '2'],
  ['-w', '2', '--', 'app'],
  ['--', '-w', '2'],
  ['--no-sendfile', 'app'],
  ['--no-send', 'app'],
  ['--reload', '--preload', 'app'],
  ['-Dw3', 'app'],
  ['-DR', 'app'],
  ['--access-logfile', '-', 'app'],
  ['--access-logfile=-', 'app'],
  ['-m', '007', 'app'],
  ['-m', '0o17', 'app'],
  ['-m', '08', 'app'],
  ['--umask', '0x1f', 'app'],
  ['--max-requests', '-1', 'app'],
  ['-w', '1_0', 'app'],
  ['-w', ' 3', 'app'],
  ['-w', 'three', 'app'],
  ['--bnd', 'x', 'app'],
  ['-x', 'app'],
  ['-w'],
  ['-w', '--reload', 'app'],
  ['--reload=yes', 'app'],
  ['a1', '-w', '2', 'a2'],
  ['a1', 'a2', '-w', '2'],
  ['-e', 'A=1', '--env=B=2', '-eC=3', 'app'],
  ['-c', 'conf.py'],
  ['--config=python:pkg.conf', 'app'],
  ['--proxy-protocol', 'app'],
  ['--log-level', 'debug', '--log-file', '-', 'app'],
  ['--log', 'debug', 'app'],
  ['--chdir', '/srv/app', '--pythonpath', 'a,b', 'app'],
  ['-k', 'uvicorn.workers.UvicornWorker', 'app'],
  ['--threads', '4', '--worker-tmp-dir', '/dev/shm', 'app'],
  ['-t', '0', '--graceful-timeout', '10', '--keep-alive', '5', 'app'],
  ['--paste', 'development.ini'],
  ['-n', 'myproc', '-p', '/run/g.pid', '-u', 'www-data', '-g', 'www-data', 'app'],
  ['--limit-request-field_size', '100', 'app'],
  ['--limit-request-field-size', '100', 'app'],
  ['--statsd-host', 'localhost:8125', 'app'],
  ['-b', '-1', 'app'],
  ['-b', '-x y', 'app'],
];

const script = `
import json, sys, io, contextlib
from gunicorn.config import Config
out = []
for argv in json.load(sys.stdin):
    parser = Config().parser()
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            ns = parser.parse_args(argv)
    except SystemExit:
        out.append({"error": err.getvalue().strip().splitlines()[-1]})
        continue
    opts = {k: v for k, v in vars(ns).items() if v is not None and k != "args"}
    out.append({"options": opts, "args": ns.args})
print(json.dumps(out))
`;

interface PyResult {
  error?: string;
  options?: Record<string, unknown>;
  args?: string[];
}

function mine(argv: string[]): PyResult {
  let at = 0;
  const words = argv.map((v) => {
    const w = plainWord('/cmd', v, at);
    at += v.length + 1;
    return w;
  });
  const p = parseArgv(words, '20.1.0');
  if (p.errors.length) return { error: p.errors[0].message };
  const options: Record<string, unknown> = {};
  for (const o of p.options) {
    // argparse applies the `type` conversion itself: int for int settings.
    const v = typeof o.value === 'string' && o.spec.argType === 'int' ? Number(o.value.replace(/_/g, '')) : o.value;
    if (o.spec.action === 'append') options[o.spec.name] = [...((options[o.spec.name] as unknown[]) ?? []), v];
    else options[o.spec.name] = v;
  }
  return { options, args: p.positionals.map((w) => w.value) };
}

test('the parser agrees with gunicorn 20.1.0 argparse', { skip: !existsSync('/usr/bin/gunicorn') && 'gunicorn not installed' }, () => {
  const r = spawnSync('/usr/bin/python3', ['-c', script], { cwd: '/', input: JSON.stringify(lines), encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' });
  assert.equal(r.status, 0, r.stderr);
  const real = JSON.parse(r.stdout) as PyResult[];
  const failures: string[] = [];
  lines.forEach((argv, i) => {
    const want = real[i];
    const got = mine(argv);
    const label = JSON.stringify(argv);
    if (want.error || got.error) {
      if (!want.error || !got.error) failures.push(`${label}: gunicorn ${want.error ?? 'accepts'}, DeployLens ${got.error ?? 'accepts'}`);
      return;
    }
    // umask goes through auto_int in argparse; compare what the validator would hold.
    const norm = (o: Record<string, unknown>) => {
      const c = { ...o };
      if (typeof c.umask === 'string') c.umask = 'n/a';
      if (typeof c.umask === 'number') c.umask = 'n/a';
      return c;
    };
    try {
      assert.deepEqual({ options: norm(got.options ?? {}), args: got.args }, { options: norm(want.options ?? {}), args: want.args });
    } catch {
      failures.push(`${label}: DeployLens ${JSON.stringify(got)} != gunicorn ${JSON.stringify(want)}`);
    }
  });
  assert.deepEqual(failures, []);
});

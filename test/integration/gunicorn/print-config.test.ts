/**
 * Differential test against the real gunicorn (Debian's /usr/bin/gunicorn 20.1.0): for each case, a
 * systemd unit in a temp workspace starts gunicorn with some arguments, environment, start directory
 * and config files. DeployLens reads the unit statically; the real `gunicorn --print-config` runs with
 * the same cwd, environment and arguments. The effective bind (as gunicorn's own parse_address sees
 * it), workers and chdir must agree, and so must "gunicorn refuses to start" (exit 1/2 before
 * printing) with an error finding.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readGunicornWorkspace } from '../../../server/src/gunicorn/index';
import { NodeHost } from '../../../server/src/node/nodeHost';
import { loadPython } from '../../helpers/python';

const GUNICORN = '/usr/bin/gunicorn';
const APP = 'def app(environ, start_response):\n    start_response("200 OK", [])\n    return [b"ok"]\n';

interface Case {
  name: string;
  args: string[];
  env?: Record<string, string>;
  /** Files under the start directory (`sub/x.py` creates `sub/`). */
  files?: Record<string, string>;
  /** Expected to make gunicorn exit before it prints its configuration. */
  refuses?: boolean;
}

const cases: Case[] = [
  { name: 'host 0 means all interfaces', args: ['-b', '0:5000', 'app:app'] },
  { name: 'default bind', args: ['app:app'] },
  { name: 'PORT gives 0.0.0.0:$PORT', args: ['app:app'], env: { PORT: '18556' } },
  { name: 'relative unix socket lives in --chdir', args: ['--bind', 'unix:rel.sock', '--chdir', 'sub', 'app:app'], files: { 'sub/app.py': APP } },
  { name: 'unix:// prefix', args: ['--bind=unix:///tmp/dl-abs.sock', 'app:app'] },
  { name: 'short options glued, abbreviation, IPv6', args: ['-w3', '--bi', '[::1]:8000', 'app:app'] },
  { name: 'HOST alone and :PORT', args: ['-b', 'localhost', '-b', ':9001', 'app:app'] },
  { name: 'app before options', args: ['app:app', '--workers', '4', '-b', '127.0.0.1:18557'] },
  { name: 'double dash', args: ['-w', '2', '--', 'app:app'] },
  { name: 'default gunicorn.conf.py in the start directory', args: ['app:app'], files: { 'gunicorn.conf.py': 'bind = "unix:conf.sock"\nworkers = 4\n' } },
  {
    name: 'gunicorn.conf.py in --chdir only is not read',
    args: ['--chdir', 'sub', 'app:app'],
    files: { 'sub/gunicorn.conf.py': 'bind = "unix:never.sock"\nworkers = 9\n', 'sub/app.py': APP },
  },
  {
    name: 'GUNICORN_CMD_ARGS beats the config file',
    args: ['app:app'],
    env: { GUNICORN_CMD_ARGS: '--bind unix:env.sock --workers 5' },
    files: { 'gunicorn.conf.py': 'bind = "unix:conf.sock"\nworkers = 2\n' },
  },
  { name: 'the command line beats GUNICORN_CMD_ARGS', args: ['-b', '127.0.0.1:18555', 'app:app'], env: { GUNICORN_CMD_ARGS: "--bind 'unix:env sock.sock' -w 6" } },
  { name: '-c with a list of binds and a quoted number', args: ['-c', 'other.py', 'app:app'], files: { 'other.py': 'bind = ["127.0.0.1:18001", "unix:b.sock"]\nworkers = "3"\n' } },
  { name: '--config inside GUNICORN_CMD_ARGS', args: ['app:app'], env: { GUNICORN_CMD_ARGS: '--config env_conf.py' }, files: { 'env_conf.py': 'bind = "0.0.0.0:18002"\n' } },
  { name: 'file: form', args: ['-c', 'file:conf2.py', 'app:app'], files: { 'conf2.py': 'workers = 6\n' } },
  { name: 'WEB_CONCURRENCY default', args: ['app:app'], env: { WEB_CONCURRENCY: '7' } },
  { name: 'config file beats WEB_CONCURRENCY', args: ['app:app'], env: { WEB_CONCURRENCY: '7' }, files: { 'gunicorn.conf.py': 'workers = 2\n' } },
  {
    name: 'chdir in the config file, relative socket',
    args: ['app:app'],
    files: { 'gunicorn.conf.py': 'chdir = "sub"\nbind = "unix:rel2.sock"\n', 'sub/app.py': APP },
  },
  {
    name: 'command-line --chdir beats the config file chdir',
    args: ['--chdir', 'b', 'app:app'],
    files: { 'gunicorn.conf.py': 'chdir = "a"\nbind = ["unix:x.sock"]\n', 'a/app.py': APP, 'b/app.py': APP },
  },
  { name: 'wsgi_app and bind from the config file', args: [], files: { 'gunicorn.conf.py': 'wsgi_app = "app:app"\nbind = "127.0.0.1:18003"\nworkers = 0x2\n' } },
  { name: 'env-dependent config value, variable unset', args: ['app:app'], files: { 'gunicorn.conf.py': 'import os\nbind = "0.0.0.0:" + os.environ.get("MY_PORT", "18004")\n' } },
  {
    name: 'env-dependent config value, variable set by the unit',
    args: ['app:app'],
    env: { MY_PORT: '18005', MY_WORKERS: '3' },
    files: { 'gunicorn.conf.py': 'import os\nbind = f"0.0.0.0:{os.environ.get(\'MY_PORT\', \'18004\')}"\nworkers = int(os.getenv("MY_WORKERS", "1"))\n' },
  },
  { name: 'an unknown name is ignored', args: ['app:app'], files: { 'gunicorn.conf.py': 'bnd = "unix:typo.sock"\n' } },
  { name: 'a relative -c is opened from the start directory, not --chdir', args: ['--chdir', 'sub', '-c', 'conf.py', 'app:app'], files: { 'sub/conf.py': 'workers = 3\n', 'sub/app.py': APP }, refuses: true },
  { name: 'ambiguous abbreviation', args: ['--work', '3', 'app:app'], refuses: true },
  { name: 'unknown option', args: ['--bnd', 'x', 'app:app'], refuses: true },
  { name: 'umask as a string in the config file', args: ['app:app'], files: { 'gunicorn.conf.py': 'umask = "007"\n' }, refuses: true },
  { name: 'a flag with a value', args: ['--reload=yes', 'app:app'], refuses: true },
  { name: 'too many app arguments after options', args: ['a:app', '-w', '2', 'b:app'], refuses: true },
  { name: 'non-integer workers on the command line', args: ['-w', 'three', 'app:app'], refuses: true },
];

let tmp = '';
before(async () => {
  await loadPython();
  tmp = realpathSync(mkdtempSync(join(tmpdir(), 'dl-gunicorn-')));
});
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** systemd quoting for one word: double quotes, with `\`, `"`, `$` and `%` escaped for systemd. */
function systemdQuote(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '$$$$').replace(/%/g, '%%') + '"';
}

interface Real {
  status: number;
  bind?: string[];
  workers?: number;
  chdir?: string;
  stderr: string;
}

/** Runs the real gunicorn --print-config (bounded: killed after 20 s). */
function runReal(start: string, c: Case): Promise<Real> {
  const env: Record<string, string> = { PATH: '/usr/bin:/bin', PWD: start, ...(c.env ?? {}) };
  return new Promise((resolve) => {
    execFile(GUNICORN, ['--print-config', ...c.args], { cwd: start, env, encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve(parseReal(stdout ?? '', stderr ?? '', code));
    });
  });
}

function parseReal(out: string, stderr: string, code: number): Real {
  const get = (name: string) => new RegExp(`^${name}\\s+= (.*)$`, 'm').exec(out)?.[1];
  const printed = get('bind') !== undefined;
  return {
    status: printed ? 0 : code,
    bind: printed ? [...(get('bind') as string).matchAll(/'([^']*)'/g)].map((m) => m[1]) : undefined,
    workers: printed ? Number(get('workers')) : undefined,
    chdir: get('chdir'),
    stderr,
  };
}

/** Runs `fn` over `items` with at most `limit` running at once. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** gunicorn's own util.parse_address for each bind list, formatted like DeployLens's normalized binds (one python run). */
function realAddresses(lists: Array<[string[], string]>): string[][] {
  const script = [
    'import json, os, sys',
    'from gunicorn.util import parse_address',
    'result = []',
    'for binds, chdir in json.load(sys.stdin):',
    '    out = []',
    '    for b in binds:',
    '        a = parse_address(b)',
    '        if isinstance(a, str): out.append("unix:" + os.path.normpath(os.path.join(chdir, a)))',
    '        elif isinstance(a, int): out.append("fd://%d" % a)',
    '        else:',
    '            h, p = a',
    '            h = "0.0.0.0" if h in ("", "0", "0.0.0.0") else h',
    '            out.append(("[%s]:%d" if ":" in h else "%s:%d") % (h, p))',
    '    result.append(out)',
    'print(json.dumps(result))',
  ].join('\n');
  // cwd / keeps a stray ./gunicorn in the test's cwd from shadowing the installed package.
  const r = spawnSync('/usr/bin/python3', ['-c', script], { cwd: '/', input: JSON.stringify(lists), encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as string[][];
}

test('DeployLens computes the bind, workers and chdir that gunicorn --print-config shows', { skip: !existsSync(GUNICORN) && 'no /usr/bin/gunicorn' }, async () => {
  const failures: string[] = [];
  const dirs = cases.map((c, n) => {
    const ws = join(tmp, `case${n}`);
    const start = join(ws, 'start');
    mkdirSync(start, { recursive: true });
    for (const [rel, text] of Object.entries(c.files ?? {})) {
      mkdirSync(dirname(join(start, rel)), { recursive: true });
      writeFileSync(join(start, rel), text);
    }
    if (!c.files?.['app.py']) writeFileSync(join(start, 'app.py'), APP);
    const envLines = Object.entries(c.env ?? {}).map(([k, v]) => `Environment=${systemdQuote(`${k}=${v}`)}`);
    const unit = ['[Service]', `WorkingDirectory=${start}`, ...envLines, `ExecStart=/usr/bin/gunicorn ${c.args.map(systemdQuote).join(' ')}`, ''].join('\n');
    writeFileSync(join(ws, 'app.service'), unit);
    return { ws, start };
  });
  const reals = await pool(cases, 4, (c) => runReal(dirs[cases.indexOf(c)].start, c));
  const addresses = realAddresses(reals.map((r, n) => [r.bind ?? [], r.chdir ?? dirs[n].start]));
  cases.forEach((c, n) => {
    const real = reals[n];
    const { instances, findings } = readGunicornWorkspace(new NodeHost(), dirs[n].ws, { gunicornVersion: '20.1.0' });
    const mine = instances.find((i) => i.kind === 'systemd');
    const errors = findings.filter((f) => f.severity === 'error').map((f) => `${f.code}: ${f.message}`);
    const label = `#${n} ${c.name}`;
    if (!mine) {
      failures.push(`${label}: no instance read`);
      return;
    }
    if (c.refuses) {
      if (real.status === 0) failures.push(`${label}: gunicorn was expected to refuse but printed its config`);
      if (errors.length === 0) failures.push(`${label}: gunicorn refuses (${real.stderr.trim().split('\n').pop()}) but DeployLens found no error`);
      return;
    }
    if (real.status !== 0) {
      failures.push(`${label}: gunicorn failed: ${real.stderr.trim().split('\n').slice(-2).join(' / ')}`);
      return;
    }
    if (errors.length) failures.push(`${label}: unexpected errors ${errors.join('; ')}`);
    const got = { binds: mine.binds.map((b) => b.address), workers: mine.workers, chdir: mine.chdir?.value };
    const want = { binds: addresses[n], workers: real.workers, chdir: real.chdir };
    try {
      assert.deepEqual(got, want);
    } catch {
      failures.push(`${label}: DeployLens ${JSON.stringify(got)} != gunicorn ${JSON.stringify(want)}`);
    }
  });
  assert.deepEqual(failures, []);
});

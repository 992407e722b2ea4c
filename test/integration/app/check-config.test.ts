/**
 * Differential tests of the WSGI target verdicts and the Flask/Django readers against the real stack
 * (Debian's /usr/bin/gunicorn 20.1.0, python3-flask, python3-django under /usr/bin/python3):
 * - `gunicorn --check-config --chdir <copy> TARGET` exits 0 exactly when the verdict does not fail at load;
 *   its error text is the one the verdict predicts;
 * - the target grammar: gunicorn's own import_app on `json:<obj>` rejects exactly the objs parseTarget rejects,
 *   with the same message;
 * - targets that only fail per request (a factory not called, a view as the app) really start and answer 500,
 *   and the called factory serves 200, over a unix socket (curl --unix-socket);
 * - the Flask reader's static mounts and routes are what the running app serves;
 * - the Django reader's settings are what Django itself computes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeHost } from '../../../server/src/node/nodeHost';
import { readApp } from '../../../server/src/project/app/index';
import { createModuleLoader } from '../../../server/src/project/app/loader';
import { gunicornSearchPaths } from '../../../server/src/project/app/modules';
import { parseTarget } from '../../../server/src/project/app/target';
import { analyzeTarget, type WsgiVerdictKind } from '../../../server/src/project/app/wsgi';
import { loadPython } from '../../helpers/python';

const GUNICORN = '/usr/bin/gunicorn';
const PYTHON = '/usr/bin/python3';
const FIXTURES = join(__dirname, '../../fixtures/apps');
// No __pycache__ anywhere, and nothing from the developer's environment steering Python.
const ENV = { PATH: '/usr/bin:/bin', PYTHONDONTWRITEBYTECODE: '1', LANG: 'C.UTF-8' };

let work: string;
before(async () => {
  await loadPython();
  work = mkdtempSync(join(tmpdir(), 'deploylens-app-'));
  for (const name of readdirSync(FIXTURES)) if (name !== 'README.md') cpSync(join(FIXTURES, name), join(work, name), { recursive: true });
  // Django variants whose WSGI module fails while importing its settings.
  for (const [dir, file, from, to] of [
    ['djmissing', 'mysite/wsgi.py', 'mysite.settings.production', 'mysite.settings.staging'],
    ['djbadbase', 'mysite/settings/production.py', 'from .base import *', 'from .bse import *'],
    ['djsyntax', 'mysite/settings/base.py', "STATIC_URL = 'static/'", "STATIC_URL = 'static/"],
  ]) {
    cpSync(join(FIXTURES, 'djsite'), join(work, dir), { recursive: true });
    const path = join(work, dir, file);
    writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));
  }
});
after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function run(cmd: string, args: string[], options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: options.cwd ?? work, env: { ...ENV, ...options.env }, timeout: options.timeoutMs ?? 30_000, maxBuffer: 4 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** The exception line gunicorn ends with (`gunicorn.errors.AppImportError: …`, `ModuleNotFoundError: …`). */
function lastError(stderr: string): string {
  return stderr.split('\n').reverse().find((l) => /^[\w.]+(Error|Exception): /.test(l.trim()))?.trim() ?? '';
}

/** What gunicorn's final error says went wrong, in verdict terms. */
function classify(line: string): WsgiVerdictKind | 'module-or-import' | 'other' {
  const app = /^gunicorn\.errors\.AppImportError: (.*)$/.exec(line)?.[1];
  if (app !== undefined) {
    if (app.startsWith('Failed to find attribute')) return 'attribute-missing';
    if (/^(Failed to parse|Function reference must be a simple name)/.test(app)) return 'parse-error';
    if (app.startsWith('TypeError')) return 'arity-mismatch';
    if (/^(Application object must be callable|Failed to find application object)/.test(app)) return 'not-callable';
    return 'other';
  }
  if (/^SyntaxError/.test(line)) return 'import-error';
  if (/^ImportError: Failed to find application, did you mean/.test(line)) return 'module-missing';
  if (/^(ModuleNotFoundError|ImportError|ValueError: Empty module name)/.test(line)) return 'module-or-import';
  // import_app's TypeError handler reads `__code__`, which an app object (a Flask instance) lacks.
  if (/^AttributeError: .* has no attribute '__code__'/.test(line)) return 'arity-mismatch';
  return 'other';
}

// [fixture dir (gunicorn --chdir), target, expected verdict]
const cases: Array<[string, string, WsgiVerdictKind]> = [
  ['pybo', 'pybo:create_app()', 'found'],
  ['pybo', 'pybo:create_app', 'not-called-factory'],
  ['pybo', 'pybo:create', 'attribute-missing'],
  ['pybo', 'pybo', 'attribute-missing'],
  ['pybo', 'pybo.app:app', 'module-missing'],
  ['pybo', 'pybo:create_app(', 'parse-error'],
  ['pybo', 'pybo:create_app(1)', 'arity-mismatch'],
  ['pybo', 'pybo:create_app(debug=True)', 'arity-mismatch'],
  ['pybo', 'pybo:a.b()', 'parse-error'],
  ['pybo', 'nothere:app', 'module-missing'],
  ['pybo', 'config:SECRET_KEY', 'not-callable'],
  ['single', 'wsgi:app', 'found'],
  ['single', 'myproject:app', 'found'],
  ['single', 'myproject', 'attribute-missing'],
  ['single', 'myproject:hello', 'arity-mismatch'],
  ['single', 'myproject:app()', 'arity-mismatch'],
  ['single', 'wsgi.py', 'module-missing'],
  ['plainwsgi', 'plain', 'found'],
  ['plainwsgi', 'plain:app_none', 'not-callable'],
  ['plainwsgi', 'plain:name', 'not-callable'],
  ['plainwsgi', 'plain:application()', 'arity-mismatch'],
  ['broken', 'brokenpkg:create_app()', 'import-error'],
  ['broken', 'importerr:app', 'import-error'],
  ['djsite', 'mysite.wsgi', 'found'],
  ['djsite', 'mysite.wsgi:application', 'found'],
  ['djsite', 'mysite.wsgi:app', 'attribute-missing'],
  ['djmissing', 'mysite.wsgi', 'import-error'],
  ['djbadbase', 'mysite.wsgi', 'import-error'],
  ['djsyntax', 'mysite.wsgi', 'import-error'],
];

test('gunicorn --check-config agrees with the verdict on every fixture target', async () => {
  const results = [];
  // Two at a time: each check imports Flask or Django (0.2-1 s); CI has 2 cores.
  for (let i = 0; i < cases.length; i += 2) {
    results.push(
      ...(await Promise.all(
        cases.slice(i, i + 2).map(async ([dir, target, expected]) => {
          const chdir = join(work, dir);
          const loader = createModuleLoader(new NodeHost(), { searchPaths: gunicornSearchPaths({ chdir, cwd: work }), cwd: chdir });
          const verdict = analyzeTarget(loader, target);
          const real = await run(GUNICORN, ['--check-config', '--chdir', chdir, target]);
          return { dir, target, expected, verdict, real };
        }),
      )),
    );
  }
  const mismatches: string[] = [];
  for (const { dir, target, expected, verdict, real } of results) {
    const where = `${dir} ${target}`;
    if (verdict.kind !== expected) mismatches.push(`${where}: verdict ${verdict.kind}, expected ${expected} (${verdict.message})`);
    const failsAtLoad = verdict.failsAt === 'load';
    if (failsAtLoad !== (real.code !== 0)) mismatches.push(`${where}: verdict fails at load=${failsAtLoad}, gunicorn exit ${real.code}: ${real.stderr.slice(-400)}`);
    if (real.code !== 0) {
      const line = lastError(real.stderr);
      const seen = classify(line);
      const ok = seen === verdict.kind || (seen === 'module-or-import' && (verdict.kind === 'module-missing' || verdict.kind === 'import-error'));
      if (!ok) mismatches.push(`${where}: gunicorn says ${seen} (${line}), verdict ${verdict.kind}`);
      // gunicorn's own words are in the verdict's message (a SyntaxError's wording is tree-sitter's, not CPython's).
      const key = line.replace(/^gunicorn\.errors\.AppImportError: /, '').replace(/^\w+Error: /, '');
      if (seen !== 'import-error' && !verdict.message.includes(key)) mismatches.push(`${where}: gunicorn said ${JSON.stringify(line)}, verdict says ${JSON.stringify(verdict.message)}`);
    }
  }
  assert.deepEqual(mismatches, []);
});

test("the target grammar matches gunicorn's import_app on every obj form", async () => {
  const objs = [
    'app', 'create_app()', "create_app('prod', 2, debug=True, opts={'a': [1, (2,)]})", '(app)', '(create_app)()', 'app  ', "create_app('a' 'b')",
    'create_app(', '', ' app', 'a.b', 'a:b', 'app[0]', 'None', '1', 'a.create_app()', 'create_app(x)', "create_app(f'{x}')", 'create_app(*[1])',
    'create_app(k=x)', 'create_app(-1, +2.5)', 'lambda: 1', 'app # comment', 'create_app(**{})', 'app; x', 'class', 'créer()',
  ];
  const script = [
    'import json, sys',
    'from gunicorn.util import import_app',
    'out = []',
    'for obj in json.load(sys.stdin):',
    '    try:',
    "        import_app('json:' + obj)",
    "        out.append('ok')",
    '    except Exception as e:',
    '        out.append(str(e))',
    'print(json.dumps(out))',
  ].join('\n');
  const child = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    const p = execFile(PYTHON, ['-c', script], { env: ENV, timeout: 30_000 }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve({ stdout, stderr })));
    p.stdin!.end(JSON.stringify(objs));
  });
  const real: string[] = JSON.parse(child.stdout);
  const mismatches: string[] = [];
  objs.forEach((obj, i) => {
    const t = parseTarget(`json:${obj}`);
    // A parse gunicorn accepts goes on to getattr, which fails on the json module (or the call's TypeError never comes).
    const gunicornAccepted = real[i].startsWith('Failed to find attribute');
    if (gunicornAccepted !== (t.error === undefined)) mismatches.push(`${JSON.stringify(obj)}: gunicorn ${JSON.stringify(real[i])}, ours ${JSON.stringify(t.error ?? 'ok')}`);
    else if (t.error !== undefined && t.error !== real[i]) mismatches.push(`${JSON.stringify(obj)}: message ${JSON.stringify(t.error)} vs ${JSON.stringify(real[i])}`);
    else if (gunicornAccepted && real[i] !== `Failed to find attribute '${t.name}' in 'json'.`) mismatches.push(`${JSON.stringify(obj)}: name ${t.name} vs ${real[i]}`);
  });
  assert.deepEqual(mismatches, []);
});

/** Starts gunicorn on a unix socket in `dir`; resolves once the socket accepts, or rejects after the deadline. */
async function serve(dir: string, target: string): Promise<{ proc: ChildProcess; sock: string; stop: () => Promise<void>; get: (path: string) => Promise<string> }> {
  const sock = join(work, `g-${Math.random().toString(36).slice(2, 8)}.sock`);
  const proc = spawn(GUNICORN, ['--chdir', join(work, dir), '--bind', `unix:${sock}`, '--workers', '1', '--log-level', 'warning', target], { env: ENV, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (d) => (stderr += String(d)));
  const get = async (path: string) => (await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '10', '--unix-socket', sock, `http://localhost${path}`])).stdout;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`gunicorn exited ${proc.exitCode}: ${stderr}`);
    if (existsSync(sock) && (await get('/__probe__')) !== '000') return { proc, sock, stop, get };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`gunicorn did not listen on ${sock} within 20 s: ${stderr}`);
}

// [fixture, target, path, status]: the targets that start fine and fail per request, and controls.
const served: Array<[string, string, string, string]> = [
  ['pybo', 'pybo:create_app', '/hello', '500'],
  ['pybo', 'pybo:create_app()', '/hello', '200'],
  ['single', 'myproject:hello', '/', '500'],
  ['single', 'wsgi:app', '/', '200'],
];

for (const [dir, target, path, status] of served) {
  test(`${target} serves ${status} on ${path}, as its verdict says`, async () => {
    const chdir = join(work, dir);
    const verdict = analyzeTarget(createModuleLoader(new NodeHost(), { searchPaths: gunicornSearchPaths({ chdir }), cwd: chdir }), target);
    assert.equal(verdict.failsAt === 'request', status === '500', verdict.message);
    if (target === 'pybo:create_app') assert.equal(verdict.kind, 'not-called-factory');
    const server = await serve(dir, target);
    try {
      assert.equal(await server.get(path), status);
    } finally {
      await server.stop();
    }
    assert.equal(existsSync(server.sock), false, 'gunicorn removes its socket on a clean stop');
  });
}

test('the Flask static mounts and routes of the pybo model are what the running app serves', async () => {
  const chdir = join(work, 'pybo');
  const model = readApp(new NodeHost(), { chdir, target: 'pybo:create_app()' });
  assert.equal(model.framework, 'flask');
  const server = await serve('pybo', 'pybo:create_app()');
  try {
    const checks: Array<[string, string, string]> = [];
    for (const m of model.staticMounts) {
      assert.ok(m.dir, m.url);
      const file = readdirSync(m.dir).find((f) => f.endsWith('.css'))!;
      // A shadowed blueprint folder's own files are not served at its URL (the app's folder answers).
      const expected = m.effective ? '200' : existsSync(join(model.flask!.staticFolder!, file)) ? '200' : '404';
      checks.push([`${m.url}${file}`, expected, await server.get(`${m.url}${file}`)]);
    }
    for (const r of model.routes) {
      const path = r.rule.replace(/<int:[^>]+>/g, '7');
      checks.push([path, '200', await server.get(path)]);
    }
    assert.ok(checks.length >= 7, JSON.stringify(checks));
    assert.deepEqual(
      checks.filter(([, want, got]) => want !== got),
      [],
    );
    // And what the model says is not there is not there.
    assert.equal(await server.get('/static/'), '404');
  } finally {
    await server.stop();
  }
});

test("the Django settings read statically are Django's own", async () => {
  const chdir = join(work, 'djsite');
  const model = readApp(new NodeHost(), { chdir, target: 'mysite.wsgi' });
  const d = model.django!;
  const script = [
    'import json, os, sys',
    "sys.path.insert(0, os.getcwd())",
    "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings.production')",
    'import django',
    'django.setup()',
    'from django.conf import settings as s',
    "print(json.dumps({'STATIC_URL': s.STATIC_URL, 'STATIC_ROOT': str(s.STATIC_ROOT), 'MEDIA_URL': s.MEDIA_URL, 'MEDIA_ROOT': str(s.MEDIA_ROOT),",
    "  'DEBUG': s.DEBUG, 'ALLOWED_HOSTS': s.ALLOWED_HOSTS, 'STATICFILES_DIRS': [str(x) for x in s.STATICFILES_DIRS],",
    "  'SECURE_PROXY_SSL_HEADER': list(s.SECURE_PROXY_SSL_HEADER), 'USE_X_FORWARDED_HOST': s.USE_X_FORWARDED_HOST,",
    "  'DATA_UPLOAD_MAX_MEMORY_SIZE': s.DATA_UPLOAD_MAX_MEMORY_SIZE, 'BASE_DIR': str(s.BASE_DIR)}))",
  ].join('\n');
  const real = await run(PYTHON, ['-c', script], { cwd: chdir });
  assert.equal(real.code, 0, real.stderr);
  const django = JSON.parse(real.stdout);
  assert.deepEqual(
    {
      STATIC_URL: d.staticUrl,
      STATIC_ROOT: d.staticRoot,
      MEDIA_URL: d.mediaUrl,
      MEDIA_ROOT: d.mediaRoot,
      DEBUG: d.debug,
      ALLOWED_HOSTS: d.allowedHosts,
      STATICFILES_DIRS: d.staticfilesDirs.map((x) => x.dir),
      SECURE_PROXY_SSL_HEADER: d.secureProxySslHeader,
      USE_X_FORWARDED_HOST: d.useXForwardedHost,
      DATA_UPLOAD_MAX_MEMORY_SIZE: d.dataUploadMaxMemorySize,
      BASE_DIR: d.settings.BASE_DIR.value.kind === 'path' ? d.settings.BASE_DIR.value.value : undefined,
    },
    django,
  );
});

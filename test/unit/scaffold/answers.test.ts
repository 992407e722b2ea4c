// The answers: what is refused (tables), the defaults filled in, sizes written for nginx, and the
// suggestions read from a workspace that already has deployment files (the example's layout).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { checkAnswers, detectApp, scaffold, scaffoldLayout, suggestAnswers, type ScaffoldAnswers } from '../../../server/src/features/scaffold/index';
import { resolveAnswers } from '../../../server/src/features/scaffold/answers';
import { nginxSize } from '../../../server/src/features/scaffold/nginxSite';
import { withFiles } from '../../../server/src/lsp/scaffold';
import { checkPath } from '../../../server/src/project/check';
import { defaultSettings } from '../../../shared/src/settings';
import { loadPython } from '../../helpers/python';

before(loadPython);

const OK: ScaffoldAnswers = { domain: 'example.com', serverPath: '/srv/app', bind: 'socket', https: false };

const REFUSED: Array<[string, Partial<ScaffoldAnswers>, RegExp]> = [
  ['a relative server path', { serverPath: 'srv/app' }, /server path: .*absolute/],
  ['a server path with a space', { serverPath: '/srv/my app' }, /server path: .*without quotes/],
  ['a server path with ..', { serverPath: '/srv/../etc' }, /server path: .*\.\./],
  ['the root as server path', { serverPath: '/' }, /server path: .*in \/ itself/],
  ['an empty domain', { domain: '  ' }, /domain: give at least one name/],
  ['a domain with a semicolon', { domain: 'example.com;' }, /domain: "example\.com;"/],
  ['a URL as domain', { domain: 'https://example.com' }, /domain: "https:\/\/example\.com"/],
  ['a relative socket path', { socketPath: 'gunicorn.sock' }, /socket path: "gunicorn\.sock"/],
  ['a socket path that is a folder', { socketPath: '/run/app/' }, /socket path/],
  ['port 0', { port: 0 }, /port: 0/],
  ['port 70000', { port: 70000 }, /port: 70000/],
  ['a user with a space', { user: 'www data' }, /user: "www data"/],
  ['a virtualenv with a quote', { venv: "/srv/app/'venv" }, /virtualenv/],
  ['a site name with a slash', { name: 'sites/app' }, /name: "sites\/app"/],
];

for (const [what, change, message] of REFUSED) {
  test(`checkAnswers refuses ${what}`, () => {
    const problems = checkAnswers({ ...OK, ...change });
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.match(problems[0], message);
  });
}

const ACCEPTED: Array<[string, Partial<ScaffoldAnswers>]> = [
  ['the plain answers', {}],
  ['several names and a wildcard', { domain: 'example.com www.example.com *.example.org' }],
  ['an IPv4 address and an IPv6 one', { domain: '203.0.113.5 [2001:db8::1]' }],
  ['a home folder path with @ and +', { serverPath: '/home/deploy/apps/shop@v2+beta' }],
  ['a port, user, group, venv, name', { bind: 'port', port: 8001, user: 'deploy', group: 'www-data', venv: '/opt/venvs/app', name: 'shop.example' }],
];
for (const [what, change] of ACCEPTED) {
  test(`checkAnswers accepts ${what}`, () => assert.deepEqual(checkAnswers({ ...OK, ...change }), []));
}

test('resolveAnswers fills the defaults: the socket, port 8000, www-data, the venv in the app folder, the app name', () => {
  const host = new MemoryHost({ '/ws/shop/app.py': 'from flask import Flask\napp = Flask(__name__)\n' });
  const app = detectApp(host, '/ws/shop').app!;
  assert.deepEqual(resolveAnswers(app, { ...OK, serverPath: '/srv/shop/', domain: ' a.example  b.example ' }), {
    domain: 'a.example b.example',
    serverPath: '/srv/shop',
    bind: 'socket',
    https: false,
    socketPath: '/run/gunicorn.sock',
    port: 8000,
    user: 'www-data',
    group: 'www-data',
    venv: '/srv/shop/venv',
    name: 'shop',
  });
  assert.equal(resolveAnswers(app, { ...OK, user: 'deploy' }).group, 'deploy', "the group follows the user (systemd's default)");
});

const SIZES: Array<[number, string]> = [
  [1024 * 1024, '1m'],
  [16 * 1024 * 1024, '16m'],
  [2 * 1024 * 1024 * 1024, '2g'],
  [1536 * 1024, '1536k'],
  [2621440, '2560k'],
  [1500000, '1465k'],
  [1, '1k'],
];
for (const [bytes, text] of SIZES) test(`nginxSize(${bytes}) = ${text}, never below the app's limit`, () => assert.equal(nginxSize(bytes), text));

/** The example workspace (examples/pybo) as a MemoryHost under /ws. */
function example(): MemoryHost {
  const root = join(__dirname, '..', '..', '..', 'examples', 'pybo');
  const host = new MemoryHost();
  const walk = (dir: string) => {
    for (const n of readdirSync(dir)) {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p);
      else host.set(`/ws/${relative(root, p)}`, readFileSync(p, 'utf8'));
    }
  };
  walk(root);
  return host;
}

test("suggestAnswers on the example: its folders, its unit's server path, user and virtualenv, its site's domain", () => {
  const host = example();
  const app = detectApp(host, '/ws').app!;
  assert.equal(app.target, 'pybo:create_app()');
  assert.deepEqual(suggestAnswers(host, '/ws', app), {
    layout: { nginxDir: 'deploy/nginx/sites-available', systemdDir: 'deploy/systemd' },
    serverPath: '/home/ubuntu/projects/myproject',
    serverPathFrom: 'deploy/systemd/myproject.service',
    user: 'ubuntu',
    group: 'www-data',
    venv: '/home/ubuntu/venvs/myproject',
    domain: 'pybo.example.com',
    domainFrom: 'deploy/nginx/sites-available/myproject',
  });
});

test('the example scaffolded with its own suggestions passes beside its existing files', () => {
  const host = example();
  const app = detectApp(host, '/ws').app!;
  const s = suggestAnswers(host, '/ws', app);
  const files = scaffold(app, { domain: 'new.example.com', serverPath: s.serverPath, bind: 'socket', https: false, ...(s.user ? { user: s.user } : {}), ...(s.venv ? { venv: s.venv } : {}) }, s.layout);
  assert.deepEqual(files.map((f) => f.path), ['/ws/deploy/nginx/sites-available/ws', '/ws/deploy/systemd/gunicorn.service', '/ws/deploy/systemd/gunicorn.socket', '/ws/gunicorn.conf.py']);
  const serious = checkPath(withFiles(host, files), '/ws', defaultSettings).findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
  assert.deepEqual(serious.map((f) => `${f.code} ${f.file}: ${f.message}`), []);
  assert.match(files[1].text, /^User=ubuntu$/m);
  assert.match(files[1].text, /^ExecStart=\/home\/ubuntu\/venvs\/myproject\/bin\/gunicorn -c \/home\/ubuntu\/projects\/myproject\/gunicorn\.conf\.py "pybo:create_app\(\)"$/m);
});

const LAYOUTS: Array<[string, string[], { nginxDir: string; systemdDir: string }]> = [
  ['nothing yet', ['app.py'], { nginxDir: 'deploy/nginx', systemdDir: 'deploy/systemd' }],
  ['etc/ folders', ['etc/nginx/sites-available/old', 'etc/systemd/system/old.service'], { nginxDir: 'etc/nginx/sites-available', systemdDir: 'etc/systemd/system' }],
  ['a conf.d site and a socket unit at the root', ['nginx/conf.d/app.conf', 'app.socket'], { nginxDir: 'nginx/conf.d', systemdDir: '.' }],
  ['a whole nginx.conf next to sites-available/', ['ops/nginx/nginx.conf', 'ops/nginx/sites-available/.keep'], { nginxDir: 'ops/nginx/sites-available', systemdDir: 'deploy/systemd' }],
  ['only proxy_params and snippets', ['deploy/nginx/proxy_params', 'deploy/nginx/snippets/ssl.conf'], { nginxDir: 'deploy/nginx', systemdDir: 'deploy/systemd' }],
];
for (const [what, paths, expected] of LAYOUTS) {
  test(`scaffoldLayout: ${what}`, () => {
    const text = (p: string) => (p.endsWith('.service') || p.endsWith('.socket') ? '[Unit]\nDescription=x\n' : p.endsWith('.py') ? 'x = 1\n' : 'server { listen 80; }\n');
    const host = new MemoryHost(Object.fromEntries(paths.map((p) => [`/ws/${p}`, text(p)])));
    assert.deepEqual(scaffoldLayout(host, '/ws'), expected);
  });
}

test('withFiles: new files and the folders they create show through the host, the rest is the base', () => {
  const base = new MemoryHost({ '/ws/app.py': 'x', '/ws/deploy/old': 'y' });
  const host = withFiles(base, [
    { path: '/ws/deploy/nginx/site', text: 'server {}' },
    { path: '/ws/gunicorn.conf.py', text: 'bind = "x"' },
  ]);
  assert.deepEqual(host.readDirectory('/ws').map((e) => `${e.name}:${e.type}`), ['app.py:file', 'deploy:directory', 'gunicorn.conf.py:file']);
  assert.deepEqual(host.readDirectory('/ws/deploy').map((e) => `${e.name}:${e.type}`), ['nginx:directory', 'old:file']);
  assert.equal(host.stat('/ws/deploy/nginx')?.type, 'directory');
  assert.equal(host.readFile('/ws/deploy/nginx/site'), 'server {}');
  assert.equal(host.readFile('/ws/app.py'), 'x');
  assert.equal(host.stat('/ws/missing'), undefined);
});

// A scaffolded Flask deployment, live: gunicorn started exactly as the generated unit starts it
// (ExecStart= words, WorkingDirectory=, Environment=; the socket path answered as a temp path, so
// the site and the launcher agree), nginx serving the generated site on a high loopback port, and
// real requests: the app's static files come from nginx (right slashes, no neighbour leaks), pages
// from the app through the socket or the port, HTTP redirects to HTTPS. One run goes through
// systemd-socket-activate with gunicorn.socket's ListenStream=, SocketUser= and SocketMode=, and
// nginx's workers as www-data, as on a Debian server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasIpv6Loopback, mainConfig, makePrefix, NGINX, sandboxSite, type Prefix } from '../snippets/harness';
import { get, startNginx, stop, type Running } from '../snippets/processes';
import { loadPython } from '../../helpers/python';
import { APP_SHAPES, type AppShape } from '../../unit/scaffold/apps';
import { deployOnDisk, execStart, tempBase, unitEnv, unitValue, type OnDisk } from './harness';

const ACTIVATE = '/usr/bin/systemd-socket-activate';
const missing = !existsSync(NGINX) ? `${NGINX} is not installed` : spawnSync('/usr/bin/gunicorn', ['--version']).status !== 0 ? 'gunicorn is not installed' : false;
const shape = (name: string): AppShape => APP_SHAPES.find((s) => s.name === name)!;
const running: Running[] = [];
let base: ReturnType<typeof tempBase> | undefined;
let prefix: Prefix | undefined;
let ipv6 = false;

before(async () => {
  if (missing) return;
  await loadPython();
  base = tempBase('dls-serve-');
  prefix = makePrefix(APP_SHAPES.map((s) => `${s.name}.example.com`));
  if (existsSync('/etc/nginx/proxy_params')) copyFileSync('/etc/nginx/proxy_params', join(prefix.dir, 'proxy_params'));
  ipv6 = hasIpv6Loopback();
});

after(async () => {
  for (const r of running) await stop(r);
  prefix?.cleanup();
  base?.cleanup();
});

/** Starts a process, keeping its output; in its own process group so that its workers go with it. */
function launch(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Running {
  const proc = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const r = { proc, output: () => out };
  running.push(r);
  return r;
}

/** Polls until `ready` holds, the process exits, or 20 s pass. */
async function until(r: Running, what: string, ready: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!ready()) {
    if (r.proc.exitCode !== null || r.proc.signalCode !== null) throw new Error(`${what} exited:\n${r.output()}`);
    if (Date.now() > deadline) throw new Error(`${what} not ready after 20 s:\n${r.output()}`);
    await new Promise((res) => setTimeout(res, 25));
  }
}

/** The unit's command, directory and environment, as systemd would run them. */
function unitCommand(d: OnDisk): { argv: string[]; cwd: string; env: NodeJS.ProcessEnv } {
  const service = d.file('systemd-service').text;
  return { argv: execStart(service), cwd: unitValue(service, 'WorkingDirectory')!, env: { PATH: '/usr/bin:/bin', ...unitEnv(service) } };
}

/** Installs the generated site (on high loopback ports), starts nginx, runs `fn`, stops nginx. */
async function withSite(d: OnDisk, fn: (port: (listen: string) => number) => Promise<void>, extraMain = ''): Promise<void> {
  const p = prefix!.dir;
  for (let attempt = 0; attempt < 3; attempt++) {
    const { text, ports } = sandboxSite(d.file('nginx').text, p, ipv6);
    rmSync(join(p, 'sites-enabled'), { recursive: true, force: true });
    mkdirSync(join(p, 'sites-enabled'));
    writeFileSync(join(p, 'nginx.conf'), extraMain + mainConfig(p));
    writeFileSync(join(p, 'sites-enabled', 'site'), text);
    const nginx = await startNginx(p, [...ports].filter(([k]) => k.startsWith('v4:')).map(([, v]) => v));
    if (!nginx) continue; // a port was taken: new random ports
    try {
      await fn((listen) => ports.get(`v4:${listen}`)!);
    } finally {
      await stop(nginx, 'SIGQUIT');
    }
    return;
  }
  throw new Error('no free ports after 3 attempts');
}

test('pybo (factory + blueprints) behind nginx on the unix socket: static file, pages, no source leak', { skip: missing }, async () => {
  const s = shape('pybo');
  const d = deployOnDisk(s, join(base!.dir), { bind: 'socket', https: false });
  const { argv, cwd, env } = unitCommand(d);
  const gunicorn = launch(argv[0], argv.slice(1), cwd, env);
  await until(gunicorn, 'gunicorn', () => existsSync(d.socket));
  const host = { Host: 'pybo.example.com' };
  await withSite(d, async (port) => {
    const css = await get(port('80'), s.staticFile!.path, host);
    assert.equal(css.status, 200);
    assert.match(css.body, new RegExp(s.staticFile!.contains));
    assert.equal(css.headers.server?.toString().startsWith('nginx'), true);
    const page = await get(port('80'), s.page!.path, host);
    assert.equal(page.status, 200, page.body);
    assert.match(page.body, new RegExp(s.page!.contains));
    assert.equal((await get(port('80'), '/question/list/', host)).body, 'questions');
    // /static../ is not under /static/: the app answers (404), never a file next to the static folder.
    const escape = await get(port('80'), '/static../__init__.py', host);
    assert.equal(escape.status, 404);
    assert.doesNotMatch(escape.body, /create_app/);
  });
  await stop(gunicorn);
});

test('shop (factory with defaults, two static folders) behind nginx on a TCP port, HTTPS with the HTTP redirect', { skip: missing }, async () => {
  const s = shape('shop');
  const port = 20000 + Math.floor(Math.random() * 40000);
  const d = deployOnDisk(s, join(base!.dir), { bind: 'port', https: true, port });
  const { argv, cwd, env } = unitCommand(d);
  const gunicorn = launch(argv[0], argv.slice(1), cwd, env);
  await until(gunicorn, 'gunicorn', () => /Listening at: http:\/\/127\.0\.0\.1:\d+/.test(gunicorn.output()));
  const host = { Host: 'shop.example.com' };
  const tls = { servername: 'shop.example.com' };
  await withSite(d, async (p) => {
    const redirect = await get(p('80'), '/assets/site.css', host);
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.location, 'https://shop.example.com/assets/site.css');
    const css = await get(p('443'), '/assets/site.css', host, tls);
    assert.equal(css.status, 200);
    assert.match(css.body, /teal/);
    const admin = await get(p('443'), '/admin/static/admin.css', host, tls);
    assert.equal(admin.status, 200);
    assert.match(admin.body, /teal/);
    const home = await get(p('443'), '/', host, tls);
    assert.equal(home.status, 200, home.body);
    assert.match(home.body, /shop home \(production\)/);
  });
  await stop(gunicorn);
});

test('Django with split settings: collectstatic with the unit environment, then static, media and a page through nginx', { skip: missing }, async () => {
  const s = shape('mysite-split');
  const d = deployOnDisk(s, join(base!.dir), { bind: 'socket', https: false });
  const { argv, cwd, env } = unitCommand(d);
  assert.equal(env.DJANGO_SETTINGS_MODULE, 'mysite.settings.prod');
  // What the deployment guide has the user run on the server, with the settings the unit uses.
  const collect = spawnSync('python3', ['manage.py', 'collectstatic', '--noinput'], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(collect.status, 0, collect.stderr);
  mkdirSync(join(d.appDir, 'uploads'), { recursive: true });
  writeFileSync(join(d.appDir, 'uploads', 'avatar.txt'), 'uploaded\n');
  const gunicorn = launch(argv[0], argv.slice(1), cwd, env);
  await until(gunicorn, 'gunicorn', () => existsSync(d.socket));
  const host = { Host: 'mysite.example.com' };
  await withSite(d, async (port) => {
    const css = await get(port('80'), '/static/polls/style.css', host);
    assert.equal(css.status, 200, css.body);
    assert.match(css.body, /teal/);
    const media = await get(port('80'), '/uploads/avatar.txt', host);
    assert.equal(media.status, 200);
    assert.equal(media.body, 'uploaded\n');
    const page = await get(port('80'), '/', host);
    assert.equal(page.status, 200, `${page.body}\n${gunicorn.output()}`);
    assert.equal(page.body, 'mysite home');
  });
  await stop(gunicorn);
});

test('flask-module under socket activation: gunicorn.socket as systemd creates it (www-data, 0660), nginx as www-data', { skip: (missing || (!existsSync(ACTIVATE) && 'systemd-socket-activate is not installed')) as string | false }, async (t) => {
  if (process.getuid?.() !== 0) return t.skip('needs root to give the socket to www-data');
  const s = shape('flask-module');
  const d = deployOnDisk(s, join(base!.dir), { bind: 'socket', https: false });
  const socketUnit = d.file('systemd-socket').text;
  const listen = unitValue(socketUnit, 'ListenStream')!;
  assert.equal(listen, d.socket);
  const { argv, cwd, env } = unitCommand(d);
  const activator = launch(ACTIVATE, ['-l', listen, ...argv], cwd, env);
  await until(activator, 'systemd-socket-activate', () => existsSync(listen));
  // What SocketUser=, SocketGroup= and SocketMode= make of the socket.
  const uid = Number(spawnSync('id', ['-u', unitValue(socketUnit, 'SocketUser')!], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', unitValue(socketUnit, 'SocketGroup')!], { encoding: 'utf8' }).stdout.trim());
  chownSync(listen, uid, gid);
  chmodSync(listen, parseInt(unitValue(socketUnit, 'SocketMode')!, 8));
  const host = { Host: 'flask-module.example.com' };
  await withSite(
    d,
    async (port) => {
      const page = await get(port('80'), '/', host);
      assert.equal(page.status, 200, `${page.body}\n${activator.output()}`);
      assert.equal(page.body, 'hello from app.py');
      const css = await get(port('80'), '/static/style.css', host);
      assert.equal(css.status, 200);
      assert.match(css.body, /teal/);
    },
    'user www-data;\n',
  );
  await stop(activator);
});

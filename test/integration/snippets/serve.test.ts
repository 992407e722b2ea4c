// The snippets as a working deployment: gunicorn started from the gunicorn.conf.py and Procfile
// snippets, nginx from the site snippets (placeholders typed over with temp paths, as a user
// types their own), then real requests. Proves more than `nginx -t` can: static files are found
// (slashes right) and do not leak neighbours, the app is reached through the socket or port with
// the right Host, WebSocket headers pass, HTTP redirects to HTTPS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandOne } from '../../unit/grammar/snippetFiles';
import { APP_MARKER, hasIpv6Loopback, mainConfig, makePrefix, NGINX, nginxTest, randomPort, sandboxSite, writeProject, type Prefix } from './harness';
import { get, startGunicorn, startNginx, startShell, stop, type Running } from './processes';

const missing = !existsSync(NGINX) ? `${NGINX} is not installed` : spawnSync('gunicorn', ['--version']).status !== 0 ? 'gunicorn is not installed' : false;
const ipv6 = !missing && hasIpv6Loopback();
const HOST = { Host: 'example.com' };

let dir = '';
let project = '';
let socket = '';
let prefix: Prefix | undefined;
let gunicorn: Running | undefined;

before(async () => {
  if (missing) return;
  dir = mkdtempSync(join(tmpdir(), 'deploylens-serve-'));
  chmodSync(dir, 0o755);
  project = join(dir, 'myproject');
  writeProject(project);
  socket = join(dir, 'gunicorn.sock');
  // gunicorn.conf.py as the snippet writes it, in the directory gunicorn starts in (it reads
  // ./gunicorn.conf.py from there), with the socket path typed over and one worker for speed.
  writeFileSync(join(project, 'gunicorn.conf.py'), expandOne('python.json', /gunicorn\.conf\.py/, { values: { 2: `unix:${socket}`, 3: '1' } }));
  gunicorn = await startGunicorn([], project, { socket });
  prefix = makePrefix();
});

after(async () => {
  await stop(gunicorn);
  prefix?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Installs `site` as the only site, starts nginx, runs `fn` with the port map, stops nginx. */
async function withSite(site: string, fn: (port: (listen: string) => number) => Promise<void>): Promise<void> {
  const p = prefix!.dir;
  for (let attempt = 0; attempt < 3; attempt++) {
    const { text, ports } = sandboxSite(site, p, ipv6);
    writeFileSync(`${p}/nginx.conf`, mainConfig(p));
    writeFileSync(`${p}/sites-enabled/site`, text);
    const t = nginxTest(p);
    assert.equal(t.status, 0, t.output);
    const v4 = [...ports].filter(([k]) => k.startsWith('v4:')).map(([, v]) => v);
    const nginx = await startNginx(p, v4);
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

test('site-gunicorn-unix: static files from PROJECT/static/, the app through the unix socket', { skip: missing }, async () => {
  const site = expandOne('nginx.json', /unix socket/, { values: { 2: project, 3: socket } });
  await withSite(site, async (port) => {
    const css = await get(port('80'), '/static/style.css', HOST);
    assert.equal(css.status, 200);
    assert.equal(css.body, 'body { color: teal }\n');
    // alias with matching slashes: /static../ is not under /static/, so it goes to the app (which
    // echoes the path) and never to a file next to the static directory.
    const escape = await get(port('80'), '/static../myproject/wsgi.py', HOST);
    assert.ok(!escape.body.includes('def application'), 'source file served');
    assert.match(escape.body, /path=\/static\.\.\/myproject\/wsgi\.py /);
    const app = await get(port('80'), '/hello', HOST);
    assert.equal(app.status, 200);
    assert.equal(app.body.startsWith(APP_MARKER), true, app.body);
    assert.match(app.body, /host=example\.com path=\/hello /, 'proxy_params forwards Host');
    assert.match(app.body, /proto=http$/, 'proxy_params forwards the scheme');
    const favicon = await get(port('80'), '/favicon.ico', HOST);
    assert.equal(favicon.status, 404, 'favicon is answered by nginx, not the app');
  });
});

test('site-gunicorn-upstream: files under the root directly, the rest to gunicorn via the upstream', { skip: missing }, async () => {
  const site = expandOne('nginx.json', /upstream/, { values: { 2: `unix:${socket}`, 4: join(project, 'static') } });
  await withSite(site, async (port) => {
    const css = await get(port('80'), '/style.css', HOST);
    assert.equal(css.status, 200);
    assert.equal(css.body, 'body { color: teal }\n');
    const app = await get(port('80'), '/app/page', HOST);
    assert.equal(app.status, 200);
    assert.match(app.body, new RegExp(`^${APP_MARKER} host=example\\.com path=/app/page `));
  });
});

test('site-websocket: Upgrade and Connection reach the app only for WebSocket requests', { skip: missing }, async () => {
  const site = expandOne('nginx.json', /WebSocket proxying/, { values: { 4: socket } });
  await withSite(site, async (port) => {
    const ws = await get(port('80'), '/ws/chat', { ...HOST, Upgrade: 'websocket', Connection: 'Upgrade' });
    assert.match(ws.body, /path=\/ws\/chat upgrade=websocket connection=upgrade /);
    const plain = await get(port('80'), '/ws/chat', HOST);
    assert.match(plain.body, /upgrade=None connection=close /);
    const other = await get(port('80'), '/other', HOST);
    assert.match(other.body, /path=\/other /);
  });
});

test('site-https-certbot: HTTP redirects to HTTPS; HTTPS serves static files and the app', { skip: missing }, async () => {
  const site = expandOne('nginx.json', /HTTPS/, { values: { 2: project, 3: socket } });
  await withSite(site, async (port) => {
    const redirect = await get(port('80'), '/hello?x=1', HOST);
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.location, 'https://example.com/hello?x=1');
    const tls = { servername: 'example.com' };
    const app = await get(port('443'), '/hello', HOST, tls);
    assert.equal(app.status, 200);
    assert.match(app.body, /host=example\.com path=\/hello .*proto=https$/);
    assert.equal((await get(port('443'), '/static/style.css', HOST, tls)).status, 200);
  });
});

test('location-static and location-media: the URL prefix maps onto the directory of the same name', { skip: missing }, async () => {
  const locations = [
    expandOne('nginx.json', /static files/, { values: { 2: project } }),
    expandOne('nginx.json', /media files/, { values: { 2: project } }),
  ];
  const site = `server {\n    listen 80;\n    server_name example.com;\n${locations.join('\n')}}\n`;
  await withSite(site, async (port) => {
    assert.equal((await get(port('80'), '/static/style.css', HOST)).body, 'body { color: teal }\n');
    assert.equal((await get(port('80'), '/media/upload.txt', HOST)).body, 'uploaded\n');
    const escape = await get(port('80'), '/media../myproject/wsgi.py', HOST);
    assert.equal(escape.status, 404);
    assert.ok(!escape.body.includes('def application'));
  });
});

test('Procfile web line + site-gunicorn-tcp: gunicorn binds $PORT by itself, nginx proxies to it', { skip: missing }, async () => {
  const line = expandOne('procfile.json', /web process/);
  assert.match(line, /^web: /);
  // A project without gunicorn.conf.py: one in the start directory would override $PORT.
  const app = join(dir, 'procfile-app');
  writeProject(app);
  let web: Running | undefined;
  let appPort = 0;
  for (let attempt = 0; attempt < 3 && !web; attempt++) {
    appPort = randomPort();
    try {
      web = await startShell(line.replace(/^web:\s*/, '').trim(), app, appPort, { ...process.env, PORT: String(appPort) });
    } catch (e) {
      if (!/in use/i.test(String(e))) throw e;
    }
  }
  assert.ok(web, 'gunicorn from the Procfile line did not start');
  try {
    const direct = await get(appPort, '/direct', HOST);
    assert.match(direct.body, /path=\/direct /);
    const site = expandOne('nginx.json', /TCP port/, { values: { 2: app, 4: String(appPort) } });
    await withSite(site, async (port) => {
      const app = await get(port('80'), '/via-nginx', HOST);
      assert.equal(app.status, 200);
      assert.match(app.body, /host=example\.com path=\/via-nginx .*proto=http$/);
      assert.equal((await get(port('80'), '/static/style.css', HOST)).status, 200);
    });
  } finally {
    await stop(web);
  }
});

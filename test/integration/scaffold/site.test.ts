// The scaffolded nginx site against the real nginx: `nginx -t` accepts it for every app shape and
// variant (socket/port, HTTP/HTTPS), with no warning, installed as Debian installs sites
// (sites-enabled/ included at http level, proxy_params copied from /etc/nginx, Certbot's files
// present for HTTPS), in a throw-away prefix on high loopback ports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, copyFileSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hasIpv6Loopback, mainConfig, makePrefix, NGINX, nginxTest, sandboxSite, type Prefix } from '../snippets/harness';
import { loadPython } from '../../helpers/python';
import { APP_SHAPES } from '../../unit/scaffold/apps';
import { deployOnDisk, tempBase } from './harness';

const missing = existsSync(NGINX) ? false : `${NGINX} is not installed`;
let base: ReturnType<typeof tempBase> | undefined;
let prefix: Prefix | undefined;
let ipv6 = false;

before(async () => {
  if (missing) return;
  await loadPython();
  base = tempBase('dls-site-');
  const domains = APP_SHAPES.map((s) => (s.framework === 'django' ? 'mysite.example.com' : `${s.name}.example.com`));
  prefix = makePrefix([...new Set(domains)]);
  // Debian's own proxy_params, as `include proxy_params` finds it next to nginx.conf on the server.
  if (existsSync('/etc/nginx/proxy_params')) copyFileSync('/etc/nginx/proxy_params', join(prefix.dir, 'proxy_params'));
  ipv6 = hasIpv6Loopback();
});

after(() => {
  prefix?.cleanup();
  base?.cleanup();
});

for (const shape of APP_SHAPES) {
  for (const bind of ['socket', 'port'] as const) {
    for (const https of [false, true]) {
      test(`${shape.name} (${bind}${https ? ', https' : ''}): nginx -t accepts the site without a warning`, { skip: missing }, () => {
        const dir = join(base!.dir, `${bind}-${https}`);
        mkdirSync(dir, { recursive: true });
        const d = deployOnDisk(shape, dir, { bind, https });
        const p = prefix!.dir;
        rmSync(join(p, 'sites-enabled'), { recursive: true, force: true });
        mkdirSync(join(p, 'sites-enabled'));
        writeFileSync(join(p, 'nginx.conf'), mainConfig(p));
        writeFileSync(join(p, 'sites-enabled', shape.name), sandboxSite(d.file('nginx').text, p, ipv6).text);
        const r = nginxTest(p);
        assert.equal(r.status, 0, r.output);
        assert.doesNotMatch(r.output, /\[(warn|emerg|alert|crit)\]/, r.output);
        assert.match(r.output, /test is successful/);
      });
    }
  }
}

test('nginx -t does reject a broken scaffolded site (the check can fail)', { skip: missing }, () => {
  const dir = join(base!.dir, 'broken');
  mkdirSync(dir, { recursive: true });
  const d = deployOnDisk(APP_SHAPES[0], dir, { bind: 'socket', https: false });
  const p = prefix!.dir;
  rmSync(join(p, 'sites-enabled'), { recursive: true, force: true });
  mkdirSync(join(p, 'sites-enabled'));
  writeFileSync(join(p, 'nginx.conf'), mainConfig(p));
  writeFileSync(join(p, 'sites-enabled', 'broken'), sandboxSite(d.file('nginx').text.replace('proxy_pass http://unix:', 'proxy_pass unix:'), p, ipv6).text);
  const r = nginxTest(p);
  assert.equal(r.status, 1);
  assert.match(r.output, /invalid URL prefix/);
});

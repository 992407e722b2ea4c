// Every nginx snippet, expanded with its defaults (and each option of its choices), passes the real
// `nginx -t` when installed as a user would: a site file in sites-enabled/ included at http level,
// a location snippet inside a server. The sandbox changes only what a test machine needs (ports,
// Certbot's paths); see harness.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { expansions } from '../../unit/grammar/snippetFiles';
import { hasIpv6Loopback, mainConfig, makePrefix, NGINX, nginxTest, randomPort, sandboxSite } from './harness';

const skip = !existsSync(NGINX) && `${NGINX} is not installed`;
const ipv6 = !skip && hasIpv6Loopback();

/** Installs one snippet expansion into the prefix the way a user would. */
function install(prefix: string, text: string): void {
  let site = text;
  // A location snippet goes inside a server.
  if (/^\s*location\b/.test(site)) site = `server {\n    listen ${randomPort()};\n    server_name harness.test;\n${site}}\n`;
  // location-websocket relies on the map of site-websocket at http level, as its description says.
  const extra = /\$connection_upgrade/.test(site) && !/map\s+\$http_upgrade/.test(site)
    ? '    map $http_upgrade $connection_upgrade { default upgrade; \'\' close; }'
    : '';
  writeFileSync(`${prefix}/nginx.conf`, mainConfig(prefix, extra));
  writeFileSync(`${prefix}/sites-enabled/site`, sandboxSite(site, prefix, ipv6).text);
}

test('nginx snippets pass nginx -t', { skip }, () => {
  const prefix = makePrefix();
  try {
    const all = expansions('nginx.json');
    assert.ok(all.length >= 9, `only ${all.length} expansions`);
    for (const e of all) {
      install(prefix.dir, e.text);
      const r = nginxTest(prefix.dir);
      assert.equal(r.status, 0, `${e.label}: nginx -t failed:\n${r.output}\n--- site:\n${e.text}`);
      assert.match(r.output, /test is successful/, e.label);
      assert.doesNotMatch(r.output, /\[(warn|emerg|alert|crit)\]/, `${e.label}: ${r.output}`);
    }
  } finally {
    prefix.cleanup();
  }
});

test('the harness catches broken sites (typo, missing semicolon, missing certificate) and warnings', { skip }, () => {
  const prefix = makePrefix();
  try {
    const all = expansions('nginx.json');
    const unix = all.find((e) => /unix socket/.test(e.snippet.name))!.text;
    const https = all.find((e) => /HTTPS/.test(e.snippet.name))!.text;
    for (const [broken, message] of [
      [unix.replace('alias /srv', 'allias /srv'), /unknown directive "allias"/],
      [unix.replace('gunicorn.sock;', 'gunicorn.sock'), /unexpected "}"/],
      [https.replace('live/example.com/fullchain.pem', 'live/other.example/fullchain.pem'), /cannot load certificate/],
    ] as const) {
      assert.notEqual(broken, unix);
      install(prefix.dir, broken);
      const r = nginxTest(prefix.dir);
      assert.equal(r.status, 1, `expected a failure for:\n${broken}`);
      assert.match(r.output, message);
    }
    // Warnings are visible to the check above: OCSP stapling with a self-signed certificate warns.
    install(prefix.dir, https.replace('ssl_dhparam', 'ssl_stapling on;\n    ssl_dhparam'));
    const warned = nginxTest(prefix.dir);
    assert.equal(warned.status, 0);
    assert.match(warned.output, /\[warn\].*ssl_stapling/);
  } finally {
    prefix.cleanup();
  }
});

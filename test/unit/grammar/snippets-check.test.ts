// The nginx snippets pass DeployLens's own nginx checker: no error-severity finding for any
// expansion, installed as a sites-available file (location snippets inside a server).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { LineIndex } from '../../../server/src/common/text';
import { checkNginx, loadNginxConfig } from '../../../server/src/nginx/index';
import { expansions } from './snippetFiles';

/** The site file a user would save: location snippets go inside a server block. */
function asSite(text: string): string {
  let site = /^\s*location\b/.test(text) ? `server {\n    listen 80;\n    server_name example.com;\n${text}}\n` : text;
  // location-websocket needs site-websocket's map, as its description says.
  if (/\$connection_upgrade/.test(site) && !/map\s+\$http_upgrade/.test(site)) site = `map $http_upgrade $connection_upgrade { default upgrade; '' close; }\n${site}`;
  return site;
}

/** Every finding for a site, as `severity code@line message`. */
function check(text: string): string[] {
  const path = '/ws/deploy/nginx/sites-available/myproject';
  const host = new MemoryHost({ [path]: text });
  return checkNginx(loadNginxConfig(host, path, { context: 'http', workspaceRoot: '/ws' })).map(
    (f) => `${f.severity} ${f.code}@${new LineIndex(host.readFile(f.file) ?? '').humanAt(f.start).line} ${f.message}`,
  );
}

test('nginx snippets pass the DeployLens nginx checker (no errors)', () => {
  const all = expansions('nginx.json');
  assert.ok(all.length >= 9);
  const errors = all.flatMap((e) => check(asSite(e.text)).filter((f) => f.startsWith('error')).map((f) => `${e.label}: ${f}`));
  assert.deepEqual(errors, []);
});

test('the checker does see a broken snippet', () => {
  const site = expansions('nginx.json')[0].text.replace('alias /srv', 'allias /srv');
  assert.ok(check(site).some((f) => f.startsWith('error') && f.includes('allias')));
});

// "Run nginx -t on This File" against Debian's real nginx 1.22: the wrapper makes a site testable
// with its `include proxy_params`, and nginx's verdicts come back with the user's file and line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findNginx, runNginxTest } from '../../../client/src/nginxTest/run';

const nginx = findNginx();
const siteFile = new URL('../../../examples/pybo/deploy/nginx/sites-available/myproject', import.meta.url).pathname;
const site = readFileSync(siteFile, 'utf8');
const skip = nginx ? false : 'nginx is not installed (npm test installs it)';

test('the example site passes nginx -t as Debian would include it', { skip }, async () => {
  const r = await runNginxTest(nginx!, siteFile, site, false);
  assert.equal(r.ok, true, r.stderr);
  assert.deepEqual(r.messages.filter((m) => m.level === 'emerg'), []);
});

/** The 1-based line of the example site that holds `needle` (the example may grow; the tests follow it). */
const lineOf = (needle: string): number => site.slice(0, site.indexOf(needle)).split('\n').length;

const broken: [string, (s: string) => string, RegExp, number][] = [
  ['misspelled directive', (s) => s.replace('alias /home', 'allias /home'), /^unknown directive "allias"$/, lineOf('alias /home')],
  ['missing semicolon', (s) => s.replace('listen 80;', 'listen 80'), /unexpected|invalid/, lineOf('server_name')],
  ['unknown include', (s) => s.replace('include proxy_params;', 'include proxy_paramz;'), /proxy_paramz/, lineOf('include proxy_params;')],
];
for (const [name, edit, message, line] of broken) {
  test(`an unsaved ${name} is reported on the user's file and line`, { skip }, async () => {
    const r = await runNginxTest(nginx!, siteFile, edit(site), true);
    assert.equal(r.ok, false);
    const emerg = r.messages.find((m) => m.level === 'emerg');
    assert.ok(emerg, r.stderr);
    assert.match(emerg.message, message);
    assert.equal(emerg.file, siteFile);
    assert.equal(emerg.line, line);
  });
}

test('a whole configuration is tested in place; unsaved, it is refused without running nginx', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deploylens-nginx-main-'));
  try {
    const conf = join(dir, 'nginx.conf');
    const text = `events {}\nhttp {\n    server { listen 127.0.0.1:8080; locaton / { } }\n}\n`;
    writeFileSync(conf, text);
    const r = await runNginxTest(nginx!, conf, text, false);
    assert.equal(r.ok, false);
    assert.deepEqual(r.messages.map((m) => [m.message, m.file, m.line]), [['unknown directive "locaton"', conf, 3]]);
    const refused = await runNginxTest(nginx!, conf, text, true);
    assert.match(refused.refused ?? '', /Save the file first/);
    assert.equal(refused.command, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GUNICORN_SETTINGS, isAvailableIn, optionFlagsOfUnavailable, settingByName, settingsFor, specFor, closest } from '../../../server/src/gunicorn/catalog';
import { DESCRIPTIONS } from '../../../server/src/gunicorn/descriptions';

const root = join(__dirname, '..', '..', '..');

test('settings.generated.ts is what the generator writes from the vendored JSON', async () => {
  const gen = (await import(join(root, 'scripts/gen-gunicorn-catalog.mjs'))) as { generate(text: string): string };
  const expected = gen.generate(readFileSync(join(root, 'scripts/data/gunicorn_settings.json'), 'utf8'));
  const actual = readFileSync(join(root, 'server/src/gunicorn/settings.generated.ts'), 'utf8');
  assert.equal(actual, expected, 'stale: run node scripts/gen-gunicorn-catalog.mjs');
});

test('catalog holds the 118 settings of 26.1.0 plus the removed tolerate_dangerous_framing', () => {
  assert.equal(GUNICORN_SETTINGS.length, 119);
  // Debian's 20.1.0 package has 85 upstream settings + its tolerate_dangerous_framing backport = 86.
  assert.equal(settingsFor('20.1.0').length, 86);
});

test('every setting has a hand-written description, and no description names an unknown setting', () => {
  for (const s of GUNICORN_SETTINGS) assert.ok(DESCRIPTIONS[s.name]?.length > 20, `description of ${s.name}`);
  for (const name of Object.keys(DESCRIPTIONS)) assert.ok(settingByName(name), `${name} is a setting`);
});

test('availability by release, from the checked releases only', () => {
  const rows: Array<[string, string, boolean]> = [
    ['bind', '20.1.0', true],
    ['logconfig_json', '20.1.0', false], // first seen in 21.2.0
    ['logconfig_json', '21.2.0', true],
    ['logconfig_json', '21.0.0', true], // between 20.1.0 and 21.2.0: not provably missing
    ['permit_obsolete_folding', '22.0.0', false],
    ['header_map', '22.0.0', true],
    ['http_protocols', '23.0.0', false],
    ['http_protocols', '25.0.0', true],
    ['asgi_loop', '23.5.0', false], // documented as added in 24.0.0, which narrows "first seen in 26.1.0"
    ['asgi_loop', '24.0.0', true],
    ['control_socket', '25.0.0', false],
    ['control_socket', '25.1.0', true],
    ['protocol', '24.0.0', true], // no versionadded: only "after 23.0.0" is known
    ['tolerate_dangerous_framing', '20.1.0', true], // Debian backport
    ['tolerate_dangerous_framing', '21.2.0', false],
    ['tolerate_dangerous_framing', '23.0.0', false],
  ];
  for (const [name, version, expected] of rows) assert.equal(isAvailableIn(settingByName(name)!, version), expected, `${name} in ${version}`);
});

test('version-specific shapes: --proxy-protocol is a flag before 24.1, allow-lists lack ::1 before 23', () => {
  assert.equal(specFor('proxy_protocol', '20.1.0')?.action, 'store_true');
  assert.equal(specFor('proxy_protocol', '26.1.0')?.nargs, '?');
  assert.equal(specFor('forwarded_allow_ips', '20.1.0')?.default, '127.0.0.1');
  assert.equal(specFor('forwarded_allow_ips', '26.1.0')?.default, '127.0.0.1,::1');
});

test('flags of settings a release lacks are known, with why', () => {
  const m = optionFlagsOfUnavailable('20.1.0');
  assert.equal(m.get('--log-config-json'), 'added in 21.2.0');
  assert.equal(optionFlagsOfUnavailable('24.0.0').get('--control-socket'), 'added in 25.1.0');
  assert.equal(optionFlagsOfUnavailable('23.0.0').get('--tolerate-dangerous-framing'), 'removed in 23.0.0');
  assert.equal(m.has('--bind'), false);
  assert.equal(optionFlagsOfUnavailable(undefined).size, 0);
});

test('did-you-mean', () => {
  const names = GUNICORN_SETTINGS.map((s) => s.name);
  assert.equal(closest('bnd', names), 'bind');
  assert.equal(closest('worker', names), 'workers');
  assert.equal(closest('timout', names), 'timeout');
  assert.equal(closest('completely_unrelated_name', names), undefined);
});

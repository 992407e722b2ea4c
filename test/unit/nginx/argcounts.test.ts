// Argument counts: the derivation from documented syntax lines, and the effective count of the
// directives people write most, each checked against the flag in nginx's own command tables
// (src/core/nginx.c, src/http/ngx_http_core_module.c, modules/ngx_http_*_module.c).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { argCountAccepts, argCountName, argCountOf, deriveArgCount, deriveLineCount } from '../../../server/src/nginx/argcounts';
import { getDirectives, specIn } from '../../../server/src/nginx/catalog';
import { NGINX_DIRECTIVES } from '../../../server/src/nginx/catalog.generated';
import type { DirectiveContext } from '../../../server/src/nginx/directiveSpec';

const INF = Number.POSITIVE_INFINITY;
const lines: Array<[string, number, number]> = [
  ['', 0, 0],
  ['{...}', 0, 0],
  ['on | off', 1, 1],
  ['name value [always]', 2, 3],
  ['code ... [=[response]] uri', 2, INF],
  ['address[:port] [default_server] [ssl]', 1, 3],
  ['[ = | ~ | ~* | ^~ ] uri {...}', 1, 2],
  ['path [level1 [level2 [level3]]]', 1, 4],
  ['[code ...] time', 1, INF],
  ['off | none | [builtin[:size]] [shared:name:size]', 0, 2],
  ['address [parameters]', 1, INF],
  ['string [token=$variable] | off', 1, 2],
  ['[two [method]]', 0, 2],
];
for (const [line, min, max] of lines) {
  test(`deriveLineCount("${line}") = ${min}..${max}`, () => assert.deepEqual(deriveLineCount(line), { min, max }));
}

test('several syntax lines take the loosest bounds; more than 7 means unbounded (nginx has no TAKE8)', () => {
  assert.deepEqual(deriveArgCount(['off', 'max=N [inactive=time]']), { min: 1, max: 2 });
  assert.deepEqual(deriveArgCount(['a [b] [c] [d] [e] [f] [g] [h]']), { min: 1, max: INF });
  assert.deepEqual(deriveArgCount(['on | off']), { min: 1, max: 1, flag: true });
  assert.deepEqual(deriveArgCount(['on | off | always']), { min: 1, max: 1 });
});

// [directive, context, nginx flag]: read from the command tables of nginx's sources.
const verified: Array<[string, DirectiveContext, string]> = [
  ['listen', 'server', '1MORE'],
  ['server_name', 'server', '1MORE'],
  ['location', 'server', 'TAKE12'],
  ['root', 'location', 'TAKE1'],
  ['alias', 'location', 'TAKE1'],
  ['proxy_pass', 'location', 'TAKE1'],
  ['include', 'http', 'TAKE1'],
  ['return', 'location', 'TAKE12'],
  ['rewrite', 'location', 'TAKE23'],
  ['error_page', 'server', '2MORE'],
  ['try_files', 'location', '2MORE'],
  ['add_header', 'location', 'TAKE23'],
  ['proxy_set_header', 'location', 'TAKE2'],
  ['map', 'http', 'TAKE2'],
  ['if', 'location', '1MORE'],
  ['set', 'location', 'TAKE2'],
  ['break', 'location', 'NOARGS'],
  ['limit_except', 'location', '1MORE'],
  ['keepalive_timeout', 'http', 'TAKE12'],
  ['large_client_header_buffers', 'http', 'TAKE2'],
  ['client_body_temp_path', 'http', 'TAKE1234'],
  ['proxy_redirect', 'location', 'TAKE12'],
  ['access_log', 'server', '1MORE'],
  ['log_format', 'http', '2MORE'],
  ['error_log', 'main', '1MORE'],
  ['user', 'main', 'TAKE12'],
  ['worker_processes', 'main', 'TAKE1'],
  ['events', 'main', 'NOARGS'],
  ['http', 'main', 'NOARGS'],
  ['server', 'http', 'NOARGS'],
  ['upstream', 'http', 'TAKE1'],
  ['server', 'upstream', '1MORE'],
  ['types', 'http', 'NOARGS'],
  ['internal', 'location', 'NOARGS'],
  ['index', 'location', '1MORE'],
  ['sendfile', 'http', 'FLAG'],
  ['gzip', 'http', 'FLAG'],
  ['tcp_nodelay', 'http', 'FLAG'],
  ['server_tokens', 'http', 'TAKE1'],
  ['ssl_protocols', 'server', '1MORE'],
  ['ssl_session_cache', 'http', 'TAKE12'],
  ['keepalive_disable', 'http', 'TAKE12'],
  ['geoip_country', 'http', 'TAKE12'],
  ['stub_status', 'location', 'TAKE01'],
  ['proxy_pass', 'stream server', 'TAKE1'],
  ['proxy_bind', 'stream server', 'TAKE12'],
];
for (const [name, context, flag] of verified) {
  test(`${name} in ${context} takes ${flag}`, () => {
    const spec = specIn(name, context);
    assert.ok(spec, `${name} not allowed in ${context}`);
    assert.equal(argCountName(argCountOf(spec)), flag);
  });
}

test('every catalog entry has sane bounds', () => {
  for (const d of NGINX_DIRECTIVES) {
    const c = argCountOf(d);
    assert.ok(c.min >= 0 && c.min <= c.max && c.min <= 7, `${d.module}/${d.name}: ${c.min}..${c.max}`);
    if (c.flag) assert.equal(argCountName(c), 'FLAG');
  }
});

test('argCountAccepts', () => {
  const [spec] = getDirectives('add_header');
  const c = argCountOf(spec);
  assert.deepEqual([1, 2, 3, 4].map((n) => argCountAccepts(c, n)), [false, true, true, false]);
});

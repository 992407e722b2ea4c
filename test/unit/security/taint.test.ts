/**
 * The variable taint the security rules share (taint.ts): where a value comes from and what it can
 * hold, as tables; and the loops a fuzzer found (an `if` whose own variable is unknown, `$1` tested
 * to set `$1`, maps of maps) terminate.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { loadNginxConfig } from '../../../server/src/nginx/includes';
import { scanConfig } from '../../../server/src/checks/security/scan';
import { readCondition, variablesIn, variableTaint, type Taint } from '../../../server/src/checks/security/taint';
import { parseNginx } from '../../../server/src/nginx/parser';
import type { Directive } from '../../../server/src/nginx/ast';

/** The taint of `$name` at the directive named `at` (the first one) of a site file. */
function taintAt(conf: string, at: string, name: string): Taint {
  const host = new MemoryHost({ '/ws/site.conf': conf });
  const scan = scanConfig(loadNginxConfig(host, '/ws/site.conf'));
  const v = scan.visits.find((x) => x.directive.name === at);
  assert.ok(v, `no ${at}`);
  return variableTaint(scan, v, name);
}

const loc = (pattern: string, body: string) => `server { listen 80; location ${pattern} { ${body} } }`;

test('taint of built-in variables and captures (newline, carriage return, any host)', () => {
  const table: Array<[string, string, string, Partial<Taint>]> = [
    [loc('/', 'return 301 $uri;'), 'return', 'uri', { controlled: true, newline: true, cr: true }],
    [loc('/', 'return 301 $request_uri;'), 'return', 'request_uri', { controlled: true, newline: false, cr: false }],
    [loc('/', 'return 301 $host;'), 'return', 'host', { controlled: false }],
    [loc('/', 'return 301 $http_x_y;'), 'return', 'http_x_y', { controlled: true, newline: false, anyHost: true }],
    [loc('/', 'return 301 $arg_next;'), 'return', 'arg_next', { controlled: true, newline: false }],
    [loc('~ ^/a/(.*)$', 'return 301 $1;'), 'return', '1', { controlled: true, newline: false, cr: true }],
    [loc('~ ^/a/([^/]*)$', 'return 301 $1;'), 'return', '1', { controlled: true, newline: true, cr: true }],
    [loc('~ ^/a/(\\d+)$', 'return 301 $1;'), 'return', '1', { controlled: true, newline: false, cr: false, anyHost: false }],
    [loc('~ ^/a/(?<n>\\W*)$', 'return 301 $n;'), 'return', 'n', { controlled: true, newline: true }],
    [loc('/', 'return 301 $2;'), 'return', '2', { controlled: false }],
    [loc('/', 'set $p $document_uri; return 301 $p;'), 'return', 'p', { controlled: true, newline: true }],
    [loc('/', 'set $p "fixed"; return 301 $p;'), 'return', 'p', { controlled: false }],
    [`map $arg_r $b { default a.example; x $http_x; } ${loc('/', 'proxy_pass http://$b;')}`, 'proxy_pass', 'b', { controlled: true, anyHost: true }],
    [`map $arg_r $b { default a.example; x b.example; } ${loc('/', 'proxy_pass http://$b;')}`, 'proxy_pass', 'b', { controlled: false }],
    [loc('/', 'if ($http_referer ~ "^https://([^/]+)") { return 301 $1; }'), 'return', '1', { controlled: true, newline: false }],
    [`server { listen 80; server_name ~^(?<sub>[a-z]+)\\.example\\.com$; location / { return 301 $sub; } }`, 'return', 'sub', { controlled: true, newline: false }],
  ];
  for (const [conf, at, name, want] of table) {
    const got = taintAt(conf, at, name);
    for (const [k, v] of Object.entries(want)) assert.equal(got[k as keyof Taint], v, `${conf} $${name}.${k}`);
  }
});

test('loops terminate: unknown if variables, $1 tested to set $1, maps feeding each other, set cycles', () => {
  const confs = [
    loc('/', 'if ($thtp_origin ~* "^https://(x)") { add_header A $x; add_header B $1; }'),
    loc('/', 'if ($1 ~ (.*)) { return 301 $1; }'),
    `map $b $a { default $b; } map $a $b { default $a; } ${loc('/', 'return 301 $a;')}`,
    loc('/', 'set $a $b; set $b $a; return 301 $a;'),
    loc('/', 'if ($$http_hosthttp_origin ~* "^https://example\\.com$") { add_header V $o; }'),
  ];
  for (const conf of confs) {
    const scan = scanConfig(loadNginxConfig(new MemoryHost({ '/ws/s.conf': conf }), '/ws/s.conf'));
    for (const v of scan.visits) for (const w of v.directive.args) for (const ref of variablesIn(w.value)) variableTaint(scan, v, ref.name);
  }
});

test('variable references and if conditions are read as nginx reads them', () => {
  assert.deepEqual(variablesIn('a$uri${host}b$1$'), [
    { name: 'uri', start: 1, end: 5 },
    { name: 'host', start: 5, end: 12 },
    { name: '1', start: 13, end: 15 },
  ]);
  const cond = (s: string) => readCondition((parseNginx(`if ${s} {}`).children[0] as Directive).args);
  assert.deepEqual({ ...cond('($http_origin ~* "^https://a")'), valueWord: undefined }, { variable: 'http_origin', op: '~*', value: '^https://a', valueWord: undefined });
  assert.equal(cond('( $a = b )')?.value, 'b');
  assert.equal(cond('($a)'), undefined);
  assert.equal(cond('(-f $x)'), undefined);
});

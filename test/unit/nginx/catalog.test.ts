// The directive catalog: the committed table matches what the generator renders from the
// installed @nginx/reference-lib, and the lookups answer as nginx would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { allowedIn, directiveNames, editDistance, getDirective, getDirectives, isDirectiveName, specIn, suggest } from '../../../server/src/nginx/catalog';
import { NGINX_DIRECTIVES, NGINX_VARIABLES } from '../../../server/src/nginx/catalog.generated';
import type { DirectiveContext } from '../../../server/src/nginx/directiveSpec';

const generator = new URL('../../../scripts/gen-nginx-catalog.mjs', import.meta.url).href;
const generated = new URL('../../../server/src/nginx/catalog.generated.ts', import.meta.url);

test('catalog.generated.ts is what the generator renders (re-run scripts/gen-nginx-catalog.mjs when this fails)', async () => {
  const { renderCatalog } = await import(generator);
  assert.equal(readFileSync(generated, 'utf8'), renderCatalog());
});

test('the catalog covers current nginx, with stream/mail servers told apart from http ones', () => {
  assert.ok(NGINX_DIRECTIVES.length > 900, `only ${NGINX_DIRECTIVES.length} directives`);
  assert.ok(NGINX_VARIABLES.length > 150);
  const listen = getDirectives('listen').map((d) => `${d.module}:${d.contexts.join('|')}`);
  assert.deepEqual(listen.sort(), ['ngx_http_core_module:server', 'ngx_mail_core_module:mail server', 'ngx_stream_core_module:stream server']);
  // `if` in the docs means both if contexts.
  assert.deepEqual(getDirective('return')!.contexts, ['server', 'location', 'if in server', 'if in location']);
  assert.deepEqual(getDirective('include')!.contexts, ['any']);
  assert.equal(getDirective('proxy_pass')!.url, 'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass');
  assert.equal(getDirective('error_log')!.url, 'https://nginx.org/en/docs/ngx_core_module.html#error_log');
  // Literal stars inside code spans survive the markdown stripping; emphasis stars do not.
  assert.deepEqual(getDirective('location')!.syntax, ['[ = | ~ | ~* | ^~ ] uri {...}', '@name {...}']);
  assert.equal(getDirective('listen')!.default, '*:80 | *:8000');
  assert.equal(getDirective('gzip')!.description, 'Enables or disables gzipping of responses.');
  assert.equal(getDirective('server_name')!.description, 'Sets names of a virtual server.');
  for (const d of NGINX_DIRECTIVES) {
    assert.ok(d.description.length > 0 && d.description.length < 400, `${d.name}: description of ${d.description.length} chars`);
    assert.ok(!/[`*]\w|\]\(/.test(d.description), `${d.name}: markup left in "${d.description}"`);
  }
});

test('names: documented, undocumented-but-real, and unknown', () => {
  for (const n of ['http2', 'quic_retry', 'ssl_reject_handshake', 'proxy_pass', 'http2_push', 'post_action', 'stub_status']) assert.ok(isDirectiveName(n), n);
  for (const n of ['proxy_passs', 'allias', 'spdy', 'Server', '']) assert.ok(!isDirectiveName(n), n);
  const names = directiveNames();
  assert.deepEqual(names, [...names].sort());
  assert.equal(new Set(names).size, names.length);
});

const placements: Array<[string, DirectiveContext, boolean]> = [
  ['server', 'http', true],
  ['server', 'stream', true],
  ['server', 'upstream', true],
  ['server', 'location', false],
  ['location', 'server', true],
  ['location', 'location', true],
  ['location', 'http', false],
  ['location', 'if in location', false],
  ['proxy_pass', 'location', true],
  ['proxy_pass', 'if in location', true],
  ['proxy_pass', 'limit_except', true],
  ['proxy_pass', 'server', false],
  ['proxy_pass', 'stream server', true],
  ['alias', 'location', true],
  ['alias', 'server', false],
  ['root', 'if in location', true],
  ['return', 'if in server', true],
  ['listen', 'server', true],
  ['listen', 'http', false],
  ['user', 'main', true],
  ['user', 'http', false],
  ['worker_connections', 'events', true],
  ['include', 'upstream', true],
  ['include', 'events', true],
  ['error_log', 'stream server', true],
  ['http2', 'server', true],
  ['add_header', 'if in location', true],
  ['add_header', 'if in server', false],
];
for (const [name, context, expected] of placements) {
  test(`allowedIn(${name}, ${context}) is ${expected}`, () => assert.equal(allowedIn(name, context), expected));
}

test('specIn picks the module that owns the context', () => {
  assert.equal(specIn('proxy_pass', 'stream server')!.module, 'ngx_stream_proxy_module');
  assert.equal(specIn('server', 'upstream')!.module, 'ngx_http_upstream_module');
  assert.equal(specIn('server', 'stream upstream')!.module, 'ngx_stream_upstream_module');
  assert.equal(specIn('server', 'mail')!.block, true);
  assert.equal(specIn('location', 'http'), undefined);
});

const typos: Array<[string, DirectiveContext | undefined, string[]]> = [
  ['proxy_passs', 'location', ['proxy_pass']],
  ['allias', 'location', ['alias']],
  ['sever_name', 'server', ['server_name']],
  ['proxy_set_headers', 'location', ['proxy_set_header']],
  ['listne', 'server', ['listen']],
  ['client_max_body', 'server', []],
  ['xyzzy', undefined, []],
];
for (const [typo, context, expected] of typos) {
  test(`suggest(${typo}) = [${expected.join(', ')}]`, () => assert.deepEqual(suggest(typo, context), expected));
}

const distances: Array<[string, string, number]> = [
  ['', '', 0],
  ['abc', 'abc', 0],
  ['abc', 'acb', 1],
  ['proxy_passs', 'proxy_pass', 1],
  ['kitten', 'sitting', 3],
  ['', 'abc', 3],
];
for (const [a, b, d] of distances) test(`editDistance(${a}, ${b}) = ${d}`, () => assert.equal(editDistance(a, b), d));

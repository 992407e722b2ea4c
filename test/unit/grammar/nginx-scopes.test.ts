// What the nginx grammar must scope, one row per behaviour: [source, token text, scope the token
// must carry (or, with a leading '!', must not carry), which occurrence of the text (default 0)].
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getDirectives } from '@nginx/reference-lib';
import { tokenize, type Tokenized } from './textmate';

type Row = [source: string, token: string, scope: string, occurrence?: number];

const rows: Row[] = [
  // directives: known names from the reference vs anything else (typos, case, third-party)
  ['proxy_pass http://app;', 'proxy_pass', 'keyword.other.directive.nginx'],
  ['proxy_passs http://app;', 'proxy_passs', 'entity.name.function.directive.unknown.nginx'],
  ['Proxy_pass http://app;', 'Proxy_pass', 'entity.name.function.directive.unknown.nginx'],
  ['more_set_headers "X: y";', 'more_set_headers', 'entity.name.function.directive.unknown.nginx'],
  ['post_action /log;', 'post_action', 'keyword.other.directive.nginx'],
  ['a;proxy_pass x;', 'proxy_pass', 'keyword.other.directive.nginx'],
  ['server_name server;', 'server', '!storage.type.block.nginx'],
  ['server_name content_by_lua_block;', 'content_by_lua_block', '!keyword.other.directive.lua.nginx'],
  ['add_header X-A b;', ';', 'punctuation.terminator.nginx'],
  // block openers
  ['http {', 'http', 'storage.type.block.nginx'],
  ['events {}', 'events', 'storage.type.block.nginx'],
  ['server {', 'server', 'storage.type.block.nginx'],
  ['server\n{', 'server', 'storage.type.block.nginx'],
  ['upstream app { server unix:/run/g.sock fail_timeout=0; }', 'upstream', 'storage.type.block.nginx'],
  ['upstream app { server unix:/run/g.sock fail_timeout=0; }', 'server', 'keyword.other.directive.nginx'],
  ['upstream app { server unix:/run/g.sock fail_timeout=0; }', 'unix', 'keyword.other.unix-socket.nginx'],
  ['upstream app { server unix:/run/g.sock fail_timeout=0; }', 'fail_timeout', 'variable.parameter.nginx'],
  ['limit_except GET { deny all; }', 'limit_except', 'storage.type.block.nginx'],
  ['if ($a) { return 403; }', 'if', 'keyword.control.conditional.nginx'],
  ['map $a $b { }', 'map', 'storage.type.block.nginx'],
  ['location / { }', 'location', 'storage.type.block.nginx'],
  ['location / { }', '{', 'punctuation.section.block.begin.nginx'],
  ['location / { }', '}', 'punctuation.section.block.end.nginx'],
  // location modifiers, URIs, regexes, named locations
  ['location = /favicon.ico { }', '=', 'keyword.operator.modifier.nginx'],
  ['location = /favicon.ico { }', '/favicon.ico', 'entity.name.section.location.nginx'],
  ['location =/exact { }', '=', 'keyword.operator.modifier.nginx'],
  ['location ^~ /static/ { }', '^~', 'keyword.operator.modifier.nginx'],
  ['location ^~ /static/ { }', '/static/', 'entity.name.section.location.nginx'],
  ['location ~ \\.php$ { }', '~', 'keyword.operator.modifier.nginx'],
  ['location ~ \\.php$ { }', '\\.', 'string.regexp.nginx'],
  ['location ~ \\.php$ { }', '$', 'keyword.control.anchor.regexp.nginx'],
  ['location ~* \\.(css|js)$ { }', '~*', 'keyword.operator.modifier.nginx'],
  ['location ~* \\.(css|js)$ { }', '|', 'keyword.operator.or.regexp.nginx'],
  ['location ~ "^/a{2}$" { }', '{2}', 'keyword.operator.quantifier.regexp.nginx'],
  ['location ~ "^/a{2}$" { }', '{', 'punctuation.section.block.begin.nginx'],
  ['location @proxy_to_app { }', 'proxy_to_app', 'entity.name.function.named-location.nginx'],
  ['try_files $uri @proxy_to_app;', 'proxy_to_app', 'entity.name.function.named-location.nginx'],
  ['server_name ~^(?<sub>.+)\\.example\\.com$;', 'sub', 'variable.other.nginx'],
  ['server_name ~^(?<sub>.+)\\.example\\.com$;', '~', 'keyword.operator.modifier.nginx'],
  ['rewrite ^/old/(.*)$ /new/$1 permanent;', '$', 'keyword.control.anchor.regexp.nginx'],
  ['rewrite ^/old/(.*)$ /new/$1 permanent;', '$', '!variable.other.nginx'],
  ['rewrite ^/old/(.*)$ /new/$1 permanent;', '*', 'keyword.operator.quantifier.regexp.nginx'],
  ['rewrite ^/old/(.*)$ /new/$1 permanent;', '1', 'variable.other.capture.nginx'],
  ['rewrite ^/old/(.*)$ /new/$1 permanent;', 'permanent', 'keyword.other.flag.nginx'],
  // strings with escapes (both quotes), variables also inside strings
  ['add_header X "a $host b";', 'host', 'variable.other.nginx'],
  ['add_header X "a $host b";', 'host', 'string.quoted.double.nginx'],
  ["add_header X 'a $host b';", 'host', 'string.quoted.single.nginx'],
  ["add_header X 'a $host b';", 'host', 'variable.other.nginx'],
  ['add_header X "say \\"hi\\"";', '\\"', 'constant.character.escape.nginx'],
  ["add_header X 'it\\'s';", "\\'", 'constant.character.escape.nginx'],
  ['add_header X "a;b{c}#d";', 'a;b{c}#d', 'string.quoted.double.nginx'],
  ['add_header X "a;b{c}#d"; listen 80;', 'listen', 'keyword.other.directive.nginx'],
  ['log_format m "a\nb $c";', 'c', 'string.quoted.double.nginx'],
  ['set $x ${y}z;', 'y', 'variable.other.nginx'],
  ['set $x ${y}z;', '${', 'punctuation.definition.variable.begin.nginx'],
  ['set $x "${y}z";', 'y', 'string.quoted.double.nginx'],
  ['set $x \\;a;', '\\;', 'constant.character.escape.nginx'],
  // numbers with units, on/off, addresses
  ['client_max_body_size 10m;', 'm', 'keyword.other.unit.nginx'],
  ['client_max_body_size 10m;', '10', 'constant.numeric.nginx'],
  ['proxy_buffer_size 512k;', 'k', 'keyword.other.unit.nginx'],
  ['proxy_read_timeout 30s;', 's', 'keyword.other.unit.nginx'],
  ['expires 1h;', 'h', 'keyword.other.unit.nginx'],
  ['proxy_connect_timeout 500ms;', 'ms', 'keyword.other.unit.nginx'],
  ['expires 1h30m;', '1h30m', 'constant.numeric.nginx'],
  ['return 301 https://$host$request_uri;', '301', 'constant.numeric.nginx'],
  ['return 301 https://$host$request_uri;', 'request_uri', 'variable.other.nginx'],
  ['return 301 https://$host$request_uri;', 'https', 'keyword.other.scheme.nginx'],
  ['server_name www1.example.com;', 'www1.example.com', '!constant.numeric.nginx'],
  ['gzip on;', 'on', 'constant.language.boolean.nginx'],
  ['access_log off;', 'off', 'constant.language.boolean.nginx'],
  ['server_name onion;', 'onion', '!constant.language.boolean.nginx'],
  ['listen 127.0.0.1:8000;', '127.0.0.1', 'constant.numeric.ip-address.v4.nginx'],
  ['listen 127.0.0.1:8000;', '8000', 'constant.numeric.port.nginx'],
  ['listen [::]:443 ssl;', '::', 'constant.numeric.ip-address.v6.nginx'],
  ['listen [::]:443 ssl;', '443', 'constant.numeric.port.nginx'],
  ['allow 10.0.0.0/8;', '8', 'constant.numeric.cidr.nginx'],
  ['proxy_pass http://localhost:8000;', '8000', 'constant.numeric.port.nginx'],
  ['proxy_pass http://unix:/run/gunicorn.sock:/api/;', 'unix', 'keyword.other.unix-socket.nginx'],
  ['proxy_cache_path /c keys_zone=one:10m;', '10', 'constant.numeric.nginx'],
  // comments: only at the start of a token
  ['# a comment', '#', 'punctuation.definition.comment.nginx'],
  ['# a comment', ' a comment', 'comment.line.number-sign.nginx'],
  ['listen 80; # managed by Certbot', ' managed by Certbot', 'comment.line.number-sign.nginx'],
  ['set $a foo#bar;', 'foo#bar', '!comment.line.number-sign.nginx'],
  ['server { # open\n}', ' open', 'comment.line.number-sign.nginx'],
  // if conditions and their operators
  ['if ($request_method = POST) { }', '=', 'keyword.operator.comparison.nginx'],
  ['if ($request_method != POST) { }', '!=', 'keyword.operator.comparison.nginx'],
  ['if ($request_method = POST) { }', '(', 'punctuation.section.condition.begin.nginx'],
  ['if ($request_method = POST) { }', ')', 'punctuation.section.condition.end.nginx'],
  ['if ($http_user_agent ~* (bot|spider)) { }', '~*', 'keyword.operator.comparison.regexp.nginx'],
  ['if ($http_user_agent ~* (bot|spider)) { }', '|', 'keyword.operator.or.regexp.nginx'],
  ['if ($http_user_agent ~* (bot|spider)) { }', ')', 'punctuation.section.condition.end.nginx', 1],
  ['if ($args !~ "^$") { }', '!~', 'keyword.operator.comparison.regexp.nginx'],
  ['if (!-f $request_filename) { }', '!-f', 'keyword.operator.file-test.nginx'],
  ['if (-d $request_filename) { }', '-d', 'keyword.operator.file-test.nginx'],
  // map / geo / split_clients / types tables
  ['map $http_upgrade $connection_upgrade {\n  default upgrade;\n  \'\' close;\n}', 'default', 'keyword.other.nginx'],
  ['map $http_upgrade $connection_upgrade {\n  default upgrade;\n  \'\' close;\n}', 'default', 'meta.mapping.key.nginx'],
  ['map $http_upgrade $connection_upgrade {\n  default upgrade;\n  \'\' close;\n}', 'upgrade', '!meta.mapping.key.nginx'],
  ['map $http_upgrade $connection_upgrade {\n  default upgrade;\n  \'\' close;\n}', "'", 'string.quoted.single.nginx'],
  ['map $uri $n {\n  /old /new;\n}', '/old', 'string.unquoted.key.nginx'],
  ['map $uri $n {\n  ~*^/a(.*) /b$1;\n}', '~*', 'keyword.operator.modifier.nginx'],
  ['map $uri $n {\n  ~*^/a(.*) /b$1;\n}', '1', 'variable.other.capture.nginx'],
  ['map $uri $n {\n  proxy_pass 1;\n}', 'proxy_pass', '!keyword.other.directive.nginx'],
  ['geo $g {\n  10.0.0.0/8 1;\n}', '10.0.0.0', 'constant.numeric.ip-address.v4.nginx'],
  ['split_clients $a $v {\n  0.5% .one;\n}', '%', 'keyword.other.unit.nginx'],
  ['types {\n  text/html html htm;\n}', 'text/html', 'support.type.mime-type.nginx'],
  ['types {\n  text/html html htm;\n}', 'htm', 'string.unquoted.extension.nginx'],
  ['types {\n  include more.types;\n}', 'include', 'keyword.other.directive.nginx'],
  ['types_hash_max_size 2048;', 'types_hash_max_size', 'keyword.other.directive.nginx'],
  // recovery: a missing `;` before `}` ends the directive; stray tokens are flagged
  ['location / { proxy_pass http://app }\nlisten 80;', 'listen', 'keyword.other.directive.nginx'],
  ['}', '}', 'invalid.illegal.unexpected-brace.nginx'],
  ['server { listen 80; };', ';', 'invalid.illegal.unexpected-semicolon.nginx', 1],
];

/** Finds the n-th token (across lines) whose text is `text`. */
function find(t: Tokenized, text: string, occurrence: number): string[] | undefined {
  const all = t.lines.flat().filter((tok) => tok.text.trim() === text.trim());
  return all[occurrence]?.scopes;
}

test('nginx grammar scopes (table)', async () => {
  const failures: string[] = [];
  for (const [source, token, scope, occurrence = 0] of rows) {
    const scopes = find(await tokenize('source.nginx', source), token, occurrence);
    const negate = scope.startsWith('!');
    const name = negate ? scope.slice(1) : scope;
    if (!scopes) {
      failures.push(`${JSON.stringify(source)}: no token ${JSON.stringify(token)}`);
      continue;
    }
    if (scopes.includes(name) === negate) {
      failures.push(`${JSON.stringify(source)}: ${JSON.stringify(token)} ${negate ? 'has' : 'lacks'} ${name} (got ${scopes.slice(1).join(' ')})`);
    }
  }
  assert.deepEqual(failures, []);
});

const docNames = [...new Set(getDirectives().map((d) => d.name))].sort();

test('every directive documented in @nginx/reference-lib is highlighted as known, and a misspelling is not', async () => {
  const known = new Set(['keyword.other.directive.nginx', 'storage.type.block.nginx', 'keyword.control.conditional.nginx']);
  const source = docNames.flatMap((n) => [`${n} x;`, `${n}s x;`, `x${n} x;`]).join('\n');
  const t = await tokenize('source.nginx', source);
  const wrong: string[] = [];
  t.lines.forEach((line, i) => {
    const first = line[0];
    const isDoc = i % 3 === 0 || docNames.includes(first.text);
    const ok = isDoc ? first.scopes.some((s) => known.has(s)) : first.scopes.includes('entity.name.function.directive.unknown.nginx');
    if (!ok) wrong.push(`${first.text}: ${first.scopes.join(' ')}`);
  });
  assert.ok(docNames.length > 700, `only ${docNames.length} directive names`);
  assert.deepEqual(wrong, []);
});

test('a *_by_lua_block body is Lua up to its own closing brace', async () => {
  const source = [
    'location /lua {',
    '    content_by_lua_block {',
    '        local t = { a = { 1, 2 }, s = "}" }',
    "        ngx.say('}}') -- } in a comment",
    '        local l = [[ } ]]',
    '    }',
    '    return 200;',
    '}',
    'listen 80;',
  ].join('\n');
  const t = await tokenize('source.nginx', source);
  const lua = (line: number) => t.lines[line].filter((tok) => tok.text.trim()).every((tok) => tok.scopes.includes('source.lua') && tok.scopes.includes('meta.embedded.block.lua'));
  assert.ok(lua(2) && lua(3) && lua(4), 'lines 3-5 are embedded Lua');
  assert.ok(t.lines[3].some((tok) => tok.scopes.includes('comment.line.double-dash.lua')), 'Lua comments come from the Lua grammar');
  assert.ok(t.lines[5][1].scopes.includes('punctuation.section.embedded.end.nginx'), 'the block ends at its own brace');
  assert.ok(t.lines[6][1].scopes.includes('keyword.other.directive.nginx'), '`return` after the block is nginx again');
  assert.ok(t.lines[7][0].scopes.includes('punctuation.section.block.end.nginx'));
  assert.ok(t.lines[8][0].scopes.includes('keyword.other.directive.nginx'));
  assert.equal(t.endDepth, 1, 'every rule is closed at the end');
});

test('quoted *_by_lua_block names and set_by_lua_block arguments', async () => {
  const t = await tokenize('source.nginx', '"rewrite_by_lua_block" { a = { 1 } }\nset_by_lua_block $res { return 1 }\nlisten 80;');
  assert.ok(t.lines[0][1].scopes.includes('keyword.other.directive.lua.nginx'));
  assert.ok(t.lines[1].find((tok) => tok.text === 'res')!.scopes.includes('variable.other.nginx'));
  assert.ok(t.lines[2][0].scopes.includes('keyword.other.directive.nginx'));
  assert.equal(t.endDepth, 1);
});

// The PCRE2 errors nginx stops on, table-driven (the table: regexes.patterns.ts, recorded from
// nginx -t; test/integration/nginx/regexes.test.ts compares it and generated patterns with the live binary).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { LineIndex } from '../../../server/src/common/text';
import { checkNginx, loadNginxConfig } from '../../../server/src/nginx/index';
import { toByteString } from '../../../server/src/nginx/routing/bytes';
import { checkPcre2 } from '../../../server/src/nginx/rules/pcre2Syntax';
import { REGEX_DIRECTIVES, regexProblem, regexSites } from '../../../server/src/nginx/rules/regexes';
import { directiveNames } from '../../../server/src/nginx/catalog';
import { PATTERNS } from './regexes.patterns';

/** nginx's message for a row. */
function nginxMessage(pattern: string, text: string, at?: string): string {
  return `pcre2_compile() failed: ${text} in "${pattern}"${at === undefined ? '' : ` at "${at}"`}`;
}

test('patterns: the verdict and the message of nginx -t', () => {
  const wrong: string[] = [];
  for (const [pattern, text, at] of PATTERNS) {
    const expected = text === null ? null : nginxMessage(pattern, text, at);
    const got = regexProblem(pattern);
    if (got !== expected) wrong.push(`${JSON.stringify(pattern)}: expected ${expected ?? 'no error'}, got ${got ?? 'no error'}`);
  }
  assert.deepEqual(wrong, []);
});

test('constructs the model does not follow are unknown, never invalid', () => {
  for (const p of ['(*UTF)é', '(*UCP)\\w', '\\P{Greek}', '\\p{Han}', '(?<=\\1)(ab)', '(?<=(?1))(a)', '(?<=(?(1)a|b))(x)', '(?(VERSION>=10)a)', '(?|(?<a>x)|(?<a>y))']) {
    const v = checkPcre2(toByteString(p));
    assert.equal(v.verdict, 'unknown', p);
    assert.equal(regexProblem(p), null, p);
  }
});

test('parentheses nested deeper than 250 levels', () => {
  const nest = (n: number) => '('.repeat(n) + ')'.repeat(n);
  assert.equal(regexProblem(nest(250)), null);
  assert.match(regexProblem(nest(251)) ?? '', /^pcre2_compile\(\) failed: parentheses are too deeply nested in /);
  // Unclosed, the parse error comes first.
  assert.equal(regexProblem('('.repeat(251)), `pcre2_compile() failed: missing closing parenthesis in "${'('.repeat(251)}"`);
});

test('a non-ASCII pattern: offsets are bytes, the message shows the text', () => {
  assert.equal(regexProblem('é)'), 'pcre2_compile() failed: unmatched closing parenthesis in "é)" at ")"');
  assert.equal(regexProblem('[é-a]'), 'pcre2_compile() failed: range out of order in character class in "[é-a]" at "a]"');
  assert.equal(regexProblem('\\cé'), 'pcre2_compile() failed: \\c must be followed by a printable ASCII character in "\\cé" at "é"');
});

/** Checks a main config around an http body; the invalid-regex findings as `line:word`. */
function findings(http: string): string[] {
  const text = `events {}\nhttp {\n${http}\n}\n`;
  const host = new MemoryHost({ '/ws/nginx.conf': text });
  const lines = new LineIndex(text);
  return checkNginx(loadNginxConfig(host, '/ws/nginx.conf', { workspaceRoot: '/ws' }))
    .filter((f) => f.code === 'nginx-invalid-regex')
    .map((f) => {
      assert.equal(f.severity, 'error');
      return `${lines.humanAt(f.start).line}:${text.slice(f.start, f.end)}`;
    });
}

/** [name, http body (the regex on line 3 of the file), the reported words (empty: nothing)]. */
const POSITIONS: Array<[string, string, string[]]> = [
  ['location ~', 'server { listen 80;\nlocation ~ ^/(foo { }\n}', ['^/(foo']],
  ['location ~*', 'server { listen 80;\nlocation ~* "[z-a]" { }\n}', ['"[z-a]"']],
  ['location ~ joined', 'server { listen 80;\nlocation ~^/(foo { }\n}', ['~^/(foo']],
  ['location ~* joined', 'server { listen 80;\nlocation ~*\\.(php { }\n}', ['~*\\.(php']],
  ['a valid regex location', 'server { listen 80;\nlocation ~* \\.(?:css|js)$ { }\n}', []],
  ['a prefix location is no regex', 'server { listen 80;\nlocation /(foo { }\nlocation = /a) { }\nlocation ^~ /[z-a] { }\n}', []],
  ['nested location', 'server { listen 80; location / {\nlocation ~ a) { }\n} }', ['a)']],
  ['if ~', 'server { listen 80; location / {\nif ($uri ~ "^/(a") { return 404; }\n} }', ['"^/(a"']],
  ['if ~*', 'server { listen 80; location / {\nif ($uri ~* ^/(a) { return 404; }\n} }', ['^/(a)']],
  ['if !~ with the parenthesis apart', 'server { listen 80; location / {\nif ( $uri !~ *x ) { return 404; }\n} }', ['*x']],
  ['if !~* in server', 'server { listen 80;\nif ($http_user_agent !~* "(bot") { return 403; }\n}', ['"(bot"']],
  ['if: the condition\'s ")" is not part of the regex', 'server { listen 80; location / {\nif ($uri ~ ^/(a)) { return 404; }\n} }', []],
  ['if: a "(" before the closing one is', 'server { listen 80; location / {\nif ($uri ~ a() { return 404; }\n} }', ['a()']],
  ['if with = compares strings', 'server { listen 80; location / {\nif ($uri = "(") { return 404; }\n} }', []],
  ['rewrite', 'server { listen 80;\nrewrite ^/old/(.*$ /new/$1 permanent;\n}', ['^/old/(.*$']],
  ['rewrite in if', 'server { listen 80; if ($host = a) {\nrewrite a** /b;\n} }', ['a**']],
  ['server_name ~', 'server { listen 80;\nserver_name example.com ~^(?<sub>.+\\.example\\.com$;\n}', ['~^(?<sub>.+\\.example\\.com$']],
  ['server_name: names and a lone ~ are no PCRE2 patterns', 'server { listen 80;\nserver_name (a) *.example.com;\n}', []],
  ['map ~ key', 'map $uri $m {\n~^/(a 1;\ndefault 0; }', ['~^/(a']],
  ['map ~* key', 'map $uri $m { default 0;\n~*\\i 1; }', ['~*\\i']],
  ['map quoted key', 'map $uri $m { default 0;\n"~[a" 1; }', ['"~[a"']],
  ['map: an escaped ~ and values are literal', 'map $uri $m { default 0;\n\\~(a 1; b ~(c; }', []],
  ['valid_referers', 'server { listen 80;\nvalid_referers none blocked ~\\.google\\.( server_names;\n}', ['~\\.google\\.(']],
  ['proxy_redirect ~', 'server { listen 80; location / {\nproxy_redirect ~^http://(a /; proxy_pass http://127.0.0.1:1;\n} }', ['~^http://(a']],
  ['proxy_redirect ~*', 'server { listen 80; location / {\nproxy_redirect ~*a{3,2} /; proxy_pass http://127.0.0.1:1;\n} }', []],
  ['proxy_redirect ~* (quoted)', 'server { listen 80; location / {\nproxy_redirect "~*a{3,2}" /; proxy_pass http://127.0.0.1:1;\n} }', ['"~*a{3,2}"']],
  ['proxy_redirect default', 'server { listen 80; location / {\nproxy_redirect default; proxy_pass http://127.0.0.1:1;\n} }', []],
  ['proxy_cookie_path ~*', 'server { listen 80;\nproxy_cookie_path ~*^/(a /;\n}', ['~*^/(a']],
  ['proxy_cookie_domain: ~* is not caseless there', 'server { listen 80;\nproxy_cookie_domain ~*a x;\n}', ['~*a']],
  ['proxy_cookie_flags', 'server { listen 80;\nproxy_cookie_flags ~(a secure;\n}', ['~(a']],
  ['fastcgi_split_path_info', 'server { listen 80; location ~ \\.php {\nfastcgi_split_path_info ^(.+\\.php)(/.+$;\n} }', ['^(.+\\.php)(/.+$']],
  ['gzip_disable (not msie6)', 'server { listen 80;\ngzip_disable msie6 "MSIE [1-(";\n}', ['"MSIE [1-("']],
];

test('every place nginx compiles a regex', () => {
  for (const [name, http, words] of POSITIONS) {
    assert.deepEqual(findings(http), words.map((w) => `4:${w}`), name);
  }
});

test('the message names the pattern without its modifier, as nginx does', () => {
  const text = 'events {}\nhttp { server { listen 80;\nlocation ~*^/(a { }\nproxy_cookie_domain ~*a x;\n} }\n';
  const host = new MemoryHost({ '/ws/nginx.conf': text });
  const messages = checkNginx(loadNginxConfig(host, '/ws/nginx.conf', { workspaceRoot: '/ws' }))
    .filter((f) => f.code === 'nginx-invalid-regex')
    .map((f) => f.message);
  assert.deepEqual(messages, ['pcre2_compile() failed: missing closing parenthesis in "^/(a"', 'pcre2_compile() failed: quantifier does not follow a repeatable item in "*a" at "*a"']);
});

test('the rule hook sees every directive regexSites reads a pattern from', () => {
  // The rule declares its names (REGEX_DIRECTIVES) so that validation calls it for those only: a
  // name regexSites handles but the list lacks would silently go unchecked.
  const word = (value: string, start: number) => ({ start, end: start + value.length, raw: value, value, quote: null });
  const missing: string[] = [];
  for (const name of directiveNames()) {
    const nameWord = word(name, 0);
    const args = [word('~(', 10), word('(', 20), word('x', 30)].slice(0, name === 'proxy_redirect' || name.startsWith('proxy_cookie') ? 2 : name === 'fastcgi_split_path_info' ? 1 : 3);
    const block = { kind: 'table' as const, children: [{ type: 'directive' as const, name: '~(', nameWord: word('~(', 40), args: [word('1', 44)], terminator: ';' as const, block: null, parent: null, start: 40, end: 46 }], closed: true, start: 35, end: 50, bodyStart: 36, bodyEnd: 49 };
    const d = { type: 'directive' as const, name, nameWord, args, terminator: ';' as const, block: name === 'map' ? block : null, parent: null, start: 0, end: 50 };
    if (regexSites(d).length > 0 && !REGEX_DIRECTIVES.includes(name)) missing.push(name);
  }
  assert.deepEqual(missing, []);
  // And the list names nothing regexSites ignores.
  assert.ok(REGEX_DIRECTIVES.every((n) => directiveNames().includes(n)));
});

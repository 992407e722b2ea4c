// Table-driven tests of the nginx parser: input -> compact tree (see parse-helpers `render`) and
// errors (`code@start-end`). Rows marked "nginx:" were checked against nginx 1.22.1 (`nginx -t`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNginx, type ParseOptions } from '../../../server/src/nginx/parser';
import { checkInvariants, render, renderErrors } from './parse-helpers';

interface Row {
  name: string;
  input: string;
  tree: string;
  errors?: string[];
  options?: ParseOptions;
  spans?: boolean;
}

function run(rows: Row[]): void {
  for (const row of rows) {
    test(row.name, () => {
      const file = parseNginx(row.input, 'test.conf', row.options);
      assert.equal(render(file.children, row.input, row.spans), row.tree);
      assert.deepEqual(renderErrors(file), row.errors ?? []);
      checkInvariants(file);
    });
  }
}

const directives = (...names: string[]): ParseOptions => ({ isDirectiveName: (n) => names.includes(n) });

// Tokens as nginx's ngx_conf_read_token reads them.
run([
  { name: 'words and statements', input: 'user www-data;\nworker_processes  auto;', tree: 'user www-data; worker_processes auto;' },
  { name: 'tabs, CR and LF separate words', input: 'a\tb\r\nc\rd;', tree: 'a b c d;' },
  { name: 'offsets of words, comments and blocks', input: 'a  "b c" # x\n{ d; }', tree: 'a@0-1 "b c"@3-8 # x {d@15-16;}', spans: true },
  { name: 'nginx: # starts a comment only at the start of a word', input: 'server_name a#b c;', tree: 'server_name a#b c;' },
  { name: 'comment at the top level keeps its text without the line break', input: '# one\r\n#two\nx;', tree: '# one #two x;' },
  { name: 'comment at end of file', input: 'x; # end', tree: 'x; # end' },
  { name: 'empty comment', input: '#\nx;', tree: '# x;' },
  { name: 'a lone CR does not end a comment (nginx ends comments at LF only)', input: '# a\rb;\nc;', tree: '# a\rb; c;' },
  { name: 'comment between words of a directive stays with the directive', input: 'listen 80 # why\n  default_server;', tree: 'listen 80 # why default_server;' },
  { name: 'comment between a name and its block', input: 'server # main\n{ }', tree: 'server # main {}' },
  { name: 'double-quoted word', input: 'add_header X "a b;{}#";', tree: 'add_header X "a b;{}#";' },
  { name: 'single-quoted word', input: "log_format main '$a \"b\"';", tree: "log_format main '$a \"b\"';" },
  { name: 'quoted word spans lines', input: 'a "x\ny";', tree: 'a "x\ny";' },
  { name: 'nginx: a quote in the middle of a word is an ordinary character', input: 'return 200 x"y z";', tree: 'return 200 x"y z";' },
  { name: 'nginx: a } inside a word is an ordinary character', input: 'a b}c;', tree: 'a b}c;' },
  { name: 'backslash escapes a space', input: 'a b\\ c;', tree: 'a b\\ c;' },
  { name: 'backslash escapes ; and {', input: 'a \\;\\{;', tree: 'a \\;\\{;' },
  { name: 'backslash escapes a quote at word start', input: 'a \\"b;', tree: 'a \\"b;' },
  { name: 'escaped quote inside quotes', input: 'a "x\\"y";', tree: 'a "x\\"y";' },
  { name: '${VAR} templates are one word (a { after $ opens no block)', input: 'listen ${PORT};\nserver_name ${HOST}.example.com;', tree: 'listen ${PORT}; server_name ${HOST}.example.com;' },
  { name: '$ then {{ stays in the word', input: 'a ${{x}};', tree: 'a ${{x}};' },
  { name: 'a { not right after $ ends the word and opens a block', input: 'a $x{ b; }', tree: 'a $x {b;}' },
  { name: 'nginx: unquoted { in a regex opens a block (nginx then rejects "2}$")', input: 'location ~ ^/a{2}$ { }', tree: 'location ~ ^/a {2}$ {}', errors: ['nginx-unclosed-block@14-15'] },
  { name: 'nginx: escaped braces in a regex are fine', input: 'location ~ ^/a\\{2\\}$ { }', tree: 'location ~ ^/a\\{2\\}$ {}' },
  { name: 'quoted regex with braces', input: 'rewrite "^/(\\d{3})$" /x;', tree: 'rewrite "^/(\\d{3})$" /x;' },
  { name: 'nginx: if condition, ) after a closing quote', input: 'if ($request_uri ~* "^/a") { return 404; }', tree: 'if ($request_uri ~* "^/a" ) {return 404;}' },
  { name: 'nginx: if condition, ){ after a closing quote', input: 'if ($host = "x"){ return 404; }', tree: 'if ($host = "x" ) {return 404;}' },
  { name: 'quote then ; and {', input: 'a "b";c "d"{}', tree: 'a "b"; c "d" {}' },
  { name: 'block opened right after a word', input: 'location /{return 204;}', tree: 'location / {return 204;}' },
  { name: 'statements right after braces', input: 'a{b;}c;', tree: 'a {b;} c;' },
  { name: 'BOM at offset 0 is skipped', input: '\ufeffuser x;', tree: 'user@1-5 x@6-7;', spans: true },
  { name: 'NUL and control characters are word characters', input: 'a\u0000b \u0001;', tree: 'a\u0000b \u0001;' },
  { name: 'unicode words keep UTF-16 offsets', input: 'server_name café.example 😀x;', tree: 'server_name@0-11 café.example@12-24 😀x@25-28;', spans: true },
  { name: 'CRLF line endings throughout', input: 'http {\r\n  # c\r\n  a b;\r\n}\r\n', tree: 'http@0-4 {# c@10-13 a@17-18 b@19-20;}', spans: true },
  { name: 'empty file', input: '', tree: '' },
  { name: 'only whitespace', input: ' \n\t\r\n', tree: '' },
]);

// Block kinds.
run([
  { name: 'map is a table: entries are directive-shaped', input: 'map $a $b { default 0; "~^x" 1; ~y 2; }', tree: 'map $a $b {T:default 0; "~^x" 1; ~y 2;}' },
  { name: 'types is a table', input: 'types { text/html html htm; }', tree: 'types {T:text/html html htm;}' },
  { name: 'geo, split_clients, charset_map, match are tables', input: 'geo $g { 10.0.0.0/8 1; }\nsplit_clients $x $y { 50% a; * b; }\ncharset_map koi8-r utf-8 { C0 D18E; }\nmatch ok { status 200; }', tree: 'geo $g {T:10.0.0.0/8 1;} split_clients $x $y {T:50% a; * b;} charset_map koi8-r utf-8 {T:C0 D18E;} match ok {T:status 200;}' },
  { name: 'blocks nested in a table are tables', input: 'map $a $b { x { y 1; } }', tree: 'map $a $b {T:x {T:y 1;}}' },
  { name: 'the name of a table entry may be quoted', input: 'map $a $b { "" 0; }', tree: 'map $a $b {T:"" 0;}' },
  { name: 'content_by_lua_block is raw: braces in Lua strings and comments do not count', input: 'content_by_lua_block { local t = {a = "}"} -- }\n ngx.say(\'{\') }\nx;', tree: 'content_by_lua_block {R: local t = {a = "}"} -- }\n ngx.say(\'{\') } x;' },
  { name: 'Lua long strings and long comments', input: 'access_by_lua_block { local s = [[ } ]] --[==[ } ]==] s = [=[ ]] } ]=] }', tree: 'access_by_lua_block {R: local s = [[ } ]] --[==[ } ]==] s = [=[ ]] } ]=] }' },
  { name: 'set_by_lua_block has arguments before its Lua block', input: 'set_by_lua_block $x { return "a" }', tree: 'set_by_lua_block $x {R: return "a" }' },
  { name: 'Lua escapes in strings', input: "content_by_lua_block { a = \"\\\"}\" b = '\\'}' }", tree: "content_by_lua_block {R: a = \"\\\"}\" b = '\\'}' }" },
  { name: 'nginx syntax inside a Lua block makes no error', input: 'init_by_lua_block { if x then y() end; ;; # not a comment\n }', tree: 'init_by_lua_block {R: if x then y() end; ;; # not a comment\n }' },
  { name: 'unclosed Lua block', input: 'content_by_lua_block { if a then', tree: 'content_by_lua_block {R: if a then', errors: ['nginx-unclosed-block@21-22'] },
  { name: 'a quoted *_by_lua_block name is still raw (nginx compares the value)', input: '"content_by_lua_block" { } }', tree: '"content_by_lua_block" {R: }', errors: ['nginx-unexpected-brace@27-28'] },
  { name: 'ordinary blocks hold directives', input: 'http { server { location / { } } }', tree: 'http {server {location / {}}}' },
]);

// Errors and recovery.
run([
  { name: 'nginx: }} at top level: unexpected }', input: 'a;\n}', tree: 'a;', errors: ['nginx-unexpected-brace@3-4'] },
  { name: 'nginx: ;; : unexpected ;', input: 'a;;', tree: 'a;', errors: ['nginx-unexpected-semicolon@2-3'] },
  { name: 'nginx: { with no name: unexpected {, its block is skipped', input: 'server { { a; } b; }', tree: 'server {b;}', errors: ['nginx-empty-directive@9-10'] },
  { name: 'unclosed block points at its {', input: 'http {\n  server {\n  }\n', tree: 'http {server {}', errors: ['nginx-unclosed-block@5-6'] },
  { name: 'two unclosed blocks are both reported', input: 'http { server { a;', tree: 'http {server {a;', errors: ['nginx-unclosed-block@5-6', 'nginx-unclosed-block@14-15'] },
  { name: 'missing ; before } : error at the last word, } still closes', input: 'location / { proxy_pass http://x }\nb;', tree: 'location / {proxy_pass http://x¬} b;', errors: ['nginx-missing-semicolon@24-32'] },
  { name: 'missing ; before } with a name only', input: 'a { b }', tree: 'a {b¬}', errors: ['nginx-missing-semicolon@4-5'] },
  { name: 'missing ; before } at top level: two tokens, two errors', input: 'a b }', tree: 'a b¬', errors: ['nginx-missing-semicolon@2-3', 'nginx-unexpected-brace@4-5'] },
  { name: 'missing ; at end of file', input: 'a;\nb c', tree: 'a; b c¬', errors: ['nginx-missing-semicolon@5-6'] },
  { name: 'missing ; at end of file, a comment after it is a sibling', input: 'b c # x', tree: 'b c¬ # x', errors: ['nginx-missing-semicolon@2-3'] },
  { name: 'missing ; at end of file inside a block', input: 'a { b c', tree: 'a {b c¬', errors: ['nginx-unclosed-block@2-3', 'nginx-missing-semicolon@6-7'] },
  { name: 'without isDirectiveName a statement runs across lines', input: 'server_name a\nlisten 80;', tree: 'server_name a listen 80;' },
  { name: 'isDirectiveName splits a statement at a directive on the next line', input: 'server_name a\nlisten 80;', tree: 'server_name a¬ listen 80;', errors: ['nginx-missing-semicolon@12-13'], options: directives('listen', 'server_name') },
  { name: 'the split needs an argument on the earlier line', input: 'gzip\nlisten 80;', tree: 'gzip listen 80;', options: directives('listen', 'gzip') },
  { name: 'the split needs a line break', input: 'server_name a listen 80;', tree: 'server_name a listen 80;', options: directives('listen') },
  { name: 'the split ignores quoted words', input: "log_format a '$x'\n'listen';", tree: "log_format a '$x' 'listen';", options: directives('listen') },
  { name: 'the split ignores words that are not directives', input: 'server_name a\n  b.example;', tree: 'server_name a b.example;', options: directives('listen') },
  { name: 'the split is not done in table blocks', input: 'map $a $b {\n x listen\n listen 1; }', tree: 'map $a $b {T:x listen listen 1;}', options: directives('listen') },
  { name: 'the split before a block directive', input: 'server {\n  root /x\n  location / { }\n}', tree: 'server {root /x¬ location / {}}', errors: ['nginx-missing-semicolon@16-18'], options: directives('root', 'location') },
  { name: 'the split with a comment in between', input: 'root /x # c\nlisten 80;', tree: 'root /x¬ # c listen 80;', errors: ['nginx-missing-semicolon@5-7'], options: directives('listen') },
  { name: 'nginx: a character right after a closing quote', input: 'server_name "a"b;', tree: 'server_name "a" b;', errors: ['nginx-unexpected-character@15-16'] },
  { name: 'nginx: # right after a closing quote', input: 'return 200 "x"#c\n;', tree: 'return 200 "x" #c;', errors: ['nginx-unexpected-character@14-15'] },
  { name: 'nginx: } right after a closing quote is a missing ;', input: 'a { return 200 "x"}', tree: 'a {return 200 "x"¬}', errors: ['nginx-missing-semicolon@15-18'] },
  { name: 'a character outside the BMP right after a quote: the error covers both UTF-16 units', input: 'a "b"😀;', tree: 'a "b" 😀;', errors: ['nginx-unexpected-character@5-7'] },
  { name: 'two quoted words without a space', input: 'a "x""y";', tree: 'a "x" "y";', errors: ['nginx-unexpected-character@5-6'] },
  { name: 'unterminated string is cut at its line end', input: 'a "b;\nc d;', tree: 'a "b; c d;', errors: ['nginx-unterminated-string@2-5'] },
  { name: 'unterminated string in a block', input: 'server {\n add_header X "y;\n}\n', tree: 'server {add_header X "y;¬}', errors: ['nginx-unterminated-string@23-26'] },
  { name: 'unterminated string at end of file', input: "a '", tree: "a '¬", errors: ['nginx-unterminated-string@2-3'] },
  { name: 'one error per token: a word after a quote, at end of file', input: 'a "b"c', tree: 'a "b" c¬', errors: ['nginx-unexpected-character@5-6'] },
  { name: 'one error per token: a too-long word at end of file lacks its ; too', input: `a ${'x'.repeat(5000)}"`, tree: `a ${'x'.repeat(5000)}"¬`, errors: ['nginx-word-too-long@2-5003'] },
  { name: 'stray ; and } after errors still resync', input: '; } a; { b; } c;', tree: 'a; c;', errors: ['nginx-unexpected-semicolon@0-1', 'nginx-unexpected-brace@2-3', 'nginx-empty-directive@7-8'] },
]);

test('word values: quotes removed and escapes resolved as nginx does (checked with nginx 1.22.1 and curl)', () => {
  const rows: Array<[string, string]> = [
    ['a\\tb\\qc\\"d\\\\e', 'a\tb\\qc"d\\e'],
    ['"a\\tb\\qc\\"d\\\\e\\\'f"', 'a\tb\\qc"d\\e\'f'],
    ["'x\\ny'", 'x\ny'],
    ['a\\ b', 'a\\ b'],
    ['"a\\rb"', 'a\rb'],
    ['""', ''],
    ["'\"'", '"'],
    ['"${x}"', '${x}'],
  ];
  for (const [word, value] of rows) {
    const f = parseNginx(`k ${word};`);
    const d = f.children[0];
    assert.equal(d.type, 'directive');
    if (d.type !== 'directive') continue;
    assert.equal(d.args.length, 1, word);
    assert.equal(d.args[0].raw, word);
    assert.equal(d.args[0].value, value, word);
  }
});

test('words of 4096 bytes or more are rejected, as nginx does ("too long parameter")', () => {
  // Limits measured with nginx 1.22.1: plain words up to 4095 bytes, quoted contents up to 4094
  // (the closing quote counts), comments up to 4095 bytes including the #; UTF-8 bytes, not characters.
  const rows: Array<[string, boolean]> = [
    [`a ${'x'.repeat(4095)};`, false],
    [`a ${'x'.repeat(4096)};`, true],
    [`a "${'x'.repeat(4094)}";`, false],
    [`a "${'x'.repeat(4095)}";`, true],
    [`a ${'é'.repeat(2047)}x;`, false],
    [`a ${'é'.repeat(2048)};`, true],
    [`#${'x'.repeat(4094)}\na;`, false],
    [`#${'x'.repeat(4095)}\na;`, true],
    [`a ${'x'.repeat(4096)}`, false],
  ];
  for (const [input, tooLong] of rows) {
    const f = parseNginx(input);
    const codes = f.errors.map((e) => e.code);
    assert.equal(codes.includes('nginx-word-too-long'), tooLong, `${input.length} chars: ${codes}`);
    checkInvariants(f);
  }
});

test('parent links and comment parents', () => {
  const f = parseNginx('http {\n # c\n server { listen 80; }\n}');
  const http = f.children[0];
  assert.ok(http.type === 'directive' && http.block);
  assert.equal(http.parent, null);
  const [comment, server] = http.block.children;
  assert.equal(comment.parent, http);
  assert.ok(server.type === 'directive' && server.block);
  assert.equal(server.parent, http);
  assert.equal(server.block.children[0].parent, server);
});

test('block offsets: start at {, end after }, body between', () => {
  const text = 'a { b; }';
  const d = parseNginx(text).children[0];
  assert.ok(d.type === 'directive' && d.block);
  assert.deepEqual(
    { start: d.block.start, end: d.block.end, bodyStart: d.block.bodyStart, bodyEnd: d.block.bodyEnd, closed: d.block.closed, dStart: d.start, dEnd: d.end },
    { start: 2, end: 8, bodyStart: 3, bodyEnd: 7, closed: true, dStart: 0, dEnd: 8 },
  );
});

test('a directive ending in ; spans through the ;', () => {
  const d = parseNginx('  listen 80 ;').children[0];
  assert.deepEqual([d.start, d.end], [2, 13]);
});

test('error messages say what nginx says', () => {
  const msg = (t: string) => parseNginx(t).errors.map((e) => e.message);
  assert.match(msg('}')[0], /^unexpected "}"/);
  assert.match(msg(';')[0], /^unexpected ";"/);
  assert.match(msg('{}')[0], /^unexpected "{"/);
  assert.match(msg('a {')[0], /^unexpected end of file, expecting "}"/);
  assert.match(msg('a "b"c;')[0], /^unexpected "c"/);
  assert.match(msg('a b')[0], /^missing ";" after "b"/);
  assert.match(msg(`a ${'y'.repeat(5000)};`)[0], /^too long parameter "yyyyyyyyyy\.\.\." started/);
});

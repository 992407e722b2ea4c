import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { formatNginx, formatNginxEdits, whitespaceEdits } from '../../../server/src/features/nginx/format';
import { advance, createLexer } from '../../../server/src/nginx/lexer';

/** The token sequence nginx reads (kind and text of every token): what formatting must not change. */
function tokens(text: string): string[] {
  const lx = createLexer(text, () => undefined);
  const out: string[] = [];
  for (;;) {
    advance(lx);
    const t = lx.tok;
    if (t.kind === 'eof') return out;
    const raw = text.slice(t.start, t.end);
    out.push(t.kind === 'comment' ? raw.replace(/[ \t]+$/, '') : `${t.kind}:${raw}`);
  }
}

function applyEdits(text: string, edits: ReadonlyArray<{ start: number; end: number; newText: string }>): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

const cases: Array<[string, string, string]> = [
  ['indents blocks, one directive per line', 'server {\nlisten 80; server_name a.org;\nlocation / { proxy_pass http://x; }\n}', 'server {\n    listen 80;\n    server_name a.org;\n    location / {\n        proxy_pass http://x;\n    }\n}\n'],
  ['collapses spaces between words, none before ;', 'listen    80   default_server ;\n', 'listen 80 default_server;\n'],
  ['keeps one blank line of a group, none at block edges', 'server {\n\n\n    listen 80;\n\n\n\n    root /x;\n\n}\n', 'server {\n    listen 80;\n\n    root /x;\n}\n'],
  ['keeps a comment after a statement on its line', 'server {\n  listen 80;   # public\n  # own line\n  root /x;\n}\n', 'server {\n    listen 80; # public\n    # own line\n    root /x;\n}\n'],
  ['keeps a comment after {', 'server { # main\nlisten 80;\n}\n', 'server { # main\n    listen 80;\n}\n'],
  ['keeps quoted strings and ${VAR} templates exactly', 'add_header  X-A   "a  b;  c"  always;\nlisten ${NGINX_PORT};\nreturn 200 \'x  y\';\n', 'add_header X-A "a  b;  c" always;\nlisten ${NGINX_PORT};\nreturn 200 \'x  y\';\n'],
  ['keeps line breaks inside a multi-line directive', "log_format main '$remote_addr'\n      '$status'\n  '$body_bytes_sent';\n", "log_format main '$remote_addr'\n    '$status'\n    '$body_bytes_sent';\n"],
  ['keeps a Lua block exactly', 'location / {\ncontent_by_lua_block {\n  ngx.say("hi")   -- }\n      if x then end\n}\n}\n', 'location / {\n    content_by_lua_block {\n  ngx.say("hi")   -- }\n      if x then end\n}\n}\n'],
  ['keeps map entries exactly, re-indents the lines', 'http {\nmap $uri $x {\n  default      0;\n  ~^/api      1;   # api\n}\n}\n', 'http {\n    map $uri $x {\n        default      0;\n        ~^/api      1; # api\n    }\n}\n'],
  ['keeps words glued to a quote', 'if ($a = "x") { return 403; }\n', 'if ($a = "x") {\n    return 403;\n}\n'],
  ['uses tabs when asked', 'server {\nlisten 80;\n}\n', 'server {\n\tlisten 80;\n}\n'],
  ['keeps CRLF line ends', 'server {\r\nlisten 80;\r\n}\r\n', 'server {\r\n    listen 80;\r\n}\r\n'],
  ['an empty block stays empty', 'events {}\nhttp {\n}\n', 'events {}\nhttp {\n}\n'],
  ['one final newline, none at the start', '\n\n\nworker_processes 1;', 'worker_processes 1;\n'],
];

for (const [name, input, expected] of cases) {
  test(`format: ${name}`, () => {
    const options = name.includes('tabs') ? { tabSize: 4, insertSpaces: false } : { tabSize: 4, insertSpaces: true };
    const out = formatNginx(input, options);
    assert.equal(out, expected);
    assert.equal(formatNginx(out!, options), out, 'idempotent');
    assert.equal(applyEdits(input, formatNginxEdits(input, options)), expected, 'edits give the same text');
  });
}

test('format: a file with syntax errors is left alone', () => {
  for (const broken of ['server {\n listen 80;\n', 'server { listen 80 }\n}\n', 'location / { "unterminated }\n', '{ listen 80; }\n']) {
    assert.equal(formatNginx(broken), undefined, broken);
    assert.deepEqual(formatNginxEdits(broken), []);
  }
});

test('format: range formatting changes only the selected lines', () => {
  const text = 'server {\nlisten 80;\nroot /x;\n}\n';
  const rootLine = text.indexOf('root');
  const edits = formatNginxEdits(text, { tabSize: 2, insertSpaces: true }, { start: rootLine - 1, end: rootLine + 8 });
  assert.equal(applyEdits(text, edits), 'server {\nlisten 80;\n  root /x;\n}\n');
});

test('format: whitespaceEdits turns one text into the other', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom('a', 'b', ';', '{', ' ', '\n', '\t', '  ')), fc.array(fc.constantFrom(' ', '\n', '\t', '')), (parts, spaces) => {
      const before = parts.join('');
      // The same non-whitespace characters, with other whitespace between them.
      let k = 0;
      const after = before.replace(/[ \t\n]+|(?<=\S)(?=\S)/g, () => spaces[k++ % Math.max(1, spaces.length)] ?? '');
      if (after.replace(/\s/g, '') !== before.replace(/\s/g, '')) return;
      assert.equal(applyEdits(before, whitespaceEdits(before, after)), after);
    }),
  );
});

/** Every file of the nginx conformance corpus (text files only). */
function corpusFiles(): string[] {
  const root = join(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'nginx');
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.size < 1_000_000 && !n.endsWith('.json') && !n.endsWith('.md') && !n.endsWith('.txt')) out.push(p);
    }
  };
  try {
    walk(root);
  } catch {
    // No corpus on this machine: the generated configs below still run.
  }
  return out;
}

test('format over the real-world corpus: idempotent, token sequence unchanged, edits reproduce it', () => {
  const files = corpusFiles();
  let formatted = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    if (text.includes('\0')) continue;
    const once = formatNginx(text);
    if (once === undefined) continue;
    formatted++;
    assert.equal(formatNginx(once), once, `not idempotent: ${f}`);
    assert.deepEqual(tokens(once), tokens(text), `tokens changed: ${f}`);
    assert.equal(applyEdits(text, whitespaceEdits(text, once)), once, f);
  }
  if (files.length > 0) assert.ok(formatted > 1000, `only ${formatted} of ${files.length} corpus files were formatted`);
});

/** Generated configurations: random blocks, words (quoted, templated, variables, regexes), comments, tables, Lua, and random whitespace. */
const ws = fc.constantFrom(' ', '  ', '\t', '\n', '\n\n', '\n\n\n', ' \n  ', '\r\n');
const word = fc.oneof(
  fc.constantFrom('listen', 'server_name', 'root', 'proxy_pass', '80', 'on', 'off', '$host', '${PORT}', '~^/(?<x>[a-z]+)$', 'http://unix:/run/a.sock:/', '/static/', '@back', '=', '($a'),
  fc.constantFrom('"a b"', "'c  d'", '"x;y{z}"', '"$uri  "', '\\;'),
);
const comment = fc.constantFrom('# c', '#', '# a # b', '#x   ');
type Tree = { kind: 'dir'; words: string[] } | { kind: 'block'; name: string; children: Tree[] } | { kind: 'comment'; text: string } | { kind: 'raw' } | { kind: 'map' };
const tree: fc.Arbitrary<Tree[]> = fc.letrec<{ list: Tree[]; node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('dir' as const), words: fc.array(word, { minLength: 1, maxLength: 4 }) }),
    fc.record({ kind: fc.constant('comment' as const), text: comment }),
    fc.record({ kind: fc.constant('raw' as const) }),
    fc.record({ kind: fc.constant('map' as const) }),
    fc.record({ kind: fc.constant('block' as const), name: fc.constantFrom('server', 'location /', 'if ($a)', 'http'), children: tie('list') }),
  ),
  list: fc.array(tie('node'), { maxLength: 5 }),
})).list;

function render(nodes: Tree[], spaces: string[], k = { i: 0 }): string {
  const s = (): string => spaces[k.i++ % spaces.length];
  return nodes
    .map((n) => {
      switch (n.kind) {
        case 'dir':
          return s() + n.words.join(s().replace(/\n\n+/g, '\n') || ' ') + s().replace(/\n/g, '') + ';';
        case 'comment':
          return s() + n.text + '\n';
        case 'raw':
          return `${s()}content_by_lua_block {${s()}ngx.say("}")${s()}}`;
        case 'map':
          return `${s()}map $a $b {${s()}default   0;${s()}~x  1;${s()}}`;
        case 'block':
          return `${s()}${n.name}${s()}{${render(n.children, spaces, k)}${s()}}`;
      }
    })
    .join('');
}

test('format over generated configurations: idempotent and only whitespace changes', () => {
  let total = 0;
  let formatted = 0;
  fc.assert(
    fc.property(tree, fc.array(ws, { minLength: 1, maxLength: 12 }), fc.boolean(), (nodes, spaces, tabs) => {
      const text = render(nodes, spaces);
      const options = { tabSize: 2, insertSpaces: !tabs };
      const once = formatNginx(text, options);
      total++;
      if (once === undefined) return;
      formatted++;
      assert.equal(formatNginx(once, options), once);
      assert.deepEqual(tokens(once), tokens(text));
    }),
    { numRuns: 400 },
  );
  // The generator must mostly produce configs the parser accepts, or the property tests little.
  assert.ok(formatted > total / 2, `only ${formatted} of ${total} generated configs were formattable`);
});

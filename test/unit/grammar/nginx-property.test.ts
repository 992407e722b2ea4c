// Property test: random configurations built from nginx's statement syntax (nested blocks,
// directives with every kind of argument, quoted strings holding ; { } # and newlines, comments,
// locations with modifiers, if conditions, map tables, Lua blocks with braces in strings and
// comments) always tokenize with every block closed, nothing flagged illegal, and each directive
// name, comment and string start scoped as what it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { tokenize } from './textmate';

/** A place in the rendered text where a token starts, and a scope it must carry. */
interface Mark {
  line: number;
  col: number;
  scope: string;
  what: string;
}

/** Text under construction that remembers where marked tokens start. */
class Out {
  text = '';
  marks: Mark[] = [];
  emit(s: string, scope?: string): void {
    if (scope) {
      const lines = this.text.split('\n');
      this.marks.push({ line: lines.length - 1, col: lines[lines.length - 1].length, scope, what: s });
    }
    this.text += s;
  }
}

type Arg = { kind: 'word' | 'dq' | 'sq' | 'var' | 'num'; text: string };
type Stmt =
  | { kind: 'directive'; name: string; known: boolean; args: Arg[]; breaks: boolean[] }
  | { kind: 'block'; name: string; args: Arg[]; body: Stmt[] }
  | { kind: 'location'; modifier: string; uri: string; body: Stmt[] }
  | { kind: 'if'; cond: string; body: Stmt[] }
  | { kind: 'map'; entries: Array<[string, string]> }
  | { kind: 'lua'; name: string; body: string }
  | { kind: 'comment'; text: string };

const known = ['proxy_pass', 'listen', 'server_name', 'root', 'alias', 'add_header', 'return', 'set', 'proxy_set_header', 'client_max_body_size', 'log_format', 'try_files', 'gzip', 'include'];
const unknownNames = ['proxy_passs', 'more_set_headers', 'lua_shared_dict', 'Listen', 'x_y'];
const ident = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/);
const dqChar = fc.constantFrom('a', 'b', ' ', ';', '{', '}', '#', "'", '\\"', '\\\\', '\n', '$x', '${y}', '~', '(', ')');
const sqChar = fc.constantFrom('a', ' ', ';', '{', '}', '#', '"', "\\'", '\\\\', '\n', '$x');
const arg: fc.Arbitrary<Arg> = fc.oneof(
  fc.stringMatching(/^[a-zA-Z0-9/._:=@,%*^!()-][a-zA-Z0-9/._:=@,%*^!()#-]{0,12}$/).map((text) => ({ kind: 'word' as const, text })),
  fc.array(dqChar, { maxLength: 8 }).map((cs) => ({ kind: 'dq' as const, text: `"${cs.join('')}"` })),
  fc.array(sqChar, { maxLength: 8 }).map((cs) => ({ kind: 'sq' as const, text: `'${cs.join('')}'` })),
  ident.chain((n) => fc.constantFrom(`$${n}`, `\${${n}}`, `$${n}/x`)).map((text) => ({ kind: 'var' as const, text })),
  fc.tuple(fc.nat(9999), fc.constantFrom('', 'k', 'm', 's', 'ms', 'h', 'd')).map(([n, u]) => ({ kind: 'num' as const, text: `${n}${u}` })),
);
const luaPiece = fc.constantFrom('local a = 1', 'ngx.say("}")', "ngx.say('{')", 't = { 1, { 2 } }', '-- } comment', '[[ } { ]]', 'if a then return end', 'f({x = "y"})');

const stmt: fc.Arbitrary<Stmt> = fc.letrec<{ stmt: Stmt }>((tie) => {
  const body = fc.array(tie('stmt'), { maxLength: 4 });
  return {
    stmt: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({
        kind: fc.constant('directive' as const),
        known: fc.boolean(),
        name: fc.constant(''),
        args: fc.array(arg, { maxLength: 4 }),
        breaks: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      }).chain((d) => fc.constantFrom(...(d.known ? known : unknownNames)).map((name) => ({ ...d, name }))),
      fc.record({ kind: fc.constant('comment' as const), text: fc.constantFrom('', ' note', ' } { ; " \'', '# x') }),
      // server/http/events take no arguments; upstream and limit_except take words.
      fc.record({ kind: fc.constant('block' as const), name: fc.constantFrom('server', 'http', 'events'), args: fc.constant<Arg[]>([]), body }),
      fc.record({ kind: fc.constant('block' as const), name: fc.constantFrom('upstream', 'limit_except'), args: fc.array(arg.filter((a) => a.kind === 'word'), { minLength: 1, maxLength: 2 }), body }),
      fc.record({
        kind: fc.constant('location' as const),
        modifier: fc.constantFrom('', '= ', '^~ ', '~ ', '~* ', '@'),
        uri: fc.constantFrom('/', '/static/', '\\.php$', '^/(a|b)/', '"/a b"', 'app'),
        body,
      }),
      fc.record({ kind: fc.constant('if' as const), cond: fc.constantFrom('$a', '$a = b', '$a != "x y"', '$uri ~* \\.(css|js)$', '!-f $request_filename', '$a ~ "^/a{2}$"'), body }),
      fc.record({ kind: fc.constant('map' as const), entries: fc.array(fc.tuple(fc.constantFrom('default', "''", '~^/a(.*)', '/x', '"~*b"'), fc.constantFrom('1', '$1', '"v"', 'close')), { maxLength: 3 }) }),
      fc.record({ kind: fc.constant('lua' as const), name: fc.constantFrom('content_by_lua_block', 'access_by_lua_block'), body: fc.array(luaPiece, { maxLength: 4 }).map((p) => p.join('\n')) }),
    ),
  };
}).stmt;

function render(stmts: Stmt[], out: Out, indent: string): void {
  for (const s of stmts) {
    out.emit(indent);
    switch (s.kind) {
      case 'directive':
        out.emit(s.name, s.known ? 'keyword.other.directive.nginx' : 'entity.name.function.directive.unknown.nginx');
        s.args.forEach((a, i) => {
          out.emit(s.breaks[i] ? `\n${indent}    ` : ' ');
          out.emit(a.text, a.kind === 'dq' || a.kind === 'sq' ? 'punctuation.definition.string.begin.nginx' : a.kind === 'var' ? 'variable.other.nginx' : undefined);
        });
        out.emit(';', 'punctuation.terminator.nginx');
        break;
      case 'comment':
        out.emit('#', 'punctuation.definition.comment.nginx');
        out.emit(s.text);
        break;
      case 'block':
        out.emit(s.name, 'storage.type.block.nginx');
        for (const a of s.args) out.emit(` ${a.text}`);
        out.emit(' ');
        out.emit('{', 'punctuation.section.block.begin.nginx');
        out.emit('\n');
        render(s.body, out, indent + '    ');
        out.emit(indent);
        out.emit('}', 'punctuation.section.block.end.nginx');
        break;
      case 'location':
        out.emit('location', 'storage.type.block.nginx');
        out.emit(` ${s.modifier}${s.uri} `);
        out.emit('{', 'punctuation.section.block.begin.nginx');
        out.emit('\n');
        render(s.body, out, indent + '    ');
        out.emit(indent);
        out.emit('}', 'punctuation.section.block.end.nginx');
        break;
      case 'if':
        out.emit('if', 'keyword.control.conditional.nginx');
        out.emit(` (${s.cond}) `);
        out.emit('{', 'punctuation.section.block.begin.nginx');
        out.emit('\n');
        render(s.body, out, indent + '    ');
        out.emit(indent);
        out.emit('}', 'punctuation.section.block.end.nginx');
        break;
      case 'map':
        out.emit('map', 'storage.type.block.nginx');
        out.emit(' $a $b {\n');
        for (const [k, v] of s.entries) {
          out.emit(`${indent}    `);
          out.emit(k, 'meta.mapping.key.nginx');
          out.emit(` ${v};\n`);
        }
        out.emit(indent);
        out.emit('}', 'punctuation.section.block.end.nginx');
        break;
      case 'lua':
        out.emit(s.name, 'keyword.other.directive.lua.nginx');
        out.emit(' {\n');
        out.emit(s.body.replace(/^/gm, `${indent}    `));
        out.emit(`\n${indent}`);
        out.emit('}', 'punctuation.section.embedded.end.nginx');
        break;
    }
    out.emit('\n');
  }
}

test('random nginx configurations: balanced, nothing illegal, every marked token scoped', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(stmt, { maxLength: 6 }), async (stmts) => {
      const out = new Out();
      render(stmts, out, '');
      const t = await tokenize('source.nginx', out.text);
      assert.equal(t.endDepth, 1, `unbalanced:\n${out.text}`);
      const illegal = t.lines.flat().filter((tok) => tok.scopes.some((s) => s.startsWith('invalid.')));
      assert.deepEqual(illegal.map((i) => i.text), [], out.text);
      for (const m of out.marks) {
        const tok = t.lines[m.line].find((x) => x.start <= m.col && m.col < x.start + Math.max(1, x.text.length));
        assert.ok(tok?.scopes.includes(m.scope), `${JSON.stringify(m.what)} at ${m.line + 1}:${m.col + 1} should be ${m.scope}, is ${tok?.scopes.join(' ')}\n${out.text}`);
      }
    }),
    { numRuns: 300 },
  );
});

// Helpers for the parser tests: a compact rendering of trees, a checker of the tree invariants, and
// an independent model of nginx's tokenizer used as an oracle in the differential tests.
import assert from 'node:assert/strict';
import type { Directive, NginxFile, Statement } from '../../../server/src/nginx/ast';
import { printNginx } from '../../../server/src/nginx/print';
import { PARSE_ERROR_CODES } from '../../../server/src/nginx/parser';

/**
 * Renders statements compactly: `name arg;`, `name arg {child child}`, a directive with no
 * terminator ends in `¬`, an unclosed block has no `}`, table blocks start `{T:`, raw (Lua) blocks
 * render as `{R:<body>}`, comments as written, inner comments in place among the words.
 * With `spans`, every word renders as `raw@start-end`.
 */
export function render(children: Statement[], text: string, spans = false): string {
  return children.map((s) => renderStatement(s, text, spans)).join(' ');
}

function renderStatement(s: Statement, text: string, spans: boolean): string {
  if (s.type === 'comment') return spans ? `${s.text}@${s.start}-${s.end}` : s.text;
  const parts: Array<{ at: number; s: string }> = [s.nameWord, ...s.args].map((w) => ({ at: w.start, s: spans ? `${w.raw}@${w.start}-${w.end}` : w.raw }));
  for (const c of s.comments ?? []) parts.push({ at: c.start, s: c.text });
  parts.sort((a, b) => a.at - b.at);
  let out = parts.map((p) => p.s).join(' ');
  if (s.terminator === ';') out += ';';
  else if (s.terminator === null) out += '¬';
  else if (s.block) {
    const b = s.block;
    const inner = b.kind === 'raw' ? `R:${text.slice(b.bodyStart, b.bodyEnd)}` : (b.kind === 'table' ? 'T:' : '') + render(b.children, text, spans);
    out += ` {${inner}${b.closed ? '}' : ''}`;
  }
  return out;
}

/** Renders errors as `code@start-end`. */
export function renderErrors(file: NginxFile): string[] {
  return file.errors.map((e) => `${e.code}@${e.start}-${e.end}`);
}

/**
 * Asserts every structural promise of the tree: printing gives the text back; every node and error
 * lies inside the text; siblings are ordered and disjoint and lie inside their block's body; words
 * are the text they claim; terminators and braces sit where the text has them; parents are right.
 * Iterative, so it works on very deep trees.
 */
export function checkInvariants(file: NginxFile): void {
  const { text } = file;
  const len = text.length;
  assert.equal(printNginx(file), text, 'print(parse(text)) must give the text back');
  let prevErr = -1;
  for (const e of file.errors) {
    assert.ok(e.start >= 0 && e.start <= e.end && e.end <= len, `error range ${e.code}@${e.start}-${e.end} outside the text`);
    assert.ok(e.start >= prevErr, 'errors sorted by offset');
    assert.ok(e.code in PARSE_ERROR_CODES, `unknown error code ${e.code}`);
    assert.ok(e.message.length > 0);
    prevErr = e.start;
  }
  const stack: Array<{ list: Statement[]; lo: number; hi: number; parent: Directive | null }> = [
    { list: file.children, lo: 0, hi: len, parent: null },
  ];
  while (stack.length > 0) {
    const { list, lo, hi, parent } = stack.pop()!;
    let prev = lo;
    for (const s of list) {
      assert.ok(s.start >= prev && s.end <= hi && s.start <= s.end, `node ${s.start}-${s.end} out of order or outside ${lo}-${hi}`);
      assert.equal(s.parent, parent, 'parent link');
      prev = s.end;
      if (s.type === 'comment') {
        assert.equal(s.text, text.slice(s.start, s.end));
        assert.ok(s.text.startsWith('#'));
        continue;
      }
      assert.equal(s.start, s.nameWord.start);
      assert.equal(s.name, s.nameWord.value);
      let wp = s.start;
      for (const w of [s.nameWord, ...s.args]) {
        assert.ok(w.start >= wp && w.end > w.start && w.end <= s.end, 'words ordered inside the directive');
        assert.equal(w.raw, text.slice(w.start, w.end));
        assert.equal(w.quote, w.raw[0] === '"' ? '"' : w.raw[0] === "'" ? "'" : null);
        wp = w.end;
      }
      for (const c of s.comments ?? []) {
        assert.ok(c.start >= s.start && c.end <= s.end && c.parent === parent, 'inner comment inside its directive');
      }
      const lastWord = s.args.length > 0 ? s.args[s.args.length - 1] : s.nameWord;
      if (s.terminator === ';') {
        assert.equal(text[s.end - 1], ';');
        assert.equal(s.block, null);
      } else if (s.terminator === null) {
        assert.equal(s.end, lastWord.end);
        assert.equal(s.block, null);
      } else {
        const b = s.block!;
        assert.ok(b, 'a `{` terminator has a block');
        assert.equal(text[b.start], '{');
        assert.ok(b.start >= lastWord.end && b.bodyStart === b.start + 1 && b.bodyEnd >= b.bodyStart && b.end === s.end);
        if (b.closed) {
          assert.equal(text[b.end - 1], '}');
          assert.equal(b.bodyEnd, b.end - 1);
        } else {
          assert.equal(b.end, len);
          assert.equal(b.bodyEnd, len);
        }
        if (b.kind === 'raw') assert.equal(b.children.length, 0);
        stack.push({ list: b.children, lo: b.bodyStart, hi: b.bodyEnd, parent: s });
      }
    }
  }
}

/** What a parse produces, as a flat list of events comparable with `nginxOracle`. */
export function treeEvents(file: NginxFile): string[] {
  const out: string[] = [];
  const stack: Array<{ list: Statement[]; i: number; closing: Directive | null }> = [{ list: file.children, i: 0, closing: null }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.i >= top.list.length) {
      stack.pop();
      if (top.closing?.block?.closed) out.push('}');
      continue;
    }
    const s = top.list[top.i++];
    if (s.type === 'comment') continue;
    out.push(JSON.stringify([s.nameWord, ...s.args].map((w) => w.value)) + (s.terminator ?? '¬'));
    if (s.block) stack.push({ list: s.block.children, i: 0, closing: s });
  }
  return out;
}

/**
 * A model of nginx 1.22's configuration reader, written from its observable behaviour, state by
 * state as nginx keeps them (last_space, need_space, quoted, d_quoted, s_quoted, variable,
 * sharp_comment), kept deliberately separate from the lexer under test. Returns the statements as
 * events (`["name","arg"];`, `["name"]{`, `}`) or the first error nginx would stop at. A BOM at
 * offset 0 is skipped (the parser's documented deviation; nginx would report an unknown directive).
 */
export function nginxOracle(text: string): { events: string[] } | { error: string } {
  const events: string[] = [];
  let args: string[] = [];
  let depth = 0;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lastSpace = true;
  let needSpace = false;
  let quoted = false;
  let dq = false;
  let sq = false;
  let variable = false;
  let comment = false;
  let start = 0;
  const isWs = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
  const push = (from: number, to: number) => {
    let v = '';
    for (let j = from; j < to; j++) {
      if (text[j] === '\\' && j + 1 < to) {
        const n = text[j + 1];
        if (n === '"' || n === "'" || n === '\\') { v += n; j++; continue; }
        if (n === 't' || n === 'r' || n === 'n') { v += n === 't' ? '\t' : n === 'r' ? '\r' : '\n'; j++; continue; }
      }
      v += text[j];
    }
    args.push(v);
  };
  const statement = (term: string): string | null => {
    if (term === '{') depth++;
    events.push(JSON.stringify(args) + term);
    args = [];
    return null;
  };
  for (; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') comment = false;
    if (comment) continue;
    if (quoted) { quoted = false; continue; }
    if (needSpace) {
      if (isWs(ch)) { lastSpace = true; needSpace = false; continue; }
      if (ch === ';' || ch === '{') { needSpace = false; lastSpace = true; statement(ch); continue; }
      if (ch === ')') { lastSpace = true; needSpace = false; }
      else return { error: `unexpected "${ch}"` };
    }
    if (lastSpace) {
      start = i;
      if (isWs(ch)) continue;
      if (ch === ';' || ch === '{') {
        if (args.length === 0) return { error: `unexpected "${ch}"` };
        statement(ch);
        continue;
      }
      if (ch === '}') {
        if (args.length > 0 || depth === 0) return { error: 'unexpected "}"' };
        depth--;
        events.push('}');
        continue;
      }
      if (ch === '#') { comment = true; continue; }
      lastSpace = false;
      if (ch === '\\') quoted = true;
      else if (ch === '"') { start = i + 1; dq = true; }
      else if (ch === "'") { start = i + 1; sq = true; }
      else if (ch === '$') variable = true;
      continue;
    }
    if (ch === '{' && variable) continue;
    variable = false;
    if (ch === '\\') { quoted = true; continue; }
    if (ch === '$') { variable = true; continue; }
    if (dq || sq) {
      if ((dq && ch === '"') || (sq && ch === "'")) {
        dq = sq = false;
        needSpace = true;
        push(start, i);
      }
      continue;
    }
    if (isWs(ch) || ch === ';' || ch === '{') {
      lastSpace = true;
      push(start, i);
      if (ch === ';' || ch === '{') statement(ch);
    }
  }
  if (args.length > 0 || !lastSpace) return { error: 'unexpected end of file, expecting ";" or "}"' };
  if (depth > 0) return { error: 'unexpected end of file, expecting "}"' };
  return { events };
}

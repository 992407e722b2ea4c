import type { Word } from './ast';
import type { ParseErrorCode } from './parser';

/**
 * The nginx tokenizer, following `ngx_conf_read_token` (src/core/ngx_conf_file.c) character for
 * character, but tolerant: where nginx stops with `[emerg]`, this reports an error and goes on.
 *
 * nginx's rules, all mirrored here:
 * - words are separated by space, tab, CR, LF; `;` and `{` end a word (a `}` inside a word does not);
 * - `#` starts a comment only where a word could start (`a#b` is one word); the comment runs to LF;
 * - `"` and `'` open a quoted word only at the start of a word (`a"b"` is one plain word);
 * - a backslash makes the next character part of the word, whatever it is;
 * - `{` right after `$` belongs to the word (`${var}`), it does not open a block;
 * - after a closing quote nginx needs a space, `;`, `{` or `)` (the `)` of `if (... "x")`);
 * - a word (or a comment) of 4096 bytes or more is rejected ("too long parameter").
 */

/** The kinds of token the parser sees. */
export type TokenKind = 'word' | ';' | '{' | '}' | 'comment' | 'eof';

/** One token. `newline` tells whether a line break separates it from the previous token. */
export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  newline: boolean;
  /** Set for `word` tokens. */
  word: Word | null;
  /** A quoted word whose closing quote was never found (an error was reported). */
  unterminated: boolean;
}

/** Receives the lexer's errors; the parser decides which ones to keep. */
export type LexErrorSink = (code: ParseErrorCode, start: number, end: number, message: string) => void;

/** The tokenizer's state: plain data, advanced by `advance`. */
export interface Lexer {
  readonly text: string;
  pos: number;
  /** How many unterminated strings were already cut at their line end (bounded: see `scanQuoted`). */
  cuts: number;
  readonly report: LexErrorSink;
  /**
   * The token `advance` read last. One object, overwritten by each call: the parser reads a token
   * before asking for the next, so a configuration's tokens cost no allocation beyond their words.
   */
  readonly tok: Token;
}

/** nginx reads a configuration through a 4096-byte buffer; a token that fills it is an error. */
export const NGX_CONF_BUFFER = 4096;

/** Unterminated strings cut at their line end, at most; later ones run to the end of the file, as in nginx. */
const MAX_CUTS = 8;

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const DQUOTE = 34;
const HASH = 35;
const DOLLAR = 36;
const SQUOTE = 39;
const RPAREN = 41;
const SEMI = 59;
const BACKSLASH = 92;
const LBRACE = 123;
const RBRACE = 125;
const BOM = 0xfeff;

/** Creates a lexer at the start of `text`. */
export function createLexer(text: string, report: LexErrorSink): Lexer {
  return { text, pos: 0, cuts: 0, report, tok: { kind: 'eof', start: 0, end: 0, newline: false, word: null, unterminated: false } };
}

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

/** Reads the next token into `lx.tok` and returns its kind; at the end of the text `eof` forever. */
export function advance(lx: Lexer): TokenKind {
  const text = lx.text;
  const len = text.length;
  let i = lx.pos;
  let newline = false;
  for (; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) newline = true;
    // A byte order mark is only skipped at the very start: anywhere else nginx sees word bytes.
    else if (!(c === SPACE || c === TAB || (c === BOM && i === 0))) break;
  }
  if (i >= len) {
    lx.pos = len;
    return setToken(lx, 'eof', len, len, newline, null, false);
  }
  const c = text.charCodeAt(i);
  if (c === SEMI || c === LBRACE || c === RBRACE) {
    lx.pos = i + 1;
    return setToken(lx, c === SEMI ? ';' : c === LBRACE ? '{' : '}', i, i + 1, newline, null, false);
  }
  if (c === HASH) return scanComment(lx, i, newline);
  if (c === DQUOTE || c === SQUOTE) return scanQuoted(lx, i, newline);
  return scanPlain(lx, i, newline);
}

function setToken(lx: Lexer, kind: TokenKind, start: number, end: number, newline: boolean, word: Word | null, unterminated: boolean): TokenKind {
  const t = lx.tok;
  t.kind = kind;
  t.start = start;
  t.end = end;
  t.newline = newline;
  t.word = word;
  t.unterminated = unterminated;
  return kind;
}

function scanComment(lx: Lexer, start: number, newline: boolean): TokenKind {
  const text = lx.text;
  let lf = text.indexOf('\n', start);
  if (lf < 0) lf = text.length;
  // nginx ends a comment at LF only; a CR just before it belongs to the line break, not the comment.
  const end = lf > start + 1 && text.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
  lx.pos = end;
  if (lf - start >= NGX_CONF_BUFFER / 3 && utf8Length(text, start, lf) >= bufferLimit(text, lf)) {
    // nginx keeps the whole comment in its buffer until the LF: a comment that fills it is rejected.
    lx.report('nginx-word-too-long', start, end, `too long comment "${text.slice(start, start + 10)}...": nginx rejects a comment of ${NGX_CONF_BUFFER} bytes or more ("too long parameter")`);
  }
  return setToken(lx, 'comment', start, end, newline, null, false);
}

function scanPlain(lx: Lexer, start: number, newline: boolean): TokenKind {
  const text = lx.text;
  const len = text.length;
  let i = start;
  let variable = false;
  let escaped = false;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      // The escaped character is part of the word, even a space, `;` or a line break.
      escaped = true;
      variable = false;
      i += 2;
      continue;
    }
    if (c === LBRACE && variable) {
      i++;
      continue;
    }
    variable = c === DOLLAR;
    if (isSpace(c) || c === SEMI || c === LBRACE) break;
    i++;
  }
  const end = Math.min(i, len);
  lx.pos = end;
  const raw = text.slice(start, end);
  const value = escaped ? unescape(text, start, end) : raw;
  checkLength(lx, start, start, end);
  return setToken(lx, 'word', start, end, newline, { start, end, raw, value, quote: null }, false);
}

function scanQuoted(lx: Lexer, start: number, newline: boolean): TokenKind {
  const text = lx.text;
  const len = text.length;
  const q = text.charCodeAt(start);
  let i = start + 1;
  let escaped = false;
  let closed = false;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      escaped = true;
      i += 2;
      continue;
    }
    i++;
    if (c === q) {
      closed = true;
      break;
    }
  }
  let end = Math.min(i, len);
  let contentEnd = closed ? end - 1 : end;
  if (!closed) {
    let lineEnd = start + 1;
    while (lineEnd < len && text.charCodeAt(lineEnd) !== LF && text.charCodeAt(lineEnd) !== CR) lineEnd++;
    if (lx.cuts < MAX_CUTS) {
      // Most unterminated strings are a forgotten quote on one line: ending the word at the line end
      // lets the rest of the file parse normally. The count is bounded so that many unterminated
      // strings in a row cannot each rescan to the end of the file (quadratic time).
      lx.cuts++;
      end = contentEnd = lineEnd;
    }
    const quoteChar = String.fromCharCode(q);
    lx.report('nginx-unterminated-string', start, Math.max(lineEnd, start + 1), `unterminated string: missing closing ${quoteChar}`);
  }
  lx.pos = end;
  const raw = text.slice(start, end);
  const value = escaped ? unescape(text, start + 1, contentEnd) : text.slice(start + 1, contentEnd);
  const quote = q === DQUOTE ? '"' : "'";
  if (closed) {
    checkLength(lx, start, start + 1, end);
    const next = end < len ? text.charCodeAt(end) : -1;
    // nginx: after a closing quote, only a space, `;`, `{` or `)` may follow. A `}` is left to the
    // parser (it reports the missing `;`), so that one mistake gives one error.
    if (next >= 0 && !isSpace(next) && next !== SEMI && next !== LBRACE && next !== RPAREN && next !== RBRACE) {
      const ch = String.fromCodePoint(text.codePointAt(end) ?? next);
      lx.report('nginx-unexpected-character', end, end + ch.length, `unexpected "${ch}": nginx needs a space, ";" or "{" after the closing ${quote}`);
    }
  }
  return setToken(lx, 'word', start, end, newline, { start, end, raw, value, quote }, !closed);
}

/**
 * The value nginx stores for the characters [from, to): `\"`, `\'`, `\\` lose the backslash,
 * `\t` `\r` `\n` become the control characters (in quoted and plain words alike), and any other
 * backslash stays as written.
 */
export function unescape(text: string, from: number, to: number): string {
  const parts: string[] = [];
  let seg = from;
  for (let i = from; i < to; i++) {
    if (text.charCodeAt(i) !== BACKSLASH || i + 1 >= to) continue;
    const n = text.charCodeAt(i + 1);
    let rep: string | null = null;
    if (n === DQUOTE || n === SQUOTE || n === BACKSLASH) rep = text[i + 1];
    else if (n === 116 /* t */) rep = '\t';
    else if (n === 114 /* r */) rep = '\r';
    else if (n === 110 /* n */) rep = '\n';
    if (rep === null) continue;
    parts.push(text.slice(seg, i), rep);
    i++;
    seg = i + 1;
  }
  parts.push(text.slice(seg, to));
  return parts.join('');
}

/** Reports a word that does not fit nginx's read buffer: from `from` (after an opening quote) to `end`. */
function checkLength(lx: Lexer, start: number, from: number, end: number): void {
  // UTF-8 uses at most 3 bytes per UTF-16 unit, so shorter words cannot reach the limit.
  if ((end - from) * 3 < NGX_CONF_BUFFER) return;
  if (utf8Length(lx.text, from, end) < bufferLimit(lx.text, end)) return;
  lx.report('nginx-word-too-long', start, end, `too long parameter "${lx.text.slice(start, start + 10)}..." started: nginx accepts words of at most ${NGX_CONF_BUFFER - 1} bytes`);
}

/**
 * The token size (in bytes, from its first byte to its last) that nginx rejects: nginx refills its
 * buffer to read the character after a token, and fails when the token alone fills the buffer.
 * A token that ends the file needs no refill, so it may be one byte longer.
 */
function bufferLimit(text: string, end: number): number {
  return end < text.length ? NGX_CONF_BUFFER : NGX_CONF_BUFFER + 1;
}

/** The UTF-8 byte length of text[from, to). */
export function utf8Length(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/**
 * Finds the `}` that closes an OpenResty `*_by_lua_block` whose body starts at `from` (just after
 * its `{`), reading the body as Lua the way lua-nginx-module does: braces nest, and braces inside
 * strings ('..' ".." with escapes, long strings `[[..]]` `[==[..]==]`) and comments (`--..`,
 * `--[[..]]`) do not count. Returns the offset of the closing `}`, or -1 when the text ends first.
 */
export function scanLuaBlock(text: string, from: number): number {
  const len = text.length;
  let level = 1;
  let i = from;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c === LBRACE) {
      level++;
      i++;
    } else if (c === RBRACE) {
      if (--level === 0) return i;
      i++;
    } else if (c === DQUOTE || c === SQUOTE) {
      i = skipLuaString(text, i + 1, c);
    } else if (c === 45 /* - */ && text.charCodeAt(i + 1) === 45) {
      const long = longBracketLevel(text, i + 2);
      if (long >= 0) i = skipLongBracket(text, i + 2 + long + 2, long);
      else {
        const lf = text.indexOf('\n', i + 2);
        i = lf < 0 ? len : lf + 1;
      }
    } else if (c === 91 /* [ */) {
      const long = longBracketLevel(text, i);
      i = long >= 0 ? skipLongBracket(text, i + long + 2, long) : i + 1;
    } else i++;
  }
  return -1;
}

/** A Lua short string ends at its quote; an unescaped line break ends it too (Lua rejects it; we recover). */
function skipLuaString(text: string, i: number, q: number): number {
  const len = text.length;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i += 2;
    else if (c === q) return i + 1;
    else if (c === LF) return i;
    else i++;
  }
  return len;
}

/** For `[`, `=`*n, `[` at `i`: n; otherwise -1. */
function longBracketLevel(text: string, i: number): number {
  if (text.charCodeAt(i) !== 91) return -1;
  let j = i + 1;
  while (text.charCodeAt(j) === 61 /* = */) j++;
  return text.charCodeAt(j) === 91 ? j - i - 1 : -1;
}

/** Skips to just after the `]`, `=`*level, `]` that closes a long bracket (or to the end of the text). */
function skipLongBracket(text: string, i: number, level: number): number {
  const close = `]${'='.repeat(level)}]`;
  const at = text.indexOf(close, i);
  return at < 0 ? text.length : at + close.length;
}

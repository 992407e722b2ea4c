/**
 * Which patterns PCRE2 refuses to compile, and with which message, the way nginx compiles them
 * (PCRE2 10.42 as Debian 12 ships it: 8-bit, no UTF mode, no extra options; `~*` only adds
 * PCRE2_CASELESS, which changes no syntax). It mirrors the order of pcre2_compile: the first error
 * of the left-to-right parse wins; then the checks made after the parse (lookbehind lengths,
 * references to groups that do not exist, conditional branches, nesting depth).
 *
 * Three verdicts: valid, invalid (with PCRE2's message text and the byte offset nginx prints as
 * `at "..."`), and unknown: a construct this model does not follow closely enough to be sure
 * (a `(*UTF)` start, `\p{...}` with a script name, backreferences inside a lookbehind, ...). An
 * unknown pattern is never reported: a check must not call a working configuration broken.
 *
 * The pattern is a byte string (see `routing/bytes.ts`): one character per byte, as PCRE2 reads it.
 */
import { getOwn } from '../../common/own';

/** A compile error: PCRE2's text and the byte offset it points at (the pattern's length: at the end). */
export interface Pcre2Error {
  text: string;
  offset: number;
}

/** What PCRE2 would say about a pattern. */
export type Pcre2Verdict = { verdict: 'valid' } | { verdict: 'invalid'; error: Pcre2Error } | { verdict: 'unknown'; reason: string };

/** PCRE2 10.42's texts (pcre2_error.c), by error number. */
export const PCRE2_MESSAGES = {
  1: '\\ at end of pattern',
  2: '\\c at end of pattern',
  3: 'unrecognized character follows \\',
  4: 'numbers out of order in {} quantifier',
  5: 'number too big in {} quantifier',
  6: 'missing terminating ] for character class',
  7: 'escape sequence is invalid in character class',
  8: 'range out of order in character class',
  9: 'quantifier does not follow a repeatable item',
  11: 'unrecognized character after (? or (?-',
  12: 'POSIX named classes are supported only within a class',
  13: 'POSIX collating elements are not supported',
  14: 'missing closing parenthesis',
  15: 'reference to non-existent subpattern',
  18: 'missing ) after (?# comment',
  19: 'parentheses are too deeply nested',
  22: 'unmatched closing parenthesis',
  24: 'missing closing parenthesis for condition',
  25: 'lookbehind assertion is not fixed length',
  26: 'a relative value of zero is not allowed',
  27: 'conditional subpattern contains more than two branches',
  28: 'assertion expected after (?( or (?(?C)',
  29: 'digit expected after (?+ or (?-',
  30: 'unknown POSIX class name',
  34: 'character code point value in \\x{} or \\o{} is too large',
  37: 'PCRE2 does not support \\F, \\L, \\l, \\N{name}, \\U, or \\u',
  38: 'number after (?C is greater than 255',
  39: 'closing parenthesis for (?C expected',
  41: 'unrecognized character after (?P',
  42: 'syntax error in subpattern name (missing terminator?)',
  43: 'two named subpatterns have the same name (PCRE2_DUPNAMES not set)',
  44: 'subpattern name must start with a non-digit',
  46: 'malformed \\P or \\p sequence',
  47: 'unknown property after \\P or \\p',
  48: 'subpattern name is too long (maximum 32 code units)',
  50: 'invalid range in character class',
  51: 'octal value is greater than \\377 in 8-bit non-UTF-8 mode',
  54: 'DEFINE subpattern contains more than one branch',
  55: 'missing opening brace after \\o',
  57: '\\g is not followed by a braced, angle-bracketed, or quoted name/number or by a plain number',
  58: '(?R (recursive pattern call) must be followed by a closing parenthesis',
  60: '(*VERB) not recognized or malformed',
  61: 'subpattern number is too big',
  62: 'subpattern name expected',
  64: 'non-octal character in \\o{} (closing brace missing?)',
  66: '(*MARK) must have an argument',
  67: 'non-hex character in \\x{} (closing brace missing?)',
  68: '\\c must be followed by a printable ASCII character',
  69: '\\k is not followed by a braced, angle-bracketed, or quoted name',
  71: '\\N is not supported in a class',
  78: 'digits missing in \\x{} or \\o{} or \\N{U+}',
  81: 'missing terminating delimiter for callout with string argument',
  82: 'unrecognized string delimiter follows (?C',
  93: '\\N{U+dddd} is supported only in Unicode (UTF) mode',
  94: 'invalid hyphen in option setting',
  95: '(*alpha_assertion) not recognized',
  99: '\\K is not allowed in lookarounds (but see PCRE2_EXTRA_ALLOW_LOOKAROUND_BSK)',
} as const;

type ErrorNumber = keyof typeof PCRE2_MESSAGES;

/** PCRE2's limits: MAX_GROUP_NUMBER / the largest repeat count, MAX_NAME_SIZE, PARENS_NEST_LIMIT. */
const MAX_NUMBER = 65535;
const MAX_NAME = 32;
const NEST_LIMIT = 250;

/** The POSIX class names PCRE2 knows (`[[:name:]]`). */
export const POSIX_CLASS_NAMES: ReadonlySet<string> = new Set(['alpha', 'lower', 'upper', 'alnum', 'ascii', 'blank', 'cntrl', 'digit', 'graph', 'print', 'punct', 'space', 'word', 'xdigit']);

/** `\p{...}` names this model vouches for (general categories and PCRE2's specials); others are unknown, not invalid. */
const PROPERTIES = new Set(['any', 'l&', 'lc', 'xan', 'xps', 'xsp', 'xwd', 'xuc', 'c', 'cc', 'cf', 'cn', 'co', 'cs', 'l', 'll', 'lm', 'lo', 'lt', 'lu', 'm', 'mc', 'me', 'mn', 'n', 'nd', 'nl', 'no', 'p', 'pc', 'pd', 'pe', 'pf', 'pi', 'po', 'ps', 's', 'sc', 'sk', 'sm', 'so', 'z', 'zl', 'zp', 'zs']);

/** Lower-case "alpha assertions" of PCRE2 10.42, by the kind of group they open. */
const ALPHA_ASSERTIONS: Record<string, FrameKind> = {
  pla: 'lookahead', positive_lookahead: 'lookahead', nla: 'lookahead', negative_lookahead: 'lookahead',
  napla: 'lookahead', non_atomic_positive_lookahead: 'lookahead',
  plb: 'lookbehind', positive_lookbehind: 'lookbehind', nlb: 'lookbehind', negative_lookbehind: 'lookbehind',
  naplb: 'lookbehind', non_atomic_positive_lookbehind: 'lookbehind',
  atomic: 'group', sr: 'group', script_run: 'group', asr: 'group', atomic_script_run: 'group',
};

/** Backtracking verbs (with or without `:NAME`); `(*MARK:NAME)` and `(*:NAME)` need the name. */
const VERBS = new Set(['ACCEPT', 'FAIL', 'F', 'COMMIT', 'PRUNE', 'SKIP', 'THEN', 'MARK', '']);

/** Options a pattern may start with that change no syntax (`(*UTF)` and `(*UCP)` do: unknown). */
const START_OPTIONS = /^\(\*(?:NOTEMPTY|NOTEMPTY_ATSTART|NO_AUTO_POSSESS|NO_DOTSTAR_ANCHOR|NO_JIT|NO_START_OPT|LIMIT_HEAP=\d+|LIMIT_MATCH=\d+|LIMIT_DEPTH=\d+|LIMIT_RECURSION=\d+|CR|LF|CRLF|ANY|ANYCRLF|NUL|BSR_ANYCRLF|BSR_UNICODE)\)/;

/** Decides whether PCRE2 (as nginx calls it) compiles `pattern`, a byte string. */
export function checkPcre2(pattern: string): Pcre2Verdict {
  try {
    const error = new Parser(pattern).run();
    return error ? { verdict: 'invalid', error } : { verdict: 'valid' };
  } catch (e) {
    if (e instanceof Refused) return { verdict: 'invalid', error: { text: PCRE2_MESSAGES[e.code], offset: e.offset } };
    if (e instanceof NotModelled) return { verdict: 'unknown', reason: e.message };
    return { verdict: 'unknown', reason: `the pattern could not be checked: ${(e as Error).message}` };
  }
}

/** A parse error: PCRE2 stops at the first. */
class Refused {
  constructor(
    readonly code: ErrorNumber,
    readonly offset: number,
  ) {}
}

class NotModelled extends Error {}

type FrameKind = 'root' | 'capture' | 'group' | 'lookahead' | 'lookbehind' | 'cond' | 'reset';

interface Options {
  /** 0: no extended mode, 1: (?x), 2: (?xx) (also spaces and tabs in classes are ignored). */
  x: 0 | 1 | 2;
  /** (?n): plain parentheses do not capture. */
  n: boolean;
  /** (?J): duplicate group names are allowed. */
  dupnames: boolean;
}

interface Frame {
  kind: FrameKind;
  /** Offset of its "(". */
  start: number;
  /** The options outside the group, restored at its ")". */
  outer: Options;
  /** Lengths of the finished branches (null: variable). */
  lengths: Array<number | null>;
  /** Length of the current branch so far. */
  length: number | null;
  /** Length of the branch's last item, which a quantifier repeats. */
  last: number | null;
  /** Branch reset: the group count at its start, and the most any branch reached. */
  resetFrom?: number;
  resetMost?: number;
  /** A `(?(DEFINE)...)` condition. */
  define?: boolean;
  /** The number of a capturing group. */
  num?: number;
}

/** A reference checked once every group is known. */
type Reference = { num: number; offset: number } | { name: string; offset: number };

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}
function isWord(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_';
}
function isHex(c: string): boolean {
  return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
/** Pattern white space of extended mode (8-bit, no UTF: NEL 0x85 too). */
function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r' || c === '\ue085';
}

/** An escape inside a class: a byte (can start or end a range) or a set (`\d`, `\p{L}`). */
type ClassAtom = { byte: number } | { set: true };

class Parser {
  private pos = 0;
  private readonly len: number;
  private opts: Options = { x: 0, n: false, dupnames: false };
  private readonly frames: Frame[] = [];
  /** The previous item can take a quantifier. */
  private okQuantifier = false;
  /** Inside `\Q...\E`. */
  private quoting = false;
  /** A quantifier was the last item: a "+" or "?" now makes it possessive or lazy. */
  private afterQuantifier = false;
  private groups = 0;
  private readonly names = new Map<string, number>();
  private readonly refs: Reference[] = [];
  private lookbehindError: number | null = null;
  private readonly late: Refused[] = [];
  private lookbehinds = 0;
  private lookarounds = 0;
  private deepest = { depth: 0, offset: 0 };
  /** The lengths of the closed capturing groups (null: variable), which references in lookbehinds take. */
  private readonly groupLengths = new Map<number, number | null>();
  /** Why the length of some lookbehind is not known here (a reference to a later group, a condition), or null. */
  private uncertainLookbehind: string | null = null;

  constructor(private readonly p: string) {
    this.len = p.length;
    this.frames.push(this.frame('root', 0));
  }

  run(): Pcre2Error | null {
    this.startOptions();
    while (this.pos < this.len) this.step();
    if (this.frames.length > 1) throw new Refused(14, this.len);
    return this.afterParse();
  }

  private frame(kind: FrameKind, start: number): Frame {
    return { kind, start, outer: { ...this.opts }, lengths: [], length: 0, last: null };
  }

  private get top(): Frame {
    return this.frames[this.frames.length - 1];
  }

  /** An item of `length` bytes (null: variable) that a quantifier may follow (or not). */
  private item(length: number | null, quantifiable: boolean): void {
    const f = this.top;
    f.length = f.length === null || length === null ? null : f.length + length;
    f.last = length;
    this.okQuantifier = quantifiable;
  }

  private startOptions(): void {
    for (;;) {
      const rest = this.p.slice(this.pos, this.pos + 40);
      if (/^\(\*(?:UTF8?|UCP|UTF16|UTF32)\)/.test(rest)) throw new NotModelled('a (*UTF) or (*UCP) start');
      const m = START_OPTIONS.exec(rest);
      if (!m) return;
      this.pos += m[0].length;
    }
  }

  private step(): void {
    const p = this.p;
    // Comments, white space of extended mode and empty \Q\E are not items: "a+(?#x)?" is "a+?".
    const after = this.afterQuantifier;
    this.afterQuantifier = false;
    const transparent = (length: number): void => {
      this.pos += length;
      this.afterQuantifier = after;
    };
    if (this.quoting) {
      if (p.startsWith('\\E', this.pos)) {
        this.quoting = false;
        transparent(2);
      } else {
        this.pos++;
        this.item(1, true);
      }
      return;
    }
    const c = p[this.pos];
    if (this.opts.x) {
      if (isSpace(c)) return transparent(1);
      if (c === '#') {
        const nl = p.indexOf('\n', this.pos);
        return transparent((nl < 0 ? this.len : nl + 1) - this.pos);
      }
    }
    if (p.startsWith('(?#', this.pos)) {
      const end = p.indexOf(')', this.pos);
      if (end < 0) throw new Refused(18, this.len);
      return transparent(end + 1 - this.pos);
    }
    if (p.startsWith('\\E', this.pos)) return transparent(2);
    if (p.startsWith('\\Q', this.pos)) {
      this.quoting = true;
      return transparent(2);
    }
    switch (c) {
      case '\\':
        this.escape();
        return;
      case '[':
        this.charClass();
        return;
      case '(':
        this.open();
        return;
      case ')':
        this.close();
        return;
      case '|':
        this.pos++;
        this.alternative();
        return;
      case '^':
      case '$':
        this.pos++;
        this.item(0, false);
        return;
      case '.':
        this.pos++;
        this.item(1, true);
        return;
      case '*':
      case '+':
      case '?':
        this.pos++;
        if (after && c !== '*') return;
        this.quantifier(c === '+' ? 1 : 0, c === '?' ? 1 : Infinity);
        return;
      case '{': {
        const q = this.repeatCounts(this.pos);
        if (q) {
          this.pos = q.end;
          this.quantifier(q.min, q.max);
        } else {
          this.pos++;
          this.item(1, true);
        }
        return;
      }
      default:
        this.pos++;
        this.item(1, true);
    }
  }

  /**
   * `{n}`, `{n,}` or `{n,m}` at `at` (PCRE2 10.42: no spaces, no `{,m}`; anything else is a
   * literal "{"). Too big or out-of-order counts are errors even where no quantifier may stand.
   */
  private repeatCounts(at: number): { min: number; max: number; end: number } | null {
    const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.p.slice(at, at + 64));
    if (!m) return null;
    const min = this.number(m[1], at + 1, 5);
    if (m[2] === undefined) return { min, max: min, end: at + m[0].length };
    if (m[3] === '') return { min, max: Infinity, end: at + m[0].length };
    const max = this.number(m[3], at + 2 + m[1].length, 5);
    if (max < min) throw new Refused(4, at + m[0].length - 1);
    return { min, max, end: at + m[0].length };
  }

  /** Reads decimal digits starting at `at`, as read_number: too big is `code` at the digit after the overflow. */
  private number(digits: string, at: number, code: ErrorNumber): number {
    let n = 0;
    for (let i = 0; i < digits.length; i++) {
      n = n * 10 + (digits.charCodeAt(i) - 48);
      if (n > MAX_NUMBER) throw new Refused(code, at + i + 1);
    }
    return n;
  }

  private quantifier(min: number, max: number): void {
    if (!this.okQuantifier) throw new Refused(9, this.pos - 1);
    // A possessive or lazy mark may follow; then nothing may repeat again.
    this.afterQuantifier = true;
    const f = this.top;
    const last = f.last;
    if (f.length !== null && last !== null) f.length -= last;
    const repeated = last === 0 ? 0 : last !== null && min === max ? last * min : null;
    f.length = f.length === null || repeated === null ? null : f.length + repeated;
    f.last = repeated;
    this.okQuantifier = false;
  }

  private alternative(): void {
    const f = this.top;
    f.lengths.push(f.length);
    f.length = 0;
    f.last = null;
    if (f.kind === 'reset') {
      f.resetMost = Math.max(f.resetMost ?? 0, this.groups);
      this.groups = f.resetFrom ?? this.groups;
    }
    this.okQuantifier = false;
  }

  private push(kind: FrameKind, start: number, opts: Options = this.opts): void {
    const f = this.frame(kind, start);
    this.frames.push(f);
    this.opts = { ...opts };
    const depth = this.frames.length - 1;
    if (depth > this.deepest.depth) this.deepest = { depth, offset: start };
    if (kind === 'lookbehind') this.lookbehinds++;
    if (kind === 'lookbehind' || kind === 'lookahead') this.lookarounds++;
    if (kind === 'reset') {
      f.resetFrom = this.groups;
      f.resetMost = this.groups;
    }
    this.okQuantifier = false;
  }

  private close(): void {
    const at = this.pos;
    this.pos++;
    if (this.frames.length === 1) throw new Refused(22, at);
    const f = this.frames.pop() as Frame;
    this.opts = f.outer;
    f.lengths.push(f.length);
    if (f.kind === 'reset') this.groups = Math.max(f.resetMost ?? 0, this.groups);
    if (f.kind === 'lookbehind') {
      this.lookbehinds--;
      this.lookarounds--;
      if (f.lengths.some((l) => l === null) && (this.lookbehindError === null || f.start < this.lookbehindError)) this.lookbehindError = f.start;
    } else if (f.kind === 'lookahead') this.lookarounds--;
    if (f.kind === 'cond') {
      if (f.define && f.lengths.length > 1) this.late.push(new Refused(54, f.start + 3));
      else if (f.lengths.length > 2) this.late.push(new Refused(27, f.start));
    }
    const same = f.lengths.every((l) => l !== null && l === f.lengths[0]) ? f.lengths[0] : null;
    if (f.num !== undefined) this.groupLengths.set(f.num, same);
    this.item(f.kind === 'lookahead' || f.kind === 'lookbehind' ? 0 : same, true);
  }

  /** "(" and everything that starts with it. */
  private open(): void {
    const start = this.pos;
    const p = this.p;
    const next = p[start + 1];
    if (next === '*' && (start + 2 >= this.len || isWord(p[start + 2]) || p[start + 2] === ':')) return this.verb(start);
    if (next !== '?') {
      this.pos++;
      if (this.opts.n) this.push('group', start);
      else {
        this.groups++;
        this.push('capture', start);
        this.top.num = this.groups;
      }
      return;
    }
    if (start + 2 >= this.len) throw new Refused(14, this.len);
    const c = p[start + 2];
    this.pos = start + 3;
    switch (c) {
      case ':':
        return this.push('group', start);
      case '|':
        return this.push('reset', start);
      case '>':
        return this.push('group', start);
      case '=':
      case '!':
      case '*':
        return this.push('lookahead', start);
      case '<':
        if (p[this.pos] === '=' || p[this.pos] === '!' || p[this.pos] === '*') {
          this.pos++;
          return this.push('lookbehind', start);
        }
        return this.namedGroup(start, '>');
      case "'":
        return this.namedGroup(start, "'");
      case 'P': {
        if (this.pos >= this.len) throw new Refused(14, this.len);
        const d = p[this.pos];
        this.pos++;
        if (d === '<') return this.namedGroup(start, '>');
        if (d === '=' || d === '>') {
          const name = this.readName(')');
          return this.reference(name.name, name.start);
        }
        throw new Refused(41, this.pos - 1);
      }
      case '&': {
        const name = this.readName(')');
        return this.reference(name.name, name.start);
      }
      case 'R':
        if (p[this.pos] !== ')') throw new Refused(58, this.pos >= this.len ? this.len : this.pos);
        this.pos++;
        return this.reference(0, start);
      case '(':
        return this.condition(start);
      case 'C':
        return this.callout();
    }
    if (isDigit(c) || ((c === '+' || c === '-') && isDigit(p[this.pos] ?? ''))) return this.numberedCall(start);
    if (c === '+') throw new Refused(29, start + 2);
    this.pos = start + 2;
    this.optionSetting(start);
  }

  /** `(?imnsxJU-imnsxJU)` / `(?^...)` and the `:` group form. */
  private optionSetting(start: number): void {
    const p = this.p;
    const next: Options = { ...this.opts };
    let unset = false;
    let caret = false;
    if (p[this.pos] === '^') {
      caret = true;
      next.x = 0;
      next.n = false;
      this.pos++;
    }
    for (;;) {
      if (this.pos >= this.len) throw new Refused(14, this.len);
      const c = p[this.pos++];
      if (c === ')' || c === ':') {
        if (c === ':') return this.push('group', start, next);
        // The setting holds to the end of the enclosing group; nothing may repeat it.
        this.opts = next;
        this.okQuantifier = false;
        return;
      }
      if (c === '-') {
        if (unset || caret) throw new Refused(94, this.pos - 1);
        unset = true;
        continue;
      }
      switch (c) {
        case 'x':
          if (!unset && p[this.pos] === 'x') {
            this.pos++;
            next.x = 2;
          } else next.x = unset ? 0 : next.x === 2 ? 2 : 1;
          break;
        case 'n':
          next.n = !unset;
          break;
        case 'J':
          next.dupnames = !unset;
          break;
        case 'i':
        case 'm':
        case 's':
        case 'U':
          break;
        default:
          throw new Refused(11, this.pos - 1);
      }
    }
  }

  /** Reads a group name ending with `terminator` (the reading position is on its first character). */
  private readName(terminator: string): { name: string; start: number } {
    const start = this.pos;
    const p = this.p;
    if (this.pos >= this.len) throw new Refused(62, this.len);
    if (isDigit(p[this.pos])) throw new Refused(44, start);
    if (!isWord(p[this.pos])) throw new Refused(62, start);
    while (this.pos < this.len && isWord(p[this.pos])) this.pos++;
    if (this.pos - start > MAX_NAME) throw new Refused(48, this.pos);
    if (this.pos >= this.len || p[this.pos] !== terminator) throw new Refused(42, Math.min(this.pos, this.len));
    const name = p.slice(start, this.pos);
    this.pos++;
    return { name, start };
  }

  private namedGroup(start: number, terminator: string): void {
    const { name } = this.readName(terminator);
    if (this.frames.some((f) => f.kind === 'reset')) throw new NotModelled('a named group inside a branch reset group');
    if (this.names.has(name) && !this.opts.dupnames) throw new Refused(43, this.pos);
    this.groups++;
    if (!this.names.has(name)) this.names.set(name, this.groups);
    this.push('capture', start);
    this.top.num = this.groups;
  }

  /**
   * A backreference or a subroutine call of group `target` (0: the whole pattern). In a lookbehind
   * it is as long as the group: a closed group's length, not fixed for a group it sits in (or the
   * whole pattern), unknown here for a group defined later.
   */
  private reference(target: number | string, offset: number): void {
    if (typeof target === 'string') this.refs.push({ name: target, offset });
    else if (target > 0) this.refs.push({ num: target, offset });
    if (this.lookbehinds === 0) return this.item(null, true);
    const num = typeof target === 'number' ? target : this.names.get(target);
    if (num === undefined || num > this.groups) {
      this.uncertainLookbehind = 'a lookbehind refers to a group defined after it';
      return this.item(null, true);
    }
    const length = num === 0 || !this.groupLengths.has(num) ? null : (this.groupLengths.get(num) as number | null);
    this.item(length, true);
  }

  /** `[+-]?digits` at `pos` (`(?(+1)`, `\g<-1>`): its sign and value, the position moved past it; undefined when there is none. */
  private signedNumber(): { sign: string; n: number } | undefined {
    const m = /^([+-]?)(\d+)/.exec(this.p.slice(this.pos, this.pos + 12));
    if (!m) return undefined;
    const digitsAt = this.pos + m[1].length;
    const n = this.number(m[2], digitsAt, 61);
    this.pos = digitsAt + m[2].length;
    return { sign: m[1], n };
  }

  /** The group a number refers to: `+n` and `-n` count from the groups opened so far. */
  private groupOf(sign: string, n: number): number {
    return sign === '+' ? this.groups + n : sign === '-' ? this.groups + 1 - n : n;
  }

  /** `(?1)`, `(?+1)`, `(?-1)`. */
  private numberedCall(start: number): void {
    const p = this.p;
    const sign = p[start + 2] === '+' || p[start + 2] === '-' ? p[start + 2] : '';
    this.pos = start + 2 + sign.length;
    const digitsStart = this.pos;
    while (this.pos < this.len && isDigit(p[this.pos])) this.pos++;
    const n = this.number(p.slice(digitsStart, this.pos), digitsStart, 61);
    if (p[this.pos] !== ')') throw new Refused(14, Math.min(this.pos, this.len));
    const after = this.pos;
    this.pos++;
    if (sign && n === 0) throw new Refused(26, after);
    const target = this.groupOf(sign, n);
    if (sign === '-' && target <= 0) throw new Refused(15, after);
    this.reference(target, after);
  }

  /** `(?(condition)yes|no)`. */
  private condition(start: number): void {
    const p = this.p;
    if (this.pos >= this.len) throw new Refused(14, this.len);
    const c = p[this.pos];
    if (this.lookbehinds > 0) this.uncertainLookbehind = 'a conditional group inside a lookbehind';
    if (c === '?') {
      const d = p[this.pos + 1];
      if (d === '=' || d === '!' || (d === '<' && (p[this.pos + 2] === '=' || p[this.pos + 2] === '!'))) {
        // The assertion is the condition: it is parsed as the first item of the group.
        this.push('cond', start);
        this.pos = start + 2;
        return;
      }
      if (d === 'C') throw new NotModelled('a callout as a condition');
      throw new Refused(28, start + 2);
    }
    if (c === '*') {
      const alpha = /^\*([a-z_]+)/.exec(p.slice(this.pos, this.pos + 40));
      if (!alpha) throw new Refused(28, start + 2);
      const after = this.pos + alpha[0].length;
      if (Object.hasOwn(ALPHA_ASSERTIONS, alpha[1]) && p[after] === ':') throw new NotModelled('an alpha assertion as a condition');
      throw new Refused(95, Math.min(after, this.len));
    }
    const close = (): void => {
      if (p[this.pos] !== ')') throw new Refused(24, Math.min(this.pos, this.len));
      this.pos++;
    };
    const numeric = this.signedNumber();
    if (numeric) {
      const target = this.groupOf(numeric.sign, numeric.n);
      if (target <= 0) throw new Refused(15, this.pos);
      close();
      this.refs.push({ num: target, offset: start + 2 });
    } else if (c === '<' || c === "'") {
      this.pos++;
      const name = this.readName(c === '<' ? '>' : "'");
      close();
      this.refs.push({ name: name.name, offset: name.start });
    } else if (p.startsWith('R&', this.pos)) {
      this.pos += 2;
      const name = this.readName(')');
      this.refs.push({ name: name.name, offset: name.start });
    } else if (/^R\d*\)/.test(p.slice(this.pos, this.pos + 8))) {
      const m = /^R(\d*)\)/.exec(p.slice(this.pos, this.pos + 8)) as RegExpExecArray;
      if (m[1]) this.refs.push({ num: this.number(m[1], this.pos + 1, 61), offset: this.pos });
      this.pos += m[0].length;
    } else if (p.startsWith('DEFINE)', this.pos)) {
      this.pos += 7;
      this.push('cond', start);
      this.top.define = true;
      return;
    } else if (p.startsWith('VERSION', this.pos)) {
      throw new NotModelled('a (?(VERSION...) condition');
    } else if (isWord(c)) {
      const nameStart = this.pos;
      while (this.pos < this.len && isWord(p[this.pos])) this.pos++;
      if (this.pos - nameStart > MAX_NAME) throw new Refused(48, this.pos);
      const name = p.slice(nameStart, this.pos);
      close();
      this.refs.push({ name, offset: nameStart });
    } else throw new NotModelled('an unusual condition');
    this.push('cond', start);
  }

  /** `(?C)`, `(?Cn)`, `(?C"text")`. */
  private callout(): void {
    const p = this.p;
    if (this.pos >= this.len) throw new Refused(14, this.len);
    const c = p[this.pos];
    if (isDigit(c)) {
      const from = this.pos;
      while (this.pos < this.len && isDigit(p[this.pos])) this.pos++;
      if (Number(p.slice(from, this.pos)) > 255) throw new Refused(38, this.pos);
    } else if (c !== ')') {
      const closing = c === '{' ? '}' : c;
      if (!'`\'"^%#${'.includes(c)) throw new Refused(82, this.pos);
      const open = this.pos;
      this.pos++;
      for (;;) {
        if (this.pos >= this.len) throw new Refused(81, open);
        if (p[this.pos] === closing) {
          if (p[this.pos + 1] === closing) this.pos += 2;
          else break;
        } else this.pos++;
      }
      this.pos++;
    }
    if (p[this.pos] !== ')') throw new Refused(39, Math.min(this.pos, this.len));
    this.pos++;
    this.okQuantifier = false;
  }

  /** `(*VERB)`, `(*VERB:NAME)`, `(*alpha_assertion:...)`. */
  private verb(start: number): void {
    const p = this.p;
    this.pos = start + 2;
    const nameStart = this.pos;
    while (this.pos < this.len && isWord(p[this.pos])) this.pos++;
    const name = p.slice(nameStart, this.pos);
    if (name && name[0] >= 'a' && name[0] <= 'z') {
      const kind = getOwn(ALPHA_ASSERTIONS, name);
      if (!kind || p[this.pos] !== ':') throw new Refused(95, Math.min(this.pos, this.len));
      this.pos++;
      return this.push(kind, start);
    }
    if (this.pos >= this.len) throw new Refused(60, this.len);
    let arg: string | null = null;
    if (p[this.pos] === ':') {
      const end = p.indexOf(')', this.pos);
      if (end < 0) throw new Refused(60, this.len);
      arg = p.slice(this.pos + 1, end);
      this.pos = end;
    }
    if (p[this.pos] !== ')' || !VERBS.has(name)) throw new Refused(60, this.pos);
    if ((name === 'MARK' || name === '') && !arg) throw new Refused(66, this.pos);
    this.pos++;
    // (*ACCEPT) may be repeated (PCRE2 wraps it in a group); the other verbs may not.
    this.item(0, name === 'ACCEPT');
  }

  /** An escape outside a class. */
  private escape(): void {
    const p = this.p;
    const start = this.pos;
    this.pos++;
    if (this.pos >= this.len) throw new Refused(1, this.len);
    const c = p[this.pos++];
    if (!isWord(c)) return this.item(1, true);
    switch (c) {
      case 'b':
      case 'B':
      case 'A':
      case 'z':
      case 'Z':
      case 'G':
        return this.item(0, false);
      case 'K':
        if (this.lookarounds > 0) this.late.push(new Refused(99, this.len));
        return this.item(0, false);
      case 'd':
      case 'D':
      case 's':
      case 'S':
      case 'w':
      case 'W':
      case 'h':
      case 'H':
      case 'v':
      case 'V':
      case 'C':
        return this.item(1, true);
      case 'R':
      case 'X':
        return this.item(null, true);
      case 'N':
        if (p[this.pos] === '{' && !this.repeatCounts(this.pos)) throw new Refused(p.startsWith('{U+', this.pos) ? 93 : 37, this.pos);
        return this.item(1, true);
      case 'p':
      case 'P':
        this.property();
        return this.item(1, true);
      case 'k':
        return this.namedBackref();
      case 'g':
        return this.gEscape(start);
    }
    if (c >= '1' && c <= '9') return this.digitEscape(start);
    this.pos = start;
    this.escapedByte(false);
    this.item(1, true);
  }

  /** `\p` / `\P` after the letter: a one-letter category or a braced name. */
  private property(): void {
    const p = this.p;
    if (this.pos >= this.len) throw new Refused(46, this.len);
    if (p[this.pos] === '{') {
      const end = p.indexOf('}', this.pos);
      if (end < 0) throw new Refused(46, this.len);
      const name = p.slice(this.pos + 1, end).replace(/^\^/, '');
      this.pos = end + 1;
      if (!PROPERTIES.has(name.toLowerCase().replace(/[\s_-]/g, ''))) throw new NotModelled(`the property "\\p{${name}}"`);
      return;
    }
    const c = p[this.pos++];
    if (!'CLMNPSZ'.includes(c)) throw new Refused(47, this.pos);
  }

  /** `\k<name>`, `\k'name'`, `\k{name}`. */
  private namedBackref(): void {
    const open = this.p[this.pos];
    const close = open === '<' ? '>' : open === "'" ? "'" : open === '{' ? '}' : null;
    if (!close) throw new Refused(69, Math.min(this.pos, this.len));
    this.pos++;
    const name = this.readName(close);
    this.reference(name.name, name.start);
  }

  /** `\g`: a backreference (`\g1`, `\g{-1}`, `\g{name}`) or a subroutine call (`\g<1>`, `\g'name'`). */
  private gEscape(start: number): void {
    const p = this.p;
    const open = p[this.pos];
    if (open === '<' || open === "'") {
      const close = open === '<' ? '>' : "'";
      this.pos++;
      const num = this.signedNumber();
      if (num) {
        if (p[this.pos] !== close) throw new NotModelled('a malformed \\g<...> call');
        this.pos++;
        const target = this.groupOf(num.sign, num.n);
        if (num.sign && num.n === 0) throw new Refused(26, this.pos - 1);
        if (target < 0 || (num.sign === '-' && target === 0)) throw new Refused(15, this.pos - 1);
        return this.reference(target, this.pos - 1);
      }
      const name = this.readName(close);
      return this.reference(name.name, name.start);
    }
    const braced = open === '{';
    if (braced) this.pos++;
    const num = /^([+-]?)(\d+)/.exec(p.slice(this.pos, this.pos + 12));
    if (num) {
      const digitsAt = this.pos + num[1].length;
      this.pos = digitsAt + num[2].length;
      // A number too big is reported at the "{" of the braced form, after the digits of the plain one.
      const n = Number(num[2]);
      if (n > MAX_NUMBER) throw new Refused(61, braced ? start + 2 : this.pos);
      if (braced) {
        if (p[this.pos] !== '}') throw new Refused(57, Math.min(this.pos, this.len));
        this.pos++;
      }
      const target = num[1] === '+' ? this.groups + n : num[1] === '-' ? this.groups + 1 - n : n;
      if (target <= 0) throw new Refused(15, braced && num[1] === '-' ? start + 2 : this.pos);
      return this.reference(target, this.pos - 1);
    }
    if (braced) {
      const name = this.readName('}');
      return this.reference(name.name, name.start);
    }
    throw new Refused(57, Math.min(this.pos, this.len));
  }

  /** `\1`...`\9...`: a backreference, or an octal character (`\12` with fewer than 12 groups so far). */
  private digitEscape(start: number): void {
    const p = this.p;
    let end = start + 1;
    while (end < this.len && isDigit(p[end])) end++;
    const digits = p.slice(start + 1, end);
    const n = this.number(digits, start + 1, 61);
    if (n < 10 || digits[0] === '8' || digits[0] === '9' || n <= this.groups) {
      this.pos = end;
      return this.reference(n, end - 1);
    }
    this.pos = start;
    this.escapedByte(false);
    this.item(1, true);
  }

  /**
   * An escape that stands for one byte (`\n`, `\x41`, `\012`, `\cA`, `\$`); the position is on
   * the backslash. Letters with no meaning are errors, as PCRE2 reserves them.
   */
  private escapedByte(inClass: boolean): number {
    const p = this.p;
    this.pos++;
    if (this.pos >= this.len) throw new Refused(1, this.len);
    const c = p[this.pos++];
    if (!isWord(c)) return c.charCodeAt(0) & 0xff;
    switch (c) {
      case 'a':
        return 7;
      case 'e':
        return 27;
      case 'f':
        return 12;
      case 'n':
        return 10;
      case 'r':
        return 13;
      case 't':
        return 9;
      case 'b':
        return 8;
      case 'x':
        return this.hex();
      case 'o':
        return this.octalBraced();
      case 'c': {
        if (this.pos >= this.len) throw new Refused(2, this.len);
        const x = p.charCodeAt(this.pos);
        if (x < 32 || x > 126) throw new Refused(68, this.pos);
        this.pos++;
        return (x >= 97 && x <= 122 ? x - 32 : x) ^ 0x40;
      }
      case 'u':
      case 'U':
      case 'l':
      case 'L':
      case 'F':
        throw new Refused(37, this.pos);
      case 'N':
        if (inClass) throw new Refused(71, this.pos);
        break;
    }
    if (isDigit(c)) {
      if (inClass && (c === '8' || c === '9')) return c.charCodeAt(0);
      let end = this.pos - 1;
      let v = 0;
      while (end < this.len && end < this.pos + 2 && p[end] >= '0' && p[end] <= '7') v = v * 8 + (p.charCodeAt(end++) - 48);
      this.pos = end;
      if (v > 255) throw new Refused(51, end);
      return v;
    }
    if (inClass && 'BRXCkKAzZG'.includes(c)) throw new Refused(7, this.pos - 1);
    if (inClass && c === 'g') return 0x67;
    throw new Refused(3, this.pos - 1);
  }

  /** `\x` after the letter: `\xhh` (0-2 digits) or `\x{hhh}`. */
  private hex(): number {
    const p = this.p;
    if (p[this.pos] !== '{') {
      let v = 0;
      for (let i = 0; i < 2 && this.pos < this.len && isHex(p[this.pos]); i++) v = v * 16 + parseInt(p[this.pos++], 16);
      return v;
    }
    return this.braced(16, 67);
  }

  private octalBraced(): number {
    if (this.p[this.pos] !== '{') throw new Refused(55, this.pos >= this.len ? this.len - 1 : this.pos);
    return this.braced(8, 64);
  }

  /** `{digits}` of `\x{...}` / `\o{...}`. */
  private braced(base: 8 | 16, nonDigit: ErrorNumber): number {
    const p = this.p;
    this.pos++;
    const ok = base === 16 ? isHex : (c: string) => c >= '0' && c <= '7';
    if (this.pos >= this.len) throw new Refused(78, this.len);
    const from = this.pos;
    let v = 0;
    while (this.pos < this.len && ok(p[this.pos])) v = Math.min(v * base + parseInt(p[this.pos++], base), 0x110000);
    if (this.pos >= this.len) throw new Refused(nonDigit, this.len - 1);
    if (p[this.pos] !== '}') throw new Refused(nonDigit, this.pos);
    if (this.pos === from) throw new Refused(78, this.pos);
    if (v > 0xff) throw new Refused(34, this.pos);
    this.pos++;
    return v;
  }

  /** `[...]`: the position is on the "[". */
  private charClass(): void {
    const p = this.p;
    const open = this.pos;
    // `[[:<:]]` and `[[:>:]]` are PCRE2's word boundaries.
    if (p.startsWith('[[:<:]]', open) || p.startsWith('[[:>:]]', open)) {
      this.pos += 7;
      return this.item(0, false);
    }
    const c1 = p[open + 1];
    if ((c1 === ':' || c1 === '.' || c1 === '=') && this.posixEnd(open + 1) !== null) throw new Refused(c1 === ':' ? 12 : 13, open);
    this.pos++;
    if (p[this.pos] === '^') this.pos++;
    let first = true;
    /** The byte before a "-" that may start a range, or a set (which may not). */
    let prev: ClassAtom | null = null;
    for (;;) {
      if (this.quoting) {
        if (p.startsWith('\\E', this.pos)) {
          this.quoting = false;
          this.pos += 2;
          continue;
        }
        if (this.pos >= this.len) throw new Refused(6, this.len);
        prev = { byte: p.charCodeAt(this.pos++) & 0xff };
        first = false;
        continue;
      }
      if (this.pos >= this.len) throw new Refused(6, this.len);
      const c = p[this.pos];
      if (this.opts.x === 2 && (c === ' ' || c === '\t')) {
        this.pos++;
        continue;
      }
      if (c === ']' && !first) {
        this.pos++;
        break;
      }
      if (c === '\\' && (p[this.pos + 1] === 'E' || p[this.pos + 1] === 'Q')) {
        this.quoting = p[this.pos + 1] === 'Q';
        this.pos += 2;
        continue;
      }
      first = false;
      if (c === '-' && prev !== null && this.pos + 1 < this.len && p[this.pos + 1] !== ']') {
        if ('set' in prev) throw new Refused(50, this.pos);
        this.pos++;
        const hi = this.classAtom(true);
        if ('set' in hi) throw new Refused(50, this.pos);
        if (hi.byte < prev.byte) throw new Refused(8, this.rangeEndAt);
        prev = null;
        continue;
      }
      prev = this.classAtom(false);
    }
    this.item(1, true);
  }

  /** Where the end of the last range was written (for "range out of order"). */
  private rangeEndAt = 0;

  /** One member of a class: a byte, an escape or a POSIX class. */
  private classAtom(rangeEnd: boolean): ClassAtom {
    const p = this.p;
    if (rangeEnd && p.startsWith('\\Q', this.pos)) {
      // `[a-\Qz\E]`: the range ends with the first quoted byte.
      this.pos += 2;
      this.quoting = true;
      if (this.pos >= this.len) throw new Refused(6, this.len);
      if (p.startsWith('\\E', this.pos)) throw new NotModelled('an empty \\Q\\E as a range end');
      this.rangeEndAt = this.pos;
      return { byte: p.charCodeAt(this.pos++) & 0xff };
    }
    this.rangeEndAt = this.pos;
    const c = p[this.pos];
    if (c === '[') {
      const d = p[this.pos + 1];
      const end = d === ':' || d === '.' || d === '=' ? this.posixEnd(this.pos + 1) : null;
      if (end !== null) {
        if (d !== ':') throw new Refused(13, this.pos);
        if (rangeEnd) throw new Refused(50, this.pos + 1);
        const nameAt = this.pos + 2 + (p[this.pos + 2] === '^' ? 1 : 0);
        if (!POSIX_CLASS_NAMES.has(p.slice(nameAt, end))) throw new Refused(30, nameAt);
        this.pos = end + 2;
        return { set: true };
      }
    }
    if (c !== '\\') {
      this.pos++;
      return { byte: c.charCodeAt(0) & 0xff };
    }
    const e = p[this.pos + 1];
    if (e !== undefined && 'dDsSwWhHvV'.includes(e)) {
      this.pos += 2;
      return { set: true };
    }
    if (e === 'p' || e === 'P') {
      this.pos += 2;
      this.property();
      return { set: true };
    }
    return { byte: this.escapedByte(true) };
  }

  /** check_posix_syntax: where the `:]` (`.]`, `=]`) ending a POSIX item starting at `at` is, or null. */
  private posixEnd(at: number): number | null {
    const p = this.p;
    const terminator = p[at];
    for (let i = at + 1; this.len - i >= 2; i++) {
      if (p[i] === '\\' && (p[i + 1] === ']' || p[i + 1] === '\\')) i++;
      else if ((p[i] === '[' && p[i + 1] === terminator) || p[i] === ']') return null;
      else if (p[i] === terminator && p[i + 1] === ']') return i;
    }
    return null;
  }

  /** The checks PCRE2 makes once the whole pattern is read. */
  private afterParse(): Pcre2Error | null {
    const first = (e: Refused): Pcre2Error => ({ text: PCRE2_MESSAGES[e.code], offset: e.offset });
    const missing = this.refs.find((r) => ('num' in r ? r.num > this.groups : !this.names.has(r.name)));
    if (this.uncertainLookbehind) {
      // Whether that lookbehind has a fixed length is not known; a reference to nothing is an error anyway.
      if (missing) return first(new Refused(15, missing.offset));
      throw new NotModelled(this.uncertainLookbehind);
    }
    if (this.lookbehindError !== null) return first(new Refused(25, this.lookbehindError));
    if (this.late.length) return first(this.late[0]);
    if (missing) return first(new Refused(15, missing.offset));
    if (this.deepest.depth > NEST_LIMIT) return first(new Refused(19, this.deepest.offset));
    return null;
  }
}

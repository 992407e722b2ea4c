import { byteAt, toByteString } from './bytes';
import { getOwn } from '../../common/own';

/** A PCRE pattern translated to a JavaScript RegExp that matches byte strings (see bytes.ts) the same way. */
export interface TranslatedRegex {
  ok: true;
  regex: RegExp;
  /** Number of capturing groups ($1, $2, ...). */
  groups: number;
  /** Named groups and their numbers. */
  names: Map<string, number>;
  /**
   * False when a repeated group can match the empty string: PCRE then keeps an empty last
   * iteration that JavaScript refuses, so whether there is a match is the same, but the extent
   * and the captures may differ.
   */
  capturesExact: boolean;
  /**
   * Byte-string characters that make a match uncertain: PCRE's auto-possessification treats
   * `\h` and `\v` as subsets of `\s`, which the bytes 0xA0 and 0x85 are not (nginx's PCRE runs
   * in the C locale), so for subjects with those bytes PCRE can miss matches JavaScript finds.
   */
  uncertainOn: string;
}

/** Runs a translated pattern; 'uncertain' when the subject has bytes the translation cannot vouch for. */
export function execPcre(t: TranslatedRegex, subject: string): RegExpExecArray | null | 'uncertain' {
  for (const c of t.uncertainOn) if (subject.includes(c)) return 'uncertain';
  return t.regex.exec(subject);
}

/** A pattern the router does not model: matching it in JavaScript could differ from nginx's PCRE. */
export interface UnsupportedRegex {
  ok: false;
  reason: string;
}

/**
 * Translates a PCRE pattern as nginx compiles it (PCRE2, no UTF mode, C-locale tables; `caseless`
 * for `~*`, and for a server_name regex with an upper-case letter) into a JavaScript RegExp over
 * byte strings. Exact where it translates: `.` does not match `\n` only, `$` also matches before a
 * final newline, `\s` is ASCII, case-folding is ASCII only, `(?P<n>…)` / `(?'n'…)` named groups,
 * inline `(?i)`, `(?s)`, `(?m)` (scoped to their group), `\Q…\E`, `\A`, `\z`, `\Z`, `\h`, `\v`,
 * POSIX classes. Everything PCRE has and JavaScript cannot express the same way (possessive
 * quantifiers, atomic groups, recursion, conditionals, verbs, `\K`, Unicode properties, extended
 * mode, ...) is reported, never guessed.
 */
export function translatePcre(pattern: string, caseless: boolean): TranslatedRegex | UnsupportedRegex {
  try {
    return new Translator(toByteString(pattern), caseless).run();
  } catch (e) {
    if (e instanceof Unsupported) return { ok: false, reason: e.message };
    return { ok: false, reason: `the pattern cannot be translated: ${(e as Error).message}` };
  }
}

class Unsupported extends Error {}

interface Flags {
  i: boolean;
  s: boolean;
  m: boolean;
}

const HIGH = 0xe000;
/** PCRE's C-locale `\s`: HT, LF, VT, FF, CR, space. */
const SPACE = [9, 10, 11, 12, 13, 32];

function range(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let c = lo; c <= hi; c++) out.push(c);
  return out;
}

const DIGIT = range(0x30, 0x39);
const UPPER = range(0x41, 0x5a);
const LOWER = range(0x61, 0x7a);
const WORD = [...DIGIT, ...UPPER, ...LOWER, 0x5f];

/** POSIX classes with C-locale meaning. */
const POSIX: Record<string, number[]> = {
  alpha: [...UPPER, ...LOWER],
  digit: DIGIT,
  alnum: [...DIGIT, ...UPPER, ...LOWER],
  upper: UPPER,
  lower: LOWER,
  space: SPACE,
  blank: [9, 32],
  punct: [...range(0x21, 0x2f), ...range(0x3a, 0x40), ...range(0x5b, 0x60), ...range(0x7b, 0x7e)],
  xdigit: [...DIGIT, ...range(0x41, 0x46), ...range(0x61, 0x66)],
  word: WORD,
  cntrl: [...range(0, 0x1f), 0x7f],
  print: range(0x20, 0x7e),
  graph: range(0x21, 0x7e),
  ascii: range(0, 0x7f),
};

/** The JavaScript source for one byte inside a character class or as a literal. */
function byteSource(b: number): string {
  if (b >= 0x80) return String.fromCharCode(HIGH + b);
  if ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f) return String.fromCharCode(b);
  return '\\x' + b.toString(16).padStart(2, '0');
}

/** A JavaScript character class matching exactly the bytes in `set`. */
function classSource(set: boolean[]): string {
  let out = '';
  let count = 0;
  for (let b = 0; b < 256; b++) {
    if (!set[b]) continue;
    let e = b;
    while (e + 1 < 256 && set[e + 1]) e++;
    count += e - b + 1;
    if (e === b) out += byteSource(b);
    else if (e === b + 1) out += byteSource(b) + byteSource(e);
    else out += byteSource(b) + '-' + byteSource(e);
    b = e;
  }
  if (count === 0) return '[^\\s\\S]';
  if (count === 256) return '[\\s\\S]';
  return '[' + out + ']';
}

/** The most iterations a quantifier allows (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`). */
function maxRepeat(q: string): number {
  if (q === '?') return 1;
  const m = /^\{(\d+)(,(\d*))?\}$/.exec(q);
  if (!m) return Infinity;
  if (m[2] === undefined) return Number(m[1]);
  return m[3] === '' ? Infinity : Number(m[3]);
}

function addCaseFolds(set: boolean[]): void {
  for (let b = 0x41; b <= 0x5a; b++) {
    if (set[b] || set[b + 32]) set[b] = set[b + 32] = true;
  }
}

interface Frame {
  alts: boolean[];
  items: Array<{ nullable: boolean; group: boolean; contentNullable: boolean; innerCapture?: boolean }>;
  lookaround: boolean;
  /** The group is a capturing one. */
  capturing?: boolean;
  /** Capturing groups sit inside this group's content. */
  hasCapture?: boolean;
}

class Translator {
  private pos = 0;
  private out = '';
  private groups = 0;
  private readonly names = new Map<string, number>();
  private readonly stack: Flags[] = [];
  private flags: Flags;
  /** The last emitted item can take a quantifier. */
  private quantifiable = false;
  private usedBackrefUnderCaseless = false;
  /** Nullability tracking (see `capturesExact`): one frame per open group. */
  private readonly frames: Frame[] = [{ alts: [], items: [], lookaround: false }];
  private capturesExact = true;
  private uncertainOn = '';

  constructor(
    private readonly p: string,
    caseless: boolean,
  ) {
    this.flags = { i: caseless, s: false, m: false };
  }

  run(): TranslatedRegex {
    while (this.pos < this.p.length) this.step();
    if (this.stack.length > 0) throw new Unsupported('missing ")" (nginx refuses this pattern)');
    if (this.usedBackrefUnderCaseless) throw new Unsupported('a backreference in a case-insensitive pattern');
    let regex: RegExp;
    try {
      regex = new RegExp(this.out);
    } catch (e) {
      throw new Unsupported(`the translated pattern is not valid JavaScript (${(e as Error).message})`);
    }
    return { ok: true, regex, groups: this.groups, names: this.names, capturesExact: this.capturesExact, uncertainOn: this.uncertainOn };
  }

  private peek(offset = 0): string {
    return this.p[this.pos + offset] ?? '';
  }

  private emit(src: string, quantifiable: boolean): void {
    this.out += src;
    this.quantifiable = quantifiable;
  }

  /** Records an item of the current alternative (`nullable`: it can match the empty string). */
  private item(nullable: boolean): void {
    this.frames[this.frames.length - 1].items.push({ nullable, group: false, contentNullable: false });
  }

  private literal(b: number): void {
    this.item(false);
    if (this.flags.i && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a))) {
      const lo = b | 0x20;
      this.emit('[' + String.fromCharCode(lo - 32) + String.fromCharCode(lo) + ']', true);
    } else this.emit(byteSource(b), true);
  }

  private step(): void {
    const c = this.p[this.pos];
    switch (c) {
      case '\\':
        this.escape();
        return;
      case '[':
        this.pos++;
        this.emit(classSource(this.charClass()), true);
        this.item(false);
        return;
      case '(':
        this.group();
        return;
      case ')':
        this.pos++;
        if (this.stack.length === 0) throw new Unsupported('unmatched ")" (nginx refuses this pattern)');
        this.flags = this.stack.pop() as Flags;
        this.closeFrame();
        this.emit(')', true);
        return;
      case '|':
        this.pos++;
        this.emit('|', false);
        {
          const f = this.frames[this.frames.length - 1];
          f.alts.push(f.items.every((i) => i.nullable));
          f.items = [];
        }
        return;
      case '.':
        this.pos++;
        this.emit(this.flags.s ? '[\\s\\S]' : '[^\\n]', true);
        this.item(false);
        return;
      case '^':
        this.pos++;
        // Without the JS m flag, `^` is the start of the subject (and keeps V8's anchored fast path).
        // PCRE's multiline `^` does not match after a newline that ends the subject.
        this.emit(this.flags.m ? '(?:^|(?<=\\n)(?=[\\s\\S]))' : '^', false);
        this.item(true);
        return;
      case '$':
        this.pos++;
        // PCRE's `$` also matches before a newline that ends the subject; with (?m), before any newline.
        this.emit(this.flags.m ? '(?=\\n|$)' : '(?=\\n?$)', false);
        this.item(true);
        return;
      case '*':
      case '+':
      case '?':
        this.pos++;
        this.quantifier(c);
        return;
      case '{': {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(this.p.slice(this.pos));
        if (m) {
          this.pos += m[0].length;
          this.quantifier(m[0]);
        } else {
          this.pos++;
          this.emit('\\{', true);
          this.item(false);
        }
        return;
      }
      default:
        this.pos++;
        this.literal(byteAt(c, 0));
    }
  }

  private quantifier(q: string): void {
    if (!this.quantifiable) throw new Unsupported(`quantifier "${q}" does not follow a repeatable item`);
    const items = this.frames[this.frames.length - 1].items;
    const last = items[items.length - 1];
    if (last) {
      if (last.group && last.contentNullable) this.capturesExact = false;
      // A repeated group resets the captures inside it in JavaScript, PCRE keeps the previous
      // iteration's: they differ when a capture does not take part in the last iteration.
      if (last.group && last.innerCapture && maxRepeat(q) > 1) this.capturesExact = false;
      if (q === '*' || q === '?' || /^\{0[,}]/.test(q)) last.nullable = true;
    }
    let src = q;
    if (this.peek() === '+') throw new Unsupported('possessive quantifiers (for example "a++") are not modelled');
    if (this.peek() === '?') {
      this.pos++;
      src += '?';
    }
    this.emit(src, false);
  }

  private group(): void {
    const rest = this.p.slice(this.pos);
    if (rest.startsWith('(*')) throw new Unsupported('PCRE verbs such as "(*UTF8)" are not modelled');
    if (!rest.startsWith('(?')) {
      this.pos++;
      this.groups++;
      this.open('(');
      this.frames[this.frames.length - 1].capturing = true;
      return;
    }
    if (rest.startsWith('(?#')) {
      const end = this.p.indexOf(')', this.pos);
      if (end < 0) throw new Unsupported('unterminated comment "(?#"');
      this.pos = end + 1;
      return;
    }
    for (const [prefix, js] of [
      ['(?:', '(?:'],
      ['(?=', '(?='],
      ['(?!', '(?!'],
      ['(?<=', '(?<='],
      ['(?<!', '(?<!'],
    ] as const) {
      if (rest.startsWith(prefix)) {
        this.pos += prefix.length;
        this.open(js);
        return;
      }
    }
    const named = /^\(\?(?:P<([A-Za-z_][A-Za-z0-9_]*)>|<([A-Za-z_][A-Za-z0-9_]*)>|'([A-Za-z_][A-Za-z0-9_]*)')/.exec(rest);
    if (named) {
      const name = named[1] ?? named[2] ?? named[3];
      if (this.names.has(name)) throw new Unsupported(`the group name "${name}" is used twice`);
      this.groups++;
      this.names.set(name, this.groups);
      this.pos += named[0].length;
      this.open(`(?<${name}>`);
      this.frames[this.frames.length - 1].capturing = true;
      return;
    }
    const backref = /^\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)/.exec(rest);
    if (backref) {
      this.pos += backref[0].length;
      this.backref(backref[1]);
      return;
    }
    const opts = /^\(\?([imsxnUJ]*)(?:-([imsxnUJ]*))?(\)|:)/.exec(rest);
    if (opts && (opts[1] || opts[2] !== undefined)) {
      const on = opts[1];
      const off = opts[2] ?? '';
      for (const f of on + off) {
        if (!'ims'.includes(f)) throw new Unsupported(`the inline option "(?${f})" is not modelled`);
      }
      const next: Flags = { ...this.flags };
      for (const f of on) next[f as keyof Flags] = true;
      for (const f of off) next[f as keyof Flags] = false;
      this.pos += opts[0].length;
      if (opts[3] === ')') {
        // (?i) applies to the rest of the enclosing group.
        this.flags = next;
        this.quantifiable = false;
      } else {
        this.stack.push(this.flags);
        this.flags = next;
        this.frames.push({ alts: [], items: [], lookaround: false });
        this.emit('(?:', false);
      }
      return;
    }
    if (rest.startsWith('(?>')) throw new Unsupported('atomic groups "(?>…)" are not modelled');
    if (rest.startsWith('(?|')) throw new Unsupported('branch reset groups "(?|…)" are not modelled');
    if (rest.startsWith('(?(')) throw new Unsupported('conditional groups "(?(…)…)" are not modelled');
    if (/^\(\?(R|[+-]?\d|&|P>)/.test(rest)) throw new Unsupported('recursion and subroutine calls are not modelled');
    if (rest.startsWith('(?C')) throw new Unsupported('callouts "(?C)" are not modelled');
    throw new Unsupported(`the group "${rest.slice(0, 4)}…" is not modelled`);
  }

  private open(js: string): void {
    this.stack.push(this.flags);
    this.flags = { ...this.flags };
    this.frames.push({ alts: [], items: [], lookaround: /^\(\?<?[=!]/.test(js) });
    this.emit(js, false);
  }

  /** Ends a group: it can match empty when one of its alternatives can; assertions always can. */
  private closeFrame(): void {
    const f = this.frames.pop() as Frame;
    f.alts.push(f.items.every((i) => i.nullable));
    const content = f.alts.some((a) => a);
    const parent = this.frames[this.frames.length - 1];
    parent.items.push({ nullable: f.lookaround || content, group: !f.lookaround, contentNullable: content, innerCapture: !!f.hasCapture });
    if (f.hasCapture || f.capturing) parent.hasCapture = true;
  }

  private backref(ref: string | number): void {
    let n: number | undefined;
    if (typeof ref === 'number') n = ref;
    else n = this.names.get(ref);
    if (n === undefined || n < 1) throw new Unsupported(`a backreference to the unknown group "${ref}"`);
    if (this.flags.i) this.usedBackrefUnderCaseless = true;
    // Referencing a group that is not yet closed or not yet defined works differently in JavaScript.
    if (n > this.groups) throw new Unsupported(`a backreference to group ${n} before it is defined`);
    this.emit(`(?:\\${n})`, true);
    // A backreference matches the empty string when its group did.
    this.item(true);
  }

  /** Reads an escape outside a class. */
  private escape(): void {
    const e = this.peek(1);
    if (e === '') throw new Unsupported('the pattern ends with "\\"');
    const simple = this.classEscape(false);
    if (simple) {
      this.emit(classSource(simple), true);
      this.item(false);
      return;
    }
    this.pos++;
    switch (e) {
      case 'b':
      case 'B':
        this.pos++;
        this.emit('\\' + e, false);
        this.item(true);
        return;
      case 'A':
      case 'G':
        // nginx runs each match once from the start of the subject, so \G is \A.
        this.pos++;
        this.emit('^', false);
        this.item(true);
        return;
      case 'z':
        this.pos++;
        this.emit('$', false);
        this.item(true);
        return;
      case 'Z':
        this.pos++;
        this.emit('(?=\\n?$)', false);
        this.item(true);
        return;
      case 'R':
        this.uncertainOn = String.fromCharCode(HIGH + 0xa0, HIGH + 0x85);
        this.pos++;
        this.emit('(?:\\r\\n|[\\n\\v\\f\\r' + String.fromCharCode(HIGH + 0x85) + '])', true);
        this.item(false);
        return;
      case 'Q': {
        this.pos++;
        const end = this.p.indexOf('\\E', this.pos);
        const text = end < 0 ? this.p.slice(this.pos) : this.p.slice(this.pos, end);
        this.pos = end < 0 ? this.p.length : end + 2;
        for (let i = 0; i < text.length; i++) this.literal(byteAt(text, i));
        return;
      }
      case 'E':
        this.pos++;
        return;
      case 'k': {
        const m = /^k(?:<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)'|\{([A-Za-z_]\w*)\})/.exec(this.p.slice(this.pos));
        if (!m) throw new Unsupported('a malformed "\\k" backreference');
        this.pos += m[0].length;
        this.backref(m[1] ?? m[2] ?? m[3]);
        return;
      }
      case 'g': {
        const m = /^g(?:\{(-?\d+)\}|(-?\d+)|\{([A-Za-z_]\w*)\}|<([A-Za-z_]\w*)>)/.exec(this.p.slice(this.pos));
        if (!m) throw new Unsupported('a "\\g" subroutine call or malformed backreference');
        this.pos += m[0].length;
        const num = m[1] ?? m[2];
        if (m[4] !== undefined) throw new Unsupported('"\\g<…>" subroutine calls are not modelled');
        if (num !== undefined) {
          const n = Number(num);
          this.backref(n < 0 ? this.groups + 1 + n : n);
        } else this.backref(m[3]);
        return;
      }
    }
    if (e >= '1' && e <= '9') {
      if (/^[0-9]/.test(this.peek(1))) throw new Unsupported('a multi-digit backreference or octal escape');
      this.pos++;
      this.backref(Number(e));
      return;
    }
    throw new Unsupported(`the escape "\\${e}" is not modelled`);
  }

  /**
   * Escapes that denote a set of bytes (usable inside and outside classes). Returns null (and
   * consumes nothing) for other escapes. `inClass`: `\b` is a backspace there.
   */
  private classEscape(inClass: boolean): boolean[] | null {
    const e = this.peek(1);
    const set = new Array<boolean>(256).fill(false);
    const add = (bytes: number[]): boolean[] => {
      for (const b of bytes) set[b] = true;
      return set;
    };
    const negate = (bytes: number[]): boolean[] => {
      set.fill(true);
      for (const b of bytes) set[b] = false;
      return set;
    };
    const take = (n: number, s: boolean[]): boolean[] => {
      this.pos += n;
      if (this.flags.i) addCaseFolds(s);
      return s;
    };
    switch (e) {
      case 'd':
        return take(2, add(DIGIT));
      case 'D':
        return take(2, negate(DIGIT));
      case 'w':
        return take(2, add(WORD));
      case 'W':
        return take(2, negate(WORD));
      case 's':
        return take(2, add(SPACE));
      case 'S':
        return take(2, negate(SPACE));
      case 'h':
      case 'H':
      case 'v':
      case 'V':
        this.uncertainOn = String.fromCharCode(HIGH + 0xa0, HIGH + 0x85);
        if (e === 'h') return take(2, add([9, 32, 0xa0]));
        if (e === 'H') return take(2, negate([9, 32, 0xa0]));
        if (e === 'v') return take(2, add([10, 11, 12, 13, 0x85]));
        return take(2, negate([10, 11, 12, 13, 0x85]));
      case 'N':
        if (inClass) throw new Unsupported('"\\N" inside a character class');
        if (this.peek(2) === '{') throw new Unsupported('"\\N{…}" is not modelled');
        return take(2, negate([10]));
      case 'p':
      case 'P':
      case 'X':
      case 'C':
      case 'K':
        throw new Unsupported(`"\\${e}" is not modelled`);
    }
    const b = this.escapedByte(inClass);
    if (b === null) return null;
    set[b] = true;
    if (this.flags.i) addCaseFolds(set);
    return set;
  }

  /** An escape that denotes one byte (consumed), or null (nothing consumed). */
  private escapedByte(inClass: boolean): number | null {
    const e = this.peek(1);
    const rest = this.p.slice(this.pos);
    const simple: Record<string, number> = { t: 9, n: 10, r: 13, f: 12, e: 27, a: 7 };
    if (e in simple) {
      this.pos += 2;
      return simple[e];
    }
    if (e === 'b' && inClass) {
      this.pos += 2;
      return 8;
    }
    if (e === 'x') {
      const m = /^\\x(?:\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{0,2}))/.exec(rest);
      if (!m) return null;
      const v = parseInt(m[1] ?? (m[2] || '0'), 16);
      if (v > 0xff) throw new Unsupported('a character above \\xff (nginx does not use UTF mode)');
      this.pos += m[0].length;
      return v;
    }
    if (e === 'o') {
      const m = /^\\o\{([0-7]+)\}/.exec(rest);
      if (!m) throw new Unsupported('a malformed "\\o{…}" escape');
      const v = parseInt(m[1], 8);
      if (v > 0xff) throw new Unsupported('a character above \\377 (nginx does not use UTF mode)');
      this.pos += m[0].length;
      return v;
    }
    if (e === '0') {
      const m = /^\\0[0-7]{0,2}/.exec(rest) as RegExpExecArray;
      this.pos += m[0].length;
      return parseInt(m[0].slice(1), 8);
    }
    if (e === 'c') {
      const x = this.peek(2);
      if (!x || x.charCodeAt(0) > 0x7e || x.charCodeAt(0) < 0x20) throw new Unsupported('a malformed "\\c" escape');
      this.pos += 3;
      return x.toUpperCase().charCodeAt(0) ^ 0x40;
    }
    if (inClass && e >= '1' && e <= '9') throw new Unsupported('an octal escape inside a character class');
    const code = byteAt(e, 0);
    // Any other escaped non-alphanumeric byte stands for itself.
    if (!/[0-9A-Za-z]/.test(e)) {
      this.pos += 2;
      return code;
    }
    return null;
  }

  /** Reads a class after its "[" (up to and including "]") into a byte set. */
  private charClass(): boolean[] {
    const set = new Array<boolean>(256).fill(false);
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    let first = true;
    let prev: number | null = null; // the last single byte, a possible range start
    for (;;) {
      if (this.pos >= this.p.length) throw new Unsupported('missing "]" (nginx refuses this pattern)');
      const c = this.p[this.pos];
      if (c === ']' && !first) {
        this.pos++;
        break;
      }
      first = false;
      if (c === '[' && /^\[:(\^?)([a-z]+):\]/.test(this.p.slice(this.pos))) {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(this.p.slice(this.pos)) as RegExpExecArray;
        // Own keys only: `[:constructor:]` is an unknown class, not Object's constructor.
        const bytes = getOwn(POSIX, m[2]);
        if (!bytes) throw new Unsupported(`unknown POSIX class "[:${m[2]}:]"`);
        this.pos += m[0].length;
        if (m[1]) {
          const neg = new Array<boolean>(256).fill(true);
          for (const b of bytes) neg[b] = false;
          neg.forEach((v, b) => v && (set[b] = true));
        } else for (const b of bytes) set[b] = true;
        prev = null;
        continue;
      }
      if (c === '-' && prev !== null && this.peek(1) !== ']' && this.peek(1) !== '') {
        // A range prev-hi.
        this.pos++;
        let hi: number;
        if (this.peek() === '\\') {
          const b = this.escapedByte(true);
          if (b === null) throw new Unsupported('a range ending in a class escape');
          hi = b;
        } else if (this.peek() === '[' && /^\[:/.test(this.p.slice(this.pos))) {
          throw new Unsupported('a range ending in a POSIX class');
        } else {
          hi = byteAt(this.p[this.pos], 0);
          this.pos++;
        }
        if (hi < prev) throw new Unsupported('a range out of order (nginx refuses this pattern)');
        for (let b = prev; b <= hi; b++) set[b] = true;
        prev = null;
        continue;
      }
      if (c === '\\') {
        if (this.peek(1) === 'Q') {
          this.pos += 2;
          const end = this.p.indexOf('\\E', this.pos);
          const text = end < 0 ? this.p.slice(this.pos) : this.p.slice(this.pos, end);
          this.pos = end < 0 ? this.p.length : end + 2;
          for (let i = 0; i < text.length; i++) set[byteAt(text, i)] = true;
          prev = null;
          continue;
        }
        if (this.peek(1) === 'E') {
          this.pos += 2;
          continue;
        }
        const single = this.escapedByte(true);
        if (single !== null) {
          set[single] = true;
          prev = single;
          continue;
        }
        const s = this.classEscape(true);
        if (!s) throw new Unsupported(`the escape "\\${this.peek(1)}" is not modelled`);
        s.forEach((v, b) => v && (set[b] = true));
        prev = null;
        continue;
      }
      const b = byteAt(c, 0);
      set[b] = true;
      prev = b;
      this.pos++;
    }
    if (this.flags.i) addCaseFolds(set);
    if (negated) for (let b = 0; b < 256; b++) set[b] = !set[b];
    return set;
  }
}

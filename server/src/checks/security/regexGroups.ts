/**
 * What the capture groups of a PCRE pattern can hold, as nginx compiles it (no UTF mode, `.` stops
 * at `\n` unless `(?s)`): for each group, the set of bytes it can contain and the bytes it can start
 * with. The security rules ask questions such as "can $1 hold a line feed?" (response splitting:
 * `([^/]*)` can, `(.*)` cannot) or "can $1 start with a dot?" (alias traversal). The analysis is
 * over-approximate and total: it never throws, and a construct it does not model can match anything.
 */

/** A set of bytes (0-255). */
export type ByteSet = Uint8Array;

/** One capture group. */
export interface GroupInfo {
  index: number;
  /** Offset of its `(` in the pattern. */
  start: number;
  name?: string;
  /** Bytes the captured text can contain. */
  chars: ByteSet;
  /** Bytes the captured text can start with. */
  first: ByteSet;
  /** The group can capture the empty string. */
  nullable: boolean;
}

/** The groups of a pattern, by number (1-based) and name, and whether the pattern is anchored at the start. */
export interface RegexGroups {
  groups: GroupInfo[];
  byName: Map<string, GroupInfo>;
  /** The pattern starts with `^` or `\A` (in every alternative). */
  anchoredStart: boolean;
}

const empty = (): ByteSet => new Uint8Array(256);
const full = (): ByteSet => new Uint8Array(256).fill(1);
function of(chars: string): ByteSet {
  const s = empty();
  for (const c of chars) s[c.charCodeAt(0) & 255] = 1;
  return s;
}
function range(lo: number, hi: number, into: ByteSet = empty()): ByteSet {
  for (let i = lo; i <= hi && i < 256; i++) into[i] = 1;
  return into;
}
function union(a: ByteSet, b: ByteSet): ByteSet {
  const s = empty();
  for (let i = 0; i < 256; i++) s[i] = a[i] | b[i];
  return s;
}
function complement(a: ByteSet): ByteSet {
  const s = empty();
  for (let i = 0; i < 256; i++) s[i] = a[i] ? 0 : 1;
  return s;
}

const DIGIT = range(48, 57);
const WORD = union(union(range(65, 90), range(97, 122)), union(DIGIT, of('_')));
const SPACE = of(' \t\n\v\f\r');
const HSPACE = union(of(' \t'), of('\u00a0'));
const VSPACE = union(of('\n\v\f\r'), of('\u0085'));

/** True when the set holds the byte of `c`. */
export function has(set: ByteSet, c: string): boolean {
  return set[c.charCodeAt(0) & 255] === 1;
}

interface Piece {
  first: ByteSet;
  all: ByteSet;
  nullable: boolean;
  /** Every alternative starts with an anchor (`^`, `\A`). */
  anchored: boolean;
}

const analyzed = new Map<string, RegexGroups>();

/**
 * Analyses a pattern. Unbalanced or unknown syntax is read leniently (the pattern may be half typed).
 * Pure, so memoized: the taint analysis asks for the same location regex once per variable use.
 * The result is shared: callers must not mutate it.
 */
export function analyzeRegex(pattern: string): RegexGroups {
  let r = analyzed.get(pattern);
  if (!r) {
    if (analyzed.size > 10_000) analyzed.clear();
    analyzed.set(pattern, (r = analyzeRegexUncached(pattern)));
  }
  return r;
}

function analyzeRegexUncached(pattern: string): RegexGroups {
  const groups: GroupInfo[] = [];
  let pos = 0;
  let dotall = false;
  let depth = 0;

  const escapeSet = (inClass: boolean): ByteSet => {
    // pos is after the backslash
    const c = pattern[pos++] ?? '\\';
    switch (c) {
      case 'd': return DIGIT;
      case 'D': return complement(DIGIT);
      case 'w': return WORD;
      case 'W': return complement(WORD);
      case 's': return SPACE;
      case 'S': return complement(SPACE);
      case 'h': return HSPACE;
      case 'H': return complement(HSPACE);
      case 'v': return VSPACE;
      case 'V': return complement(VSPACE);
      case 'R': return VSPACE;
      case 'N': return complement(of('\n'));
      case 'n': return of('\n');
      case 'r': return of('\r');
      case 't': return of('\t');
      case 'f': return of('\f');
      case 'e': return of('\u001b');
      case 'a': return of('\u0007');
      case 'b': return inClass ? of('\b') : empty();
      case 'x': {
        let hex = '';
        if (pattern[pos] === '{') {
          const close = pattern.indexOf('}', pos);
          hex = close < 0 ? '' : pattern.slice(pos + 1, close);
          pos = close < 0 ? pattern.length : close + 1;
        } else {
          while (hex.length < 2 && /[0-9a-fA-F]/.test(pattern[pos] ?? '')) hex += pattern[pos++];
        }
        const n = parseInt(hex || '0', 16);
        return Number.isFinite(n) && n < 256 ? range(n, n) : full();
      }
      case 'c': {
        const x = pattern[pos++] ?? '@';
        const n = x.toUpperCase().charCodeAt(0) ^ 0x40;
        return range(n & 255, n & 255);
      }
      case 'p':
      case 'P':
      case 'X':
      case 'C':
        if (pattern[pos] === '{') {
          const close = pattern.indexOf('}', pos);
          pos = close < 0 ? pattern.length : close + 1;
        } else if (c === 'p' || c === 'P') pos++;
        return full();
      default:
        if (c >= '0' && c <= '7' && (inClass || c === '0')) {
          let oct = c;
          while (oct.length < 3 && /[0-7]/.test(pattern[pos] ?? '')) oct += pattern[pos++];
          const n = parseInt(oct, 8);
          return range(n & 255, n & 255);
        }
        return of(c);
    }
  };

  const classSet = (): ByteSet => {
    // pos is after '['
    let negate = false;
    if (pattern[pos] === '^') {
      negate = true;
      pos++;
    }
    let set = empty();
    let firstItem = true;
    while (pos < pattern.length) {
      const c = pattern[pos];
      if (c === ']' && !firstItem) {
        pos++;
        break;
      }
      firstItem = false;
      if (c === '[' && pattern[pos + 1] === ':') {
        const close = pattern.indexOf(':]', pos + 2);
        if (close > 0) {
          set = union(set, posixClass(pattern.slice(pos + 2, close)));
          pos = close + 2;
          continue;
        }
      }
      let lo: ByteSet;
      let loCode = -1;
      if (c === '\\') {
        pos++;
        lo = escapeSet(true);
        loCode = single(lo);
      } else {
        lo = of(c);
        loCode = c.charCodeAt(0) & 255;
        pos++;
      }
      if (pattern[pos] === '-' && pattern[pos + 1] !== undefined && pattern[pos + 1] !== ']' && loCode >= 0) {
        pos++;
        let hiCode: number;
        if (pattern[pos] === '\\') {
          pos++;
          hiCode = single(escapeSet(true));
        } else hiCode = pattern.charCodeAt(pos++) & 255;
        if (hiCode >= loCode) lo = range(loCode, hiCode);
        else lo = union(lo, of('-'));
      }
      set = union(set, lo);
    }
    return negate ? complement(set) : set;
  };

  const quantifier = (): { min: number; max: number } | null => {
    const c = pattern[pos];
    let q: { min: number; max: number } | null = null;
    if (c === '*') q = { min: 0, max: Infinity };
    else if (c === '+') q = { min: 1, max: Infinity };
    else if (c === '?') q = { min: 0, max: 1 };
    else if (c === '{') {
      const m = /^\{(\d*)(,(\d*))?\}/.exec(pattern.slice(pos));
      if (m && (m[1] !== '' || (m[3] ?? '') !== '')) {
        pos += m[0].length - 1;
        const min = m[1] === '' ? 0 : Number(m[1]);
        q = { min, max: m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]) };
      }
    }
    if (!q) return null;
    pos++;
    if (pattern[pos] === '?' || pattern[pos] === '+') pos++;
    return q;
  };

  const sequence = (): Piece => {
    let first = empty();
    let all = empty();
    let nullable = true;
    let anchored = false;
    let atStart = true;
    while (pos < pattern.length && pattern[pos] !== '|' && pattern[pos] !== ')') {
      const atom = atomPiece();
      const q = quantifier();
      const piece: Piece = q && q.min === 0 ? { ...atom, nullable: true, anchored: false } : atom;
      if (q && q.max === 0) {
        piece.all = empty();
        piece.first = empty();
      }
      if (atStart && piece.anchored) anchored = true;
      if (nullable) first = union(first, piece.first);
      all = union(all, piece.all);
      nullable = nullable && piece.nullable;
      if (!(piece.nullable && piece.all.every((b) => b === 0))) atStart = false;
    }
    return { first, all, nullable, anchored };
  };

  const alternation = (): Piece => {
    let acc = sequence();
    while (pattern[pos] === '|') {
      pos++;
      const next = sequence();
      acc = { first: union(acc.first, next.first), all: union(acc.all, next.all), nullable: acc.nullable || next.nullable, anchored: acc.anchored && next.anchored };
    }
    return acc;
  };

  const atomPiece = (): Piece => {
    const c = pattern[pos++];
    const charPiece = (s: ByteSet): Piece => ({ first: s, all: s, nullable: false, anchored: false });
    const zero: Piece = { first: empty(), all: empty(), nullable: true, anchored: false };
    switch (c) {
      case '.':
        return charPiece(dotall ? full() : complement(of('\n')));
      case '[':
        return charPiece(classSet());
      case '^':
        return { ...zero, anchored: true };
      case '$':
        return zero;
      case '\\': {
        const e = pattern[pos];
        if (e === 'A') {
          pos++;
          return { ...zero, anchored: true };
        }
        if (e === 'z' || e === 'Z' || e === 'b' || e === 'B' || e === 'G' || e === 'K') {
          pos++;
          return zero;
        }
        if (e === 'Q') {
          const close = pattern.indexOf('\\E', pos + 1);
          const text = pattern.slice(pos + 1, close < 0 ? pattern.length : close);
          pos = close < 0 ? pattern.length : close + 2;
          return text === '' ? zero : { first: of(text[0]), all: of(text), nullable: false, anchored: false };
        }
        if (e !== undefined && /[1-9gk]/.test(e)) {
          // A back-reference repeats some group's text: anything.
          pos++;
          if (pattern[pos] === '{' || pattern[pos] === '<' || pattern[pos] === "'") {
            const close = pattern.slice(pos).search(/[}>']/);
            pos = close < 0 ? pattern.length : pos + close + 1;
          } else while (/[0-9]/.test(pattern[pos] ?? '')) pos++;
          return { first: full(), all: full(), nullable: true, anchored: false };
        }
        return charPiece(escapeSet(false));
      }
      case '(':
        return group();
      default:
        return charPiece(of(c));
    }
  };

  const group = (): Piece => {
    // pos is after '('
    const open = pos - 1;
    let capture: GroupInfo | undefined;
    let lookaround = false;
    if (pattern[pos] === '?') {
      const rest = pattern.slice(pos + 1);
      const named = /^(?:P?<([A-Za-z_][A-Za-z0-9_]*)>|'([A-Za-z_][A-Za-z0-9_]*)')/.exec(rest);
      if (named) {
        pos += 1 + named[0].length;
        capture = { index: groups.length + 1, start: open, name: named[1] ?? named[2], chars: empty(), first: empty(), nullable: true };
        groups.push(capture);
      } else if (/^(?:=|!|<=|<!)/.test(rest)) {
        pos += 1 + (/^(?:<=|<!)/.test(rest) ? 2 : 1);
        lookaround = true;
      } else if (rest.startsWith('#')) {
        const close = pattern.indexOf(')', pos);
        pos = close < 0 ? pattern.length : close + 1;
        return { first: empty(), all: empty(), nullable: true, anchored: false };
      } else {
        // (?:  (?>  (?|  and inline flags (?s) (?i-s: ...)
        const flags = /^([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])?/.exec(rest);
        const on = flags?.[1] ?? '';
        const off = flags?.[2] ?? '';
        if (flags && flags[3] === ')') {
          pos += 1 + flags[0].length;
          if (on.includes('s')) dotall = true;
          if (off.includes('s')) dotall = false;
          return { first: empty(), all: empty(), nullable: true, anchored: false };
        }
        if (flags && flags[3] === ':') pos += 1 + flags[0].length;
        else pos += rest.startsWith('>') || rest.startsWith('|') ? 2 : 1;
      }
    } else if (pattern[pos] === '*') {
      // verbs such as (*UTF): skip
      const close = pattern.indexOf(')', pos);
      pos = close < 0 ? pattern.length : close + 1;
      return { first: empty(), all: empty(), nullable: true, anchored: false };
    } else {
      capture = { index: groups.length + 1, start: open, chars: empty(), first: empty(), nullable: true };
      groups.push(capture);
    }
    const savedDotall = dotall;
    depth++;
    const inner = depth > 200 ? { first: full(), all: full(), nullable: true, anchored: false } : alternation();
    depth--;
    dotall = savedDotall;
    if (pattern[pos] === ')') pos++;
    if (capture) {
      capture.chars = inner.all;
      capture.first = inner.first;
      capture.nullable = inner.nullable;
    }
    if (lookaround) return { first: empty(), all: empty(), nullable: true, anchored: false };
    return inner;
  };

  let top: Piece = { first: empty(), all: empty(), nullable: true, anchored: false };
  let guard = 0;
  while (pos < pattern.length && guard++ < pattern.length + 1) {
    const p = alternation();
    top = { ...p, anchored: guard === 1 ? p.anchored : top.anchored && p.anchored };
    if (pattern[pos] === ')') pos++; // an unbalanced ')' ends nothing: keep reading
  }
  const byName = new Map<string, GroupInfo>();
  for (const g of groups) if (g.name && !byName.has(g.name)) byName.set(g.name, g);
  return { groups, byName, anchoredStart: top.anchored };
}

function single(set: ByteSet): number {
  let found = -1;
  for (let i = 0; i < 256; i++) {
    if (!set[i]) continue;
    if (found >= 0) return -1;
    found = i;
  }
  return found;
}

function posixClass(name: string): ByteSet {
  switch (name) {
    case 'alpha': return union(range(65, 90), range(97, 122));
    case 'digit': return DIGIT;
    case 'alnum': return union(union(range(65, 90), range(97, 122)), DIGIT);
    case 'word': return WORD;
    case 'space': return SPACE;
    case 'blank': return of(' \t');
    case 'upper': return range(65, 90);
    case 'lower': return range(97, 122);
    case 'xdigit': return union(DIGIT, union(range(65, 70), range(97, 102)));
    case 'punct': return union(union(range(33, 47), range(58, 64)), union(range(91, 96), range(123, 126)));
    case 'print': return range(32, 126);
    case 'graph': return range(33, 126);
    case 'cntrl': return union(range(0, 31), of('\u007f'));
    default: return full();
  }
}

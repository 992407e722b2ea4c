/**
 * Reads the host names written inside a regex that checks an Origin or Referer (`^https://app\.example\.com$`)
 * and says how a hostile name can still match: an unescaped dot (`app.example.com` also matches
 * `appxexample.com`), nothing after the name (`example.com.evil.net`), something other than a
 * dot or the scheme before it (`evilexample.com`). Text-level and lenient: a pattern without a
 * dotted name says nothing.
 */

/** One dotted host name written in a pattern. */
export interface HostLiteral {
  start: number;
  end: number;
  text: string;
  /** Offsets (in the pattern) of dots written without a backslash. */
  bareDots: number[];
}

/** The weaknesses of one pattern. */
export interface HostRegexProblems {
  literals: HostLiteral[];
  bareDots: boolean;
  openEnd?: HostLiteral;
  openStart?: HostLiteral;
}

const LABEL = '[A-Za-z0-9-]+';
const LITERAL = new RegExp(`${LABEL}(?:(?:\\\\\\.|\\.)${LABEL})+`, 'g');

/** The dotted names of a pattern, outside character classes; the last label must have a letter (not an IP or a version). */
export function hostLiterals(pattern: string): HostLiteral[] {
  const inClass = classMask(pattern);
  const out: HostLiteral[] = [];
  for (const m of pattern.matchAll(LITERAL)) {
    const start = m.index;
    const text = m[0];
    if (inClass[start]) continue;
    // A label right after a backslash starts with an escape (\d, \w...): the name starts after its first dot.
    if (start > 0 && pattern[start - 1] === '\\' && !isEscaped(pattern, start - 1)) {
      const sep = /\\?\./.exec(text);
      if (!sep) continue;
      const rest = text.slice(sep.index + sep[0].length);
      if (!/\\?\./.test(rest)) continue;
      const last = rest.split(/\\?\./).pop() ?? '';
      if (/[A-Za-z]/.test(last)) out.push(literalAt(pattern, start + sep.index + sep[0].length, rest));
      continue;
    }
    const last = text.split(/\\?\./).pop() ?? '';
    if (!/[A-Za-z]/.test(last)) continue;
    out.push(literalAt(pattern, start, text));
  }
  return out;
}

function literalAt(pattern: string, start: number, text: string): HostLiteral {
  const bareDots: number[] = [];
  for (let i = 0; i < text.length; i++) if (text[i] === '.' && text[i - 1] !== '\\') bareDots.push(start + i);
  return { start, end: start + text.length, text, bareDots };
}

function isEscaped(s: string, i: number): boolean {
  let n = 0;
  for (let j = i - 1; j >= 0 && s[j] === '\\'; j--) n++;
  return n % 2 === 1;
}

/** For each offset, whether it lies inside a `[...]` class. */
function classMask(p: string): boolean[] {
  const mask = new Array<boolean>(p.length).fill(false);
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '\\') {
      mask[i] = inClass;
      if (i + 1 < p.length) mask[i + 1] = inClass;
      i++;
      continue;
    }
    if (!inClass && p[i] === '[') {
      inClass = true;
      mask[i] = true;
      if (p[i + 1] === '^') mask[++i] = true;
      if (p[i + 1] === ']') mask[++i] = true;
      continue;
    }
    mask[i] = inClass;
    if (inClass && p[i] === ']') inClass = false;
  }
  return mask;
}

/** The offset of the `(` that opens the group enclosing `at`, or -1 at top level. */
function openOf(p: string, at: number): number {
  let depth = 0;
  for (let i = at - 1; i >= 0; i--) {
    if (isEscaped(p, i)) continue;
    if (p[i] === ')') depth++;
    else if (p[i] === '(') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** The offset just after the `)` that closes the group enclosing `at`, or -1 at top level. */
function closeOf(p: string, at: number): number {
  let depth = 0;
  for (let i = at; i < p.length; i++) {
    if (p[i] === '\\') {
      i++;
      continue;
    }
    if (p[i] === '(') depth++;
    else if (p[i] === ')') {
      if (depth === 0) return i + 1;
      depth--;
    }
  }
  return -1;
}

/**
 * Whether what comes before offset `at` ends a host name on the left: the start anchor, the
 * scheme's `//`, or a literal dot (a subdomain boundary). `schemeOptional`: the subject starts with
 * the host (valid_referers matches after "http://"), so `^` alone is enough.
 */
function leftClosed(p: string, at: number, depth = 0): boolean {
  if (depth > 20) return false;
  const before = p.slice(0, at);
  if (/(?:\^|\/\/|\\\/\\\/|\\\.)$/.test(before) && !(before.endsWith('\\^'))) return true;
  // A group that ends with a dot, required (`(www\.)`) or not (`(www\.)?`: then look before it too).
  const m = /\\\.\)([?*+]|\{\d*,?\d*\})?$/.exec(before);
  if (m) {
    if (m[1] === undefined || m[1] === '+') return true;
    const open = openOf(p, at - m[0].length + 2);
    return open >= 0 && leftClosed(p, open, depth + 1);
  }
  if (/\((?:\?:)?$/.test(before)) return leftClosed(p, before.lastIndexOf('('), depth + 1);
  if (before.endsWith('|')) {
    const open = openOf(p, at - 1);
    return open >= 0 && leftClosed(p, open, depth + 1);
  }
  return false;
}

/** Whether what follows offset `at` ends a host name on the right: `$`, a path `/`, a port `:`. */
function rightClosed(p: string, at: number, depth = 0): boolean {
  if (depth > 20) return false;
  const after = p.slice(at);
  if (/^(?:\$|\\\/|\/|:|\\:|\\z|\\Z)/.test(after)) return true;
  if (/^\((?:\?:)?(?:\$|\\\/|\/|:|\\:)/.test(after)) return true;
  if (after.startsWith(')') || after.startsWith('|')) {
    const close = closeOf(p, at + (after.startsWith(')') ? 0 : 0));
    if (close < 0) return false;
    let next = close;
    const q = /^(?:[?*+]|\{\d*,?\d*\})/.exec(p.slice(next));
    if (q) next += q[0].length;
    return rightClosed(p, next, depth + 1);
  }
  return false;
}

/** The ways a hostile host can match `pattern`. */
export function hostRegexProblems(pattern: string): HostRegexProblems {
  const literals = hostLiterals(pattern);
  const out: HostRegexProblems = { literals, bareDots: literals.some((l) => l.bareDots.length > 0) };
  for (const l of literals) {
    if (!out.openEnd && !rightClosed(pattern, l.end)) out.openEnd = l;
    if (!out.openStart && !leftClosed(pattern, l.start)) out.openStart = l;
  }
  return out;
}

/** The pattern with every bare dot of its host names escaped. */
export function escapeHostDots(pattern: string, problems: HostRegexProblems): string {
  const dots = new Set(problems.literals.flatMap((l) => l.bareDots));
  let out = '';
  for (let i = 0; i < pattern.length; i++) out += dots.has(i) ? '\\.' : pattern[i];
  return out;
}

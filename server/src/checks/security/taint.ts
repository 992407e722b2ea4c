/**
 * Where the value of an nginx variable comes from, as far as an attacker is concerned: whether the
 * client controls it, and whether it can hold a line feed / carriage return (nginx decodes `%0d%0a`
 * in the path, so `$uri` can; `$request_uri` and headers are raw and cannot) or name an arbitrary
 * host. Regex captures are traced to the regex that sets them (location, `if`, server_name) and to
 * what that regex matches; `set` and `map` variables to the values assigned to them.
 */
import type { Directive, Word } from '../../nginx/ast';
import type { Visit } from '../../nginx/walk';
import { readLocationArgs } from '../../nginx/routing/compile';
import { isNameChar } from '../../nginx/rules/variables';
import { analyzeRegex, has, type GroupInfo } from './regexGroups';
import type { ConfigScan } from './scan';

/** What a variable can carry. */
export interface Taint {
  /** The client chooses (part of) the value. */
  controlled: boolean;
  /** The value can hold "\n". */
  newline: boolean;
  /** The value can hold "\r". */
  cr: boolean;
  /** The value can be any host name (letters, digits, dots): enough to point a request elsewhere. */
  anyHost: boolean;
  /** Where the value comes from, for messages ("the decoded request path"). */
  why: string;
}

const SAFE: Taint = { controlled: false, newline: false, cr: false, anyHost: false, why: '' };

/** A variable reference inside a directive argument. */
export interface VarRef {
  name: string;
  /** Offsets inside the argument's value. */
  start: number;
  end: number;
}

/** The variables an nginx value refers to (`$name`, `${name}`, `$1`), as ngx_http_script reads them. */
export function variablesIn(value: string): VarRef[] {
  const out: VarRef[] = [];
  for (let i = value.indexOf('$'); i >= 0 && i < value.length; i = value.indexOf('$', i + 1)) {
    const start = i;
    if (value[i + 1] === '{') {
      const close = value.indexOf('}', i + 2);
      if (close < 0) break;
      out.push({ name: value.slice(i + 2, close), start, end: close + 1 });
      i = close;
      continue;
    }
    const next = value.charCodeAt(i + 1);
    if (next >= 48 && next <= 57) {
      out.push({ name: value[i + 1], start, end: i + 2 });
      i += 1;
      continue;
    }
    let j = i + 1;
    while (j < value.length && isNameChar(value.charCodeAt(j))) j++;
    if (j > i + 1) out.push({ name: value.slice(i + 1, j), start, end: j });
    i = j - 1;
  }
  return out;
}

/** A parsed `if` condition: `($var op value)`; undefined when it is not a comparison. */
export interface Condition {
  variable: string;
  op: string;
  value: string;
  valueWord: Word;
}

/** Reads the words of an `if` as ngx_http_rewrite_if_condition does (parentheses joined or apart). */
export function readCondition(args: readonly Word[]): Condition | undefined {
  if (args.length === 0) return undefined;
  const words = args.map((w) => w.value);
  const idx = args.map((_, i) => i);
  if (words[0] === '(') {
    words.shift();
    idx.shift();
  } else if (words[0].startsWith('(')) words[0] = words[0].slice(1);
  const last = words.length - 1;
  if (last < 0) return undefined;
  if (words[last] === ')') {
    words.pop();
    idx.pop();
  } else if (words[last].endsWith(')')) words[last] = words[last].slice(0, -1);
  if (words.length !== 3 || !words[0].startsWith('$')) return undefined;
  return { variable: words[0].slice(1), op: words[1], value: words[2], valueWord: args[idx[2]] };
}

const URI_DECODED = 'the decoded request path (%0d%0a in the URL becomes a line break)';

/** The taint of the nginx built-in variables a client controls. */
function builtinTaint(name: string): Taint | undefined {
  const lower = name.toLowerCase();
  switch (lower) {
    case 'uri':
    case 'document_uri':
    case 'request_filename':
    case 'fastcgi_path_info':
    case 'fastcgi_script_name':
      return { controlled: true, newline: true, cr: true, anyHost: true, why: URI_DECODED };
    case 'request_body':
    case 'remote_user':
      return { controlled: true, newline: true, cr: true, anyHost: true, why: lower === 'remote_user' ? 'the decoded Authorization user name' : 'the request body' };
    case 'request_uri':
    case 'args':
    case 'query_string':
    case 'request':
      return { controlled: true, newline: false, cr: false, anyHost: true, why: 'the raw request line' };
    case 'http_host':
      return { controlled: true, newline: false, cr: false, anyHost: true, why: 'the Host header as the client sent it' };
    case 'host':
    case 'server_name':
    case 'hostname':
      return SAFE;
  }
  if (lower.startsWith('arg_')) return { controlled: true, newline: false, cr: false, anyHost: true, why: `the query parameter "${name.slice(4)}"` };
  if (lower.startsWith('http_')) return { controlled: true, newline: false, cr: false, anyHost: true, why: `the request header ${name.slice(5).replace(/_/g, '-')}` };
  if (lower.startsWith('cookie_')) return { controlled: true, newline: false, cr: false, anyHost: true, why: `the cookie "${name.slice(7)}"` };
  return undefined;
}

/** Definitions of `set` and `map` variables in one configuration, by lower-cased name. */
interface Definitions {
  set: Map<string, Visit[]>;
  map: Map<string, Visit[]>;
}

const defsCache = new WeakMap<ConfigScan, Definitions>();

function definitions(scan: ConfigScan): Definitions {
  let d = defsCache.get(scan);
  if (d) return d;
  d = { set: new Map(), map: new Map() };
  for (const v of scan.named('set', 'map')) {
    const a = v.directive.args;
    if (v.directive.name === 'set' && a.length >= 2 && a[0].value.startsWith('$')) push(d.set, a[0].value.slice(1).toLowerCase(), v);
    else if (v.directive.name === 'map' && v.directive.block && a.length >= 2 && a[1].value.startsWith('$')) push(d.map, a[1].value.slice(1).toLowerCase(), v);
  }
  defsCache.set(scan, d);
  return d;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** The regex whose captures `$1`.. and named groups refer to at a place, with what it matched. */
export interface CaptureSource {
  groups: ReturnType<typeof analyzeRegex>;
  /** The taint of the matched subject. */
  subject: Taint;
  /** The directive holding the regex. */
  at: Directive;
  kind: 'location' | 'if' | 'rewrite' | 'server_name';
}

/**
 * The regexes that can have set the captures seen at `v`, innermost first: the `if` conditions and
 * the regex location around it, and regex server names (named captures only).
 */
export function captureSources(scan: ConfigScan, v: Visit, seen: Set<string> = new Set()): CaptureSource[] {
  // The sources depend on the enclosing blocks only: directives of one block share them. Kept
  // only when no `if` is among them (an if's subject taint depends on the cycle guard `seen`).
  const memo = v.parent ? sourcesCache.get(v.parent) : undefined;
  if (memo) return memo;
  const out: CaptureSource[] = [];
  for (let p = v.parent; p; p = p.parent) {
    const d = p.directive;
    if (d.name === 'if') {
      const c = readCondition(d.args);
      if (c && (c.op === '~' || c.op === '~*')) out.push({ groups: analyzeRegex(c.value), subject: variableTaint(scan, v, c.variable, seen), at: d, kind: 'if' });
    } else if (d.name === 'location') {
      const read = readLocationArgs(d.args.map((w) => w.value));
      if (read && (read.modifier === '~' || read.modifier === '~*')) out.push({ groups: analyzeRegex(read.pattern), subject: builtinTaint('uri')!, at: d, kind: 'location' });
    } else if (d.name === 'server') {
      for (const s of scan.children.get(p) ?? []) {
        if (s.directive.name !== 'server_name') continue;
        for (const w of s.directive.args) {
          if (w.value.startsWith('~')) out.push({ groups: analyzeRegex(w.value.slice(1)), subject: { controlled: true, newline: false, cr: false, anyHost: false, why: 'the Host header' }, at: s.directive, kind: 'server_name' });
        }
      }
    }
  }
  if (v.parent && out.every((src) => src.kind !== 'if')) sourcesCache.set(v.parent, out);
  return out;
}

/** `captureSources` by enclosing block (visits belong to one scan). */
const sourcesCache = new WeakMap<Visit, CaptureSource[]>();
/** The taint a `set`/`map` variable gets from its definitions, by scan and lower-cased name. */
const definedTaintCache = new WeakMap<ConfigScan, Map<string, Taint>>();

/** The taint of a capture group: what the group can hold of what its subject can hold. */
export function groupTaint(g: GroupInfo, subject: Taint, label: string): Taint {
  if (!subject.controlled) return SAFE;
  const letters = has(g.chars, 'a') || has(g.chars, 'A');
  return {
    controlled: true,
    newline: subject.newline && has(g.chars, '\n'),
    cr: subject.cr && has(g.chars, '\r'),
    anyHost: subject.anyHost && letters && has(g.chars, '.'),
    why: `${label}, a part of ${subject.why}`,
  };
}

/**
 * The taint of variable `name` as seen by the directive at `v`. `set`/`map` variables take the
 * union of every value assigned to them anywhere in the configuration (over-approximate: which
 * `set` ran depends on the request).
 */
export function variableTaint(scan: ConfigScan, v: Visit, name: string, seen?: Set<string>): Taint {
  if (seen === undefined) {
    // A name no regex of the configuration captures has the same taint everywhere: once per name.
    if (isDigit(name) || capturedNames(scan).has(name)) return taintAt(scan, v, name, new Set());
    let known = anywhereCache.get(scan);
    if (!known) anywhereCache.set(scan, (known = new Map()));
    let t = known.get(name);
    if (!t) known.set(name, (t = taintAt(scan, v, name, new Set())));
    return t;
  }
  return taintAt(scan, v, name, seen);
}

/** A one-character digit name: a numbered capture (`$1`). */
function isDigit(name: string): boolean {
  return name.length === 1 && name >= '0' && name <= '9';
}

/** `variableTaint` of names that are not captures, by scan and name. */
const anywhereCache = new WeakMap<ConfigScan, Map<string, Taint>>();
const capturedCache = new WeakMap<ConfigScan, Set<string>>();

/** The names of the named groups of every regex that can set captures (locations, if conditions, server names). */
function capturedNames(scan: ConfigScan): Set<string> {
  let names = capturedCache.get(scan);
  if (!names) {
    names = new Set();
    for (const directive of ['location', 'if', 'server_name']) {
      for (const v of scan.named(directive)) {
        for (const w of v.directive.args) {
          if (!w.value.includes('(?')) continue;
          for (const m of w.value.matchAll(/\(\?(?:P?<([A-Za-z_][A-Za-z0-9_]*)>|'([A-Za-z_][A-Za-z0-9_]*)')/g)) names.add(m[1] ?? m[2]);
        }
      }
    }
    capturedCache.set(scan, names);
  }
  return names;
}

function taintAt(scan: ConfigScan, v: Visit, name: string, seen: Set<string>): Taint {
  const lower = name.toLowerCase();
  if (isDigit(name)) {
    // `if ($1 ~ ...)` reads a capture to set captures: guard the loop like named variables.
    if (seen.has(name) || seen.size > 32) return SAFE;
    const n = Number(name);
    seen.add(name);
    // $1 refers to the innermost regex that ran: the if condition or the location.
    const src = captureSources(scan, v, seen).find((s) => s.kind !== 'server_name');
    const g = src?.groups.groups[n - 1];
    seen.delete(name);
    return src && g ? groupTaint(g, src.subject, `$${n} (captured by ${src.at.name === 'if' ? 'the if condition' : 'the location regex'})`) : SAFE;
  }
  const builtin = builtinTaint(name);
  if (builtin) return builtin;
  if (seen.has(lower) || seen.size > 32) return SAFE;
  seen.add(lower);
  for (const src of captureSources(scan, v, seen)) {
    const g = src.groups.byName.get(name);
    if (g) return groupTaint(g, src.subject, `$${name} (a named capture of ${src.kind === 'server_name' ? 'a server_name regex' : src.kind === 'if' ? 'an if condition' : 'the location regex'})`);
  }
  // What the definitions give does not depend on where the variable is read: once per name.
  const top = seen.size === 1;
  let known = top ? definedTaintCache.get(scan) : undefined;
  if (top && !known) definedTaintCache.set(scan, (known = new Map()));
  const hit = known?.get(lower);
  if (hit) {
    seen.delete(lower);
    return hit;
  }
  const defs = definitions(scan);
  let acc: Taint = SAFE;
  for (const s of defs.set.get(lower) ?? []) {
    const value = s.directive.args[1].value;
    acc = join(acc, because(valueTaint(scan, s, value, seen), `set to "${value}": `));
  }
  for (const m of defs.map.get(lower) ?? []) {
    const from = m.directive.args[0].value;
    const source = valueTaint(scan, m, from, seen);
    // A map body is a table (walkConfig does not enter it): its entries are `key value;` lines.
    for (const entry of m.directive.block?.children ?? []) {
      if (entry.type !== 'directive') continue;
      const value = entry.args[0]?.value;
      if (value === undefined) continue;
      // `$1` in a map value is a capture of the map's own regex over its source.
      const t = /\$[0-9]/.test(value) ? source : valueTaint(scan, m, value, seen);
      acc = join(acc, because(t, `mapped from ${from}: `));
    }
  }
  seen.delete(lower);
  known?.set(lower, acc);
  return acc;
}

/** The taint of a whole value: the union of its variables'. */
export function valueTaint(scan: ConfigScan, v: Visit, value: string, seen: Set<string> = new Set()): Taint {
  let acc = SAFE;
  for (const ref of variablesIn(value)) acc = join(acc, variableTaint(scan, v, ref.name, seen));
  return acc;
}

function because(t: Taint, prefix: string): Taint {
  return t.controlled && !t.why.startsWith(prefix) ? { ...t, why: prefix + t.why } : t;
}

function join(a: Taint, b: Taint): Taint {
  if (!b.controlled) return a;
  if (!a.controlled) return b;
  return { controlled: true, newline: a.newline || b.newline, cr: a.cr || b.cr, anyHost: a.anyHost || b.anyHost, why: a.why };
}

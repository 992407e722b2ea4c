/**
 * The names an nginx configuration defines and uses, with their spans: upstreams and the
 * `*_pass` addresses that name them, unix sockets, `$variables` (set, map, geo, regex captures)
 * and `@named` locations. Definition, references, rename, hover and completion all read these.
 */
import type { Directive, NginxFile, Word } from '../../nginx/ast';
import { allDirectives } from './cursor';
import { getOwn } from '../../common/own';

/** A name written somewhere, with the span of the name itself (not the whole word). */
export interface NameSpan {
  name: string;
  start: number;
  end: number;
  directive: Directive;
}

/** Directives whose first argument is an upstream address. */
export const PASS_DIRECTIVES = new Set(['proxy_pass', 'uwsgi_pass', 'fastcgi_pass', 'scgi_pass', 'grpc_pass', 'memcached_pass']);

/** The offset in the file of `value` index `i` of a word, for words whose raw text has no escapes. */
function at(w: Word, i: number): number {
  return w.start + (w.quote ? 1 : 0) + i;
}

/** `upstream NAME { ... }` blocks of a file (http and stream). */
export function upstreamDefinitions(file: NginxFile): NameSpan[] {
  const out: NameSpan[] = [];
  for (const d of allDirectives(file)) {
    if (d.name !== 'upstream' || !d.block || d.args.length === 0) continue;
    const w = d.args[0];
    out.push({ name: w.value, start: at(w, 0), end: at(w, w.value.length), directive: d });
  }
  return out;
}

const SCHEME = /^(?:https?|grpcs?|uwsgi|suwsgi):\/\//;

/**
 * The host part of a `*_pass` address that may name an upstream (`http://app:8000/x` -> `app`):
 * not a unix socket, not an IP, not a variable.
 */
export function upstreamReference(d: Directive): NameSpan | undefined {
  if (!PASS_DIRECTIVES.has(d.name) || d.args.length === 0) return undefined;
  const w = d.args[0];
  if (w.raw !== w.value && !w.quote) return undefined;
  const m = SCHEME.exec(w.value);
  const from = m ? m[0].length : 0;
  if (!m && (d.name === 'proxy_pass' || w.value.includes('://'))) return undefined;
  const rest = w.value.slice(from);
  const host = /^[A-Za-z0-9_.-]+/.exec(rest)?.[0];
  if (!host || host === 'unix' || rest.startsWith('unix:') || /^\d+(\.\d+){3}$/.test(host)) return undefined;
  return { name: host, start: at(w, from), end: at(w, from + host.length), directive: d };
}

/**
 * The unix socket path a directive connects to or listens on: `proxy_pass http://unix:/run/a.sock:/x`,
 * `uwsgi_pass unix:/run/a.sock`, `server unix:/run/a.sock` (in an upstream), `listen unix:/x.sock`.
 */
export function socketReference(d: Directive): NameSpan | undefined {
  if (d.args.length === 0) return undefined;
  const w = d.args[0];
  let from: number;
  if (PASS_DIRECTIVES.has(d.name)) {
    const m = /^(?:[a-z]+:\/\/)?unix:/.exec(w.value);
    if (!m) return undefined;
    from = m[0].length;
  } else if ((d.name === 'server' && d.parent?.name === 'upstream') || d.name === 'listen') {
    if (!w.value.startsWith('unix:')) return undefined;
    from = 5;
  } else return undefined;
  let path = w.value.slice(from);
  // In a URL the socket path ends at the `:` before the URI (`unix:/run/a.sock:/prefix/`).
  if (w.value.includes('://')) {
    const colon = path.indexOf(':');
    if (colon >= 0) path = path.slice(0, colon);
  }
  if (!path) return undefined;
  return { name: path, start: at(w, from), end: at(w, from + path.length), directive: d };
}

/** `$name` and `${name}` uses inside a word, with the span of `name`. */
export function variableUses(w: Word, d: Directive): NameSpan[] {
  const out: NameSpan[] = [];
  const raw = w.raw;
  for (let i = raw.indexOf('$'); i >= 0; i = raw.indexOf('$', i + 1)) {
    if (i > 0 && raw[i - 1] === '\\') continue;
    const braced = raw[i + 1] === '{';
    const from = i + (braced ? 2 : 1);
    const m = /^[A-Za-z0-9_]+/.exec(raw.slice(from));
    if (!m) continue;
    out.push({ name: m[0], start: w.start + from, end: w.start + from + m[0].length, directive: d });
  }
  return out;
}

/** Directives whose n-th argument defines a variable (`set $x ...`, `map $in $out {}`). */
const DEFINING_ARG: Record<string, (d: Directive) => Word | undefined> = {
  set: (d) => d.args[0],
  auth_request_set: (d) => d.args[0],
  perl_set: (d) => d.args[0],
  js_set: (d) => d.args[0],
  map: (d) => d.args[1],
  split_clients: (d) => d.args[1],
  geo: (d) => d.args[d.args.length - 1],
};

/** Named captures of a PCRE regex: `(?<name>`, `(?P<name>`, `(?'name'`. */
function namedCaptures(w: Word, d: Directive): NameSpan[] {
  const out: NameSpan[] = [];
  for (const m of w.raw.matchAll(/\(\?(?:P?<([A-Za-z_][A-Za-z0-9_]*)>|'([A-Za-z_][A-Za-z0-9_]*)')/g)) {
    const name = m[1] ?? m[2];
    const start = w.start + m.index! + m[0].indexOf(name);
    out.push({ name, start, end: start + name.length, directive: d });
  }
  return out;
}

/** Words of a directive that are regexes (where named captures define variables). */
function regexWords(d: Directive): Word[] {
  if (d.name === 'location' && d.args.length >= 2 && /^~\*?$/.test(d.args[0].value)) return [d.args[1]];
  if (d.name === 'location' && d.args.length === 1 && d.args[0].value.startsWith('~')) return [d.args[0]];
  if (d.name === 'server_name') return d.args.filter((a) => a.value.startsWith('~'));
  if (d.name === 'rewrite' && d.args.length > 0) return [d.args[0]];
  if (d.name === 'if') return d.args;
  if (d.parent && d.parent.name === 'map' && d.nameWord.value.startsWith('~')) return [d.nameWord];
  return [];
}

/** Every variable a file defines (set, map, geo, split_clients, regex named captures, ...). */
export function variableDefinitions(file: NginxFile): NameSpan[] {
  const out: NameSpan[] = [];
  for (const d of allDirectives(file)) {
    // Own keys only: a directive named `constructor` defines nothing (Object's constructor is no picker).
    const pick = getOwn(DEFINING_ARG, d.name);
    const w = pick?.(d);
    if (w && w.value.startsWith('$')) {
      const name = /^\$\{?([A-Za-z0-9_]+)/.exec(w.raw.replace(/^["']/, ''))?.[1];
      if (name) {
        const start = w.start + w.raw.indexOf(name, 1);
        out.push({ name, start, end: start + name.length, directive: d });
      }
    }
    for (const r of regexWords(d)) out.push(...namedCaptures(r, d));
  }
  return out;
}

/** Every `$variable` use of a file (definitions of `set`/`map` excluded). */
export function variableReferences(file: NginxFile): NameSpan[] {
  const out: NameSpan[] = [];
  for (const d of allDirectives(file)) {
    const defining = getOwn(DEFINING_ARG, d.name)?.(d);
    for (const w of [d.nameWord, ...d.args]) {
      if (w === defining) continue;
      out.push(...variableUses(w, d));
    }
  }
  return out;
}

/** `location @name` definitions of a file. */
export function namedLocations(file: NginxFile): NameSpan[] {
  const out: NameSpan[] = [];
  for (const d of allDirectives(file)) {
    if (d.name !== 'location' || d.args.length === 0 || !d.args[0].value.startsWith('@')) continue;
    const w = d.args[0];
    out.push({ name: w.value, start: at(w, 0), end: at(w, w.value.length), directive: d });
  }
  return out;
}

/** Uses of `@name` (try_files, error_page, post_action...). */
export function namedLocationReferences(file: NginxFile): NameSpan[] {
  const out: NameSpan[] = [];
  for (const d of allDirectives(file)) {
    if (d.name === 'location') continue;
    for (const w of d.args) {
      if (/^@[A-Za-z0-9_-]+$/.test(w.value)) out.push({ name: w.value, start: at(w, 0), end: at(w, w.value.length), directive: d });
    }
  }
  return out;
}

/** The name span (of any kind above) that holds `offset`. */
export function spanAt<T extends { start: number; end: number }>(spans: readonly T[], offset: number): T | undefined {
  return spans.find((s) => offset >= s.start && offset <= s.end);
}

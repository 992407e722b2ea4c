/**
 * Variables. nginx compiles every `$name` of a value at startup, so a name that no module and no
 * `set`/`map`/`geo`/... defines is fatal (`unknown "x" variable`); and a `map` (or `geo`,
 * `split_clients`) must not define a built-in variable that cannot be changed
 * (`the duplicate "https" variable`). Only values nginx compiles are scanned: regexes (location,
 * rewrite patterns, `~` operands of `if`) use `$` as an anchor.
 */
import { NGINX_VARIABLES } from '../catalog.generated';
import type { Directive, Word } from '../ast';
import { isDirectiveName } from '../catalog';
import type { Visit } from '../walk';
import type { Rule, RuleContext } from './rule';

/** Built-in variable names (exact) and family prefixes (`http_` for `$http_NAME`). */
const exact = new Set<string>();
const prefixes: string[] = [];
/** Built-ins a `map` may not redefine: the core modules' own, minus the two nginx marks changeable. */
const fixed = new Set<string>();
for (const v of NGINX_VARIABLES) {
  if (v.name.endsWith('_NAME')) prefixes.push(v.name.slice(0, -'NAME'.length));
  else exact.add(v.name);
  if ((v.module === 'ngx_http_core_module' || v.module === 'ngx_stream_core_module') && !v.name.endsWith('_NAME')) fixed.add(v.name);
}
fixed.delete('args');
fixed.delete('limit_rate');

/**
 * Variables nginx defines that the variable index of nginx.org does not list (from the modules'
 * variable tables): geoip's, tcpinfo's siblings, browser and the old ones kept for compatibility.
 */
const UNDOCUMENTED = [
  'tcpinfo_rtt', 'tcpinfo_rttvar', 'tcpinfo_snd_cwnd', 'ancient_browser', 'modern_browser', 'msie',
  'geoip_country_code', 'geoip_country_code3', 'geoip_country_name', 'geoip_area_code', 'geoip_city_continent_code',
  'geoip_city_country_code', 'geoip_city_country_code3', 'geoip_city_country_name', 'geoip_dma_code', 'geoip_latitude',
  'geoip_longitude', 'geoip_region', 'geoip_region_name', 'geoip_city', 'geoip_postal_code', 'geoip_org',
  'upstream_cache_last_modified', 'upstream_cache_etag', 'ssl_client_s_dn_legacy', 'ssl_client_i_dn_legacy',
  'spdy', 'spdy_request_priority', 'uid_got', 'uid_set', 'uid_reset', 'request_body_file', 'connection_time',
  'proxy_internal_body_length', 'proxy_internal_chunked', 'fastcgi_path_info', 'upstream_first_byte_time',
  'upstream_session_time', 'binary_remote_addr', 'is_request_port', 'request_port', 'quic',
];
for (const n of UNDOCUMENTED) exact.add(n);

/** Answers of `isBuiltinVariable` (a configuration uses a few names many times). */
const builtinCache = new Map<string, boolean>();

/** True for a variable some module defines (`$1`..`$9` captures included). */
export function isBuiltinVariable(name: string): boolean {
  let known = builtinCache.get(name);
  if (known === undefined) {
    known = /^\d+$/.test(name) || exact.has(name) || prefixes.some((p) => name.startsWith(p));
    if (builtinCache.size < 10_000) builtinCache.set(name, known);
  }
  return known;
}

/** [A-Za-z0-9_], the characters of a variable name (a char code). */
export function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

const NONE: readonly string[] = Object.freeze([]);

/**
 * The `$name` / `${name}` references of a value (names are [A-Za-z0-9_], as nginx reads them). A
 * hand-written scan: this runs on every compiled word of a configuration, most of them without `$`.
 */
export function variableRefs(value: string): string[] {
  let at = value.indexOf('$');
  if (at < 0) return NONE as string[];
  const out: string[] = [];
  for (; at >= 0; at = value.indexOf('$', at + 1)) {
    if (value.charCodeAt(at + 1) === 123 /* { */) {
      let end = at + 2;
      while (end < value.length && isNameChar(value.charCodeAt(end))) end++;
      if (end > at + 2 && value.charCodeAt(end) === 125 /* } */) out.push(value.slice(at + 2, end));
      continue;
    }
    let end = at + 1;
    while (end < value.length && isNameChar(value.charCodeAt(end))) end++;
    if (end > at + 1) out.push(value.slice(at + 1, end));
  }
  return out;
}

/** Names defined by named captures in a regex: `(?<name>`, `(?P<name>`, `(?'name'`. */
function captureNames(value: string): string[] {
  return [...value.matchAll(/\(\?(?:P?<([A-Za-z_][A-Za-z0-9_]*)>|'([A-Za-z_][A-Za-z0-9_]*)')/g)].map((m) => m[1] ?? m[2]);
}

/** Which argument of a definition names the variable it defines (`set $x`, `map $src $x`). */
function definedBy(d: Directive): Word | undefined {
  switch (d.name) {
    case 'set':
    case 'perl_set':
    case 'js_set':
    case 'js_var':
    case 'auth_request_set':
    case 'auth_jwt_claim_set':
    case 'auth_jwt_header_set':
      return d.args[0];
    case 'map':
    case 'split_clients':
    case 'keyval':
      return d.args[1];
    case 'geo':
    case 'num_map':
      return d.args[d.args.length - 1];
    default:
      return undefined;
  }
}

/** The arguments whose variables nginx compiles, per directive (indexes; -1 = every argument). */
const COMPILED: ReadonlyMap<string, readonly number[]> = new Map(Object.entries({
  set: [1], return: [-1], rewrite: [1], add_header: [1], add_trailer: [1], proxy_set_header: [1],
  grpc_set_header: [1], fastcgi_param: [1], uwsgi_param: [1], scgi_param: [1], proxy_pass: [0],
  fastcgi_pass: [0], uwsgi_pass: [0], scgi_pass: [0], grpc_pass: [0], root: [0], alias: [0], try_files: [-1],
  index: [-1], limit_req_zone: [0], limit_conn_zone: [0], proxy_cache_key: [0], fastcgi_cache_key: [0],
  uwsgi_cache_key: [0], scgi_cache_key: [0], proxy_cache_bypass: [-1], proxy_no_cache: [-1],
  fastcgi_cache_bypass: [-1], fastcgi_no_cache: [-1], map: [0], split_clients: [0], auth_request_set: [1],
  access_log: [0], log_format: [-1],
}));

/** Calls `fn` with each word of a directive whose `$` are variable references (no array per directive: this runs on all of them). */
function eachCompiledWord(v: Visit, fn: (v: Visit, w: Word) => void): void {
  const d = v.directive;
  const args = d.args;
  if (d.name === 'if') {
    // `($a ~ ^x$)`: the operand after a regex operator is a regex.
    for (let i = 0; i < args.length; i++) {
      const prev = i > 0 ? args[i - 1].value : undefined;
      if (prev === '~' || prev === '~*' || prev === '!~' || prev === '!~*') continue;
      fn(v, args[i]);
    }
    return;
  }
  if (d.name === 'geo') {
    if (args.length === 2) fn(v, args[0]);
    return;
  }
  const which = COMPILED.get(d.name);
  if (!which) return;
  if (which[0] !== -1) {
    for (const i of which) if (i < args.length) fn(v, args[i]);
    return;
  }
  // log_format: the name and `escape=` are not compiled.
  const logFormat = d.name === 'log_format';
  for (let i = logFormat ? 1 : 0; i < args.length; i++) if (!logFormat || !args[i].value.startsWith('escape=')) fn(v, args[i]);
}

/** The rule. */
export function variablesRule(ctx: RuleContext): Rule {
  const defined = new Set<string>();
  const uses: Array<{ v: Visit; word: Word; name: string }> = [];
  /** A directive no catalog module knows (lua, geoip2, ...) may define variables we cannot see. */
  let foreign = false;

  /** Notes the references of a word; a built-in or already defined name is known for good (most are). */
  const use = (v: Visit, word: Word) => {
    if (word.value.indexOf('$') < 0) return;
    for (const name of variableRefs(word.value)) if (!defined.has(name) && !isBuiltinVariable(name)) uses.push({ v, word, name });
  };
  const noteRegexes = (d: Directive) => {
    for (const a of d.args) if (a.value.indexOf('(?') >= 0) for (const n of captureNames(a.value)) defined.add(n);
  };

  return {
    directive(v) {
      const d = v.directive;
      if (!isDirectiveName(d.name)) foreign = true;
      noteRegexes(d);
      const def = definedBy(d);
      if (def && def.value.startsWith('$')) {
        const name = def.value.slice(1);
        defined.add(name);
        if (fixed.has(name) && d.name !== 'set' && (d.name === 'map' || d.name === 'geo' || d.name === 'split_clients')) {
          ctx.report(v, def, 'error', 'nginx-duplicate-variable', `the duplicate "${name}" variable: $${name} is built in and cannot be redefined; use another name`);
        }
      }
      // Map values are compiled too; keys may be regexes with named captures.
      if (d.name === 'map' && d.block) {
        for (const e of d.block.children) {
          if (e.type !== 'directive' || e.name === 'include' || e.name === 'hostnames' || e.name === 'volatile') continue;
          if (e.name.includes('(?')) for (const n of captureNames(e.name)) defined.add(n);
          for (const w of e.args) use(v, w);
        }
      }
      eachCompiledWord(v, use);
    },
    finish() {
      for (const u of uses) {
        if (defined.has(u.name) || isBuiltinVariable(u.name)) continue;
        if (ctx.complete && !foreign) ctx.report(u.v, u.word, 'error', 'nginx-unknown-variable', `unknown "${u.name}" variable`);
        else ctx.report(u.v, u.word, 'hint', 'nginx-unknown-variable', `"$${u.name}" is not defined in the workspace; the main nginx.conf must define it (map, set, geo, ...)`);
      }
    },
  };
}

/**
 * Things nginx allows once per block: a location per match (`duplicate location "/static"`),
 * one of `root`/`alias` (`"alias" directive is duplicate, "root" directive was specified
 * earlier`), and one value for the common single-value directives (`"proxy_pass" directive is
 * duplicate`). The blocks are their effective contents, includes expanded.
 */
import type { Directive } from '../ast';
import { lineOf } from '../lines';
import type { Visit } from '../walk';
import type { Rule, RuleContext } from './rule';

/** How a location matches, as nginx's location tree compares them. */
export interface LocationMatch {
  kind: 'exact' | 'prefix' | 'regex' | 'named';
  /** The uri, regex or name without its modifier. */
  pattern: string;
  /** `^~` on a prefix location. */
  noRegex?: boolean;
  /** `~*`. */
  caseless?: boolean;
}

/** Reads a location's arguments, attached modifiers (`=/x`, `~*\.php$`) included. Undefined when malformed. */
export function locationMatch(d: Directive): LocationMatch | undefined {
  const a = d.args.map((w) => w.value);
  if (a.length === 2) {
    const [m, p] = a;
    if (m === '=') return { kind: 'exact', pattern: p };
    if (m === '^~') return { kind: 'prefix', pattern: p, noRegex: true };
    if (m === '~') return { kind: 'regex', pattern: p };
    if (m === '~*') return { kind: 'regex', pattern: p, caseless: true };
    return undefined;
  }
  if (a.length !== 1) return undefined;
  const v = a[0];
  if (v.startsWith('=')) return { kind: 'exact', pattern: v.slice(1) };
  if (v.startsWith('^~')) return { kind: 'prefix', pattern: v.slice(2), noRegex: true };
  if (v.startsWith('~*')) return { kind: 'regex', pattern: v.slice(2), caseless: true };
  if (v.startsWith('~')) return { kind: 'regex', pattern: v.slice(1) };
  if (v.startsWith('@')) return { kind: 'named', pattern: v.slice(1) };
  return { kind: 'prefix', pattern: v };
}

/**
 * Directives whose handler stores one value and rejects a second in the same block
 * (ngx_conf_set_*_slot and friends print `"x" directive is duplicate`). Deliberately the common
 * ones only: array-valued directives (add_header, proxy_set_header, listen, ...) repeat freely.
 */
export const SINGLE_VALUE_DIRECTIVES: ReadonlySet<string> = new Set([
  'proxy_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'grpc_pass', 'memcached_pass',
  'try_files', 'client_max_body_size', 'client_body_buffer_size', 'client_body_timeout', 'client_header_timeout',
  'sendfile', 'tcp_nopush', 'tcp_nodelay', 'keepalive_timeout', 'send_timeout', 'server_tokens', 'autoindex',
  'default_type', 'gzip', 'gzip_comp_level', 'gzip_vary', 'charset', 'proxy_http_version', 'proxy_buffering',
  'proxy_read_timeout', 'proxy_connect_timeout', 'proxy_send_timeout', 'proxy_cache', 'proxy_cache_key',
  'fastcgi_index', 'fastcgi_read_timeout', 'uwsgi_read_timeout', 'ssl_ciphers', 'ssl_prefer_server_ciphers',
  'ssl_session_timeout', 'worker_processes', 'worker_connections', 'pid', 'user', 'auth_basic_user_file',
  'server_name_in_redirect', 'port_in_redirect', 'absolute_redirect', 'log_not_found', 'etag', 'internal',
]);

/** The rule. */
export function duplicatesRule(ctx: RuleContext): Rule {
  const line = (v: Visit) => lineOf(v.file, v.directive.start);
  const where = (v: Visit, from: Visit) => (v.file === from.file ? `line ${line(v)}` : `${v.file.path}:${line(v)}`);
  return {
    block(owner, children) {
      // Locations: nginx compares exact with exact and prefix (^~ or not) with prefix, by name.
      if (!owner || owner.directive.name === 'server' || owner.directive.name === 'location') {
        // Maps made on first need: most blocks hold no location, or no directive to compare.
        let seen: Map<string, Visit> | undefined;
        for (const c of children) {
          if (c.directive.name !== 'location' || !c.directive.block) continue;
          const m = locationMatch(c.directive);
          if (!m || m.kind === 'regex' || m.kind === 'named') continue;
          const key = `${m.kind} ${m.pattern}`;
          const first = seen?.get(key);
          if (first) {
            const span = c.directive.args[c.directive.args.length - 1];
            ctx.report(c, span, 'error', 'nginx-duplicate-location', `duplicate location "${m.pattern}" (${where(first, c)} has the same ${m.kind === 'exact' ? 'exact match' : 'prefix'})`);
          } else (seen ??= new Map()).set(key, c);
        }
      }
      // root/alias and single-value directives, once per block.
      let once: Map<string, Visit> | undefined;
      for (const c of children) {
        const name = c.directive.name;
        if (name === 'root' || name === 'alias') {
          const prev = once?.get('root|alias');
          if (prev) {
            const was = prev.directive.name;
            const msg = was === name ? `"${name}" directive is duplicate (${where(prev, c)})` : `"${name}" directive is duplicate, "${was}" directive was specified earlier (${where(prev, c)})`;
            ctx.report(c, c.directive.nameWord, 'error', was === name ? 'nginx-duplicate-directive' : 'nginx-root-and-alias', msg);
          } else (once ??= new Map()).set('root|alias', c);
          continue;
        }
        if (!SINGLE_VALUE_DIRECTIVES.has(name)) continue;
        const prev = once?.get(name);
        if (prev) ctx.report(c, c.directive.nameWord, 'error', 'nginx-duplicate-directive', `"${name}" directive is duplicate (${where(prev, c)})`);
        else (once ??= new Map()).set(name, c);
      }
    },
  };
}

/**
 * Addresses of upstream servers (`server` in `upstream {}`, `proxy_pass`, `fastcgi_pass`, ...) as
 * ngx_parse_url reads them at startup: a port must be a number from 1 to 65535
 * (`invalid port in upstream "127.0.0.1:YOURPORT"`). Values with variables are resolved at run
 * time and are not checked.
 */
import type { Rule, RuleContext } from './rule';

/** Directives whose argument is an upstream address without a scheme. */
const BARE_ADDRESS = new Set(['fastcgi_pass', 'scgi_pass', 'memcached_pass']);
/** Directives whose argument may carry a scheme (`http://`, `grpc://`, `uwsgi://`). */
const URL_ADDRESS = new Set(['proxy_pass', 'uwsgi_pass', 'grpc_pass']);

/**
 * The `host[:port]` part of an address or URL; undefined for unix sockets, variables, and URLs
 * whose scheme is wrong (the passes rule reports those).
 */
export function hostPort(value: string, withScheme: boolean): string | undefined {
  if (value.includes('$')) return undefined;
  let rest = value;
  if (withScheme) {
    const m = /^[a-z][a-z0-9+.-]*:\/\//i.exec(rest);
    if (m) rest = rest.slice(m[0].length);
    else if (/^[a-z][a-z0-9+.-]*:/i.test(rest) && !/^[^:/]+:\d/.test(rest)) return undefined;
  }
  if (rest.startsWith('unix:')) return undefined;
  const slash = rest.indexOf('/');
  return slash >= 0 ? rest.slice(0, slash) : rest;
}

/** The port text of `host:port` (IPv6 in brackets), undefined when there is none. */
export function portOf(hostport: string): string | undefined {
  if (hostport.startsWith('[')) {
    const close = hostport.indexOf(']');
    return close >= 0 && hostport[close + 1] === ':' ? hostport.slice(close + 2) : undefined;
  }
  const colon = hostport.lastIndexOf(':');
  return colon >= 0 ? hostport.slice(colon + 1) : undefined;
}

/** The rule. */
export function upstreamsRule(ctx: RuleContext): Rule {
  return {
    names: ['server', ...BARE_ADDRESS, ...URL_ADDRESS],
    directive(v) {
      const d = v.directive;
      const inUpstream = d.name === 'server' && !d.block && (v.context === 'upstream' || v.context === 'stream upstream');
      const bare = BARE_ADDRESS.has(d.name) || inUpstream || (d.name === 'proxy_pass' && v.context === 'stream server');
      if (!bare && !URL_ADDRESS.has(d.name)) return;
      const arg = d.args[0];
      if (!arg) return;
      const hp = hostPort(arg.value, !bare);
      if (hp === undefined) return;
      const port = portOf(hp);
      if (port === undefined) return;
      if (/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535) return;
      ctx.report(v, arg, 'error', 'nginx-invalid-port', `invalid port in upstream "${hp}": "${port}" is not a port number (1-65535)`);
    },
  };
}

/**
 * The request headers nginx sends to a backend from one location: the `proxy_set_header`
 * directives in effect there. nginx inherits them from the enclosing level only when the current
 * level has none at all (one `proxy_set_header` in a location drops every server-level one), and
 * without any it sends `Host: $proxy_host` (`localhost` for a unix socket, the upstream's name, or
 * host[:port] as written) and `Connection: close`. `include proxy_params` counts as written where
 * the include is (Debian's file sets Host, X-Real-IP, X-Forwarded-For and X-Forwarded-Proto).
 */
import type { Located, Scope } from '../nginx/routing/model';
import { ownNamed } from '../nginx/routing/model';
import type { ProxyTarget } from './proxies';

/** One header nginx sends. */
export interface SentHeader {
  /** As written (`Host`, `X-Forwarded-Proto`). */
  name: string;
  /** The value as written (`$host`, `$scheme`). */
  value: string;
  /** The directive; undefined for nginx's own default (`Host: $proxy_host`). */
  at?: Located;
}

/** The headers in effect for a pass directive, and the level that defines them (null: nginx's defaults). */
export interface HeadersInEffect {
  headers: SentHeader[];
  level: Scope | null;
}

/** The proxy_set_header directives in effect for a scope, after nginx's all-or-nothing inheritance. */
export function headersInEffect(scope: Scope | null): HeadersInEffect {
  for (let s = scope; s; s = s.parent) {
    const list = ownNamed(s, 'proxy_set_header');
    if (list.length > 0) {
      return { level: s, headers: list.filter((l) => l.directive.args.length >= 2).map((l) => ({ name: l.directive.args[0].value, value: l.directive.args[1].value, at: l })) };
    }
  }
  return { level: null, headers: [] };
}

/** The header named `name` (case-insensitive) nginx sends, or undefined; an empty value means "not sent". */
export function sentHeader(h: HeadersInEffect, name: string): SentHeader | undefined {
  const lower = name.toLowerCase();
  let found: SentHeader | undefined;
  for (const x of h.headers) if (x.name.toLowerCase() === lower) found = x;
  return found && found.value !== '' ? found : undefined;
}

/** The value of `$proxy_host` for a pass: what nginx sends as Host when nothing sets it. */
export function proxyHost(p: ProxyTarget): string | undefined {
  if (p.dynamic) return undefined;
  const m = /^[a-z]+:\/\/(.*)$/i.exec(p.written);
  const rest = m ? m[1] : p.written;
  if (/^unix:/i.test(rest)) return 'localhost';
  const hostPort = rest.split('/')[0];
  // nginx drops the default port of the scheme from $proxy_host.
  const https = /^https:/i.test(p.written);
  return hostPort.replace(https ? /:443$/ : /:80$/, '');
}

/** The scope a pass directive is written in (its location's; the server's for a misplaced one). */
export function scopeOfPass(p: ProxyTarget): Scope {
  return p.location ? p.location.scope : p.server.scope;
}

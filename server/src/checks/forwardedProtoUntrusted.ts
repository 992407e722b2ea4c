import type { Finding } from '../common/diagnostics';
import { backendsOf } from '../project/backends';
import { headersInEffect, scopeOfPass, sentHeader } from '../project/proxyHeaders';
import { where, type Rule, type RuleContext } from './rule';

/**
 * nginx sets X-Forwarded-Proto and the app relies on gunicorn for the scheme (no ProxyFix, no
 * SECURE_PROXY_SSL_HEADER), but gunicorn only honours the header from addresses in
 * `forwarded_allow_ips` (default 127.0.0.1; connections over a unix socket are always trusted,
 * gunicorn/http/message.py). nginx reaching gunicorn over TCP from another address (another
 * container or machine) is not trusted: `wsgi.url_scheme` stays http behind HTTPS.
 */
export const forwardedProtoUntrusted: Rule = {
  id: 'forwarded-proto-untrusted',
  severity: 'warning',
  description: "nginx forwards X-Forwarded-Proto over TCP from an address gunicorn's forwarded_allow_ips does not trust",
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const b of backendsOf(ctx.model, ctx.proxies)) {
      const app = b.entry.app;
      if (!app || b.bind.family !== 'tcp' || b.endpoint.endpoint.kind !== 'tcp') continue;
      if (app.proxy.secureProxySslHeader || (app.proxy.proxyFix && app.proxy.proxyFix.x_proto > 0)) continue;
      const proto = sentHeader(headersInEffect(scopeOfPass(b.proxy)), 'X-Forwarded-Proto');
      if (!proto) continue;
      const allow = b.entry.instance.forwardedAllowIps;
      if (allow === null || allow.split(',').map((s) => s.trim()).includes('*')) continue;
      const allowed = allow.split(',').map((s) => s.trim());
      const host = b.endpoint.endpoint.host.replace(/^\[|\]$/g, '');
      // nginx connects from the loopback address when it connects to one; from elsewhere otherwise.
      const from = host === 'localhost' || host.startsWith('127.') ? '127.0.0.1' : host === '::1' ? '::1' : undefined;
      if (from && allowed.includes(from)) continue;
      const key = `${b.proxy.file.path}:${b.proxy.directive.start}:${b.entry.instance.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const s = b.entry.instance.settings.forwarded_allow_ips?.source;
      const arg = b.proxy.directive.args[0];
      out.push({
        file: b.proxy.file.path,
        start: arg.start,
        end: arg.end,
        severity: this.severity,
        code: this.id,
        message: `nginx sets X-Forwarded-Proto and connects to gunicorn at ${b.bind.address}${from ? ` from ${from}` : ' from another address'}, but gunicorn trusts the header only from forwarded_allow_ips "${allow}"${s ? ` (${where(ctx.host, s.file, s.start, ctx.model.root)})` : ' (its default)'}: the app sees http behind HTTPS. Set --forwarded-allow-ips to nginx's address, or use a unix socket`,
        ...(s ? { related: [{ ...s, message: 'forwarded_allow_ips' }] } : b.bind.source ? { related: [{ ...b.bind.source, message: `gunicorn binds ${b.bind.address}` }] } : {}),
      });
    }
    return out;
  },
};

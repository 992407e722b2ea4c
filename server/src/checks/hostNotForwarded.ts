import type { Finding } from '../common/diagnostics';
import { djangoAllowsHost } from '../project/allowedHosts';
import { addHeaderFix, appPasses } from './hostHeader';
import { where, type Rule, type RuleContext } from './rule';

/**
 * No `Host` header is set for a location that proxies to the app (no `include proxy_params`, no
 * `proxy_set_header Host`, or a location-level proxy_set_header that drops the server's): nginx
 * sends `Host: $proxy_host`, i.e. `localhost` for a unix socket or the upstream's name. Django
 * rejects it unless ALLOWED_HOSTS allows it (400 on every page; an upstream name with "_" is never
 * valid): an error. Otherwise the app works but builds absolute URLs with that name: a hint.
 */
export const hostNotForwarded: Rule = {
  id: 'host-not-forwarded',
  severity: 'error',
  description: "nginx does not forward the client's Host header to the app (Django answers 400 when ALLOWED_HOSTS does not allow what nginx sends)",
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const p of appPasses(ctx)) {
      if (p.host || p.proxyHost === undefined) continue;
      const app = p.entry.app!;
      const dj = app.django;
      const arg = p.proxy.directive.args[0];
      const fix = addHeaderFix(ctx, p, 'Host', '$host');
      const base = { file: p.proxy.file.path, start: arg.start, end: arg.end, code: this.id, ...(fix ? { fixes: [fix] } : {}) };
      const why = p.headers.level ? ` (the proxy_set_header directives in effect, from ${where(ctx.host, p.headers.headers[0].at!.file.path, p.headers.headers[0].at!.directive.start, ctx.model.root)}, do not set Host)` : ' (no include proxy_params, no proxy_set_header Host)';
      if (app.framework === 'django' && dj?.allowedHosts && (dj.debug !== undefined || !dj.settings.DEBUG)) {
        const debug = dj.debug === true;
        if (!djangoAllowsHost(p.proxyHost, dj.allowedHosts, debug)) {
          const s = dj.settings.ALLOWED_HOSTS;
          const at = s?.file && s.nameStart !== undefined ? ` (${where(ctx.host, s.file, s.nameStart, ctx.model.root)})` : '';
          const invalid = /_/.test(p.proxyHost) ? `; "${p.proxyHost}" is not even a valid host name for Django` : '';
          out.push({
            ...base,
            severity: this.severity,
            message: `nginx sends "Host: ${p.proxyHost}" to the app${why}, and Django's ALLOWED_HOSTS ${JSON.stringify(dj.allowedHosts)}${at} does not allow it${invalid}: every request is 400 (DisallowedHost). Forward the client's host: proxy_set_header Host $host; (or include proxy_params)`,
            related: s?.file && s.nameStart !== undefined ? [{ file: s.file, start: s.nameStart, end: s.nameEnd ?? s.nameStart, message: 'ALLOWED_HOSTS' }] : [],
          });
          continue;
        }
      }
      out.push({
        ...base,
        severity: 'hint',
        message: `nginx sends "Host: ${p.proxyHost}" to the app${why}: absolute URLs it builds (url_for(..., _external=True), build_absolute_uri, redirects) name ${p.proxyHost} instead of the site. Forward the client's host: proxy_set_header Host $host; (or include proxy_params)`,
      });
    }
    return out;
  },
};

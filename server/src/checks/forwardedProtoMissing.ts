import type { Finding } from '../common/diagnostics';
import { sentHeader } from '../project/proxyHeaders';
import { addHeaderFix, appPasses } from './hostHeader';
import { where, type Rule, type RuleContext } from './rule';

/**
 * The app trusts a forwarded-scheme header (Django `SECURE_PROXY_SSL_HEADER`, werkzeug
 * `ProxyFix(x_proto=1)`) that nginx does not set for the location: behind HTTPS the app believes
 * the request is plain HTTP (redirect loops with SECURE_SSL_REDIRECT, http:// absolute URLs,
 * insecure-cookie decisions), and since nginx passes client headers through, a client can claim
 * HTTPS itself. The fix adds `proxy_set_header X-Forwarded-Proto $scheme;`.
 */
export const forwardedProtoMissing: Rule = {
  id: 'forwarded-proto-missing',
  severity: 'warning',
  description: 'the app trusts X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER, ProxyFix) but nginx does not set it',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const p of appPasses(ctx)) {
      const app = p.entry.app!;
      let header: string | undefined;
      let setting: { file: string; start: number; end: number; what: string } | undefined;
      const ssl = app.proxy.secureProxySslHeader;
      if (ssl && /^HTTP_/.test(ssl[0])) {
        header = ssl[0].slice(5).split('_').map((w) => w.charAt(0) + w.slice(1).toLowerCase()).join('-');
        const s = app.django?.settings.SECURE_PROXY_SSL_HEADER;
        if (s?.file && s.nameStart !== undefined) setting = { file: s.file, start: s.nameStart, end: s.nameEnd ?? s.nameStart, what: 'SECURE_PROXY_SSL_HEADER' };
      } else if (app.proxy.proxyFix && app.proxy.proxyFix.x_proto > 0) {
        header = 'X-Forwarded-Proto';
        const s = app.proxy.proxyFix.source;
        if (s.file) setting = { file: s.file, start: s.start, end: s.end, what: `ProxyFix(x_proto=${app.proxy.proxyFix.x_proto})` };
      }
      if (!header || sentHeader(p.headers, header)) continue;
      const arg = p.proxy.directive.args[0];
      const fix = addHeaderFix(ctx, p, header, '$scheme');
      const side = setting ? `${setting.what} (${where(ctx.host, setting.file, setting.start, ctx.model.root)})` : 'the app';
      out.push({
        file: p.proxy.file.path,
        start: arg.start,
        end: arg.end,
        severity: this.severity,
        code: this.id,
        message: `${side} trusts ${header}, but nginx does not set it for this location: behind HTTPS the app sees plain HTTP (redirect loops, http:// URLs), and a client can send the header itself. Add proxy_set_header ${header} $scheme; (include proxy_params sets X-Forwarded-Proto)`,
        ...(setting ? { related: [{ file: setting.file, start: setting.start, end: setting.end, message: setting.what }] } : {}),
        ...(fix ? { fixes: [fix] } : {}),
      });
    }
    return out;
  },
};

/**
 * Directives nginx still accepts but warns about. `ssl on` has been replaced by `listen ... ssl`
 * since 1.15.0 (nginx -t prints a [warn]); the http2 tuning directives of 1.19.7 and older are
 * ignored; `listen ... http2` gave way to the `http2` directive in 1.25.1, which Debian 12's 1.22
 * does not have yet, so that one is only a hint.
 */
import type { Rule, RuleContext } from './rule';

/** http2 directives that nginx 1.19.7 made obsolete (read, warned about, ignored). */
const OBSOLETE_HTTP2 = new Set(['http2_max_field_size', 'http2_max_header_size', 'http2_idle_timeout', 'http2_recv_timeout', 'http2_max_requests']);

/** The rule. */
export function deprecatedRule(ctx: RuleContext): Rule {
  return {
    names: ['ssl', 'listen', ...OBSOLETE_HTTP2],
    directive(v) {
      const d = v.directive;
      if (d.name === 'ssl' && !d.block && (v.context === 'http' || v.context === 'server' || v.context === 'mail' || v.context === 'mail server')) {
        ctx.report(v, d.nameWord, 'warning', 'nginx-deprecated', 'the "ssl" directive is deprecated, use the "listen ... ssl" directive instead', undefined, ['deprecated']);
        return;
      }
      if (OBSOLETE_HTTP2.has(d.name)) {
        ctx.report(v, d.nameWord, 'warning', 'nginx-deprecated', `the "${d.name}" directive is obsolete since nginx 1.19.7 and ignored; use "large_client_header_buffers" and "keepalive_timeout"/"keepalive_requests" instead`, undefined, ['deprecated']);
        return;
      }
      if (d.name === 'listen' && v.context === 'server') {
        const h2 = d.args.slice(1).find((a) => a.value === 'http2');
        if (h2) ctx.report(v, h2, 'hint', 'nginx-deprecated', 'since nginx 1.25.1 "listen ... http2" is deprecated in favour of "http2 on;" (nginx 1.22, as in Debian 12, only knows the listen parameter)', undefined, ['deprecated']);
      }
    },
  };
}

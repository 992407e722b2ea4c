import type { Finding, Fix } from '../../common/diagnostics';
import type { Directive } from '../../nginx/ast';
import type { Rule, RuleContext } from '../rule';
import { reportable, scans, unique } from './scan';

/** Protocols broken or deprecated (RFC 7568 for SSLv3, RFC 8996 for TLS 1.0 and 1.1). */
const OBSOLETE = new Set(['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1']);
const DIRECTIVES = ['ssl_protocols', 'proxy_ssl_protocols', 'grpc_ssl_protocols', 'uwsgi_ssl_protocols'];

/**
 * `ssl_protocols` that enables SSLv3, TLS 1.0 or TLS 1.1: deprecated by the IETF (RFC 8996) and open
 * to downgrade attacks (POODLE, BEAST); browsers dropped them in 2020. The fix keeps the modern
 * protocols of the list (TLSv1.2 TLSv1.3 when none is left). nginx 1.22's default still has TLSv1
 * and TLSv1.1, and so does Debian's stock nginx.conf.
 */
export const tlsProtocols: Rule = {
  id: 'tls-protocols-obsolete',
  severity: 'warning',
  description: 'ssl_protocols enables SSLv3, TLSv1 or TLSv1.1 (deprecated, RFC 8996)',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const scan of scans(ctx)) {
      for (const v of scan.named(...DIRECTIVES)) {
        const d = v.directive;
        if (!reportable(ctx, v)) continue;
        const old = d.args.filter((w) => OBSOLETE.has(w.value));
        if (old.length === 0) continue;
        const fix = keepModern(v.file.path, d);
        out.push({
          file: v.file.path,
          start: old[0].start,
          end: old[old.length - 1].end,
          severity: this.severity,
          code: this.id,
          message: `${d.name} enables ${old.map((w) => w.value).join(', ')}: deprecated (RFC 8996) and open to downgrade attacks; no current browser needs them. Keep TLSv1.2 and TLSv1.3`,
          ...(fix ? { fixes: [fix] } : {}),
        });
      }
    }
    return unique(out);
  },
};

function keepModern(file: string, d: Directive): Fix | undefined {
  if (d.comments?.length || d.args.length === 0) return undefined;
  const kept = d.args.map((w) => w.value).filter((v) => !OBSOLETE.has(v));
  const list = kept.length > 0 ? kept : ['TLSv1.2', 'TLSv1.3'];
  const first = d.args[0];
  const last = d.args[d.args.length - 1];
  return { title: `Keep ${list.join(' ')}`, edits: [{ file, start: first.start, end: last.end, newText: list.join(' ') }], preferred: true };
}

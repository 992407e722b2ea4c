import type { Finding } from '../../common/diagnostics';
import type { Visit } from '../../nginx/walk';
import type { Rule, RuleContext } from '../rule';
import { reportable, scans, unique, type ConfigScan } from './scan';
import { variablesIn, variableTaint } from './taint';

const SLASH_FIRST = new Set(['request_uri', 'uri', 'document_uri']);
const PASSES = ['proxy_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'grpc_pass', 'memcached_pass'];

/** The end of the scheme and host part of a pass address (where the path starts). */
export function hostPartEnd(value: string): number {
  const scheme = /^[^/?#]*?:\/\//.exec(value);
  const from = scheme ? scheme[0].length : 0;
  const rest = value.slice(from);
  const slash = rest.search(/[/?#]/);
  return slash < 0 ? value.length : from + slash;
}

/** True when a location around the visit is `internal` (only nginx's own redirects reach it). */
function internal(scan: ConfigScan, v: Visit): boolean {
  for (let p = v.parent; p; p = p.parent) {
    if (p.directive.name === 'location' && (scan.children.get(p) ?? []).some((c) => c.directive.name === 'internal')) return true;
  }
  return false;
}

/**
 * Server-side request forgery: the scheme or host of a `proxy_pass` (or another pass) comes from
 * the request (`$arg_url`, a header, a capture of the path): anyone can make nginx connect to any
 * host it can reach, internal services and cloud metadata endpoints included. Internal locations
 * are skipped: only the app's X-Accel-Redirect reaches them.
 */
export const ssrf: Rule = {
  id: 'ssrf',
  severity: 'error',
  description: 'the host of a proxy_pass comes from the request: nginx can be made to connect anywhere',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const scan of scans(ctx)) {
      for (const v of scan.named(...PASSES)) {
        const d = v.directive;
        const word = d.args[0];
        if (!word || !word.value.includes('$') || !reportable(ctx, v)) continue;
        const end = hostPartEnd(word.value);
        for (const ref of variablesIn(word.value)) {
          // $request_uri and $uri always start with "/": the path starts there.
          if (ref.start >= end || SLASH_FIRST.has(ref.name.toLowerCase())) break;
          const t = variableTaint(scan, v, ref.name);
          if (!t.controlled || !t.anyHost || internal(scan, v)) continue;
          out.push({
            file: v.file.path,
            start: word.start,
            end: word.end,
            severity: this.severity,
            code: this.id,
            message: `the address of ${d.name} takes $${ref.name} (${t.why}) into its ${ref.start === 0 && end === word.value.length ? 'whole URL' : 'scheme or host'}: a client can make nginx connect to any host it can reach (internal services, cloud metadata at 169.254.169.254). Name the backend in the config (an upstream), or map the value to a fixed list of hosts`,
          });
          break;
        }
      }
    }
    return unique(out);
  },
};

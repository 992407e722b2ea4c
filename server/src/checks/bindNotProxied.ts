import type { Finding } from '../common/diagnostics';
import { backendsOf } from '../project/backends';
import type { Rule, RuleContext } from './rule';

/**
 * A gunicorn instance listens where no nginx location of the workspace proxies to. Often fine (a
 * health check, another proxy), so only information; with nginx configs present it usually means one
 * side was renamed.
 */
export const bindNotProxied: Rule = {
  id: 'bind-not-proxied',
  severity: 'information',
  description: 'a gunicorn bind that no nginx location of the workspace proxies to',
  check(ctx: RuleContext): Finding[] {
    if (ctx.model.nginx.length === 0 || ctx.proxies.length === 0) return [];
    const findings: Finding[] = [];
    if (ctx.proxies.some((p) => p.dynamic)) return []; // a variable address may be any of them
    const used = new Set(backendsOf(ctx.model, ctx.proxies).map((b) => b.bind));
    for (const { instance } of ctx.model.gunicorn) {
      for (const b of instance.binds) {
        if (b.family === 'fd' || !b.source) continue;
        if (used.has(b)) continue;
        findings.push({
          ...b.source,
          severity: this.severity,
          code: this.id,
          message: `gunicorn listens on ${b.address}, but no nginx location of the workspace proxies to it`,
        });
      }
    }
    return findings;
  },
};

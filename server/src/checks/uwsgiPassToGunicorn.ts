import type { Finding, Fix } from '../common/diagnostics';
import { backendsOf } from '../project/backends';
import { replaceInRange, where, type Rule, type RuleContext } from './rule';

/**
 * `uwsgi_pass` speaks the uwsgi binary protocol; gunicorn speaks HTTP only and waits for a request
 * line that never comes: each request hangs until gunicorn's worker timeout kills the worker, then
 * nginx answers 502 (`upstream prematurely closed connection`; observed with nginx 1.22 and gunicorn
 * 20.1). The fix turns the directive into `proxy_pass http://…` with the same address.
 */
export const uwsgiPassToGunicorn: Rule = {
  id: 'uwsgi-pass-to-gunicorn',
  severity: 'error',
  description: 'uwsgi_pass to a gunicorn socket: gunicorn does not speak the uwsgi protocol',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const b of backendsOf(ctx.model, ctx.proxies)) {
      const p = b.proxy;
      if (p.directive.name !== 'uwsgi_pass') continue;
      const key = `${p.file.path}:${p.directive.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const arg = p.directive.args[0];
      const address = p.written.replace(/^s?uwsgi:\/\//i, '');
      const fixes: Fix[] = [];
      const name = replaceInRange(ctx.host, p.file.path, p.directive.nameWord.start, p.directive.nameWord.end, 'uwsgi_pass', 'proxy_pass');
      const value = replaceInRange(ctx.host, p.file.path, arg.start, arg.end, p.written, `http://${address}`);
      if (name && value) fixes.push({ title: `Use proxy_pass http://${address}`, edits: [name, value], preferred: true });
      const src = b.bind.source;
      out.push({
        file: p.file.path,
        start: p.directive.start,
        end: p.directive.end,
        severity: this.severity,
        code: this.id,
        message: `uwsgi_pass speaks the uwsgi protocol, but ${b.bind.address} is gunicorn${src ? ` (${where(ctx.host, src.file, src.start, ctx.model.root)})` : ''}, which speaks HTTP only: every request hangs until gunicorn's worker timeout, then 502. Use proxy_pass http://${address}; (and include proxy_params instead of uwsgi_params)`,
        ...(src ? { related: [{ ...src, message: `gunicorn binds ${b.bind.address}` }] } : {}),
        ...(fixes.length ? { fixes } : {}),
      });
    }
    return out;
  },
};

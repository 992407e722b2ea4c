import type { Finding } from '../common/diagnostics';
import { backendsOf } from '../project/backends';
import { staticProbes } from '../project/staticRoutes';
import { type Rule, type RuleContext } from './rule';

/** `/home/<user>/...`: the user, when the path is inside a home folder. */
function homeOwner(path: string): string | undefined {
  return /^\/home\/([^/]+)\/./.exec(path)?.[1];
}

/**
 * nginx reads static files or connects to a socket inside a home folder (`/home/ubuntu/...`). Home
 * folders are 0750 on Ubuntu 21.04 and later (and on many other systems): nginx's workers
 * (www-data) cannot traverse them, so files answer 403 and the socket 502 (`13: Permission
 * denied`), although the files say nothing wrong. Information: it depends on the server's modes.
 */
export const homeDirPermission: Rule = {
  id: 'home-dir-permission',
  severity: 'information',
  description: 'nginx serves files or connects to a socket under /home/<user>, which is 0750 on Ubuntu 21.04+ (403/502 Permission denied)',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const seen = new Set<string>();
    const push = (file: string, start: number, end: number, what: string, path: string) => {
      const user = homeOwner(path);
      if (!user || seen.has(`${file}:${start}`)) return;
      seen.add(`${file}:${start}`);
      out.push({
        file,
        start,
        end,
        severity: this.severity,
        code: this.id,
        message: `${what} ${path} is inside /home/${user}, which is 0750 on Ubuntu 21.04 and later: nginx's workers (www-data) then get (13: Permission denied). Let them through (chmod o+x /home/${user}, or add www-data to the group ${user}), or keep the deployment outside /home`,
      });
    };
    for (const p of staticProbes(ctx)) {
      const t = p.result.target;
      if (p.verdict === 'ok' && t.kind === 'static' && t.ref && p.served) push(t.ref.file, t.ref.start, t.ref.end, 'nginx serves static files from', p.served.slice(0, p.served.length - p.rel.length - 1));
    }
    for (const b of backendsOf(ctx.model, ctx.proxies)) {
      if (b.endpoint.endpoint.kind === 'unix') push(b.endpoint.file.path, b.endpoint.word.start, b.endpoint.word.end, 'nginx connects to the socket', b.endpoint.endpoint.path);
    }
    return out;
  },
};

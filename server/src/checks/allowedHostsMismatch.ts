import type { Finding } from '../common/diagnostics';
import { djangoAllowsHost } from '../project/allowedHosts';
import { appPasses } from './hostHeader';
import { where, type Rule, type RuleContext } from './rule';

/** Host values that carry the client's Host header (or the server's name). */
const CLIENT_HOST = new Set(['$host', '$http_host', '$server_name']);

/**
 * nginx forwards the client's Host, but none of the server's names (`server_name`) is in Django's
 * ALLOWED_HOSTS: requests by those names get 400 (DisallowedHost). A warning, because the names in
 * the files are often placeholders that are replaced on the server.
 */
export const allowedHostsMismatch: Rule = {
  id: 'allowed-hosts-mismatch',
  severity: 'warning',
  description: "none of the nginx server's names is in Django's ALLOWED_HOSTS (400 DisallowedHost)",
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const p of appPasses(ctx)) {
      const dj = p.entry.app?.django;
      if (!p.host || !dj?.allowedHosts || (dj.settings.DEBUG && dj.debug === undefined)) continue;
      const value = p.host.value.toLowerCase();
      let names: string[];
      if (CLIENT_HOST.has(value)) names = p.proxy.server.nameTexts.filter((n) => n !== '' && n !== '_' && !n.startsWith('~') && !n.includes('*') && !n.includes('$'));
      else if (!value.includes('$')) names = [p.host.value];
      else continue;
      if (names.length === 0 || names.some((n) => djangoAllowsHost(n, dj.allowedHosts!, dj.debug === true))) continue;
      const key = `${p.proxy.server.index}:${p.proxy.site.config.main.path}:${p.entry.instance.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const s = dj.settings.ALLOWED_HOSTS;
      const at = s?.file && s.nameStart !== undefined ? ` (${where(ctx.host, s.file, s.nameStart, ctx.model.root)})` : '';
      const server = p.proxy.server.at;
      const nameDirective = p.proxy.server.scope.own.find((o) => o.directive.name === 'server_name');
      const anchor = nameDirective ?? server ?? { file: p.proxy.file, directive: p.proxy.directive };
      out.push({
        file: anchor.file.path,
        start: anchor.directive.start,
        end: anchor.directive.end,
        severity: this.severity,
        code: this.id,
        message: `nginx forwards Host ${p.host.value} (${names.join(', ')}), but Django's ALLOWED_HOSTS ${JSON.stringify(dj.allowedHosts)}${at} allows none of them: those requests get 400 (DisallowedHost)`,
        ...(s?.file && s.nameStart !== undefined ? { related: [{ file: s.file, start: s.nameStart, end: s.nameEnd ?? s.nameStart, message: 'ALLOWED_HOSTS' }] } : {}),
      });
    }
    return out;
  },
};

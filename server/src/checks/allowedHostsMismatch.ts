import type { Finding } from '../common/diagnostics';
import type { DjangoModel } from '../project/app/djangoModel';
import type { PyValue } from '../python/values';
import { djangoAllowsHost } from '../project/allowedHosts';
import { appPasses } from './hostHeader';
import { where, type Rule, type RuleContext } from './rule';

/** Host values that carry the client's Host header (or the server's name). */
const CLIENT_HOST = new Set(['$host', '$http_host', '$server_name']);

/**
 * nginx forwards the client's Host, but none of the server's names (`server_name`) is in Django's
 * ALLOWED_HOSTS: requests by those names get 400 (DisallowedHost) on every page. An error when both
 * sides are written down (the names in server_name or a literal Host, and ALLOWED_HOSTS a literal list
 * assigned unconditionally in the settings module the app loads): the real stack answers 400 then.
 * A warning when ALLOWED_HOSTS (or DEBUG, which changes its meaning when empty) depends on the
 * environment or on a condition, or the settings module is only guessed.
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
        severity: certain(dj) ? 'error' : this.severity,
        code: this.id,
        message: `nginx forwards Host ${p.host.value} (${names.join(', ')}), but Django's ALLOWED_HOSTS ${JSON.stringify(dj.allowedHosts)}${at} allows none of them: those requests get 400 (DisallowedHost)${certain(dj) ? '' : " (unless the environment changes ALLOWED_HOSTS on the server)"}`,
        ...(s?.file && s.nameStart !== undefined ? { related: [{ file: s.file, start: s.nameStart, end: s.nameEnd ?? s.nameStart, message: 'ALLOWED_HOSTS' }] } : {}),
      });
    }
    return out;
  },
};

/** True when a value (or any part of it) depends on an environment variable or is unknown. */
function dependsOnEnv(v: PyValue): boolean {
  if (v.env?.length || v.kind === 'unknown') return true;
  if (v.kind === 'list' || v.kind === 'tuple') return v.items.some(dependsOnEnv);
  return false;
}

/** ALLOWED_HOSTS is what the files say, for sure: a literal list of strings, not under a condition, in the module the app loads. */
function certain(dj: DjangoModel): boolean {
  const s = dj.settings.ALLOWED_HOSTS;
  if (!s || s.conditional || dependsOnEnv(s.value) || dj.settingsModule?.via === 'guess') return false;
  if ((s.value.kind !== 'list' && s.value.kind !== 'tuple') || s.value.items.some((i) => i.kind !== 'str')) return false;
  const debug = dj.settings.DEBUG;
  // An empty list means something else with DEBUG on: DEBUG must be known too.
  return !debug || (!debug.conditional && !dependsOnEnv(debug.value) && dj.debug !== undefined);
}

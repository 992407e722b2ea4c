import type { Finding, Fix } from '../../common/diagnostics';
import type { Located } from '../../nginx/routing/model';
import { backendsOf } from '../../project/backends';
import type { AppModel } from '../../project/app/index';
import { headersInEffect, scopeOfPass, sentHeader } from '../../project/proxyHeaders';
import type { ProxyTarget } from '../../project/proxies';
import { replaceInRange, type Rule, type RuleContext } from '../rule';
import { isWorkspaceFile, unique } from './scan';
import { variablesIn } from './taint';

/** Headers an app builds its URLs from (Host, or X-Forwarded-Host behind ProxyFix / USE_X_FORWARDED_HOST). */
const HOST_HEADERS = ['Host', 'X-Forwarded-Host'];

/** Whether the app accepts any Host: Flask (unless TRUSTED_HOSTS), Django only with "*" in ALLOWED_HOSTS. */
function trustsAnyHost(app: AppModel): boolean | undefined {
  if (app.framework === 'django') {
    const hosts = app.django?.allowedHosts;
    return hosts ? hosts.includes('*') : undefined;
  }
  if (app.framework === 'flask') return app.flask ? !('TRUSTED_HOSTS' in app.flask.config) : undefined;
  return undefined;
}

/** The client-chosen variable in a Host value: `$http_host` (via an absolute request line) or one the client writes directly. */
function spoofable(value: string): { name: string; direct: boolean } | undefined {
  for (const ref of variablesIn(value)) {
    const n = ref.name.toLowerCase();
    if (n === 'http_host') return { name: ref.name, direct: false };
    if (n.startsWith('http_') || n.startsWith('arg_') || n.startsWith('cookie_')) return { name: ref.name, direct: true };
  }
  return undefined;
}

interface Use {
  at: Located;
  header: string;
  variable: { name: string; direct: boolean };
  proxies: ProxyTarget[];
  apps: AppModel[];
}

/**
 * The Host header sent to the app is one the client chose. `$http_host` is the raw Host header: a
 * client that sends an absolute request line (`GET http://example.com/ HTTP/1.1`) picks the server
 * by that name and still sends `Host: evil.example` through, whatever `server_name` and a catch-all
 * `return 444` server do (checked against nginx 1.22); `$host` is the name nginx chose the server
 * by. It matters when the app builds links from the Host (password-reset mails, redirects) without
 * checking it: Flask without TRUSTED_HOSTS, Django with "*" in ALLOWED_HOSTS. A Django app with
 * real ALLOWED_HOSTS answers 400 to the forged name, and an app outside the workspace is not known
 * to trust it: gunicorn's recommended `proxy_set_header Host $http_host` is then not reported.
 * Headers the client writes directly (`$http_x_forwarded_host`, `$arg_*`, `$cookie_*`) are reported
 * unless the app is known to check the Host.
 */
export const hostSpoofing: Rule = {
  id: 'host-spoofing',
  severity: 'warning',
  description: 'the Host header sent to the app is chosen by the client ($http_host, X-Forwarded-Host) and the app does not check it',
  check(ctx: RuleContext): Finding[] {
    const uses = new Map<string, Use>();
    const backends = backendsOf(ctx.model, ctx.proxies);
    for (const proxy of ctx.proxies) {
      if (proxy.directive.name !== 'proxy_pass') continue;
      const headers = headersInEffect(scopeOfPass(proxy));
      for (const name of HOST_HEADERS) {
        const h = sentHeader(headers, name);
        const variable = h?.at && spoofable(h.value);
        if (!h?.at || !variable || !isWorkspaceFile(ctx, h.at.file)) continue;
        const key = `${h.at.file.path}:${h.at.directive.start}`;
        let use = uses.get(key);
        if (!use) uses.set(key, (use = { at: h.at, header: h.name, variable, proxies: [], apps: [] }));
        use.proxies.push(proxy);
        for (const b of backends) if (b.proxy === proxy && b.entry.app && !use.apps.includes(b.entry.app)) use.apps.push(b.entry.app);
      }
    }
    const out: Finding[] = [];
    for (const use of uses.values()) {
      const verdicts = use.apps.map(trustsAnyHost);
      const trusting = use.apps.filter((_, i) => verdicts[i] === true);
      const checking = use.apps.length > 0 && verdicts.every((x) => x === false);
      if (checking) continue;
      if (trusting.length === 0 && !use.variable.direct) continue;
      const d = use.at.directive;
      const word = d.args[1];
      const fix = hostFix(ctx, use);
      const how = use.variable.direct
        ? `$${use.variable.name} is written by the client as it likes`
        : `$http_host is the Host header as the client sent it: with an absolute request line (GET http://${use.proxies[0].server.nameTexts.find((n) => /^[a-z0-9.-]+$/i.test(n)) ?? 'example.com'}/ HTTP/1.1) nginx picks the server by that name and still passes "Host: evil.example" on, whatever server_name says`;
      const app = trusting[0];
      const who = app ? (app.framework === 'django' ? 'Django accepts any host here (ALLOWED_HOSTS has "*")' : 'Flask does not check the host (no TRUSTED_HOSTS)') : 'the app behind it is not known to check the host';
      out.push({
        file: use.at.file.path,
        start: word?.start ?? d.start,
        end: word?.end ?? d.end,
        severity: this.severity,
        code: this.id,
        message: `${use.header} sent to the app is chosen by the client: ${how}. ${who}, so links it builds from the host (password-reset mails, redirects, absolute URLs) can point to an attacker's site. Send $host, the name nginx chose the server by`,
        ...(fix ? { fixes: [fix] } : {}),
      });
    }
    return unique(out);
  },
};

/** `$host` keeps no port: when a server listens on another port than 80/443, `$host:$server_port` keeps it. */
function hostFix(ctx: RuleContext, use: Use): Fix | undefined {
  const word = use.at.directive.args[1];
  if (!word) return undefined;
  const ports = new Set(use.proxies.flatMap((p) => p.server.listens.flatMap((l) => l.spec.addresses.flatMap((a) => ('port' in a ? [a.port] : [])))));
  const value = [...ports].every((p) => p === 80 || p === 443) ? '$host' : '$host:$server_port';
  const edit = replaceInRange(ctx.host, use.at.file.path, word.start, word.end, `$${use.variable.name}`, value);
  return edit ? { title: `Send ${value} instead of $${use.variable.name}`, edits: [edit], preferred: true } : undefined;
}

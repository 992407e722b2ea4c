/**
 * Names one directive defines and another uses. Shared memory zones: `limit_req zone=one` needs
 * a `limit_req_zone ... zone=one:10m` (else nginx stops with `zero size shared memory zone "one"`),
 * `proxy_cache c1` needs a `proxy_cache_path ... keys_zone=c1:10m` (`"proxy_cache" zone "c1" is
 * unknown`). Upstreams: `proxy_pass http://app` names an `upstream app {}` or a host nginx must
 * resolve at startup (`host not found in upstream "app"`). In a configuration that is not whole
 * (a site without its nginx.conf) the definitions may be elsewhere: hints only.
 */
import type { Fix } from '../../common/diagnostics';
import type { Word } from '../ast';
import { editDistance } from '../catalog';
import type { Visit } from '../walk';
import type { Rule, RuleContext } from './rule';
import { hostPort, portOf } from './upstreams';

/** Directives that define a zone, and the parameter that names it. */
const ZONE_DEFS: ReadonlyMap<string, string> = new Map(Object.entries({
  limit_req_zone: 'zone=',
  limit_conn_zone: 'zone=',
  proxy_cache_path: 'keys_zone=',
  fastcgi_cache_path: 'keys_zone=',
  uwsgi_cache_path: 'keys_zone=',
  scgi_cache_path: 'keys_zone=',
}));

/** Directives that pass requests to an upstream, and whether their address may carry a scheme. */
const PASSES: ReadonlyMap<string, boolean> = new Map(Object.entries({
  proxy_pass: true,
  uwsgi_pass: true,
  grpc_pass: true,
  fastcgi_pass: false,
  scgi_pass: false,
  memcached_pass: false,
}));

/** Directives that name a cache zone. */
const CACHE_USES = new Set(['proxy_cache', 'fastcgi_cache', 'uwsgi_cache', 'scgi_cache']);

interface ZoneUse {
  v: Visit;
  word: Word;
  name: string;
  kind: 'shm' | 'cache';
}

/** The rule. */
export function referencesRule(ctx: RuleContext): Rule {
  const zones = new Set<string>();
  const upstreams = { http: new Set<string>(), stream: new Set<string>() };
  const zoneUses: ZoneUse[] = [];
  const passUses: Array<{ v: Visit; word: Word; host: string; hasPort: boolean; family: 'http' | 'stream' }> = [];

  return {
    names: [...ZONE_DEFS.keys(), 'upstream', 'limit_req', 'limit_conn', ...CACHE_USES, ...PASSES.keys()],
    directive(v) {
      const d = v.directive;
      const prefix = ZONE_DEFS.get(d.name);
      if (prefix) {
        for (const a of d.args) if (a.value.startsWith(prefix)) zones.add(a.value.slice(prefix.length).split(':')[0]);
        return;
      }
      const family = v.context !== undefined && v.context.startsWith('stream') ? 'stream' : 'http';
      if (d.name === 'upstream' && d.block && d.args[0]) {
        upstreams[family].add(d.args[0].value);
        return;
      }
      if (d.name === 'limit_req') {
        const z = d.args.find((a) => a.value.startsWith('zone='));
        if (z) zoneUses.push({ v, word: z, name: z.value.slice(5), kind: 'shm' });
        return;
      }
      if (d.name === 'limit_conn' && d.args.length === 2) {
        zoneUses.push({ v, word: d.args[0], name: d.args[0].value, kind: 'shm' });
        return;
      }
      if (CACHE_USES.has(d.name) && d.args.length === 1) {
        const z = d.args[0];
        if (z.value !== 'off' && !z.value.includes('$')) zoneUses.push({ v, word: z, name: z.value, kind: 'cache' });
        return;
      }
      const withScheme = family === 'stream' ? (d.name === 'proxy_pass' ? false : undefined) : PASSES.get(d.name);
      if (withScheme === undefined || d.args.length !== 1) return;
      const hp = hostPort(d.args[0].value, withScheme);
      if (hp === undefined) return;
      const port = portOf(hp);
      const host = port === undefined ? hp : hp.slice(0, hp.length - port.length - 1);
      // Literal addresses and fully qualified names are resolved by nginx itself.
      // (`http://unix/x.sock`, a host named "unix", is the passes rule's: a missing colon.)
      if (host === '' || host === 'localhost' || host === 'unix' || host.includes('.') || host.startsWith('[') || /^\d+$/.test(host)) return;
      passUses.push({ v, word: d.args[0], host, hasPort: port !== undefined, family });
    },
    finish() {
      for (const u of zoneUses) {
        if (zones.has(u.name)) continue;
        const defBy = u.kind === 'cache' ? `${u.v.directive.name}_path ... keys_zone=${u.name}:10m` : `${u.v.directive.name}_zone ... zone=${u.name}:10m`;
        const nginxSays = u.kind === 'cache' ? `"${u.v.directive.name}" zone "${u.name}" is unknown` : `zero size shared memory zone "${u.name}"`;
        if (ctx.complete) ctx.report(u.v, u.word, 'error', 'nginx-unknown-zone', `${nginxSays}: no ${defBy} defines it`);
        else ctx.report(u.v, u.word, 'hint', 'nginx-unknown-zone', `zone "${u.name}" is not defined in the workspace; the main nginx.conf must define it (${defBy})`);
      }
      for (const u of passUses) {
        const known = upstreams[u.family];
        if (known.has(u.host)) continue;
        // One or two edits away, or the upstream's name with something appended (`app_server_typo`).
        const close = [...known].filter((n) => editDistance(n, u.host, 2) <= 2 || (n.length >= 3 && u.host.startsWith(n)));
        const fixes: Fix[] = close.map((n) => {
          const at = u.word.start + u.word.raw.indexOf(u.host);
          return { title: `Change to upstream "${n}"`, edits: [{ file: u.v.file.path, start: at, end: at + u.host.length, newText: n }], preferred: close.length === 1 };
        });
        const hint = close.length ? `; did you mean ${close.map((n) => `"${n}"`).join(' or ')}?` : '';
        // A near miss of an upstream defined right here is a typo; a bare name with a port
        // (`http://web:8000`) is typically a container or /etc/hosts name.
        const severity = close.length ? 'error' : ctx.complete && !u.hasPort && u.word.quote === null ? 'warning' : 'hint';
        ctx.report(u.v, u.word, severity, 'nginx-unknown-upstream', `no upstream "${u.host}" is defined${ctx.complete ? '' : ' in the workspace'}; nginx will resolve "${u.host}" as a host name at startup and stop with "host not found in upstream" if it cannot${hint}`, fixes);
      }
    },
  };
}

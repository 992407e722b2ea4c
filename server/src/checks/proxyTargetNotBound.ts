import type { Finding, Fix } from '../common/diagnostics';
import type { Endpoint } from '../nginx/routing/index';
import { formatEndpoint, isLocal, reaches } from '../project/endpoints';
import type { BindInfo, GunicornInstance } from '../gunicorn/index';
import { replaceInRange, where, type Rule, type RuleContext } from './rule';

/**
 * nginx proxies to a unix socket or a local port that no gunicorn instance of the workspace listens on:
 * every request answers 502 (`connect() to unix:... failed (2: No such file or directory)`).
 */
export const proxyTargetNotBound: Rule = {
  id: 'proxy-target-not-bound',
  severity: 'error',
  description: 'nginx proxies to a socket or port that no gunicorn instance binds (502 on every request)',
  check(ctx: RuleContext): Finding[] {
    const instances = ctx.model.gunicorn.map((g) => g.instance).filter((i) => i.binds.length > 0);
    if (instances.length === 0) return [];
    const findings: Finding[] = [];
    for (const p of ctx.proxies) {
      if (p.dynamic || p.directive.name === 'fastcgi_pass' || p.directive.name === 'grpc_pass') continue;
      for (const w of p.endpoints) {
        const e = w.endpoint;
        if (!e || e.kind === 'unknown' || !isLocal(e)) continue;
        if (e.kind === 'unix' && !e.path.startsWith('/')) continue; // relative socket paths: proxy-pass-relative-socket
        // `unix:/x.sock/` is nginx-pass-unix-trailing-slash's: compare the socket it meant.
        const meant = e.kind === 'unix' && e.path.length > 1 && e.path.endsWith('/') ? { ...e, path: e.path.replace(/\/+$/, '') } : e;
        if (instances.some((i) => i.binds.some((b) => reaches(meant, b.address) !== 'no'))) continue;
        const binds = instances.flatMap((i) => i.binds.map((b) => ({ i, b }))).filter(({ b }) => b.family !== 'fd');
        const known = binds.map(({ i, b }) => `${b.address} from ${where(ctx.host, b.source?.file ?? i.file, b.source?.start ?? i.range.start, ctx.model.root)}`);
        // A bind that names a variable nobody sets in the workspace (a platform's $PORT) may be this
        // very address: not an error, only a note of what the variable must be.
        const open = binds.filter(({ b }) => mayReachUnknown(meant, b.address));
        findings.push({
          file: w.file.path,
          start: w.word.start,
          end: w.word.end,
          severity: open.length ? 'information' : this.severity,
          code: this.id,
          message: open.length
            ? `nginx proxies to ${formatEndpoint(e)}; gunicorn binds ${open.map(({ b }) => b.address).join(', ')}, which depends on a variable the workspace does not set: requests get 502 unless its value makes it ${formatEndpoint(meant)}`
            : `nginx proxies to ${formatEndpoint(e)}, but no gunicorn instance binds it (known: ${known.join(', ') || 'none'}): every request gets 502`,
          related: binds.flatMap(({ b }) => (b.source ? [{ ...b.source, message: `gunicorn binds ${b.address} here` }] : [])),
          fixes: fixes(ctx, w.file.path, w.word.start, w.word.end, e.kind === 'unix' ? e.path : formatEndpoint(e), e.kind, binds),
        });
      }
    }
    return findings;
  },
};

/** Up to three "point nginx at <bind>" fixes, and "bind gunicorn to <nginx target>" when one bind is the obvious one. */
function fixes(
  ctx: RuleContext,
  file: string,
  start: number,
  end: number,
  current: string,
  kind: 'unix' | 'tcp',
  binds: Array<{ i: GunicornInstance; b: BindInfo }>,
): Fix[] {
  const out: Fix[] = [];
  const same = binds.filter(({ b }) => (kind === 'unix' ? b.family === 'unix' : b.family === 'tcp'));
  for (const { b } of same.slice(0, 3)) {
    const target = kind === 'unix' ? b.address.slice('unix:'.length) : tcpTarget(b.address);
    if (!target) continue;
    const edit = replaceInRange(ctx.host, file, start, end, current, target);
    if (edit) out.push({ title: `Point nginx at ${kind === 'unix' ? b.address : target}`, edits: [edit], preferred: same.length === 1 });
  }
  if (same.length === 1 && same[0].b.source) {
    const { b } = same[0];
    const wanted = kind === 'unix' ? `unix:${current}` : current;
    const edit = replaceInRange(ctx.host, b.source!.file, b.source!.start, b.source!.end, b.raw, wanted);
    if (edit) out.push({ title: `Bind gunicorn to ${wanted}`, edits: [edit] });
  }
  return out;
}

/** The address nginx should connect to for a TCP bind: a wildcard bind is reached through 127.0.0.1. */
function tcpTarget(address: string): string | undefined {
  const m = /^(?:\[([^\]]*)\]|([^:]*)):(\d+)$/.exec(address);
  if (!m) return undefined;
  const host = m[1] ?? m[2];
  if (host === '' || host === '0' || host === '0.0.0.0') return `127.0.0.1:${m[3]}`;
  if (m[1] !== undefined) return /^[0:]+$/.test(host) ? `127.0.0.1:${m[3]}` : `[${host}]:${m[3]}`;
  return `${host}:${m[3]}`;
}

/**
 * True when a bind that still holds an unexpanded variable (`0.0.0.0:$PORT`, `unix:$SOCK`) may be
 * the endpoint once the variable has its value: the known parts must agree.
 */
export function mayReachUnknown(endpoint: Endpoint, bind: string): boolean {
  if (!bind.includes('$')) return false;
  if (endpoint.kind === 'unix') return bind.startsWith('unix:') || (bind.startsWith('$') && !bind.includes(':'));
  if (endpoint.kind !== 'tcp' || endpoint.port === null || bind.startsWith('unix:')) return false;
  const colon = bind.lastIndexOf(':');
  const host = colon >= 0 ? bind.slice(0, colon) : bind;
  const port = colon >= 0 ? bind.slice(colon + 1) : '';
  if (host.includes('$')) return true;
  // The host is known: it must accept the connection, with the port taken from the endpoint.
  if (!port.includes('$')) return false;
  return reaches(endpoint, `${host}:${endpoint.port}`) !== 'no';
}

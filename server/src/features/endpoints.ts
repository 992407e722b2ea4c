/**
 * The two ends of the nginx -> gunicorn hop, as the editor sees them: addresses nginx connects to
 * (`proxy_pass`, `uwsgi_pass`, `server` lines of upstreams) and addresses gunicorn binds. Matching
 * them gives "who binds this socket" and "who proxies to it" for hover, definition, references
 * and rename.
 */
import type { Directive } from '../nginx/ast';
import type { FeatureContext } from './context';
import { nginxFiles } from './context';
import { allDirectives } from './nginx/cursor';
import { PASS_DIRECTIVES, socketReference } from './nginx/names';
import { workspaceBinds, type BindSite } from './gunicorn/binds';
import { reaches as projectReaches } from '../project/endpoints';

/** A network address: a unix socket path or a TCP host and port. */
export type Address = { kind: 'unix'; path: string } | { kind: 'tcp'; host: string; port: number };

/** An address nginx connects to, with the span of the path or `host:port` text. */
export interface NginxEndpoint {
  address: Address;
  file: string;
  start: number;
  end: number;
  directive: Directive;
}

/** A bind site with its parsed address. */
export interface GunicornEndpoint extends BindSite {
  parsed: Address;
}

/** Parses gunicorn's bind syntax (`unix:PATH`, `HOST:PORT`, `[::1]:PORT`, `HOST`, `:PORT`). */
export function parseBindAddress(address: string, socketPath?: string): Address | undefined {
  if (address.startsWith('unix:')) return { kind: 'unix', path: socketPath ?? address.slice(5).replace(/^\/\//, '') };
  if (address.startsWith('fd://')) return undefined;
  const a = address.replace(/^tcp:\/\//, '');
  const v6 = /^\[([^\]]*)\](?::(\d+))?$/.exec(a);
  if (v6) return { kind: 'tcp', host: v6[1], port: v6[2] ? Number(v6[2]) : 8000 };
  const colon = a.lastIndexOf(':');
  if (colon < 0) return /^\d+$/.test(a) ? { kind: 'tcp', host: '', port: Number(a) } : { kind: 'tcp', host: a, port: 8000 };
  const port = Number(a.slice(colon + 1));
  return Number.isInteger(port) ? { kind: 'tcp', host: a.slice(0, colon), port } : undefined;
}

/**
 * True when nginx connecting to `target` reaches a gunicorn bound to `bound`: the kernel-style
 * comparison of `project/endpoints.ts` (wildcard binds, localhost, IPv6), counting "maybe" (a remote
 * name on a wildcard bind) as reaching.
 */
export function reaches(target: Address, bound: Address): boolean {
  return projectReaches(target, formatAddress(bound)) !== 'no';
}

/** The address a pass directive or an upstream `server` line names. */
export function nginxEndpoint(d: Directive, file: string): NginxEndpoint | undefined {
  const sock = socketReference(d);
  if (sock && d.name !== 'listen') return { address: { kind: 'unix', path: sock.name }, file, start: sock.start, end: sock.end, directive: d };
  const upstreamServer = d.name === 'server' && d.parent?.name === 'upstream';
  if ((!PASS_DIRECTIVES.has(d.name) && !upstreamServer) || d.args.length === 0) return undefined;
  const w = d.args[0];
  if (w.quote || w.raw !== w.value) return undefined;
  const m = /^(?:([a-z]+):\/\/)?(\[[^\]]+\]|[A-Za-z0-9_.-]+)(?::(\d+))?/.exec(w.value);
  if (!m || (!m[3] && !m[1])) return undefined;
  const host = m[2].replace(/^\[|\]$/g, '');
  const port = m[3] ? Number(m[3]) : m[1] === 'https' ? 443 : 80;
  return { address: { kind: 'tcp', host, port }, file, start: w.start + (m[1] ? m[1].length + 3 : 0), end: w.start + m[0].length, directive: d };
}

/** Every address the workspace's nginx files connect to. */
export function nginxEndpoints(ctx: FeatureContext, also?: string): NginxEndpoint[] {
  const out: NginxEndpoint[] = [];
  for (const f of nginxFiles(ctx, also)) {
    for (const d of allDirectives(f)) {
      const e = nginxEndpoint(d, f.path);
      if (e) out.push(e);
    }
  }
  return out;
}

/** Every address gunicorn is told to bind, parsed. */
export function gunicornEndpoints(ctx: FeatureContext): GunicornEndpoint[] {
  const out: GunicornEndpoint[] = [];
  for (const b of workspaceBinds(ctx)) {
    const parsed = parseBindAddress(b.address, b.socketPath);
    if (parsed) out.push({ ...b, parsed });
  }
  return out;
}

/** How an address reads in messages. */
export function formatAddress(a: Address): string {
  return a.kind === 'unix' ? `unix:${a.path}` : `${a.host.includes(':') ? `[${a.host}]` : a.host || '0.0.0.0'}:${a.port}`;
}

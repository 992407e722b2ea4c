/**
 * Does a connection nginx makes reach what gunicorn listens on? Compared the way the kernel would:
 * unix sockets by absolute path; TCP by port, and by address where a wildcard bind (0.0.0.0, `0`, ``,
 * `::`) accepts connections to every local address, `localhost` is 127.0.0.1 and ::1, and a host
 * name other than localhost is another machine (a container, a service) the files cannot place.
 */
import { posix } from 'node:path';
import type { Endpoint } from '../nginx/routing/index';
import { parseIPv4, parseIPv6 } from '../nginx/routing/listen';

/** `yes`: reaches it; `maybe`: a remote name with the same port on a wildcard bind; `no`. */
export type Reach = 'yes' | 'maybe' | 'no';

interface TcpBind {
  host: string;
  port: number;
}

/** Parses a normalized gunicorn bind (`HOST:PORT`, `[v6]:PORT`); undefined for unix/fd or an unknown port. */
export function parseTcpBind(address: string): TcpBind | undefined {
  const m = /^(?:\[([^\]]*)\]|([^:]*)):(\d+)$/.exec(address);
  if (!m) return undefined;
  return { host: (m[1] ?? m[2]).toLowerCase(), port: Number(m[3]) };
}

/** The addresses a host as nginx writes it connects to; `remote` for names other than localhost. */
function connectAddresses(host: string): Array<{ family: 4 | 6; ip: string }> | 'remote' {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return [{ family: 4, ip: '127.0.0.1' }, { family: 6, ip: parseIPv6('::1')! }];
  const v4 = parseIPv4(h);
  if (v4) return [{ family: 4, ip: v4 }];
  const v6 = parseIPv6(h);
  if (v6) {
    // ::ffff:a.b.c.d is an IPv4 connection.
    const mapped = /^0:0:0:0:0:ffff:([0-9a-f]+):([0-9a-f]+)$/.exec(v6);
    if (mapped) {
      const hi = parseInt(mapped[1], 16);
      const lo = parseInt(mapped[2], 16);
      return [{ family: 4, ip: `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}` }];
    }
    return [{ family: 6, ip: v6 }];
  }
  return 'remote';
}

/** What a gunicorn bind host accepts: every IPv4 address, every address (dual-stack ::), or one address. */
function bindAccepts(host: string): { any4: boolean; any6: boolean; ips: Set<string> } {
  const h = host.replace(/^\[|\]$/g, '');
  if (h === '' || h === '0' || h === '0.0.0.0') return { any4: true, any6: false, ips: new Set() };
  const v6 = parseIPv6(h);
  if (v6 && /^[0:]+$/.test(v6)) return { any4: true, any6: true, ips: new Set() }; // Linux: IPV6_V6ONLY off by default
  if (h === 'localhost') return { any4: false, any6: false, ips: new Set(['127.0.0.1']) }; // gunicorn binds the first address
  const v4 = parseIPv4(h);
  return { any4: false, any6: false, ips: new Set([v4 ?? v6 ?? h]) };
}

/** Whether a connection to `endpoint` reaches a gunicorn listening on `bind` (a normalized bind address). */
export function reaches(endpoint: Endpoint, bind: string): Reach {
  if (endpoint.kind === 'unix') {
    if (!bind.startsWith('unix:')) return 'no';
    const path = endpoint.path;
    return posix.isAbsolute(path) && posix.normalize(path) === posix.normalize(bind.slice(5)) ? 'yes' : 'no';
  }
  if (endpoint.kind !== 'tcp' || endpoint.port === null) return 'no';
  const b = parseTcpBind(bind);
  if (!b || b.port !== endpoint.port) return 'no';
  const accepts = bindAccepts(b.host);
  const targets = connectAddresses(endpoint.host);
  if (targets === 'remote') return accepts.any4 || accepts.any6 ? 'maybe' : 'no';
  for (const t of targets) {
    if (t.family === 4 && (accepts.any4 || accepts.ips.has(t.ip))) return 'yes';
    if (t.family === 6 && (accepts.any6 || accepts.ips.has(t.ip))) return 'yes';
  }
  return 'no';
}

/** True for endpoints on this machine (unix sockets, loopback addresses, localhost). */
export function isLocal(endpoint: Endpoint): boolean {
  if (endpoint.kind === 'unix') return true;
  if (endpoint.kind !== 'tcp') return false;
  const targets = connectAddresses(endpoint.host);
  return targets !== 'remote' && targets.every((t) => (t.family === 4 ? t.ip.startsWith('127.') : t.ip === parseIPv6('::1')));
}

/** How nginx writes an endpoint (`unix:/run/app.sock`, `127.0.0.1:8000`). */
export function formatEndpoint(e: Endpoint): string {
  if (e.kind === 'unix') return `unix:${e.path}`;
  if (e.kind === 'tcp') return e.port === null ? e.host : `${e.host}:${e.port}`;
  return e.text;
}

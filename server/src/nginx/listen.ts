/**
 * Reading `listen` the way nginx does (ngx_parse_url with `listen = 1`): the address it binds,
 * normalized so that `80`, `*:80` and `0.0.0.0:80` compare equal, and its parameters. Used by the
 * listen checks and by anyone who needs to know which port a server answers on.
 */
import type { Directive, Word } from './ast';

/** One parsed `listen`. */
export interface ListenSpec {
  /** The bound address as nginx prints it: `0.0.0.0:80`, `[::]:443`, `127.0.0.1:8000`, `unix:/run/x.sock`. */
  address: string;
  /** The port, or undefined for a unix socket. */
  port?: number;
  /** `default_server` (or the old `default`). */
  defaultServer: boolean;
  ssl: boolean;
  /**
   * Parameters that configure the listening socket itself (backlog=, rcvbuf=, ipv6only=, reuseport,
   * bind, ...). nginx allows them on one `listen` per address: a second is
   * "duplicate listen options".
   */
  socketOptions: Word[];
  /** Every parameter after the address. */
  params: Word[];
}

/** Parameters that set `lsopt.set` in ngx_http_core_listen (socket-level options). */
const SOCKET_OPTIONS = /^(bind|deferred|reuseport|multipath|(setfib|fastopen|backlog|rcvbuf|sndbuf|accept_filter|ipv6only|so_keepalive)=.*)$/;

/** The address of a listen argument, or an error message as nginx words it. */
export function parseListenAddress(raw: string, defaultPort: number | undefined): { address: string; port?: number } | { error: string } {
  if (raw.startsWith('unix:')) {
    const path = raw.slice(5);
    return path ? { address: `unix:${path}` } : { error: `no path in the unix domain socket in "${raw}"` };
  }
  let host: string;
  let portText: string | undefined;
  if (raw.startsWith('[')) {
    const close = raw.indexOf(']');
    if (close < 0) return { error: `invalid host in "${raw}"` };
    host = raw.slice(0, close + 1).toLowerCase();
    const rest = raw.slice(close + 1);
    if (rest !== '' && !rest.startsWith(':')) return { error: `invalid host in "${raw}"` };
    portText = rest ? rest.slice(1) : undefined;
  } else if (/^\d+$/.test(raw)) {
    host = '0.0.0.0';
    portText = raw;
  } else {
    const colon = raw.lastIndexOf(':');
    host = colon >= 0 ? raw.slice(0, colon) : raw;
    portText = colon >= 0 ? raw.slice(colon + 1) : undefined;
    host = host.toLowerCase();
    if (host === '*' || host === '') host = '0.0.0.0';
    // nginx resolves the name at startup; localhost is the one name every system agrees on.
    if (host === 'localhost') host = '127.0.0.1';
  }
  let port = defaultPort;
  if (portText !== undefined) {
    // A range (`8000-8010`) is accepted by current nginx; it is kept as written in the address.
    const range = /^(\d+)-(\d+)$/.exec(portText);
    const valid = (t: string) => /^\d+$/.test(t) && Number(t) >= 1 && Number(t) <= 65535;
    if (range ? !(valid(range[1]) && valid(range[2])) : !valid(portText)) return { error: `invalid port in "${raw}"` };
    if (range) return { address: `${host}:${portText}`, port: Number(range[1]) };
    port = Number(portText);
  }
  if (port === undefined) return { error: `no port in "${raw}"` };
  return { address: `${host}:${port}`, port };
}

/**
 * Parses a `listen` directive (http listens default to port 80; stream and mail need one).
 * Undefined when it has no argument (the argument-count check reports that).
 */
export function parseListen(d: Directive, defaultPort: number | undefined = 80): (ListenSpec & { error?: undefined }) | { error: string } | undefined {
  const first = d.args[0];
  if (!first) return undefined;
  const addr = parseListenAddress(first.value, defaultPort);
  if ('error' in addr) return addr;
  const params = d.args.slice(1);
  return {
    address: addr.address,
    port: addr.port,
    defaultServer: params.some((p) => p.value === 'default_server' || p.value === 'default'),
    ssl: params.some((p) => p.value === 'ssl'),
    socketOptions: params.filter((p) => SOCKET_OPTIONS.test(p.value)),
    params,
  };
}

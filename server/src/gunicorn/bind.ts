/**
 * gunicorn bind strings: what `util.parse_address` makes of them, and the normalized form the rest of
 * DeployLens compares with nginx (`unix:/abs/path`, `HOST:PORT`, `[v6]:PORT`, `fd://N`).
 */
import { posix } from 'node:path';

/** A parsed bind: a unix socket path as written (maybe relative), a TCP host and port, or an inherited fd. */
export type BindAddress = { kind: 'unix'; path: string } | { kind: 'tcp'; host: string; port: number } | { kind: 'fd'; fd: number };

/** The result of parsing one bind string: the address, or gunicorn's error message. */
export type BindParse = { ok: true; address: BindAddress } | { ok: false; message: string };

// Python's int() on a port: surrounding whitespace, a sign, digits with single underscores between them.
const PY_INT = /^\s*[+-]?\d+(?:_\d+)*\s*$/;

function pyInt(s: string): number | undefined {
  return PY_INT.test(s) ? parseInt(s.replace(/_/g, '').trim(), 10) : undefined;
}

/** Parses a bind string exactly as gunicorn's `util.parse_address(netloc, default_port='8000')` does. */
export function parseBind(netloc: string): BindParse {
  if (netloc.startsWith('unix:')) {
    // re.split(r'unix:(//)?', netloc)[-1]: whatever follows the LAST "unix:" (and its optional "//").
    let rest = netloc.slice(netloc.lastIndexOf('unix:') + 5);
    if (rest.startsWith('//')) rest = rest.slice(2);
    return { ok: true, address: { kind: 'unix', path: rest } };
  }
  if (netloc.startsWith('fd://')) {
    const fd = pyInt(netloc.slice(5));
    if (fd === undefined) return { ok: false, message: `'${netloc.slice(5)}' is not a valid file descriptor.` };
    return { ok: true, address: { kind: 'fd', fd } };
  }
  let rest = netloc;
  if (rest.startsWith('tcp://')) rest = rest.split('tcp://')[1];
  let host = rest;
  let port = '8000';
  if (rest.includes('[') && rest.includes(']')) {
    host = rest.split(']')[0].slice(1);
    const parts = rest.split(']:');
    port = parts.length > 1 ? parts[1] : '8000';
  } else if (rest.includes(':')) {
    const parts = rest.split(':');
    host = parts[0];
    port = parts[1];
  } else if (rest === '') {
    host = '0.0.0.0';
  }
  const n = pyInt(port);
  if (n === undefined) return { ok: false, message: `'${port}' is not a valid port number.` };
  if (n < 0 || n > 65535) return { ok: false, message: `port ${n} is out of range (0-65535): binding fails` };
  return { ok: true, address: { kind: 'tcp', host: host.toLowerCase(), port: n } };
}

/**
 * The address as DeployLens compares it:
 * - `unix:<path>`, a relative path joined to `chdir` (gunicorn creates the socket after chdir'ing
 *   there); left relative when the chdir is unknown;
 * - `HOST:PORT` with `0.0.0.0` for every spelling of "all IPv4 interfaces" (`''`, `0`, `0.0.0.0`);
 * - `[v6]:PORT` for IPv6 hosts; `fd://N` for inherited descriptors.
 */
export function formatBind(address: BindAddress, chdir?: string): string {
  switch (address.kind) {
    case 'unix': {
      const p = address.path;
      if (p.startsWith('/')) return 'unix:' + posix.normalize(p);
      if (p.startsWith('@')) return 'unix:' + p;
      return 'unix:' + (chdir ? posix.join(chdir, p) : p);
    }
    case 'fd':
      return `fd://${address.fd}`;
    case 'tcp': {
      const h = address.host;
      if (h === '' || h === '0' || h === '0.0.0.0') return `0.0.0.0:${address.port}`;
      if (h.includes(':')) return `[${h}]:${address.port}`;
      return `${h}:${address.port}`;
    }
  }
}

/** Parses and formats in one step; undefined for a bind gunicorn rejects. */
export function normalizeBind(netloc: string, chdir?: string): string | undefined {
  const r = parseBind(netloc);
  return r.ok ? formatBind(r.address, chdir) : undefined;
}

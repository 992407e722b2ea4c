/** One address a `listen` directive binds, normalized. */
export type ListenAddress =
  | {
      kind: 'tcp';
      /** 4 or 6 for IP literals; 'name' for a host name nginx would resolve at start-up. */
      family: 4 | 6 | 'name';
      /** Canonical text: `0.0.0.0` / `::` for wildcards, `127.0.0.1`, `::1` (no brackets), or the lowercased name. */
      address: string;
      wildcard: boolean;
      port: number;
    }
  | { kind: 'unix'; path: string };

/** A parsed `listen` directive. */
export interface ListenSpec {
  /** Usually one address; `localhost` gives 127.0.0.1 and ::1, as nginx resolves it. */
  addresses: ListenAddress[];
  defaultServer: boolean;
  ssl: boolean;
  http2: boolean;
  proxyProtocol: boolean;
  /** `ipv6only=off` on a `[::]` listen also accepts IPv4 connections. */
  ipv6only: boolean;
  /** Set when the address could not be read (nginx would refuse the config). */
  error?: string;
}

/** Parses an IPv4 literal to its canonical text, or null. */
export function parseIPv4(s: string): string | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return parts.join('.');
}

/** Parses an IPv6 literal (no brackets) to a canonical expanded lowercase text, or null. */
export function parseIPv6(s: string): string | null {
  let text = s.toLowerCase();
  // An embedded IPv4 tail (::ffff:1.2.3.4) stands for the last two groups.
  const v4 = /:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (v4) {
    const ip = parseIPv4(v4[1]);
    if (!ip) return null;
    const b = ip.split('.').map(Number);
    text = text.slice(0, v4.index + 1) + ((b[0] << 8) | b[1]).toString(16) + ':' + ((b[2] << 8) | b[3]).toString(16);
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (h: string): number[] | null => {
    if (h === '') return [];
    const groups = h.split(':');
    const out: number[] = [];
    for (const g of groups) {
      if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  if (!head || !rest) return null;
  const total = head.length + rest.length;
  let groups: number[];
  if (halves.length === 2) {
    if (total > 7) return null;
    groups = [...head, ...new Array<number>(8 - total).fill(0), ...rest];
  } else {
    if (total !== 8) return null;
    groups = head;
  }
  return groups.map((g) => g.toString(16)).join(':');
}

/** The canonical text of an IP address given by a user or a request (IPv4 or IPv6, brackets allowed), or null. */
export function canonicalAddress(s: string): { family: 4 | 6; address: string } | null {
  const v4 = parseIPv4(s);
  if (v4) return { family: 4, address: v4 };
  const bare = s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : s;
  const v6 = parseIPv6(bare);
  return v6 ? { family: 6, address: v6 } : null;
}

const V6_ANY = '0:0:0:0:0:0:0:0';

/**
 * Reads the arguments of a `listen` directive (`ngx_http_core_listen` + `ngx_parse_url`):
 * `80`, `*:80`, `*`, `127.0.0.1:8080`, `127.0.0.1` (port 80), `[::]:80`, `[::1]`, `localhost:8080`,
 * `unix:/path`, then parameters (`default_server` or the old `default`, `ssl`, `http2`,
 * `proxy_protocol`, `ipv6only=on|off`, and others that do not change routing).
 */
export function parseListen(args: readonly string[], defaultPort = 80): ListenSpec {
  const spec: ListenSpec = { addresses: [], defaultServer: false, ssl: false, http2: false, proxyProtocol: false, ipv6only: true };
  const [first, ...params] = args;
  for (const p of params) {
    if (p === 'default_server' || p === 'default') spec.defaultServer = true;
    else if (p === 'ssl') spec.ssl = true;
    else if (p === 'http2') spec.http2 = true;
    else if (p === 'proxy_protocol') spec.proxyProtocol = true;
    else if (p === 'ipv6only=off') spec.ipv6only = false;
  }
  if (first === undefined) {
    spec.error = 'listen without an address';
    return spec;
  }
  if (first.startsWith('unix:')) {
    spec.addresses.push({ kind: 'unix', path: first.slice(5) });
    return spec;
  }
  const tcp = (family: 4 | 6 | 'name', address: string, port: number, wildcard: boolean): ListenAddress => ({ kind: 'tcp', family, address, port, wildcard });
  const portOf = (s: string | undefined): number | null => {
    if (s === undefined) return defaultPort;
    if (!/^\d{1,5}$/.test(s)) return null;
    const n = Number(s);
    return n >= 1 && n <= 65535 ? n : null;
  };
  if (first.startsWith('[')) {
    const m = /^\[([^\]]*)\](?::(.*))?$/.exec(first);
    const ip = m ? parseIPv6(m[1]) : null;
    const port = m ? portOf(m[2]) : null;
    if (!ip || port === null) {
      spec.error = `invalid IPv6 listen address "${first}"`;
      return spec;
    }
    spec.addresses.push(tcp(6, ip, port, ip === V6_ANY));
    return spec;
  }
  // Port only ("8080"): every IPv4 address.
  if (/^\d+$/.test(first)) {
    const port = portOf(first);
    if (port === null) spec.error = `invalid port "${first}"`;
    else spec.addresses.push(tcp(4, '0.0.0.0', port, true));
    return spec;
  }
  const colon = first.lastIndexOf(':');
  const host = colon >= 0 ? first.slice(0, colon) : first;
  const port = portOf(colon >= 0 ? first.slice(colon + 1) : undefined);
  if (port === null || host === '') {
    spec.error = `invalid listen address "${first}"`;
    return spec;
  }
  if (host === '*') {
    spec.addresses.push(tcp(4, '0.0.0.0', port, true));
    return spec;
  }
  const v4 = parseIPv4(host);
  if (v4) {
    spec.addresses.push(tcp(4, v4, port, v4 === '0.0.0.0'));
    return spec;
  }
  const name = host.toLowerCase();
  if (name === 'localhost') {
    // getaddrinfo("localhost") on Debian gives both loopback addresses (/etc/hosts).
    spec.addresses.push(tcp(4, '127.0.0.1', port, false), tcp(6, '0:0:0:0:0:0:0:1', port, false));
    return spec;
  }
  spec.addresses.push(tcp('name', name, port, false));
  return spec;
}

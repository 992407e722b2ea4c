// Random nginx configs and requests for the real-nginx routing test. Every server and location
// answers with a unique id (`add_header X-Id` + `return 200`), so a response names the server and
// location nginx chose. Seeded: the same seed gives the same config and requests.

/** A small, fast, seedable PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Gen {
  rnd: () => number;
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
}

export function gen(seed: number): Gen {
  const rnd = prng(seed);
  return {
    rnd,
    int: (n) => Math.floor(rnd() * n),
    pick: (xs) => xs[Math.floor(rnd() * xs.length)],
    chance: (p) => rnd() < p,
  };
}

/** Ports the config uses: three to route on and one for the echo backend. */
export interface Ports {
  p: [number, number, number];
  echo: number;
}

export interface GeneratedConfig {
  /** The http-level text (servers and settings) to put inside `http { }`. */
  http: string;
  /** Names written in server_name (to build hosts from). */
  names: string[];
  /** Location names and regex seeds (to build paths from). */
  paths: string[];
  /** Where some server listens: [address to connect to, index of the port]. */
  listening: Array<[string, number]>;
}

/** The addresses a client can use to reach each listen of the pool (same order as the pool). */
const REACH: Array<Array<[string, number]>> = [
  [['127.0.0.1', 0], ['127.0.0.2', 0], ['127.0.0.3', 0]],
  [['127.0.0.1', 0]],
  [['127.0.0.2', 0]],
  [['127.0.0.1', 1], ['127.0.0.2', 1], ['127.0.0.3', 1]],
  [['127.0.0.2', 1]],
  [['127.0.0.1', 2]],
  [['127.0.0.1', 2]],
  [['::1', 0]],
  [['::1', 1]],
];

const SEGMENTS = ['a', 'b', 'api', 'static', 'img', 'x', 'Y', 'a.b', 'v1', 'docs', 'ab', 'a-b', 'caf\u00e9'];
const REGEXES = [
  '/static/',
  '/api/',
  '^/api/',
  '\\.(css|js)$',
  '/x[0-9]+',
  '^/(?<name>[a-z]+)/z$',
  '(?i)^/y',
  '^/a',
  '\\.php$',
  '^/static/.*\\.png$',
  '/b/?$',
  '^/docs/(?P<page>[^/]+)$',
  '[A-Z]',
  '^/v1/(a|b)',
  '/$',
  '\\.b/',
  '\\d{2,}',
  '^/[[:alpha:]]+$',
  '(?i)\\.CSS$',
  '^/a(?=b)',
  '\\bdocs\\b',
  'CAF\u00c9',
  '[^/]+\\.b$',
  '^/x\\d+/?$',
  '\\Q.b\\E',
  '^/(api|img)/(?<rest>.*)$',
];

function segPath(g: Gen, depth: number): string {
  let p = '';
  for (let i = 0; i < depth; i++) p += '/' + g.pick(SEGMENTS);
  return g.chance(0.5) ? p + '/' : p;
}

/**
 * Generates the servers of one config. `ids` collects "sN" / "sN.lM" ids (unique per config).
 */
export function generateConfig(g: Gen, ports: Ports, ipv6 = true): GeneratedConfig {
  const domains = ['alpha.test', 'beta.test', 'gamma.example', 'delta.test'];
  const names: string[] = [];
  const paths: string[] = [];
  const listening: Array<[string, number]> = [];
  const listenPool = [
    (p: Ports) => `${p.p[0]}`,
    (p: Ports) => `127.0.0.1:${p.p[0]}`,
    (p: Ports) => `127.0.0.2:${p.p[0]}`,
    (p: Ports) => `*:${p.p[1]}`,
    (p: Ports) => `127.0.0.2:${p.p[1]}`,
    (p: Ports) => `127.0.0.1:${p.p[2]}`,
    (p: Ports) => `localhost:${p.p[2]}`,
    (p: Ports) => `[::1]:${p.p[0]}`,
    (p: Ports) => `[::]:${p.p[1]}`,
  ];
  const defaults = new Set<string>();
  let out = '';
  if (g.chance(0.25)) out += '  merge_slashes off;\n';
  const serverCount = 4 + g.int(6);
  let locId = 0;
  for (let s = 0; s < serverCount; s++) {
    const sid = `s${s}`;
    out += `  server {\n`;
    const chosen = new Set<number>();
    const nListen = 1 + g.int(2);
    for (let i = 0; i < nListen; i++) {
      // The last two listens of the pool are IPv6.
      const k = g.int(ipv6 ? listenPool.length : listenPool.length - 2);
      if (chosen.has(k)) continue;
      // localhost and 127.0.0.1 on one port are the same address: a duplicate listen.
      if ((k === 5 && chosen.has(6)) || (k === 6 && chosen.has(5))) continue;
      chosen.add(k);
      listening.push(...REACH[k]);
      const addr = listenPool[k](ports);
      const key = addr.replace(/^\d+$/, `*:${addr}`).replace(/^localhost:/, '127.0.0.1:');
      let params = '';
      if (g.chance(0.3) && !defaults.has(key)) {
        defaults.add(key);
        params = g.chance(0.2) ? ' default' : ' default_server';
      }
      out += `    listen ${addr}${params};\n`;
    }
    const nNames = g.int(4);
    const written: string[] = [];
    for (let i = 0; i < nNames; i++) {
      const d = g.pick(domains);
      const forms = [
        d,
        `www.${d}`,
        `*.${d}`,
        `.${d}`,
        `${d.split('.')[0]}.*`,
        `www.${d.split('.')[0]}.*`,
        `~^(?<sub>[a-z]+)\\.${d.replace('.', '\\.')}$`,
        `~^api[0-9]+\\.`,
        `~^WWW\\.${d.replace('.', '\\.')}$`,
        `${d.toUpperCase()}`,
        '_',
        '""',
      ];
      const n = g.pick(forms);
      if (written.includes(n)) continue;
      written.push(n);
      names.push(n);
    }
    if (written.length > 0) out += `    server_name ${written.join(' ')};\n`;
    if (g.chance(0.3)) out += `    merge_slashes ${g.chance(0.7) ? 'off' : 'on'};\n`;
    out += `    add_header X-Id "${sid}" always;\n`;
    out += locations(g, sid, '', 0, () => locId++, paths, ports, '    ');
    out += '  }\n';
  }
  // The backend for proxy_pass locations: it echoes the URI it receives. With merge_slashes off it
  // accepts every URI the front server accepted (it sees at least as many path segments).
  out += `  server {\n    listen 127.0.0.1:${ports.echo};\n    merge_slashes off;\n    location / { return 200 "U:$request_uri"; }\n  }\n`;
  return { http: out, names, paths, listening };
}

function locations(g: Gen, sid: string, parent: string, depth: number, nextId: () => number, paths: string[], ports: Ports, indent: string): string {
  let out = '';
  const count = depth === 0 ? 2 + g.int(9) : g.int(3);
  const inclusive = new Set<string>();
  const exact = new Set<string>();
  for (let i = 0; i < count; i++) {
    const id = `${sid}.l${nextId()}`;
    const kinds = ['prefix', 'prefix', 'prefix', '^~', '=', '~', '~*', '@'] as const;
    // Named locations are allowed at the server level only.
    const kind = depth === 0 ? g.pick(kinds) : g.pick(kinds.slice(0, -1));
    let head: string;
    let name: string;
    if (kind === '~' || kind === '~*') {
      name = g.pick(REGEXES);
      head = `location ${kind} ${quote(name)}`;
    } else if (kind === '@') {
      head = `location @n${id.replace('.', '_')}`;
      name = '';
    } else {
      name = parent === '' ? segPath(g, 1 + g.int(2)) : parent + segPath(g, 1).slice(parent.endsWith('/') ? 1 : 0);
      if (depth === 0 && g.chance(0.25)) name = '/';
      const set = kind === '=' ? exact : inclusive;
      if (set.has(name)) continue;
      set.add(name);
      paths.push(name);
      // The joined form (`=/x`, `^~/x`) is the same location.
      head = kind === 'prefix' ? `location ${quote(name)}` : g.chance(0.2) ? `location ${kind}${quote(name)}` : `location ${kind} ${quote(name)}`;
    }
    out += `${indent}${head} {\n`;
    out += `${indent}  add_header X-Id "${id}" always;\n`;
    if (kind !== '=' && kind !== '@' && kind !== '~' && kind !== '~*' && name.endsWith('/') && g.chance(0.3)) {
      // A backend location: the echo server tells which URI it received.
      const part = g.pick(['', '/', '/up/', '/up']);
      out += `${indent}  proxy_pass http://127.0.0.1:${ports.echo}${part};\n`;
    } else {
      if (g.chance(0.08) && kind !== '@') out += `${indent}  internal;\n`;
      out += `${indent}  return 200 "${id}";\n`;
    }
    if (depth < 2 && (kind === 'prefix' || kind === '^~') && g.chance(0.3)) {
      out += locations(g, sid, name, depth + 1, nextId, paths, ports, indent + '  ');
    }
    if (depth < 2 && (kind === '~' || kind === '~*') && g.chance(/^\/[a-z]+\/$/.test(name) ? 0.7 : 0.2)) {
      const nestedId = `${sid}.l${nextId()}`;
      // Regex locations may nest regexes, and prefixes that start with the regex text (nginx
      // accepts those but never matches them).
      const nested = /^\/[a-z]+\/$/.test(name) && g.chance(0.7) ? `location ${name}${g.pick(SEGMENTS)}/` : `location ~ ${quote(g.pick(REGEXES))}`;
      if (nested.startsWith('location /')) paths.push(nested.slice(9) + 'x');
      out += `${indent}  ${nested} {\n${indent}    add_header X-Id "${nestedId}" always;\n${indent}    return 200 "${nestedId}";\n${indent}  }\n`;
    }
    out += `${indent}}\n`;
  }
  return out;
}

function quote(s: string): string {
  return /[\s;{}"'$]/.test(s) ? `"${s.replace(/["\\]/g, '\\$&')}"` : s;
}

/** Host header values to try for a config: its names, variations, and invalid ones. */
export function hostsFor(g: Gen, names: readonly string[]): Array<string | null> {
  const hosts: Array<string | null> = ['unknown.test', 'localhost', '127.0.0.1', null, '', 'a..b', 'a/b', '[::1]', '_', 'x.alpha.test:8080', '.alpha.test'];
  hosts.push('[::1]:80', 'alpha.test.:81', 'ALPHA.TEST..', 'a b', 'a\u0001b', ' alpha.test ', 'www.alpha.test:', ':80', 'alpha.test:8..0', 'www.beta');
  for (const n of names) {
    if (n === '""') continue;
    if (n.startsWith('~')) {
      hosts.push('foo.alpha.test', 'api12.beta.test', 'WWW.gamma.example', 'www.delta.test');
      continue;
    }
    const base = n.replace(/^\*\./, 'x.').replace(/^\./, '').replace(/\.\*$/, '.com');
    // Valid names weigh more than the odd ones above.
    for (let i = 0; i < 3; i++) hosts.push(base, base.toUpperCase(), base + '.', base + ':80', 'sub.' + base, base.replace(/^www\./, ''));
  }
  for (let i = 0; i < 6; i++) hosts.push(g.pick(['www.', 'api3.', '', 'a.b.']) + g.pick(['alpha.test', 'beta.test', 'gamma.example', 'delta.test', 'alpha.org']));
  return hosts;
}

/** Request targets to try: location names with variations and odd forms. */
export function pathsFor(g: Gen, paths: readonly string[]): string[] {
  const out = ['/', '//', '/..', '/a/../b', '/%2e%2e/', '/a/%2e%2e/b', '/a%2Fb', '/a%00b', '/a%2', '/A', '/x12', '/y/Z', '/static/i.png', '/docs/p', '/a.b/c', '/b/', '/foo.php', '/a/b/z'];
  out.push('/a/b/..', '/a/.', '/a/.%2e', '/.%2e/', '/%2E%2E/a', '/a%3Fb', '/a%23b', '/a%25b', '/a?b#c', '/a#b?c', '/a%zz', '/a/b/../../..', '/a\u0001', '/caf%C3%A9', '/CAF%c3%89/', '/ab', '/x1/', '/img/a/b', '/a b');
  const mutate = (p: string): string => {
    switch (g.int(14)) {
      case 0:
        return p.replace('/', '//');
      case 1:
        return p + '/./';
      case 2:
        return p + '/x/..';
      case 3:
        return p.replace(/[a-z]/, (c) => '%' + c.charCodeAt(0).toString(16));
      case 4:
        return p.replace(/[a-z]/, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
      case 5:
        return p.toUpperCase();
      case 6:
        return p + '?q=1&r=/..';
      case 7:
        return p.endsWith('/') ? p.slice(0, -1) : p + '/';
      case 8:
        return p + g.pick(['x.css', 'z', 'index.php', '1', '%2Fz', '%20s']);
      case 9:
        return p.replace(/\/$/, '') + '/..';
      case 10:
        return '/..' + p;
      case 11:
        return p + '#frag';
      case 12:
        return p.replace('/', '/./');
      default:
        return p;
    }
  };
  for (const p of paths) {
    // The name itself, one character shorter (the automatic 301 of backend locations), and variations.
    out.push(p, p.slice(0, -1) || '/', p + 'x.css', mutate(p), mutate(p), mutate(mutate(p)));
  }
  return out;
}

import { fromByteString, toByteString } from './bytes';
import { show, type RequestContext } from './context';
import { ownNamed, type Located, type LocationModel, type Scope } from './model';
import { expand } from './rewrite';
import { hasVariables } from './variables';
import { refOf } from './selectServer';
import type { Endpoint, FileCandidate, RouteTarget } from './types';

/** Handler directives that pass the request to a backend. */
export const PASS = ['proxy_pass', 'uwsgi_pass', 'fastcgi_pass', 'scgi_pass', 'grpc_pass', 'memcached_pass'] as const;

/** The nearest directive with one of `names` walking up from `scope` (inherited settings), with its scope. */
export function inherited(scope: Scope | null, names: readonly string[]): { at: Located; scope: Scope } | null {
  for (let s = scope; s; s = s.parent) {
    // Two of them at one level (root and alias) is a config error nginx refuses: take the first name's.
    for (const name of names) {
      const list = ownNamed(s, name);
      if (list.length > 0) return { at: list[list.length - 1], scope: s };
    }
  }
  return null;
}

/** Every directive named `name` at the nearest level that has one (error_page, index: lists that replace, not add). */
export function inheritedAll(scope: Scope | null, name: string): readonly Located[] {
  for (let s = scope; s; s = s.parent) {
    const list = ownNamed(s, name);
    if (list.length > 0) return list;
  }
  return [];
}

function joinPrefix(prefix: string, path: string): string {
  if (path.startsWith('/')) return path;
  return prefix.endsWith('/') ? prefix + path : `${prefix}/${path}`;
}

/** The filesystem mapping of the request URI (`ngx_http_map_uri_to_path`), as a byte string. */
export interface PathMapping {
  via: 'root' | 'alias';
  /** The root or alias value, absolute (byte string). */
  root: string;
  at?: Located;
  /** Maps a URI (byte string) to a path (byte string). */
  map(uri: string): string;
  /** Set when the mapping depends on something unknown. */
  problem?: string;
}

/**
 * The root or alias in effect for a scope. `alias` in a prefix location replaces the location's
 * name (a nested location inheriting it strips the declaring location's name); in a regex location
 * the alias (with captures) is the whole path. Relative paths resolve against the prefix; without
 * any, nginx uses `html` in the prefix.
 */
export function pathMapping(ctx: RequestContext, scope: Scope): PathMapping {
  const prefix = toByteString(ctx.options.prefix ?? '/usr/share/nginx');
  const found = inherited(scope, ['root', 'alias']);
  if (!found) {
    const root = joinPrefix(prefix, 'html');
    return { via: 'root', root, map: (uri) => root + uri };
  }
  const { at } = found;
  const written = at.directive.args[0]?.value ?? '';
  const v = expand(ctx, written);
  const problem = v.unknown.length > 0 ? `${at.directive.name} uses unknown variables ($${v.unknown.join(', $')})` : undefined;
  let root = joinPrefix(prefix, v.value);
  if (at.directive.name === 'root') return { via: 'root', root, at, map: (uri) => root + uri, problem };
  const declaring: LocationModel | null = found.scope.location;
  if (declaring && (declaring.modifier === '~' || declaring.modifier === '~*')) {
    return { via: 'alias', root, at, map: () => root, problem };
  }
  const strip = declaring ? declaring.name.length : 0;
  if (root === '') root = '/';
  return { via: 'alias', root, at, map: (uri) => root + uri.slice(strip), problem };
}

/** Parses the address of a `*_pass` directive into endpoints (an upstream block is resolved by name). */
export function passEndpoints(
  ctx: Pick<RequestContext, 'model'>,
  directive: string,
  written: string,
): { scheme?: string; endpoints: Endpoint[]; upstream?: { name: string; at: Located }; uriPart: string | null } {
  let rest = written;
  let scheme: string | undefined;
  const sm = /^([a-z]+):\/\//i.exec(rest);
  if (sm) {
    scheme = sm[1].toLowerCase();
    rest = rest.slice(sm[0].length);
  }
  let uriPart: string | null = null;
  if (rest.startsWith('unix:')) {
    // unix:/path[:/uri]: the socket path ends at the next ":".
    const colon = rest.indexOf(':', 5);
    const path = colon < 0 ? rest.slice(5) : rest.slice(5, colon);
    if (colon >= 0) uriPart = rest.slice(colon + 1);
    return { scheme, endpoints: [{ kind: 'unix', path }], uriPart };
  }
  if (directive === 'proxy_pass' || directive === 'grpc_pass') {
    const slash = rest.indexOf('/');
    if (slash >= 0) {
      uriPart = rest.slice(slash);
      rest = rest.slice(0, slash);
    }
  }
  const hostPort = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(rest);
  const host = hostPort ? hostPort[1] : rest;
  const port = hostPort?.[2] !== undefined ? Number(hostPort[2]) : null;
  if (port === null) {
    const ups = ctx.model.upstreams.get(host.toLowerCase());
    if (ups) {
      return { scheme, upstream: { name: ups.name, at: ups.at }, endpoints: ups.servers.map((s) => endpointOf(s.address)), uriPart };
    }
  }
  const defaultPort = scheme === 'https' ? 443 : directive === 'proxy_pass' ? 80 : null;
  return { scheme, endpoints: [{ kind: 'tcp', host, port: port ?? defaultPort }], uriPart };
}

function endpointOf(address: string): Endpoint {
  if (address.startsWith('unix:')) return { kind: 'unix', path: address.slice(5) };
  const m = /^(\[[^\]]*\]|[^:]+)(?::(\d+))?$/.exec(address);
  if (!m) return { kind: 'unknown', text: address };
  return { kind: 'tcp', host: m[1], port: m[2] ? Number(m[2]) : 80 };
}

const HEX = '0123456789ABCDEF';

/** `ngx_escape_uri(NGX_ESCAPE_URI)`: escapes controls, space, `#`, `%`, `?`, DEL and bytes >= 0x80. */
export function escapeUri(bs: string): string {
  let out = '';
  for (let i = 0; i < bs.length; i++) {
    const c = bs.charCodeAt(i);
    const b = c < 0x80 ? c : c - 0xe000;
    if (b <= 0x20 || b === 0x23 || b === 0x25 || b === 0x3f || b >= 0x7f) out += '%' + HEX[b >> 4] + HEX[b & 15];
    else out += bs[i];
  }
  return out;
}

/**
 * The target of a `*_pass` handler. For proxy_pass, the URI sent upstream: with a URI part in
 * proxy_pass, the part of the URI that matched the (prefix) location is replaced by it; without
 * one, the request line's URI goes unchanged (or the rewritten URI after a rewrite).
 */
export function passTarget(ctx: RequestContext, at: Located, location: LocationModel | null, validLocation: boolean): RouteTarget {
  const name = at.directive.name as (typeof PASS)[number];
  const written = at.directive.args[0]?.value ?? '';
  const v = expand(ctx, written);
  const parsed = passEndpoints(ctx, name, fromByteString(v.value));
  const target: RouteTarget & { kind: 'proxy' } = {
    kind: 'proxy',
    directive: name,
    written,
    ...(parsed.scheme ? { scheme: parsed.scheme } : {}),
    ...(parsed.upstream ? { upstream: { name: parsed.upstream.name, ref: refOf(parsed.upstream.at) } } : {}),
    endpoints: parsed.endpoints,
    ref: refOf(at),
  };
  if (v.unknown.length > 0) {
    ctx.notModelled.push(`${name} uses unknown variables ($${v.unknown.join(', $')})`);
    return target;
  }
  if (name === 'proxy_pass') {
    const quoted = ctx.requestUri.includes('%') || ctx.internal;
    const args = ctx.args ? '?' + ctx.args : '';
    let uri: string;
    if (hasVariables(written) && parsed.uriPart !== null) {
      // With variables, an evaluated URI part is sent as it is (no arguments added).
      uri = toByteString(parsed.uriPart);
    } else if (parsed.uriPart === null && !ctx.internal) {
      // Without a URI part, the request line's URI goes through untouched.
      uri = ctx.requestUri;
    } else {
      const replace = validLocation && parsed.uriPart !== null;
      const prefixLoc = location && (location.modifier === '' || location.modifier === '^~' || location.modifier === '=');
      const locLen = replace && prefixLoc ? (location as LocationModel).name.length : 0;
      const tail = ctx.uri.slice(locLen);
      uri = (replace ? toByteString(parsed.uriPart as string) : '') + (quoted ? escapeUri(tail) : tail) + args;
    }
    target.uri = fromByteString(uri);
    ctx.trace.push({ stage: 'target', message: `${name} ${written}: the backend gets "${show(uri)}"`, ref: refOf(at) });
  } else ctx.trace.push({ stage: 'target', message: `${name} ${written}`, ref: refOf(at) });
  return target;
}

/** Lists the files `try_files` checks (all but the last argument) and its fallback. */
export function tryFilesCandidates(ctx: RequestContext, at: Located, mapping: PathMapping): { candidates: FileCandidate[]; fallback: string } {
  const words = at.directive.args.map((w) => w.value);
  const candidates: FileCandidate[] = [];
  for (const w of words.slice(0, -1)) {
    // A written trailing slash makes a directory test of the name without it (ngx_http_try_files).
    const directory = w.endsWith('/') && w.length > 1;
    const v = expand(ctx, directory ? w.slice(0, -1) : w);
    if (v.unknown.length > 0) ctx.notModelled.push(`try_files ${w}: unknown variable $${v.unknown.join(', $')}`);
    candidates.push({ written: w, path: fromByteString(mapping.map(v.value)), directory });
  }
  return { candidates, fallback: words[words.length - 1] ?? '' };
}

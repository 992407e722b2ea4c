import type { Directive, NginxFile } from '../ast';
import { runSteps, type Steps } from '../../common/steps';
import { effectiveChildren, type NginxConfig } from '../config';
import { toByteString } from './bytes';
import { parseListen } from './listen';
import { compileMaps } from './map';
import type { AddressEntry, Located, LocationLevel, LocationModel, LocationModifier, RoutingModel, Scope, ServerModel, UpstreamModel } from './model';
import { translatePcre } from './regex';
import { buildNameTable, parseServerName } from './serverName';

/** Options that change what the compiled model says. */
export interface CompileOptions {
  /** The port of a server without `listen` (nginx: 80 as root, 8000 otherwise). */
  defaultListenPort?: number;
  /** The machine's host name, for `server_name $hostname`. */
  hostname?: string;
}

/** Directives whose handler gives a location the automatic "add a slash" 301. */
const PASS_DIRECTIVES = new Set(['proxy_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'memcached_pass', 'grpc_pass']);

const cache = new WeakMap<NginxConfig, Map<string, RoutingModel>>();

/**
 * The routing model of a configuration, computed once per config object and options (the
 * config is treated as immutable: edit a copy, get a new model).
 */
export function routingModel(config: NginxConfig, options: CompileOptions = {}): RoutingModel {
  return runSteps(routingModelSteps(config, options));
}

/** `routingModel`, pausing after each server compiled (a config can hold thousands). */
export function* routingModelSteps(config: NginxConfig, options: CompileOptions = {}): Steps<RoutingModel> {
  const key = `${options.defaultListenPort ?? 80}\u0000${options.hostname ?? ''}`;
  let byOptions = cache.get(config);
  if (!byOptions) {
    byOptions = new Map();
    cache.set(config, byOptions);
  }
  let model = byOptions.get(key);
  if (!model) {
    model = yield* compile(config, options);
    byOptions.set(key, model);
  }
  return model;
}

function args(d: Directive): string[] {
  return d.args.map((a) => a.value);
}

function* compile(config: NginxConfig, options: CompileOptions): Steps<RoutingModel> {
  const notes: string[] = [];
  let httpOwn: Located[] = [];
  let serverOnly: Located[] | null = null;
  if (config.context === 'main') {
    for (const d of effectiveChildren(config, config.main)) {
      if (d.directive.name === 'http' && d.directive.block) httpOwn = httpOwn.concat(effectiveChildren(config, d.directive, d.file));
    }
  } else if (config.context === 'http') {
    httpOwn = effectiveChildren(config, config.main);
  } else if (config.context === 'server') {
    serverOnly = effectiveChildren(config, config.main);
  } else {
    notes.push(`a file read in the "${config.context}" context has no HTTP servers`);
  }
  const http: Scope = { kind: 'http', own: httpOwn.filter((l) => l.directive.name !== 'server'), parent: null, location: null };
  const servers: ServerModel[] = [];
  const upstreams = new Map<string, UpstreamModel>();
  const mergeSlashesHttp = lastFlag(http.own, 'merge_slashes', true);
  if (serverOnly) {
    servers.push(compileServer(config, null, config.main, serverOnly, http, 0, mergeSlashesHttp, options));
  }
  for (const l of httpOwn) {
    if (l.directive.name === 'server' && l.directive.block) {
      servers.push(compileServer(config, l, l.file, effectiveChildren(config, l.directive, l.file), http, servers.length, mergeSlashesHttp, options));
      yield;
    } else if (l.directive.name === 'upstream' && l.directive.block && l.directive.args.length > 0) {
      const name = l.directive.args[0].value.toLowerCase();
      if (upstreams.has(name)) continue;
      const ups: UpstreamModel = { name: l.directive.args[0].value, at: l, servers: [] };
      for (const s of effectiveChildren(config, l.directive, l.file)) {
        if (s.directive.name === 'server' && s.directive.args.length > 0) ups.servers.push({ address: s.directive.args[0].value, at: s });
      }
      upstreams.set(name, ups);
    }
  }
  const addresses = buildAddresses(servers);
  yield;
  return { servers, addresses, upstreams, maps: compileMaps(config, httpOwn), http, notes };
}

/** The value of the last `name on|off` directive in a list (nginx keeps one; a repeat is an error). */
function lastFlag(own: readonly Located[], name: string, fallback: boolean): boolean {
  let v = fallback;
  for (const l of own) if (l.directive.name === name && l.directive.args.length > 0) v = l.directive.args[0].value === 'on';
  return v;
}

function compileServer(
  config: NginxConfig,
  at: Located | null,
  file: NginxFile,
  own: readonly Located[],
  http: Scope,
  index: number,
  mergeSlashesHttp: boolean,
  options: CompileOptions,
): ServerModel {
  const scope: Scope = { kind: 'server', own, parent: http, location: null };
  const nameTexts: string[] = [];
  const listens: ServerModel['listens'] = [];
  for (const l of own) {
    if (l.directive.name === 'server_name') nameTexts.push(...args(l.directive));
    else if (l.directive.name === 'listen') listens.push({ spec: parseListen(args(l.directive)), at: l });
  }
  if (listens.length === 0) listens.push({ spec: parseListen([String(options.defaultListenPort ?? 80)]), at: null });
  // A server without server_name has the empty name (nginx >= 0.8.48).
  if (nameTexts.length === 0) nameTexts.push('');
  const server: ServerModel = {
    index,
    at,
    file,
    nameTexts,
    names: nameTexts.map((n) => parseServerName(n, options.hostname)),
    listens,
    mergeSlashes: lastFlag(own, 'merge_slashes', mergeSlashesHttp),
    scope,
    level: NO_LOCATIONS,
    named: new Map(),
    allLocations: [],
  };
  server.level = compileLevel(config, own, scope, null, server);
  return server;
}

/**
 * `loc.regex`, translated on first use: a check of a large configuration never runs most regexes
 * (only routing a request does), and translating each PCRE pattern costs.
 */
function lazyRegex(loc: LocationModel, pattern: string, caseless: boolean): void {
  let memo: LocationModel['regex'];
  Object.defineProperty(loc, 'regex', {
    enumerable: true,
    configurable: true,
    get: () => (memo ??= translatePcre(pattern, caseless)),
  });
}

function emptyLevel(): LocationLevel {
  return { exact: new Map(), prefix: new Map(), prefixLengths: [], regex: [], autoRedirect: new Map() };
}

/** The level of every block without locations (most locations): one, shared, never changed (compileLevel fills only new ones). */
const NO_LOCATIONS: LocationLevel = emptyLevel();

/** Reads `location [modifier] name` as `ngx_http_core_location` does (joined forms like `=/x` and `~*\.php` too). */
export function readLocationArgs(values: readonly string[]): { modifier: LocationModifier; pattern: string } | null {
  if (values.length === 2) {
    const [mod, name] = values;
    if (mod === '=' || mod === '^~' || mod === '~' || mod === '~*') return { modifier: mod, pattern: name };
    return null;
  }
  if (values.length !== 1) return null;
  const name = values[0];
  if (name.startsWith('=')) return { modifier: '=', pattern: name.slice(1) };
  if (name.startsWith('^~')) return { modifier: '^~', pattern: name.slice(2) };
  if (name.startsWith('~*')) return { modifier: '~*', pattern: name.slice(2) };
  if (name.startsWith('~')) return { modifier: '~', pattern: name.slice(1) };
  if (name.startsWith('@')) return { modifier: '@', pattern: name };
  return { modifier: '', pattern: name };
}

function compileLevel(config: NginxConfig, own: readonly Located[], scope: Scope, parent: LocationModel | null, server: ServerModel): LocationLevel {
  if (!own.some((l) => l.directive.name === 'location')) return NO_LOCATIONS;
  const level = emptyLevel();
  // nginx builds the prefix trees only under prefix locations (ngx_http_init_static_location_trees
  // runs after the regex locations left the queue): prefix and exact locations nested in a regex
  // location are accepted by nginx -t but never match. Nested regexes do.
  const staticOk = !parent || (parent.modifier !== '~' && parent.modifier !== '~*');
  for (const l of own) {
    if (l.directive.name !== 'location' || !l.directive.block) continue;
    const read = readLocationArgs(args(l.directive));
    if (!read) continue;
    const inner = effectiveChildren(config, l.directive, l.file);
    const loc: LocationModel = {
      at: l,
      modifier: read.modifier,
      pattern: read.pattern,
      name: toByteString(read.pattern),
      parent,
      server,
      level: NO_LOCATIONS,
      scope: { kind: 'location', own: inner, parent: scope, location: null },
      autoRedirect: read.pattern.endsWith('/') && inner.some((d) => PASS_DIRECTIVES.has(d.directive.name)),
      // `internal` is inherited by nested locations (ngx_conf_merge_value in the core module).
      internal: inner.some((d) => d.directive.name === 'internal') || (parent?.internal ?? false),
    };
    loc.scope.location = loc;
    if (read.modifier === '~' || read.modifier === '~*') lazyRegex(loc, read.pattern, read.modifier === '~*');
    server.allLocations.push(loc);
    loc.level = compileLevel(config, inner, loc.scope, loc, server);
    switch (read.modifier) {
      case '@':
        // Named locations live at the server level only (nginx refuses them elsewhere).
        if (!server.named.has(read.pattern)) server.named.set(read.pattern, loc);
        break;
      case '~':
      case '~*':
        level.regex.push(loc);
        break;
      case '=':
        if (!staticOk) break;
        if (!level.exact.has(loc.name)) level.exact.set(loc.name, loc);
        break;
      default:
        if (!staticOk) break;
        if (!level.prefix.has(loc.name)) level.prefix.set(loc.name, loc);
    }
  }
  level.prefixLengths = [...new Set([...level.prefix.keys()].map((n) => n.length))].sort((a, b) => b - a);
  // A tree node joins the exact and the prefix location of one name: the exact one's config wins.
  for (const [name, loc] of level.prefix) if (loc.autoRedirect || level.exact.get(name)?.autoRedirect) level.autoRedirect.set(name, level.exact.get(name) ?? loc);
  for (const [name, loc] of level.exact) if (loc.autoRedirect && !level.autoRedirect.has(name)) level.autoRedirect.set(name, loc);
  return level;
}

/** Groups the servers by the address:port they listen on, as `ngx_http_add_listen` / `ngx_http_optimize_servers` do. */
function buildAddresses(servers: readonly ServerModel[]): AddressEntry[] {
  const entries: AddressEntry[] = [];
  const find = (family: AddressEntry['family'], address: string, port: number): AddressEntry | undefined =>
    entries.find((e) => e.family === family && e.address === address && e.port === port);
  const pending = new Map<AddressEntry, Array<{ server: ServerModel; names: ServerModel['names'] }>>();
  for (const server of servers) {
    for (const listen of server.listens) {
      for (const a of listen.spec.addresses) {
        if (a.kind !== 'tcp') continue;
        let entry = find(a.family, a.address, a.port);
        if (!entry) {
          entry = {
            family: a.family,
            address: a.address,
            wildcard: a.wildcard,
            port: a.port,
            servers: [],
            defaultServer: server,
            defaultListen: listen,
            ssl: false,
            ipv6only: true,
            names: buildNameTable([]),
          };
          entries.push(entry);
          pending.set(entry, []);
        }
        // A server listed twice on one address is a config error ("duplicate listen"); keep it once.
        if (entry.servers.includes(server)) continue;
        entry.servers.push(server);
        (pending.get(entry) as Array<{ server: ServerModel; names: ServerModel['names'] }>).push({ server, names: server.names });
        // The first `default_server` wins (a second one is the "duplicate default server" error).
        if (listen.spec.defaultServer && !entry.defaultListen.spec.defaultServer) {
          entry.defaultServer = server;
          entry.defaultListen = listen;
        }
        // Socket options are shared by every server on the address.
        entry.ssl ||= listen.spec.ssl;
        if (!listen.spec.ipv6only) entry.ipv6only = false;
      }
    }
  }
  for (const [entry, list] of pending) entry.names = buildNameTable(list);
  return entries;
}

import type { Directive, NginxFile } from '../ast';
import type { ListenSpec } from './listen';
import type { MapModel } from './map';
import type { TranslatedRegex, UnsupportedRegex } from './regex';
import type { NameTable, ServerNameEntry } from './serverName';

/** A directive with the file it was written in. */
export interface Located {
  directive: Directive;
  file: NginxFile;
}

/**
 * The directives written at one level (http, server, location, if), includes expanded, with the
 * enclosing level: the router reads inherited settings (root, index, error_page, ...) by walking up.
 */
export interface Scope {
  kind: 'http' | 'server' | 'location' | 'if';
  own: readonly Located[];
  parent: Scope | null;
  /** The location this scope belongs to (for `location` and `if` inside a location). */
  location: LocationModel | null;
}

/** How a location is written: `=`, `^~`, `~`, `~*`, `@` (named) or '' (plain prefix). */
export type LocationModifier = '' | '=' | '^~' | '~' | '~*' | '@';

/** One compiled `location` block. */
export interface LocationModel {
  at: Located;
  modifier: LocationModifier;
  /** The pattern as written (after the modifier). */
  pattern: string;
  /** The pattern as a byte string (prefix and exact locations compare bytes). */
  name: string;
  /** For `~` and `~*`. */
  regex?: TranslatedRegex | UnsupportedRegex;
  parent: LocationModel | null;
  server: ServerModel;
  /** Locations nested in this one. */
  level: LocationLevel;
  scope: Scope;
  /** `*_pass` in a location whose name ends with "/": a request for the name without the slash gets a 301. */
  autoRedirect: boolean;
  /** The `internal` directive: only internal redirects reach it (404 otherwise). */
  internal: boolean;
}

/** The locations of one level (a server, or the inside of a location), ready for lookup. */
export interface LocationLevel {
  exact: Map<string, LocationModel>;
  /** Plain and `^~` prefix locations by name. */
  prefix: Map<string, LocationModel>;
  /** The distinct lengths of the prefix names, longest first. */
  prefixLengths: number[];
  /** `~` and `~*` locations in config order. */
  regex: LocationModel[];
  /** Names (ending in "/") that answer a request for the name minus its slash with a 301. */
  autoRedirect: Map<string, LocationModel>;
}

/** One listen of a server (`at` is null for the implicit `listen *:80` of a server without one). */
export interface ServerListen {
  spec: ListenSpec;
  at: Located | null;
}

/** One compiled `server` block. */
export interface ServerModel {
  /** Position among the servers of the config (0-based). */
  index: number;
  /** Null for a server-context file (the file is the inside of a server block). */
  at: Located | null;
  file: NginxFile;
  /** The names as written, in order; `[""]` when the server has no server_name. */
  nameTexts: string[];
  names: ServerNameEntry[];
  listens: ServerListen[];
  mergeSlashes: boolean;
  scope: Scope;
  level: LocationLevel;
  named: Map<string, LocationModel>;
  /** Every location of the server, nested ones included, in config order. */
  allLocations: LocationModel[];
}

/** The servers bound to one address:port, in config order, with their name lookup. */
export interface AddressEntry {
  family: 4 | 6 | 'name';
  address: string;
  wildcard: boolean;
  port: number;
  servers: ServerModel[];
  /** The server with `default_server` on this address, else the first one. */
  defaultServer: ServerModel;
  /** How the default was chosen, for explanations. */
  defaultListen: ServerListen;
  ssl: boolean;
  ipv6only: boolean;
  names: NameTable<ServerModel>;
}

/** A compiled `upstream` block. */
export interface UpstreamModel {
  name: string;
  at: Located;
  servers: Array<{ address: string; at: Located }>;
}

/** Everything the router precomputes from one configuration. */
export interface RoutingModel {
  servers: ServerModel[];
  addresses: AddressEntry[];
  upstreams: Map<string, UpstreamModel>;
  /** `map` blocks by the (lowercased) name of the variable they define. */
  maps: Map<string, MapModel>;
  http: Scope;
  /** Things the router noticed while compiling that limit what it can say. */
  notes: string[];
}

const byName = new WeakMap<Scope, Map<string, Located[]>>();

/** The directives named `name` written at a scope's own level, in order (indexed once per scope). */
export function ownNamed(scope: Scope, name: string): readonly Located[] {
  let index = byName.get(scope);
  if (!index) {
    index = new Map();
    for (const l of scope.own) {
      const list = index.get(l.directive.name);
      if (list) list.push(l);
      else index.set(l.directive.name, [l]);
    }
    byName.set(scope, index);
  }
  return index.get(name) ?? [];
}

const REWRITE_DIRECTIVES = new Set(['rewrite', 'return', 'set', 'if', 'break']);
const rewriteLists = new WeakMap<Scope, Located[]>();

/** The rewrite-module directives of a scope's own level, in order (computed once per scope). */
export function ownRewrites(scope: Scope): readonly Located[] {
  let list = rewriteLists.get(scope);
  if (!list) {
    list = scope.own.filter((l) => REWRITE_DIRECTIVES.has(l.directive.name));
    rewriteLists.set(scope, list);
  }
  return list;
}

const byNames = new WeakMap<Scope, Map<string, Located[]>>();

/** The directives with any of `names` at a scope's own level, in written order (cached per scope). */
export function ownNamedAny(scope: Scope, names: readonly string[]): readonly Located[] {
  const key = names.join(' ');
  let cache = byNames.get(scope);
  if (!cache) {
    cache = new Map();
    byNames.set(scope, cache);
  }
  let list = cache.get(key);
  if (!list) {
    list = scope.own.filter((l) => names.includes(l.directive.name));
    cache.set(key, list);
  }
  return list;
}

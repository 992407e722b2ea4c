/**
 * Every place nginx hands a request to a backend (`proxy_pass`, `uwsgi_pass`, ...), with the endpoints
 * it resolves to (upstream blocks followed) and where each endpoint is written, so that a finding or a
 * fix can point at the exact word to change.
 */
import type { Directive, NginxFile, Word } from '../nginx/ast';
import { PASS, passEndpoints } from '../nginx/routing/content';
import type { Endpoint } from '../nginx/routing/index';
import type { LocationModel, ServerModel } from '../nginx/routing/index';
import type { NginxSite } from './model';

/** One endpoint of a pass directive and the word that names it. */
export interface WrittenEndpoint {
  endpoint: Endpoint;
  /** The word naming it: the pass argument, or the upstream's `server` argument. */
  word: Word;
  file: NginxFile;
}

export interface ProxyTarget {
  site: NginxSite;
  server: ServerModel;
  /** Null for a pass at server level (not valid nginx, kept for reporting). */
  location: LocationModel | null;
  directive: Directive;
  file: NginxFile;
  /** The address as written (the argument's value). */
  written: string;
  scheme?: string;
  upstream?: { name: string; directive: Directive; file: NginxFile };
  endpoints: WrittenEndpoint[];
  /** The URI part after the address (`:/` of a unix socket, `/x` after host:port), null when none. */
  uriPart: string | null;
  /** The address has variables: nginx resolves it per request, the files cannot tell. */
  dynamic: boolean;
}

/** Lists the pass directives of every location (and `if` inside a location) of every server. */
export function proxyTargets(sites: readonly NginxSite[]): ProxyTarget[] {
  const out: ProxyTarget[] = [];
  for (const site of sites) {
    for (const server of site.routing.servers) {
      for (const location of server.allLocations) {
        for (const at of location.scope.own) {
          const d = at.directive;
          if (!(PASS as readonly string[]).includes(d.name) || d.args.length === 0) continue;
          out.push(describe(site, server, location, d, at.file));
        }
      }
    }
  }
  return out;
}

/** `passEndpoints` per site, directive and address: the locations of a site repeat their few addresses (the result is not changed). */
const parsedCache = new WeakMap<NginxSite, Map<string, ReturnType<typeof passEndpoints>>>();
function endpointsOf(site: NginxSite, directive: string, written: string): ReturnType<typeof passEndpoints> {
  let bySite = parsedCache.get(site);
  if (!bySite) parsedCache.set(site, (bySite = new Map()));
  const key = `${directive} ${written}`;
  let parsed = bySite.get(key);
  if (!parsed) bySite.set(key, (parsed = passEndpoints({ model: site.routing }, directive, written)));
  return parsed;
}

function describe(site: NginxSite, server: ServerModel, location: LocationModel, d: Directive, file: NginxFile): ProxyTarget {
  const arg = d.args[0];
  const written = arg.value;
  const dynamic = /\$/.test(written);
  const parsed = endpointsOf(site, d.name, written);
  const base: ProxyTarget = { site, server, location, directive: d, file, written, ...(parsed.scheme ? { scheme: parsed.scheme } : {}), endpoints: [], uriPart: parsed.uriPart, dynamic };
  if (dynamic) return base;
  if (parsed.upstream) {
    const ups = site.routing.upstreams.get(parsed.upstream.name.toLowerCase());
    base.upstream = { name: parsed.upstream.name, directive: parsed.upstream.at.directive, file: parsed.upstream.at.file };
    base.endpoints = (ups?.servers ?? []).map((s, i) => ({ endpoint: parsed.endpoints[i], word: s.at.directive.args[0], file: s.at.file }));
    return base;
  }
  base.endpoints = parsed.endpoints.map((endpoint) => ({ endpoint, word: arg, file }));
  return base;
}

/**
 * The request router: for one request, what nginx does (listen address, server, URI, location,
 * outcome), with nginx 1.22's exact semantics. Pure: it reads only the parsed config.
 *
 * Pipeline (route.ts): selectServer.ts picks the listen address (listen.ts) and the server by
 * Host (host.ts validates, serverName.ts matches like ngx_hash_find_combined + regexes); uri.ts
 * normalizes the request target like ngx_http_parse_complex_uri (with the default server's
 * merge_slashes); phases.ts runs the rewrite phase (rewrite.ts: rewrite/return/set/if/break),
 * the location search (findLocation.ts, like ngx_http_core_find_location), access (access.ts)
 * and the content (content.ts: *_pass, try_files, root/alias, index), looping on rewrites and
 * internal redirects. compile.ts precomputes everything per config (model.ts), cached by config
 * object. Strings are byte strings (bytes.ts); regexes are PCRE translated to JavaScript
 * (regex.ts) or reported as not modelled. Variables: context.ts, variables.ts, map.ts.
 * Every rule is checked against the real nginx in test/integration/routing.
 */
export { routeRequest } from './route';
export { parseRequestUrl, type ParsedUrl } from './request';
export { routingModel, routingModelSteps, type CompileOptions } from './compile';
export { normalizeUri, type NormalizedUri } from './uri';
export { validateHost, type ValidatedHost } from './host';
export { translatePcre, type TranslatedRegex, type UnsupportedRegex } from './regex';
export type * from './types';
export type { RoutingModel, ServerModel, LocationModel, AddressEntry } from './model';
// Building blocks other layers use to read the same model (kept stable for them).
export { readLocationArgs } from './compile';
export { inherited, inheritedAll, passEndpoints, PASS } from './content';
export { ownNamed } from './model';
export { parseListen, parseIPv4, parseIPv6, canonicalAddress } from './listen';
export type { Located, Scope, LocationLevel, UpstreamModel, ServerListen } from './model';
export type { MapModel } from './map';

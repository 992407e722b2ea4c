/**
 * The request router: for one request, what nginx does (listen address, server, URI, location,
 * outcome), with nginx's exact semantics. Pure: it reads only the parsed config.
 */
export { routeRequest } from './route';
export { parseRequestUrl, type ParsedUrl } from './request';
export { routingModel, type CompileOptions } from './compile';
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

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

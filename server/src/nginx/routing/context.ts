import type { NginxConfig } from '../config';
import { fromByteString, toByteString } from './bytes';
import { expandMapValue, findInMap, type MapModel } from './map';
import { expandVariables } from './variables';
import type { AddressEntry, LocationModel, RoutingModel, ServerModel } from './model';
import type { TranslatedRegex } from './regex';
import type { RouteOptions, RouteRequest, SourceRef, TraceStep } from './types';

/** The state of one request while the router walks nginx's phases (byte strings, see bytes.ts). */
export interface RequestContext {
  config: NginxConfig;
  model: RoutingModel;
  options: RouteOptions;
  request: RouteRequest;
  entry: AddressEntry;
  server: ServerModel;
  /** The current URI (changes with rewrites and internal redirects). */
  uri: string;
  args: string | null;
  /** The request target as sent ($request_uri). */
  requestUri: string;
  /** The validated host ($host falls back to the first server_name when empty). */
  host: string;
  /** The last successful regex match (server_name, location, rewrite, if): $1..$9 and named captures. */
  captures: { match: RegExpExecArray; names: Map<string, number>; exact: boolean; pattern: string } | null;
  /** Variables set by `set`. */
  vars: Map<string, string>;
  /** The request went through a rewrite or an internal redirect (reaches `internal` locations). */
  internal: boolean;
  /** URI changes left before nginx gives up with 500 ("rewrite or internal redirection cycle"). */
  uriChangesLeft: number;
  location: LocationModel | null;
  /** `$document_root` and `$request_filename` for the current location (set by the router). */
  pathVariable?: (name: 'document_root' | 'request_filename') => string;
  /** Set once an error_page redirected the request: the status the response keeps. */
  errorPage: { status: number | null; ref: SourceRef } | null;
  trace: TraceStep[];
  notModelled: string[];
}

/**
 * Records a successful regex match: $1..$9 now refer to it, and its named groups become variables
 * that outlive later matches (nginx stores named captures as variables).
 */
export function setCaptures(ctx: RequestContext, match: RegExpExecArray, regex: TranslatedRegex, pattern: string): void {
  ctx.captures = { match, names: regex.names, exact: regex.capturesExact, pattern };
  for (const [name, index] of regex.names) ctx.vars.set(name, match[index] ?? '');
}

/** The value of a variable the router knows for this request, as a byte string; undefined otherwise. */
export function variable(ctx: RequestContext, name: string): string | undefined {
  if (/^[1-9]$/.test(name)) {
    const m = ctx.captures?.match;
    if (!m) return '';
    inexactCaptures(ctx);
    return m[Number(name)] ?? '';
  }
  if (ctx.vars.has(name)) {
    if (ctx.captures?.names.has(name)) inexactCaptures(ctx);
    return ctx.vars.get(name);
  }
  const lower = name.toLowerCase();
  switch (lower) {
    case 'uri':
    case 'document_uri':
      return ctx.uri;
    case 'request_uri':
      return ctx.requestUri;
    case 'args':
    case 'query_string':
      return ctx.args ?? '';
    case 'is_args':
      return ctx.args !== null && ctx.args !== '' ? '?' : '';
    case 'host':
      return ctx.host !== '' ? ctx.host : firstServerName(ctx);
    case 'http_host':
      return ctx.request.host ?? undefined;
    case 'server_name':
      return firstServerName(ctx);
    case 'server_port':
      return String(ctx.request.port);
    case 'scheme':
      return ctx.request.scheme ?? 'http';
    case 'https':
      return ctx.request.scheme === 'https' ? 'on' : '';
    case 'request_method':
      return 'GET';
    case 'server_protocol':
      return 'HTTP/1.1';
    case 'hostname':
      return ctx.options.hostname;
    case 'document_root':
    case 'request_filename':
      return ctx.pathVariable?.(lower);
  }
  if (lower.startsWith('arg_')) return argValue(ctx.args, lower.slice(4));
  const map = ctx.model.maps.get(lower);
  if (map) return mapVariable(ctx, lower, map);
  return undefined;
}

const evaluating = new WeakMap<RequestContext, Set<string>>();

/** The value of a `map` variable for this request; undefined when its source is not known. */
function mapVariable(ctx: RequestContext, name: string, map: MapModel): string | undefined {
  let active = evaluating.get(ctx);
  if (!active) evaluating.set(ctx, (active = new Set()));
  // A map whose source uses itself: nginx reports a cycle; the router just does not know.
  if (active.has(name)) return undefined;
  active.add(name);
  try {
    const source = expandVariables(toByteString(map.source), (n) => variable(ctx, n));
    if (source.unknown.length > 0) return undefined;
    const found = findInMap(map, source.value);
    if ('unknown' in found) {
      ctx.notModelled.push(`$${name}: ${found.unknown}`);
      return undefined;
    }
    const value = expandMapValue(found.value, found.match, (n) => variable(ctx, n));
    return value.unknown.length > 0 ? undefined : value.value;
  } finally {
    active.delete(name);
  }
}

function inexactCaptures(ctx: RequestContext): void {
  if (!ctx.captures || ctx.captures.exact) return;
  const note = `the captures of "${ctx.captures.pattern}" may differ from PCRE's (a repeated group there can match the empty string)`;
  if (!ctx.notModelled.includes(note)) ctx.notModelled.push(note);
}

function firstServerName(ctx: RequestContext): string {
  // $server_name and an empty $host give the server's first name, regexes included as written.
  return ctx.server.nameTexts[0] ?? '';
}

/** `$arg_name`: the first argument with that name (case-insensitive), undecoded. */
function argValue(args: string | null, name: string): string {
  if (!args) return '';
  for (const part of args.split('&')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (key.toLowerCase() === name) return eq < 0 ? '' : part.slice(eq + 1);
  }
  return '';
}

/** A byte string made readable for messages. */
export function show(bs: string): string {
  return fromByteString(bs);
}

import type { NginxConfig } from '../config';
import { fromByteString, toByteString } from './bytes';
import { routingModel } from './compile';
import { setCaptures, type RequestContext } from './context';
import type { TranslatedRegex } from './regex';
import { pathMapping } from './content';
import { ownNamed } from './model';
import { validateHost } from './host';
import { runPhases } from './phases';
import { defaultChoice, selectAddress, selectServer, serverChoice } from './selectServer';
import type { RouteOptions, RouteRequest, RouteResult, TraceStep } from './types';
import { normalizeUri } from './uri';

/** nginx's NGX_HTTP_MAX_URI_CHANGES + 1: the 11th URI change is a 500. */
const URI_CHANGES = 11;

/**
 * What nginx does with one request: the listen address it lands on, the server (by Host), the
 * normalized URI, the location, and the outcome (return, redirect, backend, static file, error),
 * with a trace of every rule applied. Pure: files are never read (pass `fileType` to evaluate
 * `try_files` and `index`). The per-config structures are computed once and cached by config object.
 */
export function routeRequest(config: NginxConfig, request: RouteRequest, options: RouteOptions = {}): RouteResult {
  const model = routingModel(config, options);
  const trace: TraceStep[] = [];
  const notModelled: string[] = [...model.notes];
  const entry = selectAddress(model, request.port, request.address, trace);
  if (!entry) {
    return { server: null, location: null, target: { kind: 'no-listener', reason: trace[trace.length - 1]?.message ?? 'nothing listens there' }, trace, notModelled };
  }
  const def = defaultChoice(entry);
  const rejected = (status: number, reason: string): RouteResult => {
    trace.push({ stage: 'uri', message: `${status}: ${reason}` });
    return { status, server: serverChoice(def.server, def.rule), location: null, target: { kind: 'rejected', status, reason }, trace, notModelled };
  };
  const scheme = request.scheme ?? 'http';
  if (scheme === 'https' && !entry.ssl) {
    return { server: null, location: null, target: { kind: 'no-listener', reason: `port ${request.port} does not speak TLS (no "ssl" on its listen): the TLS handshake fails` }, trace, notModelled };
  }
  if (scheme === 'http' && entry.ssl) return rejected(400, 'a plain HTTP request was sent to a port with "ssl"');
  // The deprecated `ssl on;` turns TLS on for the servers that have it, not for the listen socket.
  if (entry.servers.some((sv) => ownNamed(sv.scope, 'ssl').some((l) => l.directive.args[0]?.value === 'on'))) {
    notModelled.push('"ssl on;" (deprecated) on this address: whether the connection must be TLS is not modelled');
  }

  // The request line is parsed before the Host header is known: the default server's
  // merge_slashes applies, whatever server the Host then selects.
  const target = toByteString(request.path);
  const norm = normalizeUri(target, def.server.mergeSlashes);
  if (!norm.ok) return rejected(400, norm.reason);
  trace.push({ stage: 'uri', message: norm.uri === target ? `URI "${request.path}"` : `URI "${fromByteString(norm.uri)}" (normalized from "${request.path}")` });

  let host = '';
  if (request.host !== null) {
    const h = validateHost(toByteString(request.host));
    if (!h.ok) return rejected(400, h.reason);
    host = h.host;
  } else trace.push({ stage: 'host', message: 'the request has no Host header' });

  const sel = selectServer(entry, host, trace, notModelled);
  const ctx: RequestContext = {
    config,
    model,
    options,
    request,
    entry,
    server: sel.server,
    uri: norm.uri,
    args: norm.args,
    requestUri: target,
    host,
    captures: null,
    vars: new Map(),
    internal: false,
    uriChangesLeft: URI_CHANGES,
    location: null,
    errorPage: null,
    trace,
    notModelled,
  };
  ctx.pathVariable = (name) => {
    const mapping = pathMapping(ctx, ctx.location ? ctx.location.scope : ctx.server.scope);
    return name === 'document_root' ? mapping.root : mapping.map(ctx.uri);
  };
  const re = sel.match ? serverRegex(sel) : null;
  if (sel.match && re) setCaptures(ctx, sel.match, re.regex, re.text);
  const outcome = runPhases(ctx);
  return {
    server: sel.choice,
    location: outcome.location,
    uri: fromByteString(outcome.uri),
    args: ctx.args === null ? null : fromByteString(ctx.args),
    target: outcome.target,
    ...(ctx.errorPage ? { errorPage: ctx.errorPage } : {}),
    trace,
    notModelled: [...new Set(notModelled)],
  };
}

function serverRegex(sel: ReturnType<typeof selectServer>): { regex: TranslatedRegex; text: string } | null {
  const entry = sel.server.names.find((n) => n.kind === 'regex' && n.text === sel.choice.matchedName);
  return entry && entry.kind === 'regex' && entry.regex.ok ? { regex: entry.regex, text: entry.text } : null;
}

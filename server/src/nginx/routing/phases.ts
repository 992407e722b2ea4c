import { fromByteString } from './bytes';
import { setCaptures, show, type RequestContext } from './context';
import { inherited, inheritedAll, PASS, passTarget, pathMapping, tryFilesCandidates } from './content';
import { accessDecision } from './access';
import { findLocation } from './findLocation';
import { ownNamed, type Located, type LocationModel, type Scope } from './model';
import { runRewrites } from './rewrite';
import { refOf } from './selectServer';
import type { FileCandidate, LocationChoice, RouteTarget } from './types';
import { expand } from './rewrite';

/** The end of the phases: the location that answered (if any), the URI it saw, and the target. */
export interface PhasesOutcome {
  location: LocationChoice | null;
  uri: string;
  target: RouteTarget;
}

/**
 * A request that starts over: an internal redirect to a URI (try_files fallback, index, error_page:
 * nginx runs the server-level rewrite directives again), a rewritten URI (`rewrite ... last`: the
 * location search only), or a named location (its rewrite directives and content).
 */
type Jump =
  | { kind: 'redirect'; uri: string; args: string | null; why: string }
  | { kind: 'rewritten'; why: string }
  | { kind: 'named'; location: LocationModel; why: string };

type Step = { done: RouteTarget } | { jump: Jump };

function choice(loc: LocationModel, uri: string): LocationChoice {
  const rule: LocationChoice['rule'] = loc.modifier === '=' ? 'exact' : loc.modifier === '~' || loc.modifier === '~*' ? 'regex' : loc.modifier === '@' ? 'named' : 'prefix';
  return { ref: refOf(loc.at), file: loc.at.file.path, modifier: loc.modifier, pattern: loc.pattern, rule, uri: fromByteString(uri) };
}

/**
 * nginx's phases after the server is known: the server-level rewrite directives, the location
 * search, the location's rewrite directives, access, and the content (handler, try_files, static
 * files); again on `rewrite ... last`, internal redirects and named locations, at most 10 URI
 * changes as nginx.
 */
export function runPhases(ctx: RequestContext): PhasesOutcome {
  let location: LocationChoice | null = null;
  let lastUri = ctx.uri;
  let errorPageUsed = false;
  // `rewrite ... break` clears r->valid_location (proxy_pass then sends the URI as it is); every
  // start of the handler (the request, an internal redirect) sets it again.
  let validLocation = true;
  let next = { kind: 'start' } as Jump | { kind: 'start' };
  const state = { uriChanged: false };
  const restart = (jump: Jump): boolean => {
    if (jump.why.startsWith('error_page')) errorPageUsed = true;
    next = jump;
    return countChange(ctx);
  };

  for (;;) {
    let loc: LocationModel | null;
    if (next.kind === 'named') {
      loc = next.location;
      location = choice(loc, ctx.uri);
      ctx.trace.push({ stage: 'location', message: `${next.why}: named location "${loc.pattern}"`, ref: refOf(loc.at) });
    } else {
      if (next.kind === 'start' || next.kind === 'redirect') {
        if (next.kind === 'redirect') {
          ctx.uri = next.uri;
          ctx.args = next.args;
          ctx.trace.push({ stage: 'location', message: `${next.why}: internal redirect to "${show(ctx.uri)}"` });
        }
        validLocation = true;
        const server = runRewrites(ctx, ctx.server.scope, state);
        if (server.kind === 'respond' || server.kind === 'unknown') {
          ctx.trace.push({ stage: 'rewrite', message: 'the server-level rewrite directives answer before any location is searched' });
          const step = server.kind === 'respond' ? afterResponse(ctx, server.target, ctx.server.scope, errorPageUsed) : { done: server.target };
          if ('done' in step) {
            // Still say which location the URI would have reached, for the explanation.
            const probe = findLocation(ctx.server.level, ctx.uri);
            return { location: probe.location ? choice(probe.location, ctx.uri) : null, uri: ctx.uri, target: step.done };
          }
          if (!restart(step.jump)) return cycle(null, ctx.uri);
          continue;
        }
        if (server.kind === 'break' && server.rewritten) validLocation = false;
      }
      const search = findLocation(ctx.server.level, ctx.uri);
      for (const s of search.steps) ctx.trace.push({ stage: 'location', message: s.message, ref: s.location ? refOf(s.location.at) : undefined });
      for (const u of search.unmodelled) ctx.notModelled.push(`location ${u.modifier} ${u.pattern}: ${u.regex && !u.regex.ok ? u.regex.reason : 'cannot be decided for this URI (bytes 0xA0/0x85 with \\h or \\v)'}`);
      lastUri = ctx.uri;
      loc = search.location;
      if (search.match && search.matchedBy?.regex?.ok) setCaptures(ctx, search.match, search.matchedBy.regex, search.matchedBy.pattern);
      if (search.outcome === 'none') ctx.trace.push({ stage: 'location', message: 'no location matches: the server-level settings answer' });
      location = loc ? choice(loc, ctx.uri) : null;
      if (loc && loc.internal && !ctx.internal) {
        ctx.trace.push({ stage: 'location', message: `location "${loc.pattern}" is "internal": 404 for a request from outside`, ref: refOf(loc.at) });
        const step = errorStatus(ctx, 404, loc.scope, 'the location is internal', errorPageUsed);
        if ('done' in step) return { location, uri: lastUri, target: step.done };
        if (!restart(step.jump)) return cycle(location, lastUri);
        continue;
      }
      if (search.outcome === 'auto-redirect' && loc) {
        const to = ctx.uri + '/' + (ctx.args ? '?' + ctx.args : '');
        return { location, uri: lastUri, target: { kind: 'redirect', status: 301, location: fromByteString(to), reason: `location "${loc.pattern}" passes to a backend and the URI lacks its trailing slash` } };
      }
    }
    ctx.location = loc;

    let contentScope = loc ? loc.scope : ctx.server.scope;
    if (loc) {
      state.uriChanged = false;
      const r = runRewrites(ctx, loc.scope, state);
      if (r.kind === 'respond') {
        const step = afterResponse(ctx, r.target, loc.scope, errorPageUsed);
        if ('done' in step) return { location, uri: lastUri, target: step.done };
        if (!restart(step.jump)) return cycle(location, lastUri);
        continue;
      }
      if (r.kind === 'unknown') return { location, uri: lastUri, target: r.target };
      if (r.kind === 'last' || (r.kind === 'end' && state.uriChanged)) {
        if (!restart({ kind: 'rewritten', why: 'the URI was rewritten' })) return cycle(location, lastUri);
        continue;
      }
      if (r.kind === 'break' && r.rewritten) validLocation = false;
      contentScope = r.scope;
    }

    const step = content(ctx, loc, contentScope, validLocation, errorPageUsed);
    if ('done' in step) return { location, uri: lastUri, target: step.done };
    if (!restart(step.jump)) return cycle(location, lastUri);
  }
}

function countChange(ctx: RequestContext): boolean {
  ctx.uriChangesLeft--;
  ctx.internal = true;
  return ctx.uriChangesLeft > 0;
}

function cycle(location: LocationChoice | null, uri: string): PhasesOutcome {
  return { location, uri, target: { kind: 'error', status: 500, reason: 'rewrite or internal redirection cycle (more than 10 URI changes)' } };
}

/** A `return` with an error status and no text goes through error_page; others stand. */
function afterResponse(ctx: RequestContext, target: RouteTarget, scope: Scope, errorPageUsed: boolean): Step {
  if (target.kind === 'return' && target.status >= 400 && target.text === undefined && target.status !== 444) {
    const step = errorStatus(ctx, target.status, scope, `return ${target.status}`, errorPageUsed);
    if ('jump' in step) return step;
  }
  return { done: target };
}

/** An error status: error_page (if one covers it, and none was used yet) or the status itself. */
function errorStatus(ctx: RequestContext, status: number, scope: Scope, reason: string, errorPageUsed: boolean): Step {
  if (!errorPageUsed) {
    for (const l of inheritedAll(scope, 'error_page')) {
      const a = l.directive.args.map((w) => w.value);
      let page = a[a.length - 1];
      const codes = a.slice(0, -1).filter((x) => /^\d{3}$/.test(x)).map(Number);
      if (!codes.includes(status)) continue;
      const override = a.find((x) => /^=\d*$/.test(x));
      if (override && a[a.length - 1] === override) page = a[a.length - 2];
      ctx.trace.push({ stage: 'target', message: `error_page ${status} → ${page}`, ref: refOf(l) });
      ctx.errorPage = { status: override === undefined ? status : override === '=' ? null : Number(override.slice(1)), ref: refOf(l) };
      if (page.startsWith('@')) {
        const named = ctx.server.named.get(page);
        if (named) return { jump: { kind: 'named', location: named, why: `error_page ${status}` } };
        return { done: { kind: 'error', status: 500, reason: `error_page names the unknown location "${page}"`, ref: refOf(l) } };
      }
      if (/^https?:\/\//.test(page) || page.startsWith('$scheme')) {
        const v = expand(ctx, page);
        return { done: { kind: 'return', status: 302, location: fromByteString(v.value), ref: refOf(l) } };
      }
      const v = expand(ctx, page);
      const q = v.value.indexOf('?');
      return { jump: { kind: 'redirect', uri: q < 0 ? v.value : v.value.slice(0, q), args: q < 0 ? ctx.args : v.value.slice(q + 1), why: `error_page ${status}` } };
    }
  }
  return { done: { kind: 'error', status, reason } };
}

/** The content phase: a backend handler, try_files, or the static module. */
function content(ctx: RequestContext, loc: LocationModel | null, scope: Scope, validLocation: boolean, errorPageUsed: boolean): Step {
  // The access phase comes after the rewrite directives and before any content.
  const access = accessDecision(scope, ctx.request.client);
  if (access.kind === 'deny') {
    ctx.trace.push({ stage: 'target', message: `"${access.at.directive.name} ${access.at.directive.args[0]?.value ?? ''}" refuses the request`, ref: refOf(access.at) });
    return errorStatus(ctx, 403, scope, 'access denied (deny)', errorPageUsed);
  }
  if (access.kind === 'depends') ctx.notModelled.push(access.why);
  // Handlers are not inherited, except that an `if` block uses its location's.
  const handlerScopes = scope.kind === 'if' && loc ? [scope, loc.scope] : [scope];
  for (const s of handlerScopes) {
    let pass: Located | undefined;
    for (const name of PASS) pass ??= ownNamed(s, name)[0];
    if (pass) return { done: passTarget(ctx, pass, loc, validLocation) };
  }
  const special = ownNamed(scope, 'empty_gif')[0] ?? ownNamed(scope, 'stub_status')[0];
  if (special) return { done: { kind: 'not-modelled', reason: `the "${special.directive.name}" handler answers`, ref: refOf(special) } };

  const mapping = pathMapping(ctx, scope);
  if (mapping.problem) ctx.notModelled.push(mapping.problem);
  const fileType = ctx.options.fileType;
  // try_files belongs to the location (or to the server when no location matched): not inherited.
  const tfs = ownNamed(loc ? loc.scope : ctx.server.scope, 'try_files');
  const tf = tfs[tfs.length - 1];
  if (tf) {
    const { candidates, fallback } = tryFilesCandidates(ctx, tf, mapping);
    if (!fileType) {
      return {
        done: {
          kind: 'static',
          via: mapping.via,
          root: fromByteString(mapping.root),
          path: candidates[0]?.path ?? fromByteString(mapping.map(ctx.uri)),
          ...(mapping.at ? { ref: refOf(mapping.at) } : {}),
          tryFiles: { candidates, fallback, ref: refOf(tf) },
          outcome: `the first of ${candidates.map((c) => c.written).join(', ')} that exists is served; otherwise ${fallback}`,
        },
      };
    }
    for (const c of candidates) {
      const t = fileType(c.path);
      c.found = c.directory ? t === 'directory' : t === 'file';
      if (!c.found) continue;
      // The URI becomes the name found (without the slash of a directory test: a directory then
      // gets the static module's 301 to the slashed URI).
      const v = expand(ctx, c.directory ? c.written.slice(0, -1) : c.written);
      ctx.uri = v.value;
      ctx.trace.push({ stage: 'target', message: `try_files: ${c.written} exists (${c.path})`, ref: refOf(tf) });
      return staticTarget(ctx, loc, scope, errorPageUsed, { candidates, fallback, ref: refOf(tf) });
    }
    ctx.trace.push({ stage: 'target', message: `try_files: no candidate exists, fallback ${fallback}`, ref: refOf(tf) });
    if (/^=\d+$/.test(fallback)) return errorStatus(ctx, Number(fallback.slice(1)), scope, `try_files ${fallback}`, errorPageUsed);
    if (fallback.startsWith('@')) {
      const named = ctx.server.named.get(fallback);
      if (!named) return { done: { kind: 'error', status: 500, reason: `try_files names the unknown location "${fallback}"`, ref: refOf(tf) } };
      return { jump: { kind: 'named', location: named, why: 'try_files fallback' } };
    }
    const v = expand(ctx, fallback);
    const q = v.value.indexOf('?');
    return { jump: { kind: 'redirect', uri: q < 0 ? v.value : v.value.slice(0, q), args: q < 0 ? ctx.args : v.value.slice(q + 1), why: 'try_files fallback' } };
  }
  return staticTarget(ctx, loc, scope, errorPageUsed);
}

/** The static and index modules for the current URI. */
function staticTarget(
  ctx: RequestContext,
  loc: LocationModel | null,
  scope: Scope,
  errorPageUsed: boolean,
  tryFiles?: { candidates: FileCandidate[]; fallback: string; ref: ReturnType<typeof refOf> },
): Step {
  const mapping = pathMapping(ctx, scope);
  const path = fromByteString(mapping.map(ctx.uri));
  const base: RouteTarget & { kind: 'static' } = {
    kind: 'static',
    via: mapping.via,
    root: fromByteString(mapping.root),
    path,
    ...(mapping.at ? { ref: refOf(mapping.at) } : {}),
    ...(tryFiles ? { tryFiles } : {}),
  };
  const fileType = ctx.options.fileType;
  if (ctx.uri.endsWith('/')) {
    const idx = inherited(scope, ['index']);
    const names = idx ? idx.at.directive.args.map((w) => w.value) : ['index.html'];
    const candidates: FileCandidate[] = names.map((n) => {
      const v = expand(ctx, n);
      return { written: n, path: v.value.startsWith('/') ? fromByteString(v.value) : fromByteString(mapping.map(ctx.uri) + v.value), directory: false };
    });
    base.index = { candidates, ...(idx ? { ref: refOf(idx.at) } : {}) };
    if (!fileType) {
      base.outcome = `a directory: the first index file that exists (${names.join(', ')}) is served through an internal redirect`;
      ctx.trace.push({ stage: 'target', message: `static directory ${path}: index ${names.join(' ')}`, ref: mapping.at ? refOf(mapping.at) : undefined });
      return { done: base };
    }
    for (let i = 0; i < names.length; i++) {
      const v = expand(ctx, names[i]);
      // The last index may be an absolute URI: an internal redirect without a check.
      if (v.value.startsWith('/') && i === names.length - 1) return { jump: { kind: 'redirect', uri: v.value, args: ctx.args, why: 'index' } };
      candidates[i].found = fileType(candidates[i].path) === 'file';
      if (candidates[i].found) return { jump: { kind: 'redirect', uri: ctx.uri + v.value, args: ctx.args, why: `index ${names[i]}` } };
    }
    const dir = fileType(path);
    const autoindex = inherited(scope, ['autoindex']);
    if (dir === 'directory' && autoindex?.at.directive.args[0]?.value === 'on') {
      base.outcome = 'no index file: autoindex lists the directory';
      return { done: base };
    }
    return errorStatus(ctx, dir === 'directory' ? 403 : 404, scope, dir === 'directory' ? `directory index of "${path}" is forbidden` : `"${path}" is not found`, errorPageUsed);
  }
  ctx.trace.push({ stage: 'target', message: `static file ${path} (${mapping.via})`, ref: mapping.at ? refOf(mapping.at) : undefined });
  if (!fileType) return { done: base };
  const t = fileType(path);
  if (t === 'file') {
    base.outcome = 'the file exists: 200';
    return { done: base };
  }
  if (t === 'directory') {
    const to = ctx.uri + '/' + (ctx.args ? '?' + ctx.args : '');
    return { done: { kind: 'redirect', status: 301, location: fromByteString(to), reason: `"${path}" is a directory` } };
  }
  return errorStatus(ctx, 404, scope, `"${path}" is not found`, errorPageUsed);
}


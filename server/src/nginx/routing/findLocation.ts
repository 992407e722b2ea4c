import type { LocationLevel, LocationModel } from './model';
import { execPcre } from './regex';

/** One step of the location search, for the trace. */
export interface LocationStep {
  message: string;
  location?: LocationModel;
}

/** The outcome of the location search for one URI. */
export interface LocationSearch {
  /**
   * `exact`: an `=` location; `prefix`: the longest prefix (no regex matched); `regex`: a regex
   * location; `auto-redirect`: nginx answers 301 to the URI plus "/"; `none`: no location.
   */
  outcome: 'exact' | 'prefix' | 'regex' | 'auto-redirect' | 'none';
  location: LocationModel | null;
  /** The captures of the last regex location that matched, and that location. */
  match: RegExpExecArray | null;
  matchedBy: LocationModel | null;
  steps: LocationStep[];
  /** Regex locations that were skipped because the router cannot run them like PCRE. */
  unmodelled: LocationModel[];
}

type Rc = 'ok' | 'again' | 'done' | 'declined';

interface SearchState {
  loc: LocationModel | null;
  match: RegExpExecArray | null;
  matchedBy: LocationModel | null;
  steps: LocationStep[];
  unmodelled: LocationModel[];
}

/**
 * `ngx_http_core_find_location`: the static search of one level (exact, then the longest prefix,
 * descending into its nested locations), then that level's regex locations in config order unless
 * the prefix was `^~`. A regex match searches the regex location's own nested locations too.
 */
export function findLocation(level: LocationLevel, uri: string): LocationSearch {
  const state: SearchState = { loc: null, match: null, matchedBy: null, steps: [], unmodelled: [] };
  const rc = find(level, uri, state);
  let outcome: LocationSearch['outcome'];
  if (rc === 'done') outcome = 'auto-redirect';
  else if (!state.loc) outcome = 'none';
  else if (state.loc.modifier === '=') outcome = 'exact';
  else if (state.loc.modifier === '~' || state.loc.modifier === '~*') outcome = 'regex';
  else outcome = 'prefix';
  return { outcome, location: state.loc, match: state.match, matchedBy: state.matchedBy, steps: state.steps, unmodelled: state.unmodelled };
}

function find(level: LocationLevel, uri: string, state: SearchState): Rc {
  let noregex = false;
  let rc = findStatic(level, uri, state);
  if (rc === 'again') {
    noregex = (state.loc as LocationModel).modifier === '^~';
    rc = find((state.loc as LocationModel).level, uri, state);
  }
  if (rc === 'ok' || rc === 'done') return rc;
  if (noregex) {
    if (level.regex.length > 0) state.steps.push({ message: `"^~" stops the search: the regex locations of this level are not tried`, location: state.loc ?? undefined });
    return rc;
  }
  for (const loc of level.regex) {
    if (!loc.regex?.ok) {
      state.unmodelled.push(loc);
      state.steps.push({ message: `regex location "${loc.pattern}" is not modelled (${loc.regex && !loc.regex.ok ? loc.regex.reason : 'no pattern'}): skipped`, location: loc });
      continue;
    }
    const m = execPcre(loc.regex, uri);
    if (m === 'uncertain') {
      state.unmodelled.push(loc);
      state.steps.push({ message: `regex location "${loc.pattern}" cannot be decided for this URI (bytes 0xA0/0x85 with \\h or \\v): skipped`, location: loc });
      continue;
    }
    if (!m) continue;
    state.loc = loc;
    state.match = m;
    state.matchedBy = loc;
    state.steps.push({ message: `regex location "${loc.modifier} ${loc.pattern}" matches (first matching regex in config order)`, location: loc });
    // Nested locations of a regex location; whatever they return, the result is a match (even an
    // auto-redirect found there only selects that location, as nginx does).
    find(loc.level, uri, state);
    return 'ok';
  }
  return rc;
}

/** `ngx_http_core_find_static_location` on one level, as the longest-prefix rule it implements. */
function findStatic(level: LocationLevel, uri: string, state: SearchState): Rc {
  const exact = level.exact.get(uri);
  if (exact) {
    state.loc = exact;
    state.steps.push({ message: `exact location "= ${exact.pattern}" matches`, location: exact });
    return 'ok';
  }
  let prefix: LocationModel | undefined;
  for (const len of level.prefixLengths) {
    if (len > uri.length) continue;
    prefix = level.prefix.get(uri.length === len ? uri : uri.slice(0, len));
    if (prefix) break;
  }
  // A location "uri/" with a *_pass handler turns a request for "uri" into a 301, unless a
  // location is named exactly "uri" (the tree search would have stopped there).
  if (!prefix || prefix.name.length !== uri.length) {
    const redirect = level.autoRedirect.get(uri + '/');
    if (redirect) {
      state.loc = redirect;
      state.steps.push({ message: `location "${redirect.pattern}" passes requests to a backend: "${redirect.pattern.slice(0, -1)}" without the slash is redirected (301)`, location: redirect });
      return 'done';
    }
  }
  if (!prefix) return 'declined';
  state.loc = prefix;
  state.steps.push({ message: `longest matching prefix location is "${prefix.modifier ? prefix.modifier + ' ' : ''}${prefix.pattern}"`, location: prefix });
  return 'again';
}

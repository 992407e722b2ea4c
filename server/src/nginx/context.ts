/**
 * Which nginx context a file is read in when the user opens it on its own. nginx itself never
 * asks: it reads nginx.conf and pastes every include where it stands. An editor opens
 * `sites-available/app` or `snippets/ssl.conf` directly, so the checker must guess the block it
 * will end up in, and guess generously: a wrong guess shows "not allowed here" errors that nginx
 * would never print.
 */
import { directivesOf, type Directive, type NginxFile } from './ast';
import { getDirectives, isDirectiveName } from './catalog';
import type { NginxContext } from './config';
import type { DirectiveContext } from './directiveSpec';

/** Top-level blocks that only a main config holds. */
const MAIN_BLOCKS = new Set(['http', 'events', 'stream', 'mail']);

/** Top-level blocks that put a file at http level (a sites-enabled file). */
const HTTP_BLOCKS = new Set(['server', 'upstream', 'map', 'geo', 'split_clients', 'limit_req_zone', 'limit_conn_zone', 'log_format']);

/** Directories whose files Debian's nginx.conf includes inside `http {}`. */
const HTTP_DIRS = ['sites-available', 'sites-enabled', 'conf.d'];

/**
 * The candidates tried for a fragment, most permissive first: a snippet whose directives all fit
 * `http` is checked there; one with `listen` needs `server`; one with `proxy_pass` needs `location`.
 */
const FRAGMENT_CANDIDATES: ReadonlyArray<[NginxContext, DirectiveContext]> = [
  ['http', 'http'],
  ['server', 'server'],
  ['location', 'location'],
  ['if', 'if in location'],
  ['upstream', 'upstream'],
  ['stream', 'stream'],
];

/** The directive context a file-level context stands for (`if` files are location `if`s). */
export function directiveContextOf(context: NginxContext): DirectiveContext | undefined {
  switch (context) {
    case 'if':
      return 'if in location';
    case 'other':
      return undefined;
    default:
      return context;
  }
}

/** True when every module that defines `name` allows it only at the main level. */
function isMainOnly(name: string): boolean {
  const specs = getDirectives(name);
  return specs.length > 0 && specs.every((s) => s.contexts.length === 1 && s.contexts[0] === 'main');
}

/** Number of top-level known directives that `context` rejects. */
function misfits(directives: readonly Directive[], context: DirectiveContext): number {
  let n = 0;
  for (const d of directives) {
    const specs = getDirectives(d.name);
    if (specs.length === 0) continue;
    if (!specs.some((s) => s.contexts.includes(context) || s.contexts.includes('any'))) n++;
  }
  return n;
}

/**
 * The context of a file opened on its own. A file with `http {}`, `events {}` or main-only
 * directives (`user`, `worker_processes`) is a main config; one with top-level `server {}` /
 * `upstream {}` / `map {}`, or living in sites-available, sites-enabled or conf.d, is http-level;
 * anything else is checked in the first of http, server, location (then if, upstream, stream)
 * where the fewest of its directives are out of place: a `location`-level snippet that nothing
 * includes gets no "not allowed here" errors.
 */
export function inferContext(file: NginxFile): NginxContext {
  const top = directivesOf(file);
  if (top.some((d) => (MAIN_BLOCKS.has(d.name) && d.block) || isMainOnly(d.name))) return 'main';
  if (top.some((d) => HTTP_BLOCKS.has(d.name) && (d.block || d.name.endsWith('_zone') || d.name === 'log_format'))) return 'http';
  const parts = file.path.split('/');
  if (parts.slice(0, -1).some((p) => HTTP_DIRS.includes(p))) return 'http';
  const known = top.filter((d) => isDirectiveName(d.name) && d.name !== 'include');
  if (known.length === 0) return /(^|\/)nginx\.conf$/.test(file.path) ? 'main' : 'http';
  let best: NginxContext = 'http';
  let bestMisfits = Number.POSITIVE_INFINITY;
  for (const [name, ctx] of FRAGMENT_CANDIDATES) {
    const n = misfits(known, ctx);
    if (n < bestMisfits) {
      best = name;
      bestMisfits = n;
    }
    if (n === 0) break;
  }
  return best;
}

/**
 * Lookups over the nginx directive catalog: is a name a directive, where may it appear, how many
 * arguments does it take there, what did the user probably mean. The data is
 * `catalog.generated.ts` (from nginx.org's docs) plus the few directives nginx accepts that its
 * docs do not list (`UNDOCUMENTED_DIRECTIVES`).
 */
import { argCountOf, type ArgCount } from './argcounts';
import { NGINX_DIRECTIVES } from './catalog.generated';
import type { DirectiveContext, DirectiveSpec } from './directiveSpec';

export type { DirectiveContext, DirectiveSpec } from './directiveSpec';

/**
 * Directives nginx accepts that nginx.org does not document, from the command tables of nginx's
 * sources. Without them a working config gets "unknown directive" errors.
 */
export const UNDOCUMENTED_DIRECTIVES: readonly DirectiveSpec[] = [
  // ngx_http_core_module: NGX_HTTP_MAIN_CONF|SRV_CONF|LOC_CONF|LIF_CONF|NGX_CONF_TAKE1.
  undocumented('post_action', 'ngx_http_core_module', 'http', ['http', 'server', 'location', 'if in location'], ['uri | off'], 'Defines a URI for a subrequest made after the request completes (undocumented).'),
  // ngx_mail_proxy_module: NGX_MAIL_MAIN_CONF|NGX_MAIL_SRV_CONF|NGX_CONF_FLAG.
  undocumented('proxy', 'ngx_mail_proxy_module', 'mail', ['mail', 'mail server'], ['on | off'], 'Enables proxying of mail sessions to the backend (undocumented).'),
];

function undocumented(name: string, module: string, family: string, contexts: DirectiveContext[], syntax: string[], description: string): DirectiveSpec {
  return { name, module, contexts, block: false, default: '', syntax, description, url: `https://nginx.org/en/docs/${family}/${module}.html` };
}

let byName: Map<string, DirectiveSpec[]> | undefined;

/** Name -> entries, built on first use (the table is large; most sessions need only a few lookups). */
function index(): Map<string, DirectiveSpec[]> {
  if (byName) return byName;
  byName = new Map();
  for (const d of [...NGINX_DIRECTIVES, ...UNDOCUMENTED_DIRECTIVES]) {
    const list = byName.get(d.name);
    if (list) list.push(d);
    else byName.set(d.name, [d]);
  }
  return byName;
}

/** The first catalog entry for a name (http modules come first), or undefined for unknown names. */
export function getDirective(name: string): DirectiveSpec | undefined {
  return index().get(name)?.[0];
}

/** Every catalog entry for a name: one per module that defines it (`listen` has three). */
export function getDirectives(name: string): readonly DirectiveSpec[] {
  return index().get(name) ?? [];
}

/** True when some module defines the directive (nginx's "unknown directive" test). */
export function isDirectiveName(name: string): boolean {
  return index().has(name);
}

/** Every directive name, sorted (for completion). */
export function directiveNames(): string[] {
  return [...index().keys()].sort();
}

/** Answers of `specIn` by context and name (null: allowed nowhere there); a configuration repeats a few hundred names. */
const specs = new Map<DirectiveContext, Map<string, DirectiveSpec | null>>();

/** The entry that applies to `name` in `context`, or undefined when no module allows it there. */
export function specIn(name: string, context: DirectiveContext): DirectiveSpec | undefined {
  let byName = specs.get(context);
  if (!byName) specs.set(context, (byName = new Map()));
  let spec = byName.get(name);
  if (spec === undefined) {
    spec = getDirectives(name).find((d) => d.contexts.includes(context) || d.contexts.includes('any')) ?? null;
    // Bounded: unknown names are the user's text.
    if (byName.size < 5000) byName.set(name, spec);
  }
  return spec ?? undefined;
}

/** True when `name` may appear in `context` (nginx's "directive is not allowed here" test). */
export function allowedIn(name: string, context: DirectiveContext): boolean {
  return specIn(name, context) !== undefined;
}

/** The argument count of `name` where it is used (the entry for that context, else the first). */
export function argCountIn(name: string, context?: DirectiveContext): ArgCount | undefined {
  const spec = (context && specIn(name, context)) || getDirective(name);
  return spec && argCountOf(spec);
}

/** The directive names closest to `name` (within a small edit distance); those allowed in `context` first. */
export function suggest(name: string, context?: DirectiveContext, limit = 3): string[] {
  const lower = name.toLowerCase();
  const budget = lower.length <= 4 ? 1 : lower.length <= 8 ? 2 : 3;
  const scored: Array<{ name: string; distance: number; fits: boolean }> = [];
  for (const candidate of index().keys()) {
    if (Math.abs(candidate.length - lower.length) > budget) continue;
    const distance = editDistance(lower, candidate, budget);
    if (distance > budget) continue;
    scored.push({ name: candidate, distance, fits: context ? allowedIn(candidate, context) : true });
  }
  // Only the closest: "proxy_passs" means proxy_pass (1 edit), not proxy_ssl (2 edits).
  const best = Math.min(...scored.map((s) => s.distance));
  return scored
    .filter((s) => s.distance === best)
    .sort((a, b) => Number(b.fits) - Number(a.fits) || (a.name < b.name ? -1 : 1))
    .slice(0, limit)
    .map((s) => s.name);
}

/**
 * Optimal string alignment distance (Levenshtein plus swaps of neighbours, the most common
 * typo); gives up early once every cell of a row exceeds `cap`.
 */
export function editDistance(a: string, b: string, cap = Number.POSITIVE_INFINITY): number {
  const m = a.length;
  const n = b.length;
  let prev2: number[] = [];
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > cap) return rowMin;
    prev2 = prev;
    prev = cur;
  }
  return prev[n];
}

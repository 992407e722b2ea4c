import type { Finding, TextEdit } from '../../common/diagnostics';
import type { Visit } from '../../nginx/walk';
import { lineStart } from '../edits';
import type { Rule, RuleContext } from '../rule';
import { reportable, scans, unique, type ConfigScan } from './scan';

/** Headers whose loss weakens the site's protection: a warning; other dropped headers are information. */
const SECURITY_HEADERS = new Set([
  'content-security-policy',
  'content-security-policy-report-only',
  'strict-transport-security',
  'x-frame-options',
  'x-content-type-options',
  'referrer-policy',
  'permissions-policy',
  'cross-origin-opener-policy',
  'cross-origin-embedder-policy',
  'cross-origin-resource-policy',
  'x-xss-protection',
  'x-permitted-cross-domain-policies',
  'cache-control',
]);

const LEVELS = new Set(['http', 'server', 'location', 'if']);

const byName = new WeakMap<ConfigScan, Map<Visit | null, Map<string, Visit[]>>>();

/** The directives named `name` directly at a level; indexed once per level (every location walks up to the http level). */
function own(scan: ConfigScan, level: Visit | null, name: string): Visit[] {
  let levels = byName.get(scan);
  if (!levels) byName.set(scan, (levels = new Map()));
  let names = levels.get(level);
  if (!names) {
    names = new Map();
    for (const c of scan.children.get(level) ?? []) {
      const list = names.get(c.directive.name);
      if (list) list.push(c);
      else names.set(c.directive.name, [c]);
    }
    levels.set(level, names);
  }
  return names.get(name) ?? [];
}

/** `add_header_inherit` (nginx 1.29.3+) in effect at a level: `merge` and `off` change the rule. */
function inheritMode(scan: ConfigScan, level: Visit | null): string {
  for (let l: Visit | null = level; ; l = l.parent) {
    const set = own(scan, l, 'add_header_inherit');
    if (set.length > 0) return set[set.length - 1].directive.args[0]?.value ?? 'on';
    if (!l) return 'on';
  }
}

/** The add_header directives in effect at a level: its own, or (when it has none) its parent's. */
function inEffect(scan: ConfigScan, level: Visit | null): Visit[] {
  for (let l: Visit | null = level; ; l = l.parent) {
    const list = own(scan, l, 'add_header');
    if (list.length > 0 || !l) return list;
  }
}

const headerName = (v: Visit) => v.directive.args[0]?.value.toLowerCase() ?? '';

/**
 * nginx inherits `add_header` from the enclosing level only when a level has none of its own: one
 * `add_header` in a location (or in an `if`) silently drops every header the server set, often the
 * security headers (HSTS, CSP, X-Frame-Options). The fix copies the dropped headers into the level.
 */
export const addHeaderDropped: Rule = {
  id: 'add-header-dropped',
  severity: 'warning',
  description: 'an add_header in a nested block drops the headers set by the enclosing block (nginx does not merge them)',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const scan of scans(ctx)) {
      // The blocks that have an add_header of their own, with theirs in order (a block's children share it as parent).
      const withHeaders = new Map<Visit, Visit[]>();
      for (const v of scan.named('add_header')) {
        if (!v.parent || v.directive.args.length < 2) continue;
        const list = withHeaders.get(v.parent);
        if (list) list.push(v);
        else withHeaders.set(v.parent, [v]);
      }
      const found = new Map<Visit, Finding>();
      for (const [level, mine] of withHeaders) {
        // add_header is not allowed in an `if` at server level (nginx -t refuses it; validation reports that).
        if (!LEVELS.has(level.directive.name) || (level.directive.name === 'if' && level.context !== 'location')) continue;
        if (!reportable(ctx, mine[0])) continue;
        const mode = inheritMode(scan, level);
        if (mode === 'merge' || mode === 'off') continue;
        const names = new Set(mine.map(headerName));
        const dropped = inEffect(scan, level.parent).filter((p) => p.directive.args.length >= 2 && !names.has(headerName(p)));
        if (dropped.length === 0) continue;
        const security = dropped.some((p) => SECURITY_HEADERS.has(headerName(p)));
        const list = [...new Set(dropped.map((p) => p.directive.args[0].value))].join(', ');
        const first = mine[0];
        const edit = copyHeaders(ctx, first, dropped);
        const where = level.directive.name === 'if' ? 'this if block (when its condition holds)' : `this ${level.directive.name}`;
        found.set(level, {
          file: first.file.path,
          start: first.directive.start,
          end: first.directive.end,
          severity: security ? this.severity : 'information',
          code: this.id,
          message: `responses from ${where} lose ${list}: an add_header here replaces every add_header of the enclosing block (nginx inherits them only into blocks that have none). Repeat them here${security ? ' (security headers are dropped)' : ''}`,
          related: dropped.map((p) => ({ file: p.file.path, start: p.directive.start, end: p.directive.end, message: `dropped: add_header ${p.directive.args[0].value}` })),
          ...(edit ? { fixes: [{ title: `Repeat ${list} here`, edits: [edit], preferred: true }] } : {}),
        });
      }
      // In the order blocks end (the walk's), as before the index.
      if (found.size > 0) for (const level of scan.children.keys()) if (level && found.has(level)) out.push(found.get(level)!);
    }
    return unique(out);
  },
};

/** Inserts copies of the dropped directives (their text as written) before the first own add_header. */
function copyHeaders(ctx: RuleContext, first: Visit, dropped: Visit[]): TextEdit | undefined {
  const text = ctx.host.readFile(first.file.path);
  if (text === undefined) return undefined;
  const { start, indent } = lineStart(text, first.directive.start);
  if (start + indent.length !== first.directive.start) return undefined;
  const lines: string[] = [];
  for (const p of dropped) {
    const source = p.file === first.file ? text : ctx.host.readFile(p.file.path);
    const copy = source?.slice(p.directive.start, p.directive.end);
    if (!copy || !copy.endsWith(';') || copy.includes('\n')) return undefined;
    if (!lines.includes(copy)) lines.push(copy);
  }
  return { file: first.file.path, start, end: start, newText: lines.map((l) => `${indent}${l}\n`).join('') };
}

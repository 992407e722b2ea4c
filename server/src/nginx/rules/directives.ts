/**
 * The checks nginx makes for every directive before its handler runs (ngx_conf_handler): the
 * name must belong to a module, the module must allow it in this block, the argument count must
 * fit the command's flags, a FLAG takes `on` or `off`, and block directives need `{`.
 */
import type { Fix } from '../../common/diagnostics';
import { argCountAccepts, argCountOf } from '../argcounts';
import type { Directive, NginxFile } from '../ast';
import { allowedIn, getDirective, getDirectives, isDirectiveName, specIn, suggest } from '../catalog';
import type { DirectiveSpec } from '../directiveSpec';
import { lineOf } from '../lines';
import { thirdPartyModule } from '../thirdparty';
import type { Rule, RuleContext } from './rule';

/**
 * The first argument that starts a new line and is itself a directive name (`root` in
 * `server_name a.org⏎ root /x;`): nginx joins lines until `;`, so a forgotten `;` shows up as
 * extra arguments. Quoted words and words the directive's own syntax uses (`gzip` in
 * `access_log path fmt⏎ gzip;`) do not count.
 */
export function lineStartDirectiveArg(file: NginxFile, d: Directive, spec?: DirectiveSpec): number {
  for (let i = 1; i < d.args.length; i++) {
    const a = d.args[i];
    if (a.quote !== null || !isDirectiveName(a.value)) continue;
    if (!/[\r\n]/.test(file.text.slice(d.args[i - 1].end, a.start))) continue;
    if (spec && syntaxWords(spec).has(a.value)) continue;
    return i;
  }
  return -1;
}

const wordsOf = new WeakMap<DirectiveSpec, Set<string>>();

/** The words of a directive's documented syntax (`gzip`, `buffer`, ... for access_log), computed once. */
function syntaxWords(spec: DirectiveSpec): Set<string> {
  let w = wordsOf.get(spec);
  if (!w) wordsOf.set(spec, (w = new Set(spec.syntax.flatMap((l) => l.split(/[^A-Za-z0-9_]+/)))));
  return w;
}

/** The "missing ;" explanation and fix for an argument found by `lineStartDirectiveArg`. */
function missingSemicolon(file: NginxFile, d: Directive, i: number): { note: string; fix: Fix } {
  const prev = d.args[i - 1];
  const line = lineOf(file, prev.end);
  return {
    note: `; "${d.args[i].value}" on the next line is read as an argument: is a ";" missing at the end of line ${line}?`,
    fix: { title: `Insert ";" at the end of line ${line}`, edits: [{ file: file.path, start: prev.end, end: prev.end, newText: ';' }], preferred: true },
  };
}

/** Context names as a user reads them in "allowed in" hints. */
function contextList(name: string): string {
  const all = new Set<string>();
  for (const s of getDirectives(name)) for (const c of s.contexts) all.add(c === 'any' ? 'any block' : c);
  return [...all].join(', ');
}

/** The base directive checks. */
export function directiveRule(ctx: RuleContext): Rule {
  return {
    directive(v) {
      const d = v.directive;
      const specs = getDirectives(d.name);
      if (specs.length === 0) {
        const foreign = thirdPartyModule(d.name);
        if (foreign) {
          const pkg = foreign.debian ? ` (Debian: ${foreign.debian})` : '';
          ctx.report(v, d.nameWord, 'warning', 'nginx-third-party-directive', `"${d.name}" comes from the third-party module ${foreign.module}${pkg}; nginx knows it only when that module is loaded (load_module), otherwise it stops with unknown directive "${d.name}"`);
          return;
        }
        const candidates = suggest(d.name, v.context);
        const fixes: Fix[] = candidates.map((c) => ({
          title: `Change to "${c}"`,
          edits: [{ file: v.file.path, start: d.nameWord.start, end: d.nameWord.end, newText: c }],
          preferred: candidates.length === 1,
        }));
        const hint = candidates.length ? `; did you mean ${candidates.map((c) => `"${c}"`).join(' or ')}?` : '';
        ctx.report(v, d.nameWord, 'error', 'nginx-unknown-directive', `unknown directive "${d.name}"${hint}`, fixes);
        return;
      }
      if (v.context && !allowedIn(d.name, v.context)) {
        ctx.report(v, d.nameWord, 'error', 'nginx-directive-not-allowed', `"${d.name}" directive is not allowed here (in ${v.context}; allowed in ${contextList(d.name)})`);
        return;
      }
      const spec = (v.context && specIn(d.name, v.context)) || getDirective(d.name)!;
      const split = lineStartDirectiveArg(v.file, d, spec);
      const hint = split > 0 ? missingSemicolon(v.file, d, split) : undefined;
      if (d.terminator === '{' && !spec.block) {
        ctx.report(v, d.nameWord, 'error', 'nginx-block-unexpected', `directive "${d.name}" is not terminated by ";" (it takes no block)${hint?.note ?? ''}`, hint && [hint.fix]);
        return;
      }
      if (d.terminator === ';' && spec.block) {
        ctx.report(v, d.nameWord, 'error', 'nginx-block-expected', `directive "${d.name}" has no opening "{"`);
        return;
      }
      const count = argCountOf(spec);
      if (!argCountAccepts(count, d.args.length)) {
        const span = d.args.length ? { start: d.args[0].start, end: d.args[d.args.length - 1].end } : d.nameWord;
        ctx.report(v, span, 'error', 'nginx-invalid-args', `invalid number of arguments in "${d.name}" directive (${describe(count.min, count.max)}, got ${d.args.length})${hint?.note ?? ''}`, hint && [hint.fix]);
        return;
      }
      if (hint) {
        // nginx accepts it, but it is almost never meant: `root` became a server name.
        const a = d.args[split];
        ctx.report(v, a, 'warning', 'nginx-suspicious-line-break', `"${a.value}" starts a new line but is an argument of "${d.name}"${hint.note.replace(/^; "[^"]*" on the next line is read as an argument/, '')}`, [hint.fix]);
      }
      if (count.flag) {
        const arg = d.args[0];
        const value = arg.value.toLowerCase();
        if (value !== 'on' && value !== 'off') {
          const fixes: Fix[] = /^(yes|true|1|enabled?)$/.test(value)
            ? [{ title: 'Change to "on"', edits: [{ file: v.file.path, start: arg.start, end: arg.end, newText: 'on' }], preferred: true }]
            : /^(no|false|0|disabled?|none)$/.test(value)
              ? [{ title: 'Change to "off"', edits: [{ file: v.file.path, start: arg.start, end: arg.end, newText: 'off' }], preferred: true }]
              : [];
          ctx.report(v, arg, 'error', 'nginx-invalid-flag', `invalid value "${arg.value}" in "${d.name}" directive, it must be "on" or "off"`, fixes);
        }
      }
    },
  };
}

/** "takes 1 or 2 arguments", "takes no arguments", "takes at least 2 arguments". */
function describe(min: number, max: number): string {
  const n = (k: number) => `${k} argument${k === 1 ? '' : 's'}`;
  if (max === 0) return 'takes no arguments';
  if (max === Number.POSITIVE_INFINITY) return min === 0 ? 'takes any number of arguments' : `takes at least ${n(min)}`;
  if (min === max) return `takes ${n(min)}`;
  if (max - min === 1) return `takes ${min} or ${n(max)}`;
  return `takes ${min} to ${n(max)}`;
}

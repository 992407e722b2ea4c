import type { Finding } from '../../common/diagnostics';
import type { Visit } from '../../nginx/walk';
import type { Rule, RuleContext } from '../rule';
import { reportable, scans, unique, type ConfigScan } from './scan';

/** Directives of the rewrite module: they run in the rewrite phase and keep working inside `if`. */
const REWRITE_MODULE = new Set(['set', 'rewrite', 'return', 'break', 'if', 'rewrite_log', 'uninitialized_variable_warn']);

/** The `if` block ends the request's stay in this location when it holds: `return`, or a rewrite that redirects or restarts. */
function ends(scan: ConfigScan, v: Visit): boolean {
  return (scan.children.get(v) ?? []).some((c) => {
    const d = c.directive;
    if (d.name === 'return') return true;
    const flag = d.name === 'rewrite' ? d.args[2]?.value : undefined;
    return flag === 'last' || flag === 'redirect' || flag === 'permanent';
  });
}

/**
 * "If is evil" in a location, only the patterns that really misbehave (checked against nginx 1.22):
 * when the condition of an `if` that does not end with `return` (or a rewrite with last, redirect,
 * permanent) holds, the request is served with the configuration of the `if` block, not the
 * location's: the location's `try_files` is skipped (its fallback is lost: 404s), and of several such
 * `if` blocks that hold only the last one's directives apply. An `if` that only sets variables or
 * returns is fine and not reported.
 */
export const ifIsEvil: Rule = {
  id: 'if-is-evil',
  severity: 'warning',
  description: 'an if in a location that does not return: when it holds, try_files is skipped, or an earlier if block is ignored',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const scan of scans(ctx)) {
      // The locations that hold an if (included ones too: a visit's parent is its effective block).
      const locations = new Set<Visit>();
      for (const v of scan.named('if')) if (v.parent?.directive.name === 'location') locations.add(v.parent);
      for (const loc of locations) {
        const kids = scan.children.get(loc) ?? [];
        const ifs = kids.filter((k) => k.directive.name === 'if' && k.directive.block && !ends(scan, k) && reportable(ctx, k));
        if (ifs.length === 0) continue;
        const tryFiles = kids.find((k) => k.directive.name === 'try_files');
        if (tryFiles) {
          for (const v of ifs) {
            if ((scan.children.get(v) ?? []).some((c) => c.directive.name === 'try_files')) continue;
            out.push({
              file: v.file.path,
              start: v.directive.nameWord.start,
              end: v.directive.nameWord.end,
              severity: this.severity,
              code: this.id,
              message: `when this if condition holds, nginx serves the request with the if block's configuration, which has no try_files: the location's try_files ${tryFiles.directive.args.map((a) => a.value).join(' ')} is skipped: what it would serve (an index page, a fallback such as @app) becomes a 404 or the plain file. End the if with return, or move the test out of the location (map, or a server-level if)`,
              related: [{ file: tryFiles.file.path, start: tryFiles.directive.start, end: tryFiles.directive.end, message: 'skipped when the if holds' }],
            });
          }
        }
        const doing = ifs.filter((v) => (scan.children.get(v) ?? []).some((c) => !REWRITE_MODULE.has(c.directive.name)));
        for (let i = 0; i + 1 < doing.length; i++) {
          const v = doing[i];
          const later = doing[doing.length - 1];
          out.push({
            file: v.file.path,
            start: v.directive.nameWord.start,
            end: v.directive.nameWord.end,
            severity: this.severity,
            code: this.id,
            message: `when this if and a later one in the same location both hold, only the last if block's configuration applies: the directives of this one (${(scan.children.get(v) ?? []).filter((c) => !REWRITE_MODULE.has(c.directive.name)).map((c) => c.directive.name).join(', ')}) are ignored. Combine the conditions with map, or end each if with return`,
            related: [{ file: later.file.path, start: later.directive.start, end: later.directive.start + 2, message: 'this if wins' }],
          });
        }
      }
    }
    return unique(out);
  },
};

/**
 * The off-by-slash of regex locations: `location ~ ^/static(.*)$ { alias /srv/app/static/$1; }`.
 * The request `/static../settings.py` matches with `$1 = ../settings.py` (nginx normalises only
 * whole `/../` segments, and here the dots follow "static"), and the alias puts it after a slash:
 * `/srv/app/static/../settings.py` is served (checked against nginx 1.22). Safe when the regex has
 * a "/" right before the group, or when the group cannot start with a dot.
 */
import type { Finding, Severity } from '../../common/diagnostics';
import type { Directive } from '../../nginx/ast';
import { readLocationArgs } from '../../nginx/routing/compile';
import { replaceInRange, type RuleContext } from '../rule';
import { analyzeRegex, has, type GroupInfo } from './regexGroups';
import { isWorkspaceFile } from './scan';
import { variablesIn } from './taint';

/** The findings for regex locations whose alias puts a capture that can start with ".." after a "/". */
export function captureAliasTraversals(ctx: RuleContext, code: string, severity: Severity): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const site of ctx.model.nginx) {
    for (const server of site.routing.servers) {
      for (const loc of server.allLocations) {
        if (loc.modifier !== '~' && loc.modifier !== '~*') continue;
        const alias = loc.scope.own.find((o) => o.directive.name === 'alias');
        const value = alias?.directive.args[0]?.value;
        if (!alias || !value?.includes('$') || !isWorkspaceFile(ctx, loc.at.file)) continue;
        const key = `${loc.at.file.path}:${loc.at.directive.start}`;
        if (seen.has(key)) continue;
        const groups = analyzeRegex(loc.pattern);
        for (const ref of variablesIn(value)) {
          const g = /^[0-9]$/.test(ref.name) ? groups.groups[Number(ref.name) - 1] : groups.byName.get(ref.name);
          if (!g || !traverses(loc.pattern, g) || (ref.start > 0 && value[ref.start - 1] !== '/')) continue;
          seen.add(key);
          out.push(finding(ctx, code, severity, loc.at.directive, loc.at.file.path, loc.pattern, g, value, ref.name, alias));
          break;
        }
      }
    }
  }
  return out;
}

/**
 * The group can start with "." and nothing in the regex puts a "/" right before it. A group that
 * opens the pattern (`^(.*)`, `(.+/)tail$`) starts where the match starts, at the URI's leading "/".
 */
function traverses(pattern: string, g: GroupInfo): boolean {
  if (!has(g.first, '.')) return false;
  const before = pattern.slice(0, g.start);
  if (before.replace(/^\^/, '') === '') return false;
  return !/(?:\/|\\\/)$/.test(before);
}

function finding(ctx: RuleContext, code: string, severity: Severity, d: Directive, file: string, pattern: string, g: GroupInfo, alias: string, name: string, at: { directive: Directive; file: { path: string } }): Finding {
  const word = d.args[d.args.length - 1];
  const fixed = pattern.slice(0, g.start) + '/' + pattern.slice(g.start);
  const edit = word && readLocationArgs(d.args.map((w) => w.value)) ? replaceInRange(ctx.host, file, word.start, word.end, pattern, fixed) : undefined;
  const prefix = pattern.slice(0, g.start).replace(/^\^/, '').replace(/\\(.)/g, '$1');
  return {
    file,
    start: word?.start ?? d.start,
    end: word?.end ?? d.end,
    severity,
    code,
    message: `$${name} can start with ".." (a request for ${prefix || '/'}../secret matches) and the alias ${alias} puts it after a "/": nginx opens the folder above the alias and serves any file there (source code, settings). Put a "/" before the group: location ~ ${fixed}`,
    related: [{ file: at.file.path, start: at.directive.start, end: at.directive.end, message: `alias ${alias}` }],
    ...(edit ? { fixes: [{ title: `Put a "/" before the capture: ${fixed}`, edits: [edit], preferred: true }] } : {}),
  };
}

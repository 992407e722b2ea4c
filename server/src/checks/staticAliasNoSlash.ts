import type { Finding } from '../common/diagnostics';
import { staticProbes } from '../project/staticRoutes';
import { appRelated, appSide, staticProblems, uniqueBy } from './staticShared';
import { replaceInRange, type Rule, type RuleContext } from './rule';

/**
 * `location /static/ { alias /srv/app/static; }`: the alias replaces the location's name, so
 * `/static/style.css` opens `/srv/app/staticstyle.css` (404; `/static/` itself is 403). The fix adds
 * the missing slash to the alias.
 */
export const staticAliasNoSlash: Rule = {
  id: 'static-alias-no-slash',
  severity: 'error',
  description: 'a location ending with "/" whose alias does not: nginx glues the file name to the folder name (404)',
  check(ctx: RuleContext): Finding[] {
    const problems = staticProblems(ctx, staticProbes(ctx)).filter((p) => p.cause === 'alias-no-slash');
    return uniqueBy(problems, (p) => `${p.mapping!.at.file.path}:${p.mapping!.at.directive.start}`).map((p) => {
      const d = p.mapping!.at.directive;
      const arg = d.args[0];
      const file = p.mapping!.at.file.path;
      const edit = replaceInRange(ctx.host, file, arg.start, arg.end, arg.value, arg.value + '/');
      return {
        file,
        start: arg.start,
        end: arg.end,
        severity: this.severity,
        code: this.id,
        message: `location ${p.mapping!.owner!.pattern} ends with "/" but alias ${arg.value} does not: ${p.probe.url} opens ${p.probe.served} (404). The files are in ${appSide(ctx, p.probe)}: write "alias ${arg.value}/;"`,
        related: appRelated(p.probe),
        ...(edit ? { fixes: [{ title: `Add the trailing slash: alias ${arg.value}/`, edits: [edit], preferred: true }] } : {}),
      };
    });
  },
};

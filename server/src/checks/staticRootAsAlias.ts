import { posix } from 'node:path';
import type { Finding, Fix } from '../common/diagnostics';
import { staticProbes } from '../project/staticRoutes';
import { normPath } from '../project/serverPaths';
import { appRelated, appSide, staticProblems, uniqueBy } from './staticShared';
import { replaceInRange, type Rule, type RuleContext } from './rule';

/**
 * `location /static { root /srv/app/static; }`: root appends the whole URI, location name included,
 * so `/static/style.css` opens `/srv/app/static/static/style.css` (404). Fixes: `root` one level up
 * when the folder ends with the URL prefix, or `alias`, which replaces the location's name.
 */
export const staticRootAsAlias: Rule = {
  id: 'static-root-as-alias',
  severity: 'error',
  description: 'root names the static folder itself: nginx appends the whole URI and doubles the prefix (404)',
  check(ctx: RuleContext): Finding[] {
    const problems = staticProblems(ctx, staticProbes(ctx)).filter((p) => p.cause === 'root-as-alias');
    return uniqueBy(problems, (p) => `${p.mapping!.at.file.path}:${p.mapping!.at.directive.start}`).map((p) => {
      const d = p.mapping!.at.directive;
      const arg = d.args[0];
      const file = p.mapping!.at.file.path;
      const owner = p.mapping!.owner;
      const fixes: Fix[] = [];
      const dir = normPath(arg.value);
      const prefix = p.probe.mount.url.replace(/\/+$/, '');
      // root P serves P + /static/x: P is the folder minus the URL prefix, when the folder ends with it.
      if (prefix && dir.endsWith(prefix) && dir.length > prefix.length) {
        const parent = dir.slice(0, dir.length - prefix.length);
        const edit = replaceInRange(ctx.host, file, arg.start, arg.end, arg.value, parent);
        if (edit) fixes.push({ title: `Use root ${parent} (nginx appends ${prefix}/...)`, edits: [edit], preferred: true });
      }
      if (owner && (owner.modifier === '' || owner.modifier === '^~')) {
        const value = owner.pattern.endsWith('/') ? dir + '/' : dir;
        const name = replaceInRange(ctx.host, file, d.nameWord.start, d.nameWord.end, 'root', 'alias');
        const val = replaceInRange(ctx.host, file, arg.start, arg.end, arg.value, value);
        if (name && val) fixes.push({ title: `Use alias ${value}`, edits: [name, val], preferred: fixes.length === 0 });
      }
      const doubled = posix.join(dir, p.probe.url);
      return {
        file,
        start: d.start,
        end: d.end,
        severity: this.severity,
        code: this.id,
        message: `root ${arg.value} names the static folder itself, but root appends the whole URI: ${p.probe.url} opens ${doubled} (404). The files are in ${appSide(ctx, p.probe)}`,
        related: appRelated(p.probe),
        ...(fixes.length ? { fixes } : {}),
      };
    });
  },
};

import type { Finding } from '../common/diagnostics';
import { locationPatternWord } from './edits';
import { replaceInRange, type Rule, type RuleContext } from './rule';

/**
 * `location /static { alias /srv/app/static; }`: works (the tutorial form), but the prefix also
 * matches `/staticfoo`, which opens `/srv/app/staticfoo`: a sibling of the folder is reachable by
 * name. A hint; the fix writes both with a trailing slash.
 */
export const staticLocationNoSlash: Rule = {
  id: 'static-location-no-slash',
  severity: 'hint',
  description: 'location /x with alias …/x (no slashes): works, but also serves the folder\'s siblings (/xfoo)',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const site of ctx.model.nginx) {
      for (const server of site.routing.servers) {
        for (const loc of server.allLocations) {
          if ((loc.modifier !== '' && loc.modifier !== '^~') || loc.pattern.endsWith('/') || loc.pattern === '') continue;
          const alias = loc.scope.own.find((o) => o.directive.name === 'alias');
          const arg = alias?.directive.args[0];
          if (!alias || !arg || arg.value.endsWith('/') || arg.value.includes('$')) continue;
          const key = `${loc.at.file.path}:${loc.at.directive.start}`;
          if (seen.has(key) || !loc.at.file.path.startsWith(ctx.model.root + '/')) continue;
          seen.add(key);
          const word = locationPatternWord(loc.at.directive);
          const a = word ? replaceInRange(ctx.host, loc.at.file.path, word.start, word.end, loc.pattern, loc.pattern + '/') : undefined;
          const b = replaceInRange(ctx.host, alias.file.path, arg.start, arg.end, arg.value, arg.value + '/');
          out.push({
            file: loc.at.file.path,
            start: word?.start ?? loc.at.directive.start,
            end: word?.end ?? loc.at.directive.end,
            severity: this.severity,
            code: this.id,
            message: `location ${loc.pattern} with alias ${arg.value} works, but also matches ${loc.pattern}foo, which opens ${arg.value}foo: write both with a trailing slash (location ${loc.pattern}/ and alias ${arg.value}/)`,
            related: [{ file: alias.file.path, start: alias.directive.start, end: alias.directive.end, message: `alias ${arg.value}` }],
            ...(a && b ? { fixes: [{ title: `Use location ${loc.pattern}/ with alias ${arg.value}/`, edits: [a, b], preferred: true }] } : {}),
          });
        }
      }
    }
    return out;
  },
};

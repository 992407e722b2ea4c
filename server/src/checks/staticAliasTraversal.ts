import type { Finding } from '../common/diagnostics';
import { locationPatternWord } from './edits';
import { replaceInRange, type Rule, type RuleContext } from './rule';
import { captureAliasTraversals } from './security/aliasCapture';

/**
 * The off-by-slash: `location /static { alias /srv/app/static/; }`. The prefix location also matches
 * `/static../x`, and the alias turns it into `/srv/app/static/../x`: any file of the parent folder
 * (the app's source code, its settings) is served. The fix ends the location with a slash.
 * Regex locations whose alias puts a capture after a "/" (`location ~ ^/static(.*)$ { alias
 * /srv/static/$1; }`) have the same hole: security/aliasCapture.ts reports them under this id.
 */
export const staticAliasTraversal: Rule = {
  id: 'static-alias-traversal',
  severity: 'error',
  description: 'a prefix location without a trailing slash with an alias that has one: /static../ reads the parent folder',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const site of ctx.model.nginx) {
      for (const server of site.routing.servers) {
        for (const loc of server.allLocations) {
          if ((loc.modifier !== '' && loc.modifier !== '^~') || loc.pattern.endsWith('/')) continue;
          const alias = loc.scope.own.find((o) => o.directive.name === 'alias');
          const value = alias?.directive.args[0]?.value;
          if (!alias || !value || !value.endsWith('/') || value.includes('$')) continue;
          const key = `${alias.file.path}:${alias.directive.start}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const word = locationPatternWord(loc.at.directive);
          const edit = word ? replaceInRange(ctx.host, loc.at.file.path, word.start, word.end, loc.pattern, loc.pattern + '/') : undefined;
          const parent = value.replace(/[^/]+\/$/, '');
          out.push({
            file: loc.at.file.path,
            start: word?.start ?? loc.at.directive.start,
            end: word?.end ?? loc.at.directive.end,
            severity: this.severity,
            code: this.id,
            message: `location ${loc.pattern} has no trailing slash but its alias ${value} does: a request for ${loc.pattern}../secret opens ${value}../secret, so every file under ${parent} can be downloaded (source code, settings). Write "location ${loc.pattern}/"`,
            related: [{ file: alias.file.path, start: alias.directive.start, end: alias.directive.end, message: `alias ${value}` }],
            ...(edit ? { fixes: [{ title: `End the location with a slash: location ${loc.pattern}/`, edits: [edit], preferred: true }] } : {}),
          });
        }
      }
    }
    return [...out, ...captureAliasTraversals(ctx, this.id, this.severity)];
  },
};

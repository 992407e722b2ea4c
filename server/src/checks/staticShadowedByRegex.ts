import type { Finding } from '../common/diagnostics';
import { staticProbes } from '../project/staticRoutes';
import { locationPatternWord } from './edits';
import { appRelated, staticProblems, uniqueBy } from './staticShared';
import { where, type Rule, type RuleContext } from './rule';

/**
 * A regex location (`location ~* \.(css|js)$ { expires 30d; }`) wins over a plain prefix location
 * (`location /static/`): nginx checks regexes after remembering the longest prefix, and the first
 * matching regex takes the request. The static location's alias is then never applied. The fix
 * marks the static location `^~`, which stops the regex search when it is the longest prefix.
 * An error when the regex location then opens a file that is not the app's (a sure 404 or wrong
 * content); a warning when it does something else with the request (a proxy, a return).
 */
export const staticShadowedByRegex: Rule = {
  id: 'static-shadowed-by-regex',
  severity: 'warning',
  description: 'a regex location takes the static URLs away from the static location (its alias/root is not applied)',
  check(ctx: RuleContext): Finding[] {
    const problems = staticProblems(ctx, staticProbes(ctx)).filter((p) => p.cause === 'regex-shadow' && p.location && p.shadowed);
    return uniqueBy(problems, (p) => `${p.location!.at.file.path}:${p.location!.at.directive.start}:${p.shadowed!.at.directive.start}`).map((p) => {
      const regex = p.location!;
      const prefix = p.shadowed!;
      const word = locationPatternWord(prefix.at.directive);
      const edits = word ? [{ file: prefix.at.file.path, start: word.start, end: word.start, newText: '^~ ' }] : [];
      const rw = locationPatternWord(regex.at.directive);
      const what = p.probe.result.target.kind === 'static' ? `opens ${p.probe.served ?? p.probe.result.target.path}` : `is handled there (${p.probe.result.target.kind})`;
      return {
        file: regex.at.file.path,
        start: rw?.start ?? regex.at.directive.start,
        end: rw?.end ?? regex.at.directive.end,
        severity: p.probe.verdict === 'wrong-file' ? 'error' : this.severity,
        code: this.id,
        message: `regex location ${regex.modifier} ${regex.pattern} takes ${p.probe.url} away from location ${prefix.pattern} (${where(ctx.host, prefix.at.file.path, prefix.at.directive.start, ctx.model.root)}): regexes win over plain prefixes, so the request ${what}. Mark the static location "location ^~ ${prefix.pattern}"`,
        related: [{ file: prefix.at.file.path, start: prefix.at.directive.start, end: prefix.at.directive.end, message: `the static location for ${p.probe.mount.url}` }, ...appRelated(p.probe)],
        ...(edits.length ? { fixes: [{ title: `Use "location ^~ ${prefix.pattern}" so regex locations do not take its URLs`, edits, preferred: true }] } : {}),
      };
    });
  },
};

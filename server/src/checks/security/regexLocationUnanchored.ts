import type { Finding } from '../../common/diagnostics';
import { readLocationArgs } from '../../nginx/routing/compile';
import type { Rule, RuleContext } from '../rule';
import { analyzeRegex } from './regexGroups';
import { reportable, scans, unique, type ConfigScan } from './scan';
import type { Visit } from '../../nginx/walk';

/** A location that only refuses (deny all, return 403/404/444): matching more than meant is harmless. */
function onlyRefuses(scan: ConfigScan, loc: Visit): boolean {
  const kids = scan.children.get(loc) ?? [];
  const refuses = kids.some((k) => (k.directive.name === 'deny' && k.directive.args[0]?.value === 'all') || (k.directive.name === 'return' && /^4\d\d$/.test(k.directive.args[0]?.value ?? '')));
  return refuses && !kids.some((k) => /_pass$|^alias$|^root$|^try_files$|^allow$/.test(k.directive.name));
}

/** The raw word with `^` inserted where the pattern starts (after quotes and a joined `~`). */
function anchored(raw: string, pattern: string): string {
  const at = Math.max(0, raw.indexOf(pattern));
  return raw.slice(0, at) + '^' + raw.slice(at);
}

/**
 * `location ~ /static/` reads like a prefix but is a regex that matches anywhere in the path
 * (`/api/static/x`, `/uploads/x/static/y`), and regex locations win over prefix locations: requests
 * meant for another location end up here. Reported when the pattern starts like a path (`/word`)
 * and has no `^`. Two fixes (anchor it, or make it a prefix location): the choice is the user's.
 */
export const regexLocationUnanchored: Rule = {
  id: 'regex-location-unanchored',
  severity: 'warning',
  description: 'a regex location written like a path prefix but without ^ matches that path anywhere in the URI and wins over prefix locations',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const scan of scans(ctx)) {
      for (const v of scan.named('location')) {
        const d = v.directive;
        if (!d.block || !reportable(ctx, v)) continue;
        const read = readLocationArgs(d.args.map((w) => w.value));
        if (!read || (read.modifier !== '~' && read.modifier !== '~*')) continue;
        const p = read.pattern;
        if (!/^\/[A-Za-z0-9_-]/.test(p) || analyzeRegex(p).anchoredStart) continue;
        const word = d.args[d.args.length - 1];
        const literal = /^[A-Za-z0-9_/-]+$/.test(p.replace(/\\\./g, '.').replace(/\.(?=[A-Za-z0-9])/g, ''));
        const sample = (/^(?:[A-Za-z0-9_/-]|\\\.)+/.exec(p)?.[0] ?? p).replace(/\\\./g, '.');
        const fixes = [{ title: `Anchor the regex: ~ ^${p}`, edits: [{ file: v.file.path, start: word.start, end: word.end, newText: anchored(word.raw, p) }] }];
        if (literal && d.args.length === 2 && !/[$]/.test(p)) fixes.push({ title: `Use a prefix location: location ${sample}`, edits: [{ file: v.file.path, start: d.args[0].start, end: word.end, newText: sample }] });
        out.push({
          file: v.file.path,
          start: word.start,
          end: word.end,
          severity: onlyRefuses(scan, v) ? 'information' : this.severity,
          code: this.id,
          message: `the regex ${p} has no ^, so it matches ${sample} anywhere in the path (/other${sample}...) and, being a regex, wins over prefix locations: requests meant for other locations end up here. If a prefix was meant, anchor it (^${p}) or use a prefix location`,
          fixes,
        });
      }
    }
    return unique(out);
  },
};

import type { Finding, Fix } from '../../common/diagnostics';
import type { Word } from '../../nginx/ast';
import { replaceInRange, type Rule, type RuleContext } from '../rule';
import { escapeHostDots, hostRegexProblems } from './hostRegex';
import { reportable, scans, unique } from './scan';
import { readCondition } from './taint';

const CHECKED = new Set(['http_origin', 'http_referer']);
const MATCH_OPS = new Set(['~', '~*', '!~', '!~*']);

/** A regex that decides whether a client's Origin or Referer is trusted. */
interface Check {
  header: 'Origin' | 'Referer';
  pattern: string;
  word: Word;
  /** How the pattern is written in the word (after `~` for map keys and valid_referers). */
  where: string;
}

/**
 * Origin and Referer checks written as regexes (`if ($http_origin ~ ...)`, `map $http_origin`,
 * `valid_referers ~...`) that a hostile site passes: an unescaped dot in the name, no anchor after
 * the name (`example.com.evil.net`), or something other than the scheme or a dot before it
 * (`evilexample.com`). Such checks usually guard CORS (Access-Control-Allow-Origin with
 * credentials) or hotlink/CSRF protection. The fix escapes the dots; anchors are left to the user.
 * `$http_referrer` (the misspelling) is always empty and is reported too.
 */
export const weakOriginRegex: Rule = {
  id: 'weak-origin-regex',
  severity: 'warning',
  description: 'an Origin/Referer regex (if, map, valid_referers) that a hostile site name also matches: unescaped dots, no anchors',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const scan of scans(ctx)) {
      for (const v of scan.named('if', 'map', 'valid_referers')) {
        if (!reportable(ctx, v)) continue;
        const d = v.directive;
        const checks: Check[] = [];
        if (d.name === 'if') {
          const c = readCondition(d.args);
          if (!c || !MATCH_OPS.has(c.op)) continue;
          const variable = c.variable.toLowerCase();
          if (variable === 'http_referrer') {
            const word = d.args.find((w) => w.value.toLowerCase().includes('$http_referrer'))!;
            const edit = replaceInRange(ctx.host, v.file.path, word.start, word.end, `$${c.variable}`, '$http_referer');
            out.push({
              file: v.file.path,
              start: word.start,
              end: word.end,
              severity: this.severity,
              code: this.id,
              message: 'the header is spelled Referer: $http_referrer is always empty, so this check never sees the referer',
              ...(edit ? { fixes: [{ title: 'Use $http_referer', edits: [edit], preferred: true }] } : {}),
            });
            continue;
          }
          if (CHECKED.has(variable)) checks.push({ header: variable === 'http_origin' ? 'Origin' : 'Referer', pattern: c.value, word: c.valueWord, where: 'if' });
        } else if (d.name === 'map' && d.block && d.args.length >= 2 && CHECKED.has(d.args[0].value.replace(/^\$/, '').toLowerCase())) {
          const header = d.args[0].value.toLowerCase() === '$http_origin' ? 'Origin' : 'Referer';
          for (const entry of d.block.children) {
            if (entry.type !== 'directive' || !entry.name.startsWith('~')) continue;
            checks.push({ header, pattern: entry.nameWord.value.replace(/^~\*?/, ''), word: entry.nameWord, where: 'map' });
          }
        } else if (d.name === 'valid_referers') {
          for (const w of d.args) if (w.value.startsWith('~')) checks.push({ header: 'Referer', pattern: w.value.slice(1), word: w, where: 'valid_referers' });
        }
        for (const c of checks) {
          const f = weakness(ctx, v.file.path, c);
          if (f) out.push({ ...f, severity: this.severity, code: this.id });
        }
      }
    }
    return unique(out);
  },
};

function weakness(ctx: RuleContext, file: string, c: Check): Omit<Finding, 'severity' | 'code'> | undefined {
  const p = hostRegexProblems(c.pattern);
  if (p.literals.length === 0) return undefined;
  const reasons: string[] = [];
  const name = (t: string) => t.replace(/\\\./g, '.');
  const dotted = p.literals.find((l) => l.bareDots.length > 0);
  if (dotted) {
    const sample = name(dotted.text);
    const at = dotted.bareDots[0] - dotted.start;
    reasons.push(`"." matches any character, so ${sample.slice(0, at)}x${sample.slice(at + 1)} matches too`);
  }
  if (p.openEnd) reasons.push(`nothing ends the name after ${name(p.openEnd.text)}, so ${name(p.openEnd.text)}.evil.net matches`);
  if (p.openStart) reasons.push(`nothing bounds the name before ${name(p.openStart.text)}, so evil${name(p.openStart.text)} matches`);
  if (reasons.length === 0) return undefined;
  let fix: Fix | undefined;
  if (p.bareDots) {
    const edit = replaceInRange(ctx.host, file, c.word.start, c.word.end, c.pattern, escapeHostDots(c.pattern, p));
    if (edit) fix = { title: 'Escape the dots of the host name', edits: [edit], preferred: true };
  }
  const anchors = c.where === 'valid_referers' ? 'start it with ^ and end the name with / or $' : 'anchor it: ^https://name\\.example$';
  return {
    file,
    start: c.word.start,
    end: c.word.end,
    message: `this ${c.header} check is weak: ${reasons.join('; ')}. A site with such a name passes the check; ${anchors}`,
    ...(fix ? { fixes: [fix] } : {}),
  };
}

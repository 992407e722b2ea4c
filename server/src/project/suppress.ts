import type { Finding } from '../common/diagnostics';

/**
 * In-file suppressions, honoured by the editor and the CLI alike:
 *   # deploylens-disable-next-line rule-a, rule-b   (the next non-comment line; no rule = every rule)
 *   # deploylens-disable rule-a                     (the whole file; no rule = every rule)
 */
export interface Suppressions {
  /** Rules off for the whole file ('*' = all). */
  file: Set<string>;
  /** [lineStart, lineEnd) offset ranges and the rules off there. */
  ranges: Array<{ start: number; end: number; rules: Set<string> }>;
}

const DIRECTIVE = /#\s*deploylens-disable(-next-line)?(?:[ \t]+([^\r\n]*))?/g;

/** Finds the suppression comments of one file's text. */
export function findSuppressions(text: string): Suppressions {
  const result: Suppressions = { file: new Set(), ranges: [] };
  if (!text.includes('deploylens-disable')) return result;
  for (const m of text.matchAll(DIRECTIVE)) {
    const rules = new Set((m[2] ?? '').split(/[\s,]+/).map((r) => r.trim()).filter((r) => r && !r.startsWith('--')));
    if (rules.size === 0) rules.add('*');
    if (!m[1]) {
      for (const r of rules) result.file.add(r);
      continue;
    }
    // The next line that holds something other than a comment.
    let pos = text.indexOf('\n', m.index!);
    while (pos >= 0) {
      const lineStart = pos + 1;
      const nl = text.indexOf('\n', lineStart);
      const lineEnd = nl < 0 ? text.length : nl;
      const line = text.slice(lineStart, lineEnd).trim();
      if (line !== '' && !line.startsWith('#')) {
        result.ranges.push({ start: lineStart, end: lineEnd, rules });
        break;
      }
      if (nl < 0) break;
      pos = nl;
    }
  }
  return result;
}

/** True when the finding is switched off by a comment in its file. */
export function isSuppressed(f: Finding, s: Suppressions): boolean {
  if (s.file.has('*') || s.file.has(f.code)) return true;
  return s.ranges.some((r) => f.start >= r.start && f.start <= r.end && (r.rules.has('*') || r.rules.has(f.code)));
}

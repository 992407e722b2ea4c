/**
 * Applying quick fixes outside an editor (`deploylens check --fix`): which fix of a finding is
 * unambiguous, and how edits are applied to texts without touching anything else.
 */
import type { Finding, Fix, TextEdit } from '../common/diagnostics';

/** The fix `--fix` may apply for a finding: its preferred fix, or its only fix; none when it offers a choice. */
export function unambiguousFix(f: Finding): Fix | undefined {
  const fixes = f.fixes ?? [];
  const preferred = fixes.filter((x) => x.preferred);
  if (preferred.length === 1) return preferred[0];
  return fixes.length === 1 ? fixes[0] : undefined;
}

/**
 * Applies edits to one text. Edits are applied from the end backwards; an edit that overlaps one
 * already taken is skipped (returned in `skipped`), so each applied edit changes exactly its range.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; applied: TextEdit[]; skipped: TextEdit[] } {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  const applied: TextEdit[] = [];
  const skipped: TextEdit[] = [];
  let out = text;
  let floor = Infinity; // start of the leftmost edit applied so far
  for (const e of sorted) {
    if (e.start < 0 || e.end > text.length || e.start > e.end || e.end > floor) {
      skipped.push(e);
      continue;
    }
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    floor = e.start;
    applied.push(e);
  }
  return { text: out, applied: applied.reverse(), skipped };
}

/**
 * Chooses the fixes to apply for a set of findings: one unambiguous fix per finding, whole fixes only
 * (a fix whose edits conflict with an already chosen one is left for the next round).
 */
export function chooseFixes(findings: readonly Finding[]): Array<{ finding: Finding; fix: Fix }> {
  const chosen: Array<{ finding: Finding; fix: Fix }> = [];
  const taken: TextEdit[] = [];
  const overlaps = (a: TextEdit, b: TextEdit) => a.file === b.file && a.start < Math.max(b.end, b.start + 1) && b.start < Math.max(a.end, a.start + 1);
  for (const finding of findings) {
    const fix = unambiguousFix(finding);
    if (!fix || fix.edits.length === 0) continue;
    if (fix.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    taken.push(...fix.edits);
    chosen.push({ finding, fix });
  }
  return chosen;
}

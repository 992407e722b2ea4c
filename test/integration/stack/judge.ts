// Does the checker agree with the real stack? Working: no error anywhere. Broken: an error on one
// of the lines that break it (a warning counts only where the issue rates the rule a warning).
import type { CliDiagnostic } from './checker';

/** The verdict on one case. */
export interface Verdict {
  agree: boolean;
  /** `agree`, `agree (warning)`, `false error`, `missed`, `wrong line`. */
  kind: 'agree' | 'agree (warning)' | 'false error' | 'missed' | 'wrong line';
  /** The diagnostics that decided it (the errors for a working case, the ones at the breaking lines otherwise). */
  decisive: CliDiagnostic[];
}

/** Judges the checker's diagnostics against what the stack did. */
export function judge(working: boolean, diagnostics: CliDiagnostic[], at: Array<{ file: string; line: number }>, warningCounts: boolean): Verdict {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (working) return errors.length === 0 ? { agree: true, kind: 'agree', decisive: [] } : { agree: false, kind: 'false error', decisive: errors };
  const onLine = (d: CliDiagnostic) => at.some((a) => a.file === d.file && a.line === d.line);
  const hits = errors.filter(onLine);
  if (hits.length > 0) return { agree: true, kind: 'agree', decisive: hits };
  if (warningCounts) {
    const warnings = diagnostics.filter((d) => d.severity === 'warning' && onLine(d));
    if (warnings.length > 0) return { agree: true, kind: 'agree (warning)', decisive: warnings };
  }
  return errors.length > 0 ? { agree: false, kind: 'wrong line', decisive: errors } : { agree: false, kind: 'missed', decisive: [] };
}

/** Severity names as users see them (CLI, settings, SARIF levels are mapped from these). */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A replacement of `[start, end)` (UTF-16 offsets) in `file` by `newText`. */
export interface TextEdit {
  file: string;
  start: number;
  end: number;
  newText: string;
}

/** A quick fix: a title a user reads, and the edits that make it. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The one fix an editor may apply on "fix all" / auto-fix. */
  preferred?: boolean;
}

/** Another place that explains a finding ("gunicorn binds here"). */
export interface RelatedLocation {
  file: string;
  start: number;
  end: number;
  message: string;
}

/**
 * One problem found in one file. Offsets are UTF-16 code units into the file's text;
 * the LSP layer and the CLI convert them to positions (see `text.ts`).
 */
export interface Finding {
  file: string;
  start: number;
  end: number;
  severity: Severity;
  /** Stable kebab-case rule or error code, e.g. `nginx-unknown-directive`. */
  code: string;
  message: string;
  fixes?: Fix[];
  related?: RelatedLocation[];
  tags?: Array<'unnecessary' | 'deprecated'>;
}

const order: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** Sorts findings by file, then offset, then severity: the order every output uses. */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.start !== b.start) return a.start - b.start;
  return order[a.severity] - order[b.severity];
}

/** Drops repeated findings (same file, range, code and message), keeping the first of each, in order. */
export function dedupeFindings(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.file}\0${f.start}\0${f.end}\0${f.code}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

import type { Finding, Fix, RelatedLocation, Severity } from '../../common/diagnostics';
import type { WsgiVerdict, WsgiVerdictKind } from './wsgi';

/** Where the target string is written: the file (a systemd unit, a Dockerfile…) and the offset of its first character. */
export interface TargetLocation {
  file: string;
  start: number;
}

const CODES: Record<Exclude<WsgiVerdictKind, 'found'>, string> = {
  'module-missing': 'wsgi-module-not-found',
  'import-error': 'wsgi-import-error',
  'attribute-missing': 'wsgi-attribute-missing',
  'not-called-factory': 'wsgi-factory-not-called',
  'arity-mismatch': 'wsgi-arity-mismatch',
  'parse-error': 'wsgi-target-syntax',
  'not-callable': 'wsgi-not-callable',
};

/** The finding code of each failing verdict kind (documented for the rule table). */
export const WSGI_CODES = CODES;

/**
 * Findings for a WSGI verdict, placed on the target string where it is written. The fix replaces
 * the target with the first suggestion when there is exactly one sure candidate, or when the verdict
 * derived it from the factory's signature (`pybo:create_app` -> `pybo:create_app()`;
 * `pybo:create_app(1)` against `def create_app():` -> `pybo:create_app()`).
 */
export function wsgiFindings(v: WsgiVerdict, at: TargetLocation | undefined): Finding[] {
  if (v.kind === 'found') return [];
  const code = CODES[v.kind];
  // An uncertain "not found" may be an installed package or a name from an opaque star import.
  const severity: Severity = v.certain ? 'error' : 'warning';
  const related: RelatedLocation[] = [];
  if (v.errorAt) related.push({ ...v.errorAt, message: 'the import fails here' });
  if (v.definition) related.push({ ...v.definition, message: `${v.target.name} is defined here` });
  if (v.module && 'file' in v.module && !v.definition) related.push({ file: v.module.file, start: 0, end: 0, message: `module ${v.module.name}` });
  const file = at?.file ?? v.errorAt?.file ?? v.definition?.file ?? (v.module && 'file' in v.module ? v.module.file : undefined);
  if (!file) return [];
  const inPython = v.errorAt ?? v.definition;
  const onModule = v.kind === 'module-missing' || v.kind === 'import-error';
  const start = at ? at.start + (onModule ? v.target.moduleStart : v.target.explicit ? v.target.objStart : 0) : (inPython?.start ?? 0);
  const end = at ? at.start + (onModule ? v.target.moduleEnd : v.target.raw.length) : (inPython?.end ?? 0);
  const fixes: Fix[] = [];
  // Not calling a factory, or calling it with arguments it does not take: the first suggestion is the
  // repair the verdict derived from the signature (append `()`, or call it bare), not a guess.
  const only = v.suggestions.length === 1 || ((v.kind === 'not-called-factory' || v.kind === 'arity-mismatch') && v.suggestions.length > 0);
  if (at && only) {
    const s = v.suggestions[0];
    fixes.push({ title: `Use ${s.target}`, edits: [{ file: at.file, start: at.start, end: at.start + v.target.raw.length, newText: s.target }], preferred: true });
  }
  const message = `gunicorn target '${v.target.raw}': ${v.message}`;
  return [{ file, start, end, severity, code, message, ...(fixes.length ? { fixes } : {}), ...(related.length ? { related } : {}) }];
}

/**
 * gunicorn config files (`gunicorn.conf.py`, any `-c FILE`): gunicorn executes the file and applies
 * every module-level name that is a setting; other names are silently ignored. This module turns the
 * statically evaluated module (see `configEval.ts`) into settings with their ranges, and reports
 * names gunicorn would ignore (typos), values it refuses, and settings the gunicorn in use lacks.
 */
import type { Finding, Fix } from '../common/diagnostics';
import type { PyValue } from '../python/values';
import { addedIn, closest, compareVersions, isAvailableIn, settingByName, settingsFor, specFor } from './catalog';
import type { GunicornSettingSpec } from './spec';
import { checkWorkerClass, validatePython, type Validated } from './validate';

/** One name bound at module level in a config file, with its final value. */
export interface ConfigBinding {
  name: string;
  value: PyValue;
  /** How the name is bound: a plain assignment, a `def`, a `class`, an import statement. */
  kind: 'value' | 'function' | 'class' | 'module';
  nameStart: number;
  nameEnd: number;
  valueStart: number;
  valueEnd: number;
  /** Bound under an `if`/`try` whose outcome is not known. */
  conditional?: boolean;
  /** The number of parameters, for functions (server hooks are called with a fixed arity). */
  arity?: number;
}

/** A config file as the evaluator sees it. */
export interface ConfigFileModel {
  file: string;
  text: string;
  /** Final module-level bindings (later assignments win), in file order of their last binding. */
  bindings: ConfigBinding[];
  syntaxErrors: Array<{ start: number; end: number; message: string }>;
}

/**
 * Evaluates a config file's text statically; `cwd` is the process cwd when gunicorn reads it and
 * `environ` the variables the launcher sets (known values only).
 */
export type ConfigEvaluator = (text: string, file: string, cwd: string | undefined, environ?: Record<string, string>) => ConfigFileModel | undefined;

/** A setting applied from the config file. */
export interface ConfigSetting {
  spec: GunicornSettingSpec;
  binding: ConfigBinding;
  result: Validated;
}

/** The server hooks' arities, from gunicorn's settings (`validate_callable(n)`). */
const HOOK_ARITY: Record<string, number> = {
  on_starting: 1,
  on_reload: 1,
  when_ready: 1,
  pre_fork: 2,
  post_fork: 2,
  post_worker_init: 1,
  worker_int: 1,
  worker_abort: 1,
  pre_exec: 1,
  pre_request: 2,
  child_exit: 2,
  worker_exit: 2,
  nworkers_changed: 3,
  on_exit: 1,
  ssl_context: 2,
};

let counted: { text: string; counts: Map<string, number> } | undefined;

/**
 * How often a name occurs in the text as a whole identifier (not after a dot). The counts of every
 * identifier are computed in one pass per text: a file with 100,000 unknown names would otherwise
 * be scanned once per name (quadratic; minutes on a 100,000-line gunicorn.conf.py).
 */
function wordCount(text: string, name: string): number {
  if (counted?.text !== text) {
    const counts = new Map<string, number>();
    for (const m of text.matchAll(/(?<![\w.])[A-Za-z_]\w*/g)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
    counted = { text, counts };
  }
  return counted.counts.get(name.replace(/[^\w]/g, '')) ?? 0;
}

/**
 * Applies a config file the way gunicorn's `load_config_from_filename` does: names that are
 * settings (case-sensitive) are validated and kept; the rest is reported when it looks like a
 * mistake. `version` is the gunicorn release in use, when known.
 */
export function applyConfigFile(model: ConfigFileModel, version: string | undefined): { settings: ConfigSetting[]; findings: Finding[] } {
  const settings: ConfigSetting[] = [];
  const findings: Finding[] = [];
  const file = model.file;
  const known = settingsFor(version).map((s) => s.name);
  const at = (b: ConfigBinding, severity: Finding['severity'], code: string, message: string, value = false, fix?: Fix): Finding => ({
    file,
    start: value ? b.valueStart : b.nameStart,
    end: value ? b.valueEnd : b.nameEnd,
    severity,
    code,
    message,
    ...(fix ? { fixes: [fix] } : {}),
  });
  const replace = (start: number, end: number, newText: string, title: string): Fix => ({ title, edits: [{ file, start, end, newText }], preferred: true });
  // A rename is offered only when the value is one the setting accepts (the fix must not trade a warning for an error).
  const renameFix = (b: ConfigBinding, to: string): Fix | undefined => {
    const target = specFor(to, version);
    if (!target || b.nameEnd <= b.nameStart || model.text.slice(b.nameStart, b.nameEnd) !== b.name) return undefined;
    if (b.kind === 'value' && target.kind !== 'hook') {
      const r = validatePython(target, b.value, version);
      if (!r.ok) return undefined;
    }
    return replace(b.nameStart, b.nameEnd, to, `Rename to ${to}`);
  };
  for (const b of model.bindings) {
    const spec = settingByName(b.name);
    if (spec) {
      if (!isAvailableIn(spec, version)) {
        const added = addedIn(spec);
        const why = added && version && compareVersions(version, added) < 0 ? `added in ${added}` : `removed in ${spec.removedIn}`;
        findings.push(at(b, 'warning', 'gunicorn-setting-too-new', `gunicorn ${version} has no setting "${b.name}" (${why}): it is silently ignored`));
        continue;
      }
      const vspec = specFor(b.name, version) ?? spec;
      if (vspec.kind === 'hook') {
        if (b.kind === 'function' && b.arity !== undefined && HOOK_ARITY[b.name] !== undefined && b.arity !== HOOK_ARITY[b.name]) {
          findings.push(at(b, 'error', 'gunicorn-invalid-type', `the ${b.name} hook is called with ${HOOK_ARITY[b.name]} argument(s); gunicorn refuses a function taking ${b.arity} ("Value must have an arity of: ${HOOK_ARITY[b.name]}")`));
        }
        settings.push({ spec: vspec, binding: b, result: { ok: true, value: `<function ${b.name}>` } });
        continue;
      }
      // `from common import bind`: applied, but its value lives in another module.
      if (b.kind === 'module') {
        settings.push({ spec: vspec, binding: b, result: { ok: true, unknown: 'unsupported', detail: 'imported from another module' } });
        continue;
      }
      if (b.kind !== 'value') continue;
      const result = validatePython(vspec, b.value, version);
      if (!result.ok) findings.push(at(b, 'error', result.code, `gunicorn refuses ${b.name}: ${result.message}`, true, valueFix(model, b, vspec, replace)));
      else if ('note' in result && result.note === 'quoted-number') {
        const literal = model.text.slice(b.valueStart, b.valueEnd);
        const digits = /^(['"])(\d+)\1$/.exec(literal);
        const fix = digits && String(Number(digits[2])) === digits[2] ? replace(b.valueStart, b.valueEnd, digits[2], `Write ${digits[2]} as a number`) : undefined;
        findings.push(at(b, 'hint', 'gunicorn-quoted-number', `gunicorn converts this string with int(x, 0); a plain number is clearer (a leading zero such as "007" would be refused)`, true, fix));
      }
      settings.push({ spec: vspec, binding: b, result });
      continue;
    }
    // Not a setting: gunicorn ignores it. Report what looks like a mistake, not helpers.
    if (b.name.startsWith('_') || b.kind === 'module' || b.kind === 'class') continue;
    const lower = b.name.toLowerCase();
    if (lower !== b.name && settingByName(lower)) {
      findings.push(at(b, 'warning', 'gunicorn-unknown-setting', `gunicorn matches setting names case-sensitively: "${b.name}" is ignored; write "${lower}"`, false, renameFix(b, lower)));
      continue;
    }
    const guess = closest(b.name, known);
    if (b.kind === 'function') {
      if (guess && HOOK_ARITY[guess] !== undefined) {
        findings.push(at(b, 'warning', 'gunicorn-unknown-setting', `"${b.name}" is not a gunicorn server hook, so it is never called; did you mean "${guess}"?`, false, renameFix(b, guess)));
      }
      continue;
    }
    // A helper used elsewhere in the file (`cores = cpu_count()`, then `workers = cores * 2`) is fine.
    if (wordCount(model.text, b.name) > 1) continue;
    findings.push(
      at(
        b,
        'warning',
        'gunicorn-unknown-setting',
        guess ? `"${b.name}" is not a gunicorn setting and is silently ignored; did you mean "${guess}"?` : `"${b.name}" is not a gunicorn setting and is silently ignored`,
        false,
        guess ? renameFix(b, guess) : undefined,
      ),
    );
  }
  return { settings, findings };
}

/**
 * A fix for a value gunicorn refuses, when the intent is clear: `umask = "007"` is octal `0o007`,
 * `reload = 1` is `True`, a misspelled worker class is the close bundled one.
 */
function valueFix(model: ConfigFileModel, b: ConfigBinding, spec: GunicornSettingSpec, replace: (s: number, e: number, t: string, title: string) => Fix): Fix | undefined {
  const literal = model.text.slice(b.valueStart, b.valueEnd);
  const v = b.value;
  if (spec.kind === 'int' && v.kind === 'str') {
    const m = /^(['"])(0[0-7]+)\1$/.exec(literal);
    if (m && spec.name === 'umask') return replace(b.valueStart, b.valueEnd, `0o${m[2]}`, `Write 0o${m[2]} (an octal number)`);
  }
  if (spec.kind === 'bool' && v.kind === 'int' && (v.value === 0 || v.value === 1) && /^[01]$/.test(literal)) {
    const t = v.value === 1 ? 'True' : 'False';
    return replace(b.valueStart, b.valueEnd, t, `Write ${t}`);
  }
  if (spec.name === 'worker_class' && v.kind === 'str') {
    const q = /^(['"])(.*)\1$/.exec(literal);
    const guess = closest(v.value, ['sync', 'gthread', 'eventlet', 'gevent', 'tornado']);
    if (q && guess && checkWorkerClass(guess, undefined).ok) return replace(b.valueStart, b.valueEnd, `${q[1]}${guess}${q[1]}`, `Use the ${guess} worker`);
  }
  return undefined;
}

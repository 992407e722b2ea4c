/**
 * What gunicorn does with a value given to a setting: argparse's type conversion for command-line
 * strings (`int`, `auto_int`), then the setting's validator (`validate_pos_int`, `validate_bool`, ...).
 * The result is the value gunicorn holds, an "unknown" marker, or the error gunicorn exits with.
 */
import { WORKER_CLASSES, compareVersions } from './catalog';
import type { GunicornSettingSpec } from './spec';
import type { PyValue } from '../python/values';
import { setOwn } from '../common/own';

/** A value as gunicorn holds it after validation. `null` is Python's None. */
export type SettingData = string | number | boolean | null | string[] | Record<string, string>;

/** The outcome of giving a value to a setting. */
export type Validated =
  | { ok: true; value: SettingData; note?: string }
  /** Not knowable from the files: a cpu count, an unset env var, an expression not modelled. */
  | { ok: true; unknown: 'machine' | 'env' | 'unsupported'; detail?: string }
  | { ok: false; message: string; code: 'gunicorn-invalid-type' | 'gunicorn-invalid-bind' | 'gunicorn-unknown-worker-class' };

const PY_INT_10 = /^\s*[+-]?\d+(?:_\d+)*\s*$/;
const PY_INT_0 = /^\s*[+-]?(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|[1-9](?:_?\d)*|0(?:_?0)*)\s*$/;

/** Python's `int(s)`; undefined when it raises. */
export function pyInt(s: string): number | undefined {
  return PY_INT_10.test(s) ? parseInt(s.replace(/_/g, ''), 10) : undefined;
}

/** Python's `int(s, 0)` (a literal with optional 0x/0o/0b prefix, no leading zeros); undefined when it raises. */
export function pyInt0(s: string): number | undefined {
  if (!PY_INT_0.test(s)) return undefined;
  const t = s.trim().replace(/_/g, '');
  const neg = t.startsWith('-');
  const body = t.replace(/^[+-]/, '').toLowerCase();
  const n = body.startsWith('0x') ? parseInt(body.slice(2), 16) : body.startsWith('0o') ? parseInt(body.slice(2), 8) : body.startsWith('0b') ? parseInt(body.slice(2), 2) : parseInt(body, 10);
  return neg ? -n : n;
}

/** gunicorn's `auto_int` (argparse type of `--umask`): a leading 0 followed by a digit means octal. */
export function autoInt(s: string): number | undefined {
  const t = /^0(\d)/i.test(s) ? s.replace('0', '0o') : s;
  return pyInt0(t);
}

const fail = (message: string): Validated => ({ ok: false, message, code: 'gunicorn-invalid-type' });

/** A worker class name gunicorn can load in `version` (dotted paths and `egg:` URIs are not checked). */
export function checkWorkerClass(name: string, version: string | undefined): Validated {
  if (name.includes('.') || name.startsWith('egg:')) return { ok: true, value: name };
  const short = name.replace(/^#/, '');
  const known = WORKER_CLASSES.find((w) => w.name === short);
  if (known && (known.since === null || version === undefined || compareVersions(version, known.since) >= 0)) return { ok: true, value: name };
  const names = WORKER_CLASSES.filter((w) => w.since === null || version === undefined || compareVersions(version, w.since) >= 0).map((w) => w.name);
  return {
    ok: false,
    code: 'gunicorn-unknown-worker-class',
    message: `unknown worker class "${name}": gunicorn${version ? ' ' + version : ''} knows ${names.join(', ')}, or a dotted path such as uvicorn.workers.UvicornWorker`,
  };
}

/** The validator step on a Python-like value (from a config file, or argparse's result). */
function validate(spec: GunicornSettingSpec, v: PyValue, version: string | undefined): Validated {
  if (v.kind === 'unknown') return { ok: true, unknown: v.reason, detail: v.detail };
  // A function or other object: fine for a hook; for anything else its value is not modelled.
  if (spec.kind === 'hook' && !isPlain(v)) return { ok: true, value: `<${describe(v)}>` };
  if (!isPlain(v)) return { ok: true, unknown: 'unsupported', detail: describe(v) };
  const text = v.kind === 'str' || v.kind === 'path' ? v.value : undefined;
  switch (spec.kind) {
    case 'int': {
      if (v.kind === 'int') return v.value < 0 ? fail(`Value must be positive: ${v.value}`) : { ok: true, value: v.value };
      if (v.kind === 'bool') return { ok: true, value: v.value ? 1 : 0 };
      if (text !== undefined) {
        const n = pyInt0(text);
        if (n === undefined) return fail(`invalid literal for int() with base 0: '${text}'`);
        if (n < 0) return fail(`Value must be positive: ${n}`);
        return { ok: true, value: n, note: 'quoted-number' };
      }
      return fail(`int() can't convert non-string with explicit base (${describe(v)})`);
    }
    case 'bool': {
      if (v.kind === 'bool') return { ok: true, value: v.value };
      if (v.kind === 'none') return { ok: true, value: null };
      if (text !== undefined) {
        const t = text.trim().toLowerCase();
        if (t === 'true') return { ok: true, value: true };
        if (t === 'false') return { ok: true, value: false };
        return fail(`Invalid boolean: ${text}`);
      }
      return fail(`Invalid type for casting: ${describe(v)} (use True or False)`);
    }
    case 'string':
    case 'dir':
      if (v.kind === 'none') return { ok: true, value: null };
      if (text !== undefined) return { ok: true, value: text.trim() };
      return fail(`Not a string: ${describe(v)}`);
    case 'string-list':
      if (text !== undefined) return { ok: true, value: text };
      // From 23.0 the allow-lists also take a list; 20.1-22 raise "Not a string".
      if ((v.kind === 'list' || v.kind === 'tuple') && (version === undefined || compareVersions(version, '23.0.0') >= 0) && spec.validator === 'validate_string_to_addr_list') {
        return { ok: true, value: v.items.map((i) => (i.kind === 'str' ? i.value : '?')).join(',') };
      }
      return fail(`Not a string: ${describe(v)}`);
    case 'list': {
      if (v.kind === 'none' || (text !== undefined && text === '')) return { ok: true, value: [] };
      if (text !== undefined) return { ok: true, value: [text.trim()] };
      if (v.kind === 'list' || v.kind === 'tuple') {
        const out: string[] = [];
        for (const item of v.items) {
          if (item.kind === 'unknown') return { ok: true, unknown: item.reason, detail: item.detail };
          if (item.kind !== 'str' && item.kind !== 'path') return fail(`Not a string: ${describe(item)}`);
          out.push(item.value.trim());
        }
        return { ok: true, value: out };
      }
      return fail(`expected a list of strings, got ${describe(v)}`);
    }
    case 'class':
      if (text !== undefined) return spec.name === 'worker_class' ? checkWorkerClass(text.trim(), version) : { ok: true, value: text.trim() };
      return { ok: true, unknown: 'unsupported', detail: 'a class object' };
    case 'dict':
      if (v.kind === 'dict') {
        const out: Record<string, string> = {};
        for (const [k, val] of v.entries) if (k.kind === 'str') setOwn(out, k.value, val.kind === 'str' ? val.value : describe(val));
        return { ok: true, value: out };
      }
      return fail(`Value is not a dictionary: ${describe(v)}`);
    case 'user':
    case 'group':
      if (v.kind === 'int') return { ok: true, value: v.value };
      if (v.kind === 'none') return { ok: true, value: null };
      if (text !== undefined) return /^\d+$/.test(text) ? { ok: true, value: parseInt(text, 10) } : { ok: true, value: text };
      return fail(`expected a ${spec.kind} name or id, got ${describe(v)}`);
    case 'choice':
      if (text !== undefined && spec.choices && !spec.choices.includes(text)) return fail(`Invalid ${spec.name}: '${text}' (one of ${spec.choices.join(', ')})`);
      return text !== undefined ? { ok: true, value: text } : fail(`Not a string: ${describe(v)}`);
    case 'hook':
      if (text !== undefined) return { ok: true, value: text };
      return fail(`Value is not callable: ${describe(v)}`);
    case 'other':
      if (text !== undefined) return { ok: true, value: text };
      if (v.kind === 'int' || v.kind === 'bool') return { ok: true, value: v.value };
      return { ok: true, unknown: 'unsupported', detail: describe(v) };
  }
}

const PLAIN = new Set(['str', 'int', 'float', 'bool', 'none', 'list', 'tuple', 'dict', 'path']);

/** True for the value kinds gunicorn's validators are modelled on (literals and containers). */
function isPlain(v: PyValue): boolean {
  return PLAIN.has(v.kind);
}

/** A short Python-ish rendering of a value for messages. */
export function describe(v: PyValue): string {
  const x = v as { kind: string; target?: string; callee?: string };
  if (x.kind === 'ref') return `${x.target}`;
  if (x.kind === 'call') return `${x.callee}(...)`;
  if (!isPlain(v) && v.kind !== 'unknown') return `<${x.kind}>`;
  switch (v.kind) {
    case 'str':
      return `'${v.value}'`;
    case 'path':
      return `Path('${v.value}')`;
    case 'int':
    case 'float':
      return String(v.value);
    case 'bool':
      return v.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'list':
      return `[${v.items.map(describe).join(', ')}]`;
    case 'tuple':
      return `(${v.items.map(describe).join(', ')})`;
    case 'dict':
      return `{${v.entries.map(([k, x]) => `${describe(k)}: ${describe(x)}`).join(', ')}}`;
    default:
      return '<unknown>';
  }
}

/** A value assigned in a config file (a Python value). */
export function validatePython(spec: GunicornSettingSpec, v: PyValue, version?: string): Validated {
  return validate(spec, v, version);
}

/**
 * A value from the command line (or GUNICORN_CMD_ARGS): argparse's `type` first (an error there is
 * an argparse error, exit 2), then the validator. `values` has one string per occurrence for
 * `append` settings; flags pass their constant.
 */
export function validateCli(spec: GunicornSettingSpec, values: Array<string | boolean>, version?: string): Validated {
  if (spec.action === 'append') return validate(spec, { kind: 'list', items: values.map((s) => ({ kind: 'str', value: String(s) })) }, version);
  const raw = values[values.length - 1];
  if (typeof raw === 'boolean') return validate(spec, { kind: 'bool', value: raw }, version);
  if (spec.argType === 'int' || spec.argType === 'auto_int') {
    const n = spec.argType === 'int' ? pyInt(raw) : autoInt(raw);
    if (n === undefined) return fail(`argument ${spec.cli.join('/')}: invalid ${spec.argType} value: '${raw}'`);
    return validate(spec, { kind: 'int', value: n }, version);
  }
  return validate(spec, { kind: 'str', value: raw }, version);
}

// printf-style `%` and str.format() on known values. Only the conversions deployment files use
// are modelled (s, r, d, i, f, x, %); anything else makes the result unknown rather than wrong.
import { pyEquals, repr, str, unknown, withEnv } from './valueOps';
import type { PyValue } from './values';
import { getOwn } from '../common/own';

const PERCENT = /%(?:\(([^)]*)\))?([-+ #0]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g;

function pad(text: string, width: string | undefined, flags: string): string {
  const w = width ? Number(width) : 0;
  if (text.length >= w) return text;
  return flags.includes('-') ? text.padEnd(w) : text.padStart(w, flags.includes('0') ? '0' : ' ');
}

function convert(conv: string, v: PyValue, precision: string | undefined): string | undefined {
  switch (conv) {
    case 's':
      return str(v);
    case 'r':
      return repr(v);
    case 'd':
    case 'i':
      if (v.kind === 'int' || v.kind === 'float') return String(Math.trunc(v.value));
      if (v.kind === 'bool') return v.value ? '1' : '0';
      return undefined;
    case 'f':
      if (v.kind === 'int' || v.kind === 'float') return v.value.toFixed(precision ? Number(precision) : 6);
      return undefined;
    case 'x':
      return v.kind === 'int' ? v.value.toString(16) : undefined;
    default:
      return undefined;
  }
}

/** `fmt % arg`: a tuple gives the positional values, a dict the `%(name)s` ones, anything else is the single value. */
export function percentFormat(fmt: string, arg: PyValue): PyValue {
  if (arg.kind === 'unknown') return withEnv(unknown('unsupported', 'format argument'), arg);
  const positional = arg.kind === 'tuple' ? arg.items : [arg];
  let next = 0;
  let failed = false;
  const text = fmt.replace(PERCENT, (_m, key: string | undefined, flags: string, width: string | undefined, precision: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    let v: PyValue | undefined;
    if (key !== undefined) {
      if (arg.kind === 'dict') v = arg.entries.find(([k]) => pyEquals(k, { kind: 'str', value: key }) === true)?.[1];
    } else v = positional[next++];
    const out = v ? convert(conv, v, precision) : undefined;
    if (out === undefined) {
      failed = true;
      return '';
    }
    return pad(out, width, flags);
  });
  const deps = arg.kind === 'tuple' ? arg.items : arg.kind === 'dict' ? arg.entries.map(([, v]) => v) : [arg];
  if (failed || (arg.kind === 'tuple' && next !== positional.length && !/%\(/.test(fmt))) {
    return withEnv(unknown('unsupported', 'format'), ...deps);
  }
  return withEnv({ kind: 'str', value: text }, ...deps);
}

/** Applies a `format()` spec (`>10`, `.2f`, `d`); undefined for specs not modelled. */
export function applySpec(v: PyValue, spec: string): string | undefined {
  if (spec === '') return str(v);
  const m = /^(?:(.)?([<>^=]))?([-+ ])?(0)?(\d+)?(?:\.(\d+))?([sdfx%])?$/.exec(spec);
  if (!m) return undefined;
  const [, fill = ' ', align, , zero, width, precision, type] = m;
  let text = type && type !== 's' ? convert(type, v, precision) : str(v);
  if (text === undefined) return undefined;
  if (!type && precision && v.kind === 'str') text = text.slice(0, Number(precision));
  const w = width ? Number(width) : 0;
  if (text.length >= w) return text;
  const fillChar = zero && !align ? '0' : fill;
  const isNum = v.kind === 'int' || v.kind === 'float';
  const al = align ?? (isNum ? '>' : '<');
  const gap = w - text.length;
  if (al === '<') return text + fillChar.repeat(gap);
  if (al === '^') return fillChar.repeat(Math.floor(gap / 2)) + text + fillChar.repeat(Math.ceil(gap / 2));
  return fillChar.repeat(gap) + text;
}

/** `fmt.format(*args, **kwargs)` with `{}`, `{0}`, `{name}`, `{{`/`}}` and simple specs. */
export function strFormat(fmt: string, args: PyValue[], kwargs: Record<string, PyValue>): PyValue {
  let auto = 0;
  let failed = false;
  const text = fmt.replace(/\{\{|\}\}|\{([^{}!:]*)(?:!([rsa]))?(?::([^{}]*))?\}/g, (m, field: string | undefined, conv: string | undefined, spec: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const name = field ?? '';
    const v = name === '' ? args[auto++] : /^\d+$/.test(name) ? args[Number(name)] : getOwn(kwargs, name);
    const out = v === undefined ? undefined : conv === 'r' ? repr(v) : applySpec(v, spec ?? '');
    if (out === undefined) {
      failed = true;
      return '';
    }
    return out;
  });
  const deps = [...args, ...Object.values(kwargs)];
  return withEnv(failed ? unknown('unsupported', 'format') : { kind: 'str', value: text }, ...deps);
}

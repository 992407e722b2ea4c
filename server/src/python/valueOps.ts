import type { PyValue } from './values';

/** An unknown value; `detail` says what could not be known (an env var name, the expression's kind). */
export function unknown(reason: 'machine' | 'env' | 'unsupported', detail?: string, env?: string[]): PyValue {
  const v: PyValue = detail === undefined ? { kind: 'unknown', reason } : { kind: 'unknown', reason, detail };
  return env && env.length > 0 ? { ...v, env } : v;
}

/** The env dependencies of several values, merged, in first-seen order. */
export function mergeEnv(...values: Array<PyValue | undefined>): string[] | undefined {
  const out: string[] = [];
  for (const v of values) for (const e of v?.env ?? []) if (!out.includes(e)) out.push(e);
  return out.length > 0 ? out : undefined;
}

/** `v` carrying the env dependencies of `from` as well as its own. */
export function withEnv(v: PyValue, ...from: Array<PyValue | undefined>): PyValue {
  const env = mergeEnv(v, ...from);
  if (!env) return v;
  return { ...v, env };
}

/** Python truthiness, or undefined when it cannot be known. */
export function truthy(v: PyValue): boolean | undefined {
  switch (v.kind) {
    case 'str':
    case 'bytes':
      return v.value.length > 0;
    case 'int':
    case 'float':
      return v.value !== 0;
    case 'bool':
      return v.value;
    case 'none':
      return false;
    case 'list':
    case 'tuple':
      return v.items.length > 0;
    case 'dict':
      return v.entries.length > 0;
    case 'path':
    case 'ref':
      return true;
    default:
      return undefined;
  }
}

/** Python's repr() of a float: integral values keep a `.0`. */
function floatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return n.toFixed(1);
  return String(n).replace(/e\+?/, (m) => (m === 'e' ? 'e' : 'e+'));
}

/** Python's repr(), for the values that have a known text; undefined otherwise. */
export function repr(v: PyValue): string | undefined {
  switch (v.kind) {
    case 'str':
      return quote(v.value);
    case 'bytes':
      return 'b' + quote(v.value);
    case 'path':
      return `PosixPath(${quote(v.value)})`;
    case 'list':
    case 'tuple': {
      const parts = v.items.map(repr);
      if (parts.some((p) => p === undefined)) return undefined;
      if (v.kind === 'list') return `[${parts.join(', ')}]`;
      return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
    }
    case 'dict': {
      const parts = v.entries.map(([k, x]) => [repr(k), repr(x)]);
      if (parts.some(([k, x]) => k === undefined || x === undefined)) return undefined;
      return `{${parts.map(([k, x]) => `${k}: ${x}`).join(', ')}}`;
    }
    default:
      return str(v);
  }
}

function quote(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return q + (q === "'" ? body.replace(/'/g, "\\'") : body) + q;
}

/** Python's str(), for the values that have a known text; undefined otherwise. */
export function str(v: PyValue): string | undefined {
  switch (v.kind) {
    case 'str':
    case 'path':
      return v.value;
    case 'int':
      return String(v.value);
    case 'float':
      return floatRepr(v.value);
    case 'bool':
      return v.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'bytes':
    case 'list':
    case 'tuple':
    case 'dict':
      return repr(v);
    default:
      return undefined;
  }
}

/** Structural equality of known values; undefined when either side is not known. */
export function pyEquals(a: PyValue, b: PyValue): boolean | undefined {
  const num = (v: PyValue) => (v.kind === 'int' || v.kind === 'float' ? v.value : v.kind === 'bool' ? (v.value ? 1 : 0) : undefined);
  const na = num(a);
  const nb = num(b);
  if (na !== undefined && nb !== undefined) return na === nb;
  if (a.kind === 'unknown' || b.kind === 'unknown' || a.kind === 'call' || b.kind === 'call' || a.kind === 'ref' || b.kind === 'ref') {
    return undefined;
  }
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'str':
    case 'bytes':
    case 'path':
      return a.value === (b as typeof a).value;
    case 'none':
      return true;
    case 'list':
    case 'tuple': {
      const bi = (b as typeof a).items;
      if (a.items.length !== bi.length) return false;
      let all: boolean | undefined = true;
      for (let i = 0; i < bi.length; i++) {
        const e = pyEquals(a.items[i], bi[i]);
        if (e === false) return false;
        if (e === undefined) all = undefined;
      }
      return all;
    }
    default:
      return undefined;
  }
}

/** A plain JS view of a known value (for tests and consumers that only want data); undefined when unknown. */
export function toJs(v: PyValue): unknown {
  switch (v.kind) {
    case 'str':
    case 'bytes':
    case 'path':
    case 'int':
    case 'float':
    case 'bool':
      return v.value;
    case 'none':
      return null;
    case 'list':
    case 'tuple':
      return v.items.map(toJs);
    case 'dict':
      return Object.fromEntries(v.entries.map(([k, x]) => [String(toJs(k)), toJs(x)]));
    default:
      return undefined;
  }
}

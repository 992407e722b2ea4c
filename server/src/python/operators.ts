import { joinPath, purePath } from './pathOps';
import { percentFormat } from './format';
import { pyEquals, unknown, withEnv } from './valueOps';
import type { PyValue } from './values';

type Num = { kind: 'int' | 'float'; value: number };

function asNum(v: PyValue): Num | undefined {
  if (v.kind === 'int' || v.kind === 'float') return v;
  if (v.kind === 'bool') return { kind: 'int', value: v.value ? 1 : 0 };
  return undefined;
}

/** Python's floor division and modulo: the result takes the divisor's sign. */
function floorMod(a: number, b: number): number {
  const m = a % b;
  return m !== 0 && m < 0 !== b < 0 ? m + b : m;
}

function numeric(op: string, a: Num, b: Num): PyValue | undefined {
  const isFloat = a.kind === 'float' || b.kind === 'float';
  const kind = isFloat ? 'float' : 'int';
  const x = a.value;
  const y = b.value;
  switch (op) {
    case '+':
      return { kind, value: x + y };
    case '-':
      return { kind, value: x - y };
    case '*':
      return { kind, value: x * y };
    case '/':
      return y === 0 ? undefined : { kind: 'float', value: x / y };
    case '//':
      return y === 0 ? undefined : { kind, value: Math.floor(x / y) };
    case '%':
      return y === 0 ? undefined : { kind, value: floorMod(x, y) };
    case '**':
      return kind === 'int' && y < 0 ? { kind: 'float', value: x ** y } : { kind, value: x ** y };
    case '<<':
      return kind === 'int' ? { kind, value: x * 2 ** y } : undefined;
    case '>>':
      return kind === 'int' ? { kind, value: Math.floor(x / 2 ** y) } : undefined;
    case '|':
      return kind === 'int' ? { kind, value: x | y } : undefined;
    case '&':
      return kind === 'int' ? { kind, value: x & y } : undefined;
    case '^':
      return kind === 'int' ? { kind, value: x ^ y } : undefined;
    default:
      return undefined;
  }
}

function repeat<T>(items: T[], n: number): T[] {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(...items);
  return out;
}

/** Repetition beyond this is not modelled: a settings file never needs it, and it bounds memory. */
const MAX_REPEAT = 100_000;

function binaryKnown(op: string, a: PyValue, b: PyValue): PyValue | undefined {
  const na = asNum(a);
  const nb = asNum(b);
  if (na && nb) return numeric(op, na, nb);
  if (op === '+') {
    if (a.kind === 'str' && b.kind === 'str') return { kind: 'str', value: a.value + b.value };
    if (a.kind === 'bytes' && b.kind === 'bytes') return { kind: 'bytes', value: a.value + b.value };
    if (a.kind === 'list' && b.kind === 'list') return { kind: 'list', items: [...a.items, ...b.items] };
    if (a.kind === 'tuple' && b.kind === 'tuple') return { kind: 'tuple', items: [...a.items, ...b.items] };
  }
  if (op === '*') {
    const [seq, n] = nb && a.kind !== 'int' ? [a, nb] : na && b.kind !== 'int' ? [b, na] : [undefined, undefined];
    if (seq && n && n.kind === 'int') {
      const count = Math.max(0, n.value);
      if (seq.kind === 'str' && seq.value.length * count <= MAX_REPEAT) return { kind: 'str', value: seq.value.repeat(count) };
      if ((seq.kind === 'list' || seq.kind === 'tuple') && seq.items.length * count <= MAX_REPEAT) {
        return { kind: seq.kind, items: repeat(seq.items, count) };
      }
    }
  }
  if (op === '/' && a.kind === 'path') {
    if (b.kind === 'str' || b.kind === 'path') return { kind: 'path', value: purePath(joinPath(a.value, b.value)) };
  }
  if (op === '/' && a.kind === 'str' && b.kind === 'path') return { kind: 'path', value: purePath(joinPath(a.value, b.value)) };
  if (op === '%' && a.kind === 'str') return percentFormat(a.value, b);
  if (op === '|' && a.kind === 'dict' && b.kind === 'dict') return { kind: 'dict', entries: mergeDict(a.entries, b.entries) };
  return undefined;
}

/** `a | b` / `{**a, **b}` for dicts: later keys replace earlier ones in place. */
export function mergeDict(a: Array<[PyValue, PyValue]>, b: Array<[PyValue, PyValue]>): Array<[PyValue, PyValue]> {
  const out = [...a];
  for (const [k, v] of b) {
    const i = out.findIndex(([x]) => pyEquals(x, k) === true);
    if (i >= 0) out[i] = [k, v];
    else out.push([k, v]);
  }
  return out;
}

/** A binary operator (`+ - * / // % ** << >> | & ^`) on two values; unknown when not modelled. */
export function binary(op: string, a: PyValue, b: PyValue): PyValue {
  if (a.kind === 'unknown') return withEnv(a, b);
  if (b.kind === 'unknown') return withEnv(b, a);
  const r = binaryKnown(op, a, b);
  return withEnv(r ?? unknown('unsupported', `${a.kind} ${op} ${b.kind}`), a, b);
}

function compareOne(op: string, a: PyValue, b: PyValue): boolean | undefined {
  switch (op) {
    case '==':
      return pyEquals(a, b);
    case '!=': {
      const e = pyEquals(a, b);
      return e === undefined ? undefined : !e;
    }
    case 'is':
    case 'is not': {
      // Only `x is None` is meaningful for static values.
      if (a.kind === 'unknown' || b.kind === 'unknown') return undefined;
      if (a.kind !== 'none' && b.kind !== 'none') return undefined;
      const same = a.kind === b.kind;
      return op === 'is' ? same : !same;
    }
    case 'in':
    case 'not in': {
      let r: boolean | undefined;
      if (b.kind === 'str' && a.kind === 'str') r = b.value.includes(a.value);
      else if (b.kind === 'list' || b.kind === 'tuple') {
        r = false;
        for (const item of b.items) {
          const e = pyEquals(a, item);
          if (e === true) {
            r = true;
            break;
          }
          if (e === undefined) r = undefined;
        }
      } else if (b.kind === 'dict') r = b.entries.some(([k]) => pyEquals(a, k) === true) || undefined;
      if (r === undefined) return undefined;
      return op === 'in' ? r : !r;
    }
    default: {
      const na = asNum(a);
      const nb = asNum(b);
      let x: number | string;
      let y: number | string;
      if (na && nb) [x, y] = [na.value, nb.value];
      else if (a.kind === 'str' && b.kind === 'str') [x, y] = [a.value, b.value];
      else return undefined;
      if (op === '<') return x < y;
      if (op === '<=') return x <= y;
      if (op === '>') return x > y;
      if (op === '>=') return x >= y;
      return undefined;
    }
  }
}

/** A comparison chain `a < b <= c` (Python: every pair must hold). */
export function compare(operands: PyValue[], ops: string[]): PyValue {
  let result: boolean | undefined = true;
  for (let i = 0; i < ops.length; i++) {
    const r = compareOne(ops[i], operands[i], operands[i + 1]);
    if (r === false) {
      result = false;
      break;
    }
    if (r === undefined) result = undefined;
  }
  const v: PyValue = result === undefined ? unknown('unsupported', 'comparison') : { kind: 'bool', value: result };
  return withEnv(v, ...operands);
}

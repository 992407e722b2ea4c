import type { EvalContext } from './context';
import { evaluate } from './expr';
import type { PyNode } from './parse';
import type { PyParam, Scope } from './scope';

/** The parameters of a def, in order, with Python's kinds; defaults are evaluated where the def runs. */
export function readParams(list: PyNode | null, scope: Scope, ctx: EvalContext): PyParam[] {
  const params: PyParam[] = [];
  if (!list) return params;
  let keywordOnly = false;
  for (const child of list.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'positional_separator') {
      for (const p of params) if (p.kind === 'positional') p.kind = 'positional-only';
      continue;
    }
    if (child.type === 'keyword_separator') {
      keywordOnly = true;
      continue;
    }
    // typed_parameter wraps the plain forms: `a: int`, `*args: int`, `**kw: Any`.
    const inner = child.type === 'typed_parameter' ? (child.namedChildren.find((c) => c && c.type !== 'type') ?? child) : child;
    const base = { start: child.startIndex, end: child.endIndex };
    if (inner.type === 'list_splat_pattern') {
      params.push({ name: inner.namedChild(0)?.text ?? '', kind: 'var-positional', hasDefault: false, ...base });
      keywordOnly = true;
    } else if (inner.type === 'dictionary_splat_pattern') {
      params.push({ name: inner.namedChild(0)?.text ?? '', kind: 'var-keyword', hasDefault: false, ...base });
    } else if (inner.type === 'default_parameter' || inner.type === 'typed_default_parameter') {
      const value = inner.childForFieldName('value');
      params.push({
        name: inner.childForFieldName('name')?.text ?? '',
        kind: keywordOnly ? 'keyword-only' : 'positional',
        hasDefault: true,
        ...(value ? { default: evaluate(value, scope, ctx) } : {}),
        ...base,
      });
    } else if (inner.type === 'identifier') {
      params.push({ name: inner.text, kind: keywordOnly ? 'keyword-only' : 'positional', hasDefault: false, ...base });
    }
  }
  return params;
}

/** Why a call with `positional` arguments and `keywords` does not fit the parameters (Python's TypeError text), or undefined when it does. */
export function arityError(fnName: string, params: PyParam[], positional: number, keywords: string[]): string | undefined {
  const pos = params.filter((p) => p.kind === 'positional-only' || p.kind === 'positional');
  const varPos = params.some((p) => p.kind === 'var-positional');
  const varKw = params.some((p) => p.kind === 'var-keyword');
  if (positional > pos.length && !varPos) {
    const required = pos.filter((p) => !p.hasDefault).length;
    const takes = required === pos.length ? `${pos.length}` : `from ${required} to ${pos.length}`;
    const plural = pos.length === 1 && required === pos.length ? 'argument' : 'arguments';
    return `${fnName}() takes ${takes} positional ${plural} but ${positional} ${positional === 1 ? 'was' : 'were'} given`;
  }
  const filled = new Set(pos.slice(0, positional).map((p) => p.name));
  for (const k of keywords) {
    const p = params.find((x) => x.name === k && x.kind !== 'var-positional' && x.kind !== 'var-keyword');
    if (!p || p.kind === 'positional-only') {
      if (varKw) continue;
      return `${fnName}() got an unexpected keyword argument '${k}'`;
    }
    if (filled.has(k)) return `${fnName}() got multiple values for argument '${k}'`;
    filled.add(k);
  }
  const missingPos = pos.filter((p) => !p.hasDefault && !filled.has(p.name)).map((p) => `'${p.name}'`);
  if (missingPos.length > 0) {
    return `${fnName}() missing ${missingPos.length} required positional argument${missingPos.length > 1 ? 's' : ''}: ${listNames(missingPos)}`;
  }
  const missingKw = params.filter((p) => p.kind === 'keyword-only' && !p.hasDefault && !filled.has(p.name)).map((p) => `'${p.name}'`);
  if (missingKw.length > 0) {
    return `${fnName}() missing ${missingKw.length} required keyword-only argument${missingKw.length > 1 ? 's' : ''}: ${listNames(missingKw)}`;
  }
  return undefined;
}

/** Python's way of listing names in a TypeError: `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`. */
function listNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  if (names.length === 2) return `${names[0]} and ${names[1]}`;
  return `${names.slice(0, -1).join(', ')}, and ${names[names.length - 1]}`;
}

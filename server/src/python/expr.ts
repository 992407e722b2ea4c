// Expression evaluation: a tree-sitter expression node to a PyValue, never by running code.
import { callFunctionValue, callMethod, envLookup } from './calls';
import type { EvalContext } from './context';
import { applySpec } from './format';
import { binary, compare, mergeDict } from './operators';
import type { PyNode } from './parse';
import { baseName, parentPath, purePath } from './pathOps';
import { lookup, type Scope } from './scope';
import { decodeEscapes, stringPrefix } from './strings';
import { pyEquals, repr, truthy, unknown, withEnv } from './valueOps';
import type { PyValue } from './values';
import { setOwn } from '../common/own';

/** Evaluated call arguments; `complete` is false when a `*x`/`**x` could not be expanded. */
export interface CallArgs {
  args: PyValue[];
  kwargs: Record<string, PyValue>;
  complete: boolean;
}

function intLiteral(text: string): PyValue {
  const t = text.replace(/_/g, '').toLowerCase();
  if (t.endsWith('j')) return unknown('unsupported', 'complex number');
  const v = /^0[xob]/.test(t) ? Number(t) : /^0+\d/.test(t) ? NaN : Number(t.replace(/l$/, ''));
  return Number.isNaN(v) ? unknown('unsupported', `integer ${text}`) : { kind: 'int', value: v };
}

function floatLiteral(text: string): PyValue {
  const t = text.replace(/_/g, '').toLowerCase();
  if (t.endsWith('j')) return unknown('unsupported', 'complex number');
  const v = Number(t);
  return Number.isNaN(v) ? unknown('unsupported', `float ${text}`) : { kind: 'float', value: v };
}

/** A `string` node: prefixes, escapes, and f-string interpolations of known values. */
function stringLiteral(node: PyNode, scope: Scope, ctx: EvalContext): PyValue {
  let prefix = { raw: false, bytes: false, fstring: false };
  let text = '';
  const deps: PyValue[] = [];
  let failed: PyValue | undefined;
  for (const child of node.children) {
    if (!child) continue;
    if (child.type === 'string_start') prefix = stringPrefix(child.text);
    else if (child.type === 'string_content') {
      let body = prefix.raw ? child.text : decodeEscapes(child.text, prefix.bytes);
      if (prefix.fstring) body = body.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
      text += body;
    } else if (child.type === 'interpolation') {
      const expr = child.childForFieldName('expression');
      const v = expr ? evaluate(expr, scope, ctx) : unknown('unsupported', 'f-string');
      deps.push(v);
      const conv = child.childForFieldName('type_conversion')?.text;
      const specNode = child.childForFieldName('format_specifier');
      // A spec with nested `{}` is not modelled; a plain one (`>10`, `.2f`) is.
      const spec = specNode && !specNode.descendantsOfType('format_expression').length ? specNode.text.replace(/^:/, '') : specNode ? undefined : '';
      const shown = spec === undefined ? undefined : conv === '!r' ? repr(v) : applySpec(v, spec);
      if (shown === undefined) failed ??= v.kind === 'unknown' ? v : unknown('unsupported', 'f-string');
      else text += shown;
    }
  }
  if (failed) return withEnv(failed, ...deps);
  return withEnv(prefix.bytes ? { kind: 'bytes', value: text } : { kind: 'str', value: text }, ...deps);
}

function sequence(node: PyNode, scope: Scope, ctx: EvalContext): PyValue[] | PyValue {
  const items: PyValue[] = [];
  for (const child of node.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'list_splat') {
      const inner = child.namedChild(0);
      const v = inner ? evaluate(inner, scope, ctx) : unknown('unsupported', 'splat');
      if (v.kind === 'list' || v.kind === 'tuple') items.push(...v.items);
      else return withEnv(unknown('unsupported', '*splat'), v);
    } else items.push(evaluate(child, scope, ctx));
  }
  return items;
}

function dictionary(node: PyNode, scope: Scope, ctx: EvalContext): PyValue {
  let entries: Array<[PyValue, PyValue]> = [];
  for (const child of node.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'pair') {
      const k = child.childForFieldName('key');
      const v = child.childForFieldName('value');
      if (!k || !v) continue;
      entries = mergeDict(entries, [[evaluate(k, scope, ctx), evaluate(v, scope, ctx)]]);
    } else if (child.type === 'dictionary_splat') {
      const inner = child.namedChild(0);
      const v = inner ? evaluate(inner, scope, ctx) : unknown('unsupported', 'splat');
      if (v.kind !== 'dict') return withEnv(unknown('unsupported', '**splat'), v);
      entries = mergeDict(entries, v.entries);
    } else return unknown('unsupported', child.type);
  }
  return { kind: 'dict', entries };
}

/** Evaluates the arguments of a call (`argument_list`), expanding known `*x` and `**x`. */
export function evaluateArgs(list: PyNode | null, scope: Scope, ctx: EvalContext): CallArgs {
  const out: CallArgs = { args: [], kwargs: {}, complete: true };
  if (!list) return out;
  if (list.type === 'generator_expression') return { ...out, complete: false };
  for (const child of list.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'keyword_argument') {
      const name = child.childForFieldName('name')?.text;
      const value = child.childForFieldName('value');
      if (name && value) setOwn(out.kwargs, name, evaluate(value, scope, ctx));
    } else if (child.type === 'list_splat') {
      const inner = child.namedChild(0);
      const v = inner ? evaluate(inner, scope, ctx) : undefined;
      if (v && (v.kind === 'list' || v.kind === 'tuple')) out.args.push(...v.items);
      else out.complete = false;
    } else if (child.type === 'dictionary_splat') {
      const inner = child.namedChild(0);
      const v = inner ? evaluate(inner, scope, ctx) : undefined;
      if (v?.kind === 'dict') for (const [k, x] of v.entries) if (k.kind === 'str') setOwn(out.kwargs, k.value, x);
      if (v?.kind !== 'dict') out.complete = false;
    } else out.args.push(evaluate(child, scope, ctx));
  }
  return out;
}

function pathAttribute(p: string, attr: string): PyValue | undefined {
  switch (attr) {
    case 'parent':
      return { kind: 'path', value: parentPath(p) };
    case 'name':
      return { kind: 'str', value: baseName(purePath(p)) };
    case 'stem': {
      const name = baseName(purePath(p));
      const dot = name.lastIndexOf('.');
      return { kind: 'str', value: dot > 0 ? name.slice(0, dot) : name };
    }
    case 'suffix': {
      const name = baseName(purePath(p));
      const dot = name.lastIndexOf('.');
      return { kind: 'str', value: dot > 0 ? name.slice(dot) : '' };
    }
    case 'parents':
      return undefined;
    default:
      return undefined;
  }
}

/** `obj.attr` on an evaluated object: module members, pathlib properties, qualified names. */
export function attributeOf(obj: PyValue, attr: string, ctx: EvalContext): PyValue {
  if (obj.kind === 'path') return withEnv(pathAttribute(obj.value, attr) ?? unknown('unsupported', `Path.${attr}`), obj);
  if (obj.kind === 'ref') {
    const target = `${obj.target}.${attr}`;
    if (obj.what === 'module') {
      const mod = ctx.loaded.get(obj.target);
      const member = mod?.scope.vars.get(attr);
      if (member) return member.value;
      // `import pkg` then `pkg.sub.x`: a submodule is importable even when __init__ does not bind it.
      const sub = ctx.importModule?.({ name: target, level: 0, fromFile: ctx.file, fromModule: ctx.moduleName, fromPackage: ctx.isPackage }) ?? undefined;
      if (sub) {
        ctx.loaded.set(target, sub);
        return { kind: 'ref', target, what: 'module', file: sub.file, start: 0, end: 0 };
      }
    }
    return { kind: 'ref', target, what: 'name' };
  }
  if (obj.kind === 'call') return { kind: 'ref', target: `${obj.callee}().${attr}`, what: 'name', self: obj };
  if (obj.kind === 'unknown') return obj;
  return unknown('unsupported', `${obj.kind}.${attr}`);
}

function subscript(obj: PyValue, key: PyValue, ctx: EvalContext): PyValue {
  if (obj.kind === 'ref' && obj.target === 'os.environ') return envLookup(ctx, key, undefined, 'unknown');
  if (obj.kind === 'dict') {
    const hit = obj.entries.find(([k]) => pyEquals(k, key) === true);
    if (hit) return withEnv(hit[1], key);
  }
  if ((obj.kind === 'list' || obj.kind === 'tuple' || obj.kind === 'str') && key.kind === 'int') {
    const len = obj.kind === 'str' ? obj.value.length : obj.items.length;
    const i = key.value < 0 ? len + key.value : key.value;
    if (i >= 0 && i < len) return withEnv(obj.kind === 'str' ? { kind: 'str', value: obj.value[i] } : obj.items[i], obj);
  }
  return withEnv(unknown('unsupported', 'subscript'), obj, key);
}

function slice(obj: PyValue, node: PyNode, scope: Scope, ctx: EvalContext): PyValue {
  const parts: Array<number | undefined> = [];
  let current: number | undefined;
  let ok = true;
  for (const c of node.children) {
    if (!c) continue;
    if (c.type === ':') {
      parts.push(current);
      current = undefined;
    } else {
      const v = evaluate(c, scope, ctx);
      if (v.kind === 'int') current = v.value;
      else if (v.kind !== 'none') ok = false;
    }
  }
  parts.push(current);
  if (!ok || parts.length > 2 || !(obj.kind === 'str' || obj.kind === 'list' || obj.kind === 'tuple')) return unknown('unsupported', 'slice');
  const [a, b] = parts;
  if (obj.kind === 'str') return withEnv({ kind: 'str', value: obj.value.slice(a ?? 0, b) }, obj);
  return withEnv({ kind: obj.kind, items: obj.items.slice(a ?? 0, b) }, obj);
}

function comparison(node: PyNode, scope: Scope, ctx: EvalContext): PyValue {
  const operands: PyValue[] = [];
  const ops: string[] = [];
  let pending = '';
  for (const c of node.children) {
    if (!c) continue;
    if (c.isNamed) {
      if (pending) ops.push(pending);
      pending = '';
      operands.push(evaluate(c, scope, ctx));
    } else pending = pending ? `${pending} ${c.text}` : c.text;
  }
  return compare(operands, ops.map((o) => o.replace(/\s+/g, ' ')));
}

function call(node: PyNode, scope: Scope, ctx: EvalContext): PyValue {
  const fnNode = node.childForFieldName('function');
  const argNode = node.childForFieldName('arguments');
  if (!fnNode) return unknown('unsupported', 'call');
  const args = evaluateArgs(argNode, scope, ctx);
  if (fnNode.type === 'attribute') {
    const objNode = fnNode.childForFieldName('object');
    const attr = fnNode.childForFieldName('attribute')?.text ?? '';
    const obj = objNode ? evaluate(objNode, scope, ctx) : unknown('unsupported');
    const method = callMethod(obj, attr, args, ctx);
    if (method) return method;
    return callFunctionValue(attributeOf(obj, attr, ctx), args, node, scope, ctx);
  }
  return callFunctionValue(evaluate(fnNode, scope, ctx), args, node, scope, ctx);
}

function identifier(name: string, scope: Scope, ctx: EvalContext): PyValue {
  const b = lookup(scope, name);
  if (b) return b.value;
  if (name === '__file__') return ctx.file !== undefined ? { kind: 'str', value: ctx.file } : unknown('unsupported', '__file__');
  if (name === '__name__') return { kind: 'str', value: ctx.moduleName };
  // Unbound names are builtins (str, int, Path when imported wrongly…) or typos; call dispatch knows the builtins.
  return { kind: 'ref', target: `builtins.${name}`, what: 'name' };
}

/** Evaluates an expression node in a scope. Total: anything not modelled is an `unknown` value. */
export function evaluate(node: PyNode, scope: Scope, ctx: EvalContext): PyValue {
  switch (node.type) {
    case 'identifier':
      return identifier(node.text, scope, ctx);
    case 'true':
      return { kind: 'bool', value: true };
    case 'false':
      return { kind: 'bool', value: false };
    case 'none':
      return { kind: 'none' };
    case 'integer':
      return intLiteral(node.text);
    case 'float':
      return floatLiteral(node.text);
    case 'string':
      return stringLiteral(node, scope, ctx);
    case 'concatenated_string': {
      const parts = node.namedChildren.filter((c): c is PyNode => c?.type === 'string').map((c) => stringLiteral(c, scope, ctx));
      return parts.reduce((a, b) => binary('+', a, b));
    }
    case 'parenthesized_expression': {
      const inner = node.namedChildren.find((c) => c && c.type !== 'comment');
      return inner ? evaluate(inner, scope, ctx) : unknown('unsupported', '()');
    }
    case 'list':
    case 'tuple':
    case 'expression_list': {
      const items = sequence(node, scope, ctx);
      if (!Array.isArray(items)) return items;
      return { kind: node.type === 'list' ? 'list' : 'tuple', items };
    }
    case 'dictionary':
      return dictionary(node, scope, ctx);
    case 'binary_operator': {
      const l = node.childForFieldName('left');
      const r = node.childForFieldName('right');
      const op = node.childForFieldName('operator')?.text ?? '';
      if (!l || !r) return unknown('unsupported', 'operator');
      return binary(op, evaluate(l, scope, ctx), evaluate(r, scope, ctx));
    }
    case 'unary_operator': {
      const arg = node.childForFieldName('argument');
      const op = node.childForFieldName('operator')?.text;
      const v = arg ? evaluate(arg, scope, ctx) : unknown('unsupported');
      if ((v.kind === 'int' || v.kind === 'float') && (op === '-' || op === '+')) return withEnv({ kind: v.kind, value: op === '-' ? -v.value : v.value }, v);
      if (v.kind === 'int' && op === '~') return withEnv({ kind: 'int', value: ~v.value }, v);
      return withEnv(unknown('unsupported', `unary ${op}`), v);
    }
    case 'not_operator': {
      const arg = node.childForFieldName('argument');
      const v = arg ? evaluate(arg, scope, ctx) : unknown('unsupported');
      const t = truthy(v);
      return withEnv(t === undefined ? unknown('unsupported', 'not') : { kind: 'bool', value: !t }, v);
    }
    case 'boolean_operator': {
      const l = node.childForFieldName('left');
      const r = node.childForFieldName('right');
      const op = node.childForFieldName('operator')?.text;
      if (!l || !r) return unknown('unsupported');
      const a = evaluate(l, scope, ctx);
      const t = truthy(a);
      if (t === undefined) return withEnv(unknown(a.kind === 'unknown' ? a.reason : 'unsupported', 'boolean operator'), a);
      if ((op === 'or') === t) return a;
      return withEnv(evaluate(r, scope, ctx), a);
    }
    case 'comparison_operator':
      return comparison(node, scope, ctx);
    case 'conditional_expression': {
      const [body, cond, other] = node.namedChildren.filter((c): c is PyNode => c !== null && c.type !== 'comment');
      if (!body || !cond || !other) return unknown('unsupported');
      const c = evaluate(cond, scope, ctx);
      const t = truthy(c);
      if (t === undefined) return withEnv(unknown(c.kind === 'unknown' ? c.reason : 'unsupported', 'conditional'), c);
      return withEnv(evaluate(t ? body : other, scope, ctx), c);
    }
    case 'call':
      return call(node, scope, ctx);
    case 'attribute': {
      const obj = node.childForFieldName('object');
      const attr = node.childForFieldName('attribute')?.text ?? '';
      return attributeOf(obj ? evaluate(obj, scope, ctx) : unknown('unsupported'), attr, ctx);
    }
    case 'subscript': {
      const obj = node.childForFieldName('value');
      const key = node.childForFieldName('subscript');
      if (!obj || !key) return unknown('unsupported');
      const o = evaluate(obj, scope, ctx);
      if (key.type === 'slice') return slice(o, key, scope, ctx);
      return subscript(o, evaluate(key, scope, ctx), ctx);
    }
    case 'named_expression': {
      const name = node.childForFieldName('name');
      const value = node.childForFieldName('value');
      const v = value ? evaluate(value, scope, ctx) : unknown('unsupported');
      if (name) scope.vars.set(name.text, { value: v, file: ctx.file, nameSpan: span(name), valueSpan: value ? span(value) : undefined });
      return v;
    }
    case 'ellipsis':
      return unknown('unsupported', '...');
    default:
      return unknown('unsupported', node.type);
  }
}

/** The range of a node. */
export function span(node: PyNode): { start: number; end: number } {
  return { start: node.startIndex, end: node.endIndex };
}

/** Python's str() of a value, or undefined: a convenience for readers that need text. */
export function asText(v: PyValue): string | undefined {
  return v.kind === 'str' || v.kind === 'path' ? v.value : undefined;
}

// Statement execution for the static evaluator: binds names in a scope in program order, follows
// imports through the import hook, records defs, classes, imports and env defaults. Branches whose
// condition is unknown all run (marked conditional); loops run once; `except` handlers are skipped.
import { absoluteModuleName, type EvalContext, type ImportRequest } from './context';
import { evaluate, span } from './expr';
import { binary } from './operators';
import { readParams } from './params';
import type { PyNode } from './parse';
import { lookup, newScope, type Binding, type PyClass, type PyFunction, type PyImport, type PyModule, type PyReturn, type Scope } from './scope';
import { mergeEnv, pyEquals, truthy, unknown, withEnv } from './valueOps';
import type { PyValue } from './values';

/** How to run a function's body later: its context and the globals it sees. */
const origins = new WeakMap<PyFunction, { ctx: EvalContext; globals: Scope }>();

/** Runs every statement of a block (or module) in order. */
export function execBlock(block: PyNode, scope: Scope, ctx: EvalContext): void {
  for (const child of block.namedChildren) if (child) execStatement(child, scope, ctx);
}

function taint(v: PyValue, ctx: EvalContext): PyValue {
  return ctx.condEnv.length > 0 ? withEnv(v, { kind: 'none', env: ctx.condEnv }) : v;
}

function bind(name: string, value: PyValue, scope: Scope, ctx: EvalContext, nameNode: PyNode, valueNode?: PyNode, extra: Partial<Binding> = {}): void {
  const v = taint(value, ctx);
  const b: Binding = { value: v, nameSpan: span(nameNode), ...extra };
  if (ctx.file !== undefined) b.file = ctx.file;
  if (valueNode) b.valueSpan = span(valueNode);
  if (ctx.conditional) b.conditional = true;
  scope.vars.set(name, b);
  if (!ctx.nested && valueNode && !extra.fn && !extra.cls && !extra.module) {
    ctx.assignments.push({
      name,
      value: v,
      nameSpan: span(nameNode),
      valueSpan: span(valueNode),
      ...(ctx.file !== undefined ? { file: ctx.file } : {}),
      ...(ctx.conditional ? { conditional: true } : {}),
    });
  }
}

function bindTarget(target: PyNode, value: PyValue, valueNode: PyNode, scope: Scope, ctx: EvalContext): void {
  switch (target.type) {
    case 'identifier':
      bind(target.text, value, scope, ctx, target, valueNode);
      return;
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'tuple':
    case 'list':
    case 'expression_list': {
      const targets = target.namedChildren.filter((c): c is PyNode => c !== null && c.type !== 'comment');
      const items = (value.kind === 'tuple' || value.kind === 'list') && value.items.length === targets.length ? value.items : undefined;
      const starred = targets.some((t) => t.type === 'list_splat_pattern');
      targets.forEach((t, i) => {
        const v = items && !starred ? withEnv(items[i], value) : withEnv(unknown('unsupported', 'unpacking'), value);
        bindTarget(t.type === 'list_splat_pattern' ? (t.namedChild(0) ?? t) : t, v, valueNode, scope, ctx);
      });
      return;
    }
    case 'parenthesized_expression': {
      const inner = target.namedChild(0);
      if (inner) bindTarget(inner, value, valueNode, scope, ctx);
      return;
    }
    case 'subscript': {
      const obj = target.childForFieldName('value');
      const keyNode = target.childForFieldName('subscript');
      if (!obj || !keyNode) return;
      const key = evaluate(keyNode, scope, ctx);
      if (obj.type === 'attribute' && obj.text.replace(/\s+/g, '') === 'os.environ' && key.kind === 'str') {
        ctx.envDefaults.push({ name: key.value, value, overrides: true, ...span(target), valueStart: valueNode.startIndex, valueEnd: valueNode.endIndex });
        return;
      }
      // `DATABASES['default'] = {...}`: update a dict bound to a plain name.
      const b = obj.type === 'identifier' ? lookup(scope, obj.text) : undefined;
      if (b && b.value.kind === 'dict') {
        const entries = b.value.entries.filter(([k]) => pyEquals(k, key) !== true);
        scope.vars.set(obj.text, { ...b, value: { ...b.value, entries: [...entries, [key, value]] } });
      }
      return;
    }
    default:
      return;
  }
}

function assign(node: PyNode, scope: Scope, ctx: EvalContext): void {
  const targets: PyNode[] = [];
  let cur: PyNode | null = node;
  while (cur && cur.type === 'assignment') {
    const left = cur.childForFieldName('left');
    if (left) targets.push(left);
    cur = cur.childForFieldName('right');
  }
  if (!cur) return; // `x: int` declares without binding.
  const value = evaluate(cur, scope, ctx);
  for (const t of targets) bindTarget(t, value, cur, scope, ctx);
}

function augAssign(node: PyNode, scope: Scope, ctx: EvalContext): void {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  const op = node.childForFieldName('operator')?.text.replace(/=$/, '') ?? '';
  if (!left || !right || left.type !== 'identifier') return;
  const current = lookup(scope, left.text)?.value ?? unknown('unsupported', `undefined name ${left.text}`);
  const r = evaluate(right, scope, ctx);
  // `list += tuple` extends (unlike `list + tuple`, a TypeError).
  const v = current.kind === 'list' && op === '+' && r.kind === 'tuple' ? withEnv({ kind: 'list', items: [...current.items, ...r.items] }, current, r) : binary(op, current, r);
  bind(left.text, v, scope, ctx, left, right);
}

/** `X.append(y)`, `X.extend(...)`, `X.insert(i, y)`, `X.update(...)` on names bound to lists and dicts; `os.environ.setdefault`. */
function expressionStatement(expr: PyNode, scope: Scope, ctx: EvalContext): void {
  if (expr.type !== 'call') return;
  const fn = expr.childForFieldName('function');
  const argList = expr.childForFieldName('arguments');
  if (fn?.type !== 'attribute' || !argList) return;
  const obj = fn.childForFieldName('object');
  const method = fn.childForFieldName('attribute')?.text;
  if (!obj || !method) return;
  const args = argList.namedChildren.filter((c): c is PyNode => c !== null && c.type !== 'comment');
  if (obj.text.replace(/\s+/g, '') === 'os.environ' && method === 'setdefault' && args.length >= 2) {
    const key = evaluate(args[0], scope, ctx);
    if (key.kind === 'str') {
      ctx.envDefaults.push({ name: key.value, value: evaluate(args[1], scope, ctx), overrides: false, ...span(expr), valueStart: args[1].startIndex, valueEnd: args[1].endIndex });
    }
    return;
  }
  if (obj.type !== 'identifier') return;
  const b = lookup(scope, obj.text);
  if (!b) return;
  const vals = args.map((a) => evaluate(a, scope, ctx));
  const cur = b.value;
  let next: PyValue | undefined;
  if (cur.kind === 'list') {
    if (method === 'append' && vals.length === 1) next = { kind: 'list', items: [...cur.items, vals[0]] };
    else if (method === 'extend' && vals.length === 1 && (vals[0].kind === 'list' || vals[0].kind === 'tuple')) next = { kind: 'list', items: [...cur.items, ...vals[0].items] };
    else if (method === 'insert' && vals.length === 2 && vals[0].kind === 'int') {
      const items = [...cur.items];
      const i = vals[0].value < 0 ? Math.max(0, items.length + vals[0].value) : Math.min(items.length, vals[0].value);
      items.splice(i, 0, vals[1]);
      next = { kind: 'list', items };
    } else if (method === 'remove' && vals.length === 1) {
      const i = cur.items.findIndex((x) => pyEquals(x, vals[0]) === true);
      if (i >= 0) next = { kind: 'list', items: cur.items.filter((_, j) => j !== i) };
    }
  } else if (cur.kind === 'dict' && method === 'update' && vals.length === 1 && vals[0].kind === 'dict') {
    const upd = vals[0].entries;
    next = { kind: 'dict', entries: [...cur.entries.filter(([k]) => !upd.some(([u]) => pyEquals(u, k) === true)), ...upd] };
  }
  if (next) {
    const env = mergeEnv(cur, ...vals);
    scope.vars.set(obj.text, { ...b, value: taint(env ? { ...next, env } : next, ctx), ...(ctx.conditional ? { conditional: true } : {}) });
  }
}

function importRequest(name: string, level: number, ctx: EvalContext): ImportRequest {
  return { name, level, ...(ctx.file !== undefined ? { fromFile: ctx.file } : {}), fromModule: ctx.moduleName, fromPackage: ctx.isPackage };
}

/** Imports a module through the hook and remembers it under its absolute name (null: it exists, in a cycle). */
function load(req: ImportRequest, ctx: EvalContext): PyModule | null | undefined {
  const mod = ctx.importModule?.(req);
  if (mod) ctx.loaded.set(mod.moduleName || absoluteModuleName(req), mod);
  return mod;
}

function registerDefs(b: Binding, ctx: EvalContext): void {
  if (b.fn) ctx.defs.set(b.fn.qualifiedName, b.fn);
  if (b.cls) ctx.defs.set(b.cls.qualifiedName, b.cls);
}

function importStatement(node: PyNode, scope: Scope, ctx: EvalContext): void {
  const nested = ctx.nested || ctx.conditional;
  if (node.type === 'import_statement') {
    const names = node.namedChildren.filter((c): c is PyNode => c !== null && (c.type === 'dotted_name' || c.type === 'aliased_import'));
    const missing: NonNullable<PyImport['missing']> = [];
    const imported = names.map((n) => {
      const dotted = n.type === 'aliased_import' ? (n.childForFieldName('name')?.text ?? '') : n.text;
      const alias = n.type === 'aliased_import' ? n.childForFieldName('alias')?.text : undefined;
      const parts = dotted.split('.');
      // `import a.b.c` imports a, a.b and a.b.c and binds `a`; `import a.b as x` binds x to a.b.
      for (let i = 1; i <= parts.length; i++) {
        const name = parts.slice(0, i).join('.');
        if (load(importRequest(name, 0, ctx), ctx) === undefined && ctx.importModule) {
          missing.push({ name, kind: 'module' });
          break;
        }
      }
      const boundName = alias ?? parts[0];
      const target = alias ? dotted : parts[0];
      const mod = ctx.loaded.get(target);
      bind(boundName, { kind: 'ref', target, what: 'module', ...(mod?.file !== undefined ? { file: mod.file, start: 0, end: 0 } : {}) }, scope, ctx, n, undefined, mod ? { module: mod } : {});
      return { name: dotted, ...(alias ? { alias } : {}), ...span(n) };
    });
    ctx.imports.push({ kind: 'import', module: '', level: 0, names: imported, star: false, ...span(node), nested, ...(missing.length ? { missing } : {}) });
    return;
  }
  // import_from_statement
  const modNode = node.childForFieldName('module_name');
  let level = 0;
  let modName = '';
  if (modNode?.type === 'relative_import') {
    level = modNode.namedChildren.find((c) => c?.type === 'import_prefix')?.text.length ?? 1;
    modName = modNode.namedChildren.find((c) => c?.type === 'dotted_name')?.text ?? '';
  } else if (modNode) modName = modNode.text;
  const req = importRequest(modName, level, ctx);
  const loaded = load(req, ctx);
  const mod = loaded ?? undefined;
  const absName = mod?.moduleName || absoluteModuleName(req);
  const star = node.namedChildren.some((c) => c?.type === 'wildcard_import');
  const missing: NonNullable<PyImport['missing']> = [];
  if (loaded === undefined && ctx.importModule) missing.push({ name: absName, kind: 'module' });
  const nameNodes = node.childrenForFieldName('name').filter((c): c is PyNode => c !== null);
  const names = nameNodes.map((n) => {
    const name = n.type === 'aliased_import' ? (n.childForFieldName('name')?.text ?? '') : n.text;
    const alias = n.type === 'aliased_import' ? n.childForFieldName('alias')?.text : undefined;
    const member = mod?.scope.vars.get(name);
    if (member) {
      // Keep where the name was defined (its file and spans): a settings value is reported where it is written.
      scope.vars.set(alias ?? name, { ...member, ...(ctx.conditional ? { conditional: true } : {}) });
      registerDefs(member, ctx);
    } else {
      const sub = load(importRequest(modName ? `${modName}.${name}` : name, level, ctx), ctx) ?? undefined;
      const target = `${absName}.${name}`;
      const value: PyValue = sub
        ? { kind: 'ref', target: sub.moduleName || target, what: 'module', ...(sub.file !== undefined ? { file: sub.file, start: 0, end: 0 } : {}) }
        : { kind: 'ref', target, what: 'name' };
      if (mod && !sub && ctx.importModule) missing.push({ name: target, kind: 'name' });
      bind(alias ?? name, value, scope, ctx, n, undefined, sub ? { module: sub } : {});
    }
    return { name, ...(alias ? { alias } : {}), ...span(n) };
  });
  if (star && mod) {
    const all = mod.scope.vars.get('__all__')?.value;
    const allowed = all && (all.kind === 'list' || all.kind === 'tuple') ? new Set(all.items.map((i) => (i.kind === 'str' ? i.value : ''))) : undefined;
    for (const [name, b] of mod.scope.vars) {
      if (allowed ? !allowed.has(name) : name.startsWith('_')) continue;
      scope.vars.set(name, { ...b, ...(ctx.conditional ? { conditional: true } : {}) });
      registerDefs(b, ctx);
    }
  }
  ctx.imports.push({ kind: 'from', module: modName, level, names, star, ...span(node), nested, ...(missing.length ? { missing } : {}) });
}

function functionDef(def: PyNode, outer: PyNode, decorators: PyNode[], scope: Scope, ctx: EvalContext): void {
  const nameNode = def.childForFieldName('name');
  if (!nameNode) return;
  const name = nameNode.text;
  const fn: PyFunction = {
    name,
    qualifiedName: `${ctx.qualifier}.${name}`,
    ...(ctx.file !== undefined ? { file: ctx.file } : {}),
    ...span(outer),
    nameStart: nameNode.startIndex,
    nameEnd: nameNode.endIndex,
    params: readParams(def.childForFieldName('parameters'), scope, ctx),
    decorators: decorators.map((d) => {
      const expr = d.namedChildren.find((c) => c && c.type !== 'comment');
      return { value: expr ? evaluate(expr, scope, ctx) : unknown('unsupported'), ...span(d) };
    }),
    isAsync: def.children.some((c) => c?.type === 'async'),
    node: def,
  };
  origins.set(fn, { ctx, globals: globalsOf(scope) });
  ctx.defs.set(fn.qualifiedName, fn);
  if (!ctx.nested) ctx.functions.push(fn);
  const value: PyValue = { kind: 'ref', target: fn.qualifiedName, what: 'function', ...(fn.file !== undefined ? { file: fn.file } : {}), start: fn.nameStart, end: fn.nameEnd };
  bind(name, value, scope, ctx, nameNode, undefined, { fn });
}

function classDef(def: PyNode, outer: PyNode, scope: Scope, ctx: EvalContext): void {
  const nameNode = def.childForFieldName('name');
  const body = def.childForFieldName('body');
  if (!nameNode) return;
  const bases = (def.childForFieldName('superclasses')?.namedChildren ?? [])
    .filter((c): c is PyNode => c !== null && c.type !== 'keyword_argument' && c.type !== 'comment')
    .map((c) => evaluate(c, scope, ctx));
  const cls: PyClass = {
    name: nameNode.text,
    qualifiedName: `${ctx.qualifier}.${nameNode.text}`,
    ...(ctx.file !== undefined ? { file: ctx.file } : {}),
    ...span(outer),
    nameStart: nameNode.startIndex,
    nameEnd: nameNode.endIndex,
    bases,
    attributes: newScope(scope),
    node: def,
  };
  if (body) execBlock(body, cls.attributes, { ...ctx, nested: true, qualifier: cls.qualifiedName });
  // The class body's names are not visible as globals: detach the parent after running it.
  cls.attributes = { vars: cls.attributes.vars };
  ctx.defs.set(cls.qualifiedName, cls);
  if (!ctx.nested) ctx.classes.push(cls);
  const value: PyValue = { kind: 'ref', target: cls.qualifiedName, what: 'class', ...(cls.file !== undefined ? { file: cls.file } : {}), start: cls.nameStart, end: cls.nameEnd };
  bind(nameNode.text, value, scope, ctx, nameNode, undefined, { cls });
}

function globalsOf(scope: Scope): Scope {
  let s = scope;
  while (s.parent) s = s.parent;
  return s;
}

function ifStatement(node: PyNode, scope: Scope, ctx: EvalContext): void {
  const branches: Array<{ cond?: PyNode; body: PyNode | null }> = [{ cond: node.childForFieldName('condition') ?? undefined, body: node.childForFieldName('consequence') }];
  for (const alt of node.childrenForFieldName('alternative')) {
    if (!alt) continue;
    if (alt.type === 'elif_clause') branches.push({ cond: alt.childForFieldName('condition') ?? undefined, body: alt.childForFieldName('consequence') });
    else branches.push({ body: alt.childForFieldName('body') });
  }
  const possible: PyNode[] = [];
  const skipped: PyNode[] = [];
  let env: string[] = [];
  let uncertain = false;
  let decided = false;
  for (const br of branches) {
    if (decided) {
      if (br.body) skipped.push(br.body);
      continue;
    }
    let t: boolean | undefined = true;
    if (br.cond) {
      const c = evaluate(br.cond, scope, ctx);
      env = mergeEnv({ kind: 'none', env }, c) ?? [];
      t = truthy(c);
    }
    if (t === false) {
      if (br.body) skipped.push(br.body);
      continue;
    }
    if (br.body) possible.push(br.body);
    if (t === true) decided = true;
    else uncertain = true;
  }
  const condEnv = mergeEnv({ kind: 'none', env: ctx.condEnv }, { kind: 'none', env }) ?? [];
  // A branch skipped only because of an environment variable's default may run on the server:
  // its bindings exist, marked conditional, and the branch the defaults select runs after them and wins.
  if (env.length > 0) for (const body of skipped) execBlock(body, scope, { ...ctx, condEnv, conditional: true });
  const inner: EvalContext = { ...ctx, condEnv, conditional: ctx.conditional || uncertain };
  // With an unknown condition every branch may run; the first one's bindings are kept (run last).
  for (const body of possible.reverse()) execBlock(body, scope, inner);
}

function returnStatement(node: PyNode, scope: Scope, ctx: EvalContext): void {
  if (!ctx.returns) return;
  const expr = node.namedChildren.find((c) => c && c.type !== 'comment');
  if (expr) ctx.returns.push({ value: evaluate(expr, scope, ctx), ...span(expr) });
  else ctx.returns.push({ value: { kind: 'none' }, start: node.startIndex, end: node.startIndex + 6 });
}

const STATEMENTS = new Set([
  'expression_statement', 'import_statement', 'import_from_statement', 'function_definition', 'decorated_definition', 'class_definition',
  'if_statement', 'try_statement', 'with_statement', 'for_statement', 'while_statement', 'return_statement', 'delete_statement', 'block',
]);

/** Runs one statement. Never throws: whatever is not modelled is skipped. */
export function execStatement(node: PyNode, scope: Scope, ctx: EvalContext): void {
  switch (node.type) {
    case 'expression_statement':
      for (const c of node.namedChildren) {
        if (!c) continue;
        if (c.type === 'assignment') assign(c, scope, ctx);
        else if (c.type === 'augmented_assignment') augAssign(c, scope, ctx);
        else expressionStatement(c, scope, ctx);
      }
      break;
    case 'import_statement':
    case 'import_from_statement':
      importStatement(node, scope, ctx);
      break;
    case 'function_definition':
      functionDef(node, node, [], scope, ctx);
      break;
    case 'class_definition':
      classDef(node, node, scope, ctx);
      break;
    case 'decorated_definition': {
      const def = node.childForFieldName('definition');
      const decorators = node.namedChildren.filter((c): c is PyNode => c?.type === 'decorator');
      if (def?.type === 'function_definition') functionDef(def, node, decorators, scope, ctx);
      else if (def?.type === 'class_definition') classDef(def, node, scope, ctx);
      break;
    }
    case 'if_statement':
      ifStatement(node, scope, ctx);
      break;
    case 'try_statement':
      for (const c of node.namedChildren) {
        if (!c) continue;
        if (c.type === 'block') execBlock(c, scope, ctx);
        else if (c.type === 'else_clause' || c.type === 'finally_clause') {
          const body = c.childForFieldName('body') ?? c.namedChildren.find((x) => x?.type === 'block') ?? null;
          if (body) execBlock(body, scope, ctx);
        }
      }
      break;
    case 'with_statement': {
      const body = node.childForFieldName('body');
      if (body) execBlock(body, scope, ctx);
      break;
    }
    case 'for_statement':
    case 'while_statement': {
      const body = node.childForFieldName('body');
      const left = node.childForFieldName('left');
      const loop = { ...ctx, conditional: true };
      if (left) bindTarget(left, unknown('unsupported', 'loop variable'), left, scope, { ...loop, nested: true });
      if (body) execBlock(body, scope, loop);
      break;
    }
    case 'return_statement':
      returnStatement(node, scope, ctx);
      break;
    case 'delete_statement':
      for (const t of node.descendantsOfType('identifier')) if (t && t.parent?.type !== 'attribute') scope.vars.delete(t.text);
      break;
    case 'block':
      execBlock(node, scope, ctx);
      break;
    case 'ERROR':
      // tree-sitter keeps whole statements inside an error region; run those it recognised.
      for (const c of node.namedChildren) if (c && STATEMENTS.has(c.type)) execStatement(c, scope, ctx);
      break;
    default:
      break;
  }
  ctx.onStatement?.(node, scope, ctx);
}

/**
 * Runs a function's body with its parameters unknown, over the globals of its module, calling
 * `onStatement` for each statement: how a Flask factory's `app = Flask(...)` and
 * `app.register_blueprint(bp)` are read. Returns the local scope and the returns.
 */
export function runFunction(fn: PyFunction, onStatement?: EvalContext['onStatement']): { scope: Scope; returns: PyReturn[] } {
  const origin = origins.get(fn);
  const returns: PyReturn[] = [];
  const scope = newScope(origin?.globals);
  if (!origin || origin.ctx.active.has(fn)) return { scope, returns };
  const body = fn.node.childForFieldName('body');
  for (const p of fn.params) scope.vars.set(p.name, { value: p.hasDefault && p.default ? p.default : unknown('unsupported', `parameter ${p.name}`) });
  const ctx: EvalContext = { ...origin.ctx, returns, nested: true, conditional: false, condEnv: [], qualifier: `${fn.qualifiedName}.<locals>`, onStatement };
  origin.ctx.active.add(fn);
  try {
    if (body) execBlock(body, scope, ctx);
  } finally {
    origin.ctx.active.delete(fn);
  }
  return { scope, returns };
}

/** The returns of a function, computed once and cached on it. */
export function returnsOf(fn: PyFunction): PyReturn[] {
  if (fn.returns) return fn.returns;
  const origin = origins.get(fn);
  if (!origin || origin.ctx.active.has(fn)) return [];
  const { returns } = runFunction(fn);
  fn.returns = returns;
  return returns;
}

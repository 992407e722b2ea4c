// Reads a Flask application statically: the Flask(...) call (root_path, static folder and URL),
// blueprints and their registration, routes, ProxyFix, and config (MAX_CONTENT_LENGTH).
// Rules follow Flask 2.2's scaffold.py/app.py/blueprints.py (same semantics in 3.x sansio).
import { posix } from 'node:path';
import {
  evaluateArgs,
  evaluateModule,
  evaluateWith,
  runFunction,
  type EvalContext,
  type PyFunction,
  type PyModule,
  type Scope,
  type StatementVisitor,
} from '../../python/evaluate';
import type { PyNode } from '../../python/parse';
import { mergeEnv } from '../../python/valueOps';
import type { PyValue } from '../../python/values';
import { setOwn } from '../../common/own';
import { configFromMapping, configFromObject, configFromPyfile } from './flaskConfig';
import type { AppRoute, ConfigEntry, FlaskBlueprint, FlaskModel, ProxyFixUse, StaticMount } from './flaskModel';
import type { ModuleLoader } from './loader';
import type { PyLocation } from './wsgi';

type CallValue = PyValue & { kind: 'call' };

const PROXY_FIX = new Set(['werkzeug.middleware.proxy_fix.ProxyFix', 'werkzeug.contrib.fixers.ProxyFix']);
const ROUTE_METHODS: Record<string, string | undefined> = { route: undefined, get: 'GET', post: 'POST', put: 'PUT', delete: 'DELETE', patch: 'PATCH' };

function same(a: PyValue | undefined, b: PyValue | undefined): boolean {
  return a?.kind === 'call' && b?.kind === 'call' && a.file === b.file && a.start === b.start && a.end === b.end;
}

function key(v: CallValue): string {
  return `${v.file}:${v.start}:${v.end}`;
}

function text(v: PyValue | undefined): string | undefined {
  return v && (v.kind === 'str' || v.kind === 'path') ? v.value : undefined;
}

/** An argument given by keyword or at position `pos`. */
function arg(call: CallValue, name: string, pos: number): PyValue | undefined {
  return call.kwargs[name] ?? call.args[pos];
}

function loc(file: string | undefined, node: { startIndex: number; endIndex: number }): PyLocation | undefined {
  return file === undefined ? undefined : { file, start: node.startIndex, end: node.endIndex };
}

function callLoc(c: CallValue): PyLocation {
  return { file: c.file ?? '', start: c.start, end: c.end };
}

/** Flask's get_root_path: the directory of the module named `importName` (the package dir for a package), else the cwd. */
function rootPathOf(loader: ModuleLoader, importName: PyValue | undefined, callFile: string | undefined, callModule: string | undefined, cwd: string): string {
  const name = text(importName);
  if (name !== undefined && name === callModule && callFile) return posix.dirname(callFile);
  if (name !== undefined) {
    const r = loader.resolve(name);
    if (r && r.kind !== 'namespace') return posix.dirname(r.file);
    // Flask's get_root_path: a module it cannot find falls back to os.getcwd().
    return cwd;
  }
  return callFile ? posix.dirname(callFile) : cwd;
}

/** Flask's static_folder setter: relative to root_path, trailing slashes stripped; None disables it. */
function staticFolderOf(v: PyValue | undefined, rootPath: string, dflt: string | null): string | null | undefined {
  if (v === undefined) return dflt === null ? null : posix.join(rootPath, dflt);
  if (v.kind === 'none') return null;
  const t = text(v);
  if (t === undefined) return undefined;
  const joined = posix.isAbsolute(t) ? t : posix.join(rootPath, t);
  return joined.replace(/\/+$/, '') || '/';
}

/** Flask's static_url_path: given (trailing slash stripped) or '/' + basename(static_folder). */
function staticUrlPathOf(v: PyValue | undefined, folder: string | null | undefined): string | undefined {
  if (v !== undefined && v.kind !== 'none') {
    const t = text(v);
    return t === undefined ? undefined : t.replace(/\/+$/, '');
  }
  if (folder === null || folder === undefined) return undefined;
  return `/${posix.basename(folder)}`.replace(/\/+$/, '');
}

/** BlueprintSetupState.add_url_rule: the registration prefix joined to a rule. */
export function prefixRule(prefix: string | undefined, rule: string): string {
  if (prefix === undefined) return rule;
  if (!rule) return prefix;
  return `${prefix.replace(/\/+$/, '')}/${rule.replace(/^\/+/, '')}`;
}

function mount(urlPath: string, prefix: string | undefined): string {
  const rule = prefixRule(prefix, `${urlPath}/<path:filename>`);
  return rule.slice(0, -'<path:filename>'.length);
}

interface Registration {
  parent: CallValue;
  bp: CallValue;
  prefix?: PyValue;
  source?: PyLocation;
}

interface RouteEvent {
  owner: CallValue;
  rule?: string;
  methods?: string[];
  endpoint?: string;
  source?: PyLocation;
}

/** Everything the statement walk collects about one app. */
interface Collected {
  registrations: Registration[];
  routes: RouteEvent[];
  blueprints: Map<string, CallValue>;
  config: Record<string, ConfigEntry>;
  configEnv: string[];
  proxyFix?: ProxyFixUse;
  staticOverrides: FlaskModel['staticOverrides'];
}

function proxyFixOf(v: PyValue, source: PyLocation | undefined): ProxyFixUse | undefined {
  if (v.kind !== 'call' || !PROXY_FIX.has(v.callee) || !source) return undefined;
  const n = (name: string, pos: number, dflt: number) => {
    const x = arg(v, name, pos);
    return x?.kind === 'int' ? x.value : dflt;
  };
  return { x_for: n('x_for', 1, 1), x_proto: n('x_proto', 2, 1), x_host: n('x_host', 3, 0), x_port: n('x_port', 4, 0), x_prefix: n('x_prefix', 5, 0), source };
}

/** Whether `v` is the app or its wsgi_app (what ProxyFix wraps). */
function wrapsApp(v: PyValue | undefined, app: CallValue): boolean {
  if (!v) return false;
  if (same(v, app)) return true;
  return v.kind === 'ref' && v.target.endsWith('().wsgi_app') && same(v.self, app);
}

function visitor(loader: ModuleLoader, app: CallValue, rootPath: () => string, out: Collected): StatementVisitor {
  const ev = (n: PyNode, scope: Scope, ctx: EvalContext) => evaluateWith(n, scope, ctx);
  const noteBlueprint = (v: PyValue | undefined) => {
    if (v?.kind === 'call' && v.callee === 'flask.Blueprint') out.blueprints.set(key(v), v);
  };
  const isConfigOf = (v: PyValue) => v.kind === 'ref' && v.target.endsWith('().config') && same(v.self, app);

  const onCall = (call: PyNode, scope: Scope, ctx: EvalContext) => {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'attribute') return;
    const objNode = fn.childForFieldName('object');
    const method = fn.childForFieldName('attribute')?.text ?? '';
    if (!objNode) return;
    const obj = ev(objNode, scope, ctx);
    const source = loc(ctx.file, call);
    if (method === 'register_blueprint' && obj.kind === 'call' && (same(obj, app) || obj.callee === 'flask.Blueprint')) {
      const a = evaluateArgs(call.childForFieldName('arguments'), scope, ctx);
      const bp = a.args[0] ?? a.kwargs.blueprint;
      if (bp?.kind === 'call' && bp.callee === 'flask.Blueprint') {
        noteBlueprint(bp);
        out.registrations.push({ parent: obj, bp, ...(a.kwargs.url_prefix ? { prefix: a.kwargs.url_prefix } : {}), ...(source ? { source } : {}) });
      }
      return;
    }
    if (method === 'add_url_rule' && obj.kind === 'call' && (same(obj, app) || obj.callee === 'flask.Blueprint')) {
      const a = evaluateArgs(call.childForFieldName('arguments'), scope, ctx);
      const rule = text(a.args[0] ?? a.kwargs.rule);
      const endpoint = text(a.args[1] ?? a.kwargs.endpoint);
      out.routes.push({ owner: obj, ...(rule !== undefined ? { rule } : {}), ...(endpoint ? { endpoint } : {}), ...(source ? { source } : {}) });
      return;
    }
    if (!isConfigOf(obj)) return;
    const a = evaluateArgs(call.childForFieldName('arguments'), scope, ctx);
    if (method === 'update' || method === 'from_mapping') configFromMapping(a.args, a.kwargs, method, source, out.config);
    else if (method === 'from_object' && a.args[0]) configFromObject(loader, a.args[0], out.config);
    else if (method === 'from_pyfile' && a.args[0]) {
      if (!configFromPyfile(loader, rootPath(), a.args[0], out.config)) out.configEnv.push(...(a.args[0].env ?? []));
    } else if (method === 'from_envvar') {
      const name = text(a.args[0]);
      if (name) out.configEnv.push(name);
    } else if (method === 'from_prefixed_env') out.configEnv.push(`${text(a.kwargs.prefix ?? a.args[0]) ?? 'FLASK'}_*`);
  };

  const onAssign = (node: PyNode, scope: Scope, ctx: EvalContext) => {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return;
    const source = loc(ctx.file, node);
    if (left.type === 'identifier') {
      const v = scope.vars.get(left.text)?.value;
      noteBlueprint(v);
      if (v?.kind === 'call' && PROXY_FIX.has(v.callee) && wrapsApp(v.args[0] ?? v.kwargs.app, app)) out.proxyFix = proxyFixOf(v, source) ?? out.proxyFix;
      return;
    }
    if (left.type === 'subscript') {
      const target = left.childForFieldName('value');
      const k = left.childForFieldName('subscript');
      if (!target || !k) return;
      const kv = ev(k, scope, ctx);
      if (isConfigOf(ev(target, scope, ctx)) && kv.kind === 'str') setOwn(out.config, kv.value, { value: ev(right, scope, ctx), via: 'item', ...(source ? { source } : {}) });
      return;
    }
    if (left.type === 'attribute') {
      const objNode = left.childForFieldName('object');
      const attr = left.childForFieldName('attribute')?.text;
      if (!objNode || !same(ev(objNode, scope, ctx), app)) return;
      const v = ev(right, scope, ctx);
      if (attr === 'wsgi_app') out.proxyFix = proxyFixOf(v, source) ?? out.proxyFix;
      if ((attr === 'static_folder' || attr === 'static_url_path') && source) out.staticOverrides.push({ attribute: attr, value: v, source });
    }
  };

  return (node, scope, ctx) => {
    if (node.type === 'expression_statement') {
      for (const c of node.namedChildren) {
        if (c?.type === 'call') onCall(c, scope, ctx);
        else if (c?.type === 'assignment') onAssign(c, scope, ctx);
      }
      return;
    }
    if (node.type !== 'decorated_definition') return;
    const def = node.childForFieldName('definition');
    for (const d of node.namedChildren) {
      if (d?.type !== 'decorator') continue;
      const expr = d.namedChildren.find((c) => c && c.type !== 'comment');
      const v = expr ? ev(expr, scope, ctx) : undefined;
      if (v?.kind !== 'call' || v.receiver?.kind !== 'call') continue;
      const method = v.callee.slice(v.callee.lastIndexOf('.') + 1);
      // Own keys only: `in` would also accept `@app.constructor(...)` (Object.prototype's members).
      if (!Object.hasOwn(ROUTE_METHODS, method)) continue;
      const owner = v.receiver;
      if (!same(owner, app) && owner.callee !== 'flask.Blueprint') continue;
      noteBlueprint(owner);
      const rule = text(v.args[0] ?? v.kwargs.rule);
      const methodsV = v.kwargs.methods;
      const methods = ROUTE_METHODS[method]
        ? [ROUTE_METHODS[method]!]
        : methodsV && (methodsV.kind === 'list' || methodsV.kind === 'tuple')
          ? methodsV.items.map((m) => text(m)?.toUpperCase() ?? '?')
          : undefined;
      const endpoint = text(v.kwargs.endpoint) ?? def?.childForFieldName('name')?.text;
      out.routes.push({ owner, ...(rule !== undefined ? { rule } : {}), ...(methods ? { methods } : {}), ...(endpoint ? { endpoint } : {}), ...(ctx.file !== undefined ? { source: { file: ctx.file, start: d.startIndex, end: d.endIndex } } : {}) });
    }
  };
}

function blueprintModel(loader: ModuleLoader, bp: CallValue, regs: Registration[], all: Registration[], app: CallValue, cwd: string, depth = 0): FlaskBlueprint {
  const file = bp.file;
  const mod = file ? loader.modules().find((m) => m.file === file) : undefined;
  const name = text(arg(bp, 'name', 0)) ?? '?';
  const rootKw = text(bp.kwargs.root_path);
  const rootPath = rootKw ?? rootPathOf(loader, arg(bp, 'import_name', 1), file, mod?.moduleName, cwd);
  const folder = staticFolderOf(arg(bp, 'static_folder', 2), rootPath, null);
  const urlPath = staticUrlPathOf(arg(bp, 'static_url_path', 3), folder);
  const ownPrefix = arg(bp, 'url_prefix', 5);
  const reg = regs[0];
  let prefix = text(reg?.prefix) ?? (ownPrefix && ownPrefix.kind !== 'none' ? text(ownPrefix) : undefined);
  if (reg && !same(reg.parent, app) && depth < 5) {
    // A nested blueprint: the parent's prefix comes first (Flask 2.0.1+).
    const parent = blueprintModel(loader, reg.parent, all.filter((r) => same(r.bp, reg.parent)), all, app, cwd, depth + 1);
    prefix = parent.urlPrefix !== undefined ? (prefix !== undefined ? prefixRule(parent.urlPrefix, prefix) : parent.urlPrefix) : prefix;
  }
  const out: FlaskBlueprint = {
    name,
    source: callLoc(bp),
    rootPath,
    ...(folder !== undefined ? { staticFolder: folder } : {}),
    ...(urlPath !== undefined ? { staticUrlPath: urlPath } : {}),
    ...(prefix !== undefined ? { urlPrefix: prefix } : {}),
    registered: reg !== undefined,
    ...(reg?.source ? { registration: reg.source } : {}),
  };
  if (folder && urlPath !== undefined && reg) {
    const env = mergeEnv(arg(bp, 'static_folder', 2), arg(bp, 'static_url_path', 3), reg.prefix);
    out.static = { url: mount(urlPath, prefix), dir: folder, owner: `blueprint:${name}`, source: callLoc(bp), effective: true, ...(env ? { env } : {}) };
  }
  return out;
}

/**
 * Reads the Flask app whose constructor call is `app`. `factory` is the function that builds it
 * (its body is walked for registrations and config); every module the loader evaluated is walked too,
 * so module-level `app.register_blueprint(...)` and `@app.route` elsewhere are seen.
 */
export function readFlask(loader: ModuleLoader, app: CallValue, options: { factory?: PyFunction; cwd: string }): FlaskModel {
  const appModule: PyModule | undefined = app.file ? loader.modules().find((m) => m.file === app.file) : undefined;
  const rootKw = text(app.kwargs.root_path);
  const rootPath = rootKw ?? rootPathOf(loader, arg(app, 'import_name', 0), app.file, appModule?.moduleName, options.cwd);
  const collected: Collected = { registrations: [], routes: [], blueprints: new Map(), config: {}, configEnv: [], staticOverrides: [] };
  const visit = visitor(loader, app, () => rootPath, collected);
  const seen = new Set<string>();
  for (const m of loader.modules()) {
    if (!m.file || seen.has(m.file)) continue;
    seen.add(m.file);
    evaluateModule(m.tree, { file: m.file, moduleName: m.moduleName, isPackage: m.file.endsWith('/__init__.py'), importModule: loader.hook, onStatement: visit, ...(loader.cwd ? { cwd: loader.cwd } : {}), ...(loader.environ ? { environ: loader.environ } : {}) });
  }
  if (options.factory) runFunction(options.factory, visit);

  const folderArg = arg(app, 'static_folder', 2);
  const folder = staticFolderOf(folderArg, rootPath, 'static');
  const urlPath = staticUrlPathOf(arg(app, 'static_url_path', 1), folder);
  const model: FlaskModel = {
    source: callLoc(app),
    ...(text(arg(app, 'import_name', 0)) ? { importName: text(arg(app, 'import_name', 0)) } : {}),
    rootPath,
    ...(folder !== undefined ? { staticFolder: folder } : {}),
    ...(urlPath !== undefined ? { staticUrlPath: urlPath } : {}),
    blueprints: [],
    routes: [],
    config: collected.config,
    configEnv: [...new Set(collected.configEnv)],
    staticOverrides: collected.staticOverrides,
    ...(collected.proxyFix ? { proxyFix: collected.proxyFix } : {}),
  };
  if (folder && urlPath !== undefined) {
    const env = mergeEnv(folderArg, arg(app, 'static_url_path', 1));
    model.static = { url: mount(urlPath, undefined), dir: folder, owner: 'app', source: callLoc(app), effective: true, ...(env ? { env } : {}) };
  }

  // `app.static_folder = …` after construction changes which files the (already registered) rule serves.
  const folderOverride = collected.staticOverrides.filter((o) => o.attribute === 'static_folder').pop();
  if (folderOverride && model.static) {
    const dir = staticFolderOf(folderOverride.value, rootPath, 'static');
    if (dir) {
      model.staticFolder = dir;
      model.static = { ...model.static, dir, source: folderOverride.source, ...(folderOverride.value.env ? { env: folderOverride.value.env } : {}) };
    } else if (dir === null) delete model.static.dir;
  }

  // Blueprints defined in any loaded module, registered or not.
  for (const m of loader.modules()) for (const [, b] of m.scope.vars) if (b.value.kind === 'call' && b.value.callee === 'flask.Blueprint') collected.blueprints.set(key(b.value), b.value);
  for (const bp of collected.blueprints.values()) {
    const regs = collected.registrations.filter((r) => same(r.bp, bp));
    const bm = blueprintModel(loader, bp, regs, collected.registrations, app, options.cwd);
    if (bm.static && model.static && bm.static.url === model.static.url) bm.static.effective = false; // the app's rule was added first and wins
    model.blueprints.push(bm);
  }
  model.blueprints.sort((a, b) => (a.source.file === b.source.file ? a.source.start - b.source.start : a.source.file < b.source.file ? -1 : 1));

  for (const r of collected.routes) {
    if (r.rule === undefined || !r.source) continue;
    const route: AppRoute = { rule: r.rule, source: r.source, ...(r.methods ? { methods: r.methods } : {}), ...(r.endpoint ? { endpoint: r.endpoint } : {}) };
    if (!same(r.owner, app)) {
      const bm = model.blueprints.find((b) => b.source.file === r.owner.file && b.source.start === r.owner.start);
      if (!bm?.registered) continue; // an unregistered blueprint's routes are not served
      route.rule = prefixRule(bm.urlPrefix, r.rule);
      route.blueprint = bm.name;
    }
    if (!model.routes.some((x) => x.rule === route.rule && x.source.file === route.source.file && x.source.start === route.source.start)) model.routes.push(route);
  }
  return model;
}

/** Every static mount of the app, the app's first (what an nginx `location` should mirror). */
export function flaskStaticMounts(model: FlaskModel): StaticMount[] {
  return [...(model.static ? [model.static] : []), ...model.blueprints.flatMap((b) => (b.static ? [b.static] : []))];
}

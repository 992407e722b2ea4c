// Where Flask config keys come from: `from_object` (a class, with its workspace bases, or a module,
// or an import string), `from_pyfile` (relative to root_path), `from_mapping`, `update`.
import { posix } from 'node:path';
import type { PyClass, PyModule, Scope } from '../../python/evaluate';
import type { PyValue } from '../../python/values';
import type { ConfigEntry } from './flaskModel';
import type { ModuleLoader } from './loader';
import { setOwn } from '../../common/own';

/** Flask only takes UPPERCASE names from objects and files. */
const UPPER = /^[A-Z][A-Z0-9_]*$/;

function fromScope(scope: Scope, via: string, out: Record<string, ConfigEntry>): void {
  for (const [name, b] of scope.vars) {
    if (!UPPER.test(name) || b.fn || b.cls || b.module) continue;
    out[name] = { value: b.value, via, ...(b.file && b.nameSpan ? { source: { file: b.file, ...b.nameSpan } } : {}) };
  }
}

function findClass(loader: ModuleLoader, qualifiedName: string): PyClass | undefined {
  for (const m of loader.modules()) {
    const c = m.classes.find((k) => k.qualifiedName === qualifiedName);
    if (c) return c;
  }
  const dot = qualifiedName.lastIndexOf('.');
  const mod = dot > 0 ? loader.load(qualifiedName.slice(0, dot)) : undefined;
  return mod?.scope.vars.get(qualifiedName.slice(dot + 1))?.cls;
}

/** A class's uppercase attributes, base classes first (so subclass values win), through workspace bases. */
function fromClass(loader: ModuleLoader, cls: PyClass, out: Record<string, ConfigEntry>, depth = 0): void {
  if (depth > 10) return;
  for (const base of cls.bases) {
    if (base.kind !== 'ref') continue;
    const b = findClass(loader, base.target);
    if (b) fromClass(loader, b, out, depth + 1);
  }
  fromScope(cls.attributes, 'from_object', out);
}

/** `app.config.from_object(x)`: x a class, a module, or an import string (`'config.Prod'`). */
export function configFromObject(loader: ModuleLoader, obj: PyValue, out: Record<string, ConfigEntry>): boolean {
  if (obj.kind === 'ref') {
    if (obj.what === 'module') {
      const mod = loader.load(obj.target);
      if (mod) fromScope(mod.scope, 'from_object', out);
      return mod !== undefined;
    }
    const cls = findClass(loader, obj.target);
    if (cls) fromClass(loader, cls, out);
    return cls !== undefined;
  }
  if (obj.kind === 'str') {
    // werkzeug's import_string: `a.b` is module a.b, else attribute b of module a.
    const mod = loader.load(obj.value);
    if (mod) {
      fromScope(mod.scope, 'from_object', out);
      return true;
    }
    const cls = findClass(loader, obj.value.replace(/:/, '.'));
    if (cls) fromClass(loader, cls, out);
    return cls !== undefined;
  }
  return false;
}

/** `app.config.from_pyfile(name)`: a Python file relative to the app's root_path, its uppercase names. */
export function configFromPyfile(loader: ModuleLoader, rootPath: string, name: PyValue, out: Record<string, ConfigEntry>): PyModule | undefined {
  if (name.kind !== 'str' && name.kind !== 'path') return undefined;
  const file = posix.isAbsolute(name.value) ? name.value : posix.join(rootPath, name.value);
  const mod = loader.loadFile(file, 'config', false);
  if (mod) fromScope(mod.scope, 'from_pyfile', out);
  return mod;
}

/** `update(dict)`, `update(K=v)`, `from_mapping(...)`: the keys given. */
export function configFromMapping(args: PyValue[], kwargs: Record<string, PyValue>, via: string, source: ConfigEntry['source'], out: Record<string, ConfigEntry>): void {
  const set = (k: string, v: PyValue) => {
    if (via === 'from_mapping' && !UPPER.test(k)) return;
    setOwn(out, k, { value: v, via, ...(source ? { source } : {}) });
  };
  const first = args[0];
  if (first?.kind === 'dict') for (const [k, v] of first.entries) if (k.kind === 'str') set(k.value, v);
  for (const [k, v] of Object.entries(kwargs)) set(k, v);
}

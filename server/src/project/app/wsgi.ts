// The WSGI target verdict: does `module:obj` resolve, as gunicorn's import_app would, to a callable
// application? Mirrors import_app's order: import the module, parse obj, getattr, call the factory.
import { posix } from 'node:path';
import { arityError, type Binding, type PyModule } from '../../python/evaluate';
import { findImportError } from './importErrors';
import type { PyValue } from '../../python/values';
import { appFramework, describeValue, factoryInfo } from './appObjects';
import type { ModuleLoader } from './loader';
import { resolveModulePrefix, type ResolvedModule } from './modules';
import { parseTarget, type WsgiTarget } from './target';

export type WsgiVerdictKind =
  | 'found'
  | 'module-missing'
  | 'import-error'
  | 'attribute-missing'
  | 'not-called-factory'
  | 'arity-mismatch'
  | 'parse-error'
  | 'not-callable';

/** A place in a Python file. */
export interface PyLocation {
  file: string;
  start: number;
  end: number;
}

/** A replacement target gunicorn would accept, with a reason. */
export interface TargetSuggestion {
  target: string;
  message: string;
}

/** What gunicorn would do with the target, statically. */
export interface WsgiVerdict {
  kind: WsgiVerdictKind;
  target: WsgiTarget;
  /** What gunicorn prints (or what every request fails with, for a factory that is not called). */
  message: string;
  /** False when the verdict rests on something the workspace cannot show (an installed package, a star import from one). */
  certain: boolean;
  module?: ResolvedModule;
  /** Where the attribute is defined, re-exports followed. */
  definition?: PyLocation;
  /** The attribute is a function returning an app (or named like a factory). */
  factory?: boolean;
  /** The application object when known (`flask.Flask(...)` call), for the framework readers. */
  app?: PyValue & { kind: 'call' };
  framework?: 'flask' | 'django' | 'other';
  suggestions: TargetSuggestion[];
  /** For `import-error`: where importing the module fails (a syntax error, an import of a missing workspace module). */
  errorAt?: PyLocation;
  /**
   * When gunicorn fails: at `load` (it exits; --check-config fails), or per `request` (it starts,
   * then answers 500). Undefined for `found`.
   */
  failsAt?: 'load' | 'request';
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length];
}

function locationOf(b: Binding): PyLocation | undefined {
  if (!b.file) return undefined;
  if (b.fn) return { file: b.file, start: b.fn.nameStart, end: b.fn.nameEnd };
  if (b.cls) return { file: b.file, start: b.cls.nameStart, end: b.cls.nameEnd };
  if (b.nameSpan) return { file: b.file, start: b.nameSpan.start, end: b.nameSpan.end };
  return undefined;
}

/** The target text with `obj` replaced. */
function withObj(t: WsgiTarget, obj: string): string {
  return `${t.module}:${obj}`;
}

/** Names in the module that could be what was meant: apps, factories, similar names. Best first. */
function suggest(mod: PyModule, t: WsgiTarget): TargetSuggestion[] {
  const out: Array<TargetSuggestion & { score: number }> = [];
  for (const [name, b] of mod.scope.vars) {
    if (name.startsWith('_')) continue;
    const dist = levenshtein(name.toLowerCase(), t.name.toLowerCase());
    const similar = dist <= Math.max(2, Math.floor(t.name.length / 3)) || name.startsWith(t.name) || t.name.startsWith(name);
    if (b.fn) {
      const f = factoryInfo(b.fn);
      if (f.factory && (similar || !f.byName)) out.push({ target: withObj(t, `${name}()`), message: `did you mean ${name}()? (${name} is an app factory)`, score: similar ? 0 : 2 });
      else if (similar) out.push({ target: withObj(t, name), message: `did you mean ${name}?`, score: 1 });
    } else if (appFramework(b.value)) {
      out.push({ target: withObj(t, name), message: `did you mean ${name}? (${name} is the ${appFramework(b.value)} application)`, score: similar ? 0 : 1 });
    } else if (similar && b.value.kind !== 'ref') {
      out.push({ target: withObj(t, name), message: `did you mean ${name}?`, score: 3 });
    }
  }
  return out.sort((a, b) => a.score - b.score).map(({ target, message }) => ({ target, message }));
}

/**
 * A namespace package (a directory without __init__.py) has no attributes: when the same name is a
 * real package or module one level down, the import root (chdir) is probably one level too high.
 */
function namespaceHint(loader: ModuleLoader, ns: ResolvedModule & { kind: 'namespace' }, module: string): string {
  const last = module.split('.').pop()!;
  for (const dir of ns.dirs) {
    for (const candidate of [posix.join(dir, last, '__init__.py'), posix.join(dir, `${last}.py`)]) {
      if (loader.host.stat(candidate)?.type === 'file') {
        return ` '${module}' is a directory without __init__.py here (a namespace package), but ${candidate} exists: is the chdir (or WorkingDirectory) ${dir} rather than ${posix.dirname(dir)}?`;
      }
    }
  }
  return ` '${module}' is a directory without __init__.py here (a namespace package), which defines nothing.`;
}

/** True when some `from X import *` of the module comes from outside the workspace: any name may come from it. */
function hasOpaqueStar(mod: PyModule, loader: ModuleLoader): boolean {
  return mod.imports.some((i) => i.star && i.level === 0 && !loader.resolve(i.module));
}

const NOT_CALLABLE = new Set(['str', 'bytes', 'int', 'float', 'bool', 'list', 'tuple', 'dict', 'path', 'none']);

/** The class of the object an app-building call returns, as Python names it in errors. */
function appClass(callee: string): string {
  if (callee === 'django.core.wsgi.get_wsgi_application') return 'WSGIHandler';
  return callee.split('.').pop() ?? callee;
}

function verdictForBinding(b: Binding, t: WsgiTarget, base: Omit<WsgiVerdict, 'kind' | 'message' | 'certain'>): WsgiVerdict {
  const where = locationOf(b);
  const v = { ...base, ...(where ? { definition: where } : {}) };
  if (b.fn) {
    const info = factoryInfo(b.fn);
    const withApp = { ...v, factory: info.factory, ...(info.app ? { app: info.app, framework: appFramework(info.app) } : {}) };
    if (t.call) {
      const err = arityError(b.fn.name, b.fn.params, t.call.args.length, Object.keys(t.call.kwargs));
      if (err) {
        // A factory that needs no argument: calling it bare is the one sure repair (`create_app(1)` -> `create_app()`).
        const bare = arityError(b.fn.name, b.fn.params, 0, []) === undefined;
        const suggestions = bare ? [{ target: withObj(t, `${t.name}()`), message: `call it without arguments: ${t.module}:${t.name}()` }, ...base.suggestions] : base.suggestions;
        return { ...withApp, suggestions, kind: 'arity-mismatch', message: `TypeError: ${err}`, certain: true };
      }
      return { ...withApp, kind: 'found', message: `${t.name}() is called to build the application`, certain: true };
    }
    if (info.factory) {
      const zeroArgs = arityError(b.fn.name, b.fn.params, 0, []) === undefined;
      const suggestions = zeroArgs ? [{ target: withObj(t, `${t.name}()`), message: `call the factory: ${t.module}:${t.name}()` }, ...base.suggestions] : base.suggestions;
      const err = arityError(b.fn.name, b.fn.params, 2, []);
      const perRequest = err ? `TypeError: ${err}` : `${t.name}(environ, start_response) returns an application, not a response`;
      return {
        ...withApp,
        suggestions,
        kind: 'not-called-factory',
        message: `${t.name} is an app factory${info.app ? ` (it returns ${info.app.callee.split('.').pop()}(...))` : ''}, but the target does not call it: gunicorn starts, then every request fails with 500 (${perRequest})`,
        certain: !info.byName,
      };
    }
    // gunicorn calls the object itself per request: app(environ, start_response).
    const err = arityError(b.fn.name, b.fn.params, 2, []);
    if (err) {
      return { ...withApp, kind: 'arity-mismatch', message: `${t.name} is called per request as ${t.name}(environ, start_response): TypeError: ${err}`, certain: true };
    }
    return { ...withApp, kind: 'found', message: `${t.name} is a WSGI function`, certain: true };
  }
  if (b.cls) return { ...v, kind: 'found', message: `${t.name} is a class`, certain: false };
  const value = b.value;
  const framework = appFramework(value);
  if (framework && value.kind === 'call') {
    if (t.call) {
      return {
        ...v,
        app: value,
        framework,
        kind: 'arity-mismatch',
        // gunicorn calls it with the target's arguments; the TypeError handler then reads `__code__`, which an app object lacks.
        message: `${t.name} is already an application object (${value.callee.split('.').pop()}(...)), not a factory: gunicorn calls it and fails (AttributeError: '${appClass(value.callee)}' object has no attribute '__code__')`,
        suggestions: [{ target: withObj(t, t.name), message: `drop the call: ${t.module}:${t.name}` }, ...base.suggestions],
        certain: true,
      };
    }
    const what = framework === 'other' ? `an application (${value.callee.split('.').pop()}(...))` : `the ${framework} application`;
    return { ...v, app: value, framework, kind: 'found', message: `${t.name} is ${what}`, certain: true };
  }
  if (value.kind === 'none' && !t.call) return { ...v, kind: 'not-callable', message: `Failed to find application object: '${t.raw.slice(t.objStart) || t.name}'`, certain: !b.conditional };
  if (NOT_CALLABLE.has(value.kind) || (value.kind === 'ref' && value.what === 'module')) {
    const msg = t.call ? `TypeError: '${value.kind === 'ref' ? 'module' : value.kind}' object is not callable` : 'Application object must be callable.';
    return { ...v, kind: 'not-callable', message: `${msg} (${t.name} is ${describeValue(value)})`, certain: !b.conditional };
  }
  return { ...v, kind: 'found', message: `${t.name} is ${describeValue(value)}`, certain: false };
}

/** The verdict for a gunicorn target (`raw`), with the module searched through `loader` (chdir + pythonpath). */
export function analyzeTarget(loader: ModuleLoader, raw: string): WsgiVerdict {
  const v = analyze(loader, raw);
  if (v.kind === 'found') return v;
  // Not calling a factory, or a per-request call that cannot work, only shows when a request comes.
  const perRequest = v.kind === 'not-called-factory' || (v.kind === 'arity-mismatch' && !v.target.call);
  return { ...v, failsAt: perRequest ? 'request' : 'load' };
}

function analyze(loader: ModuleLoader, raw: string): WsgiVerdict {
  const t = parseTarget(raw);
  const base = { target: t, suggestions: [] as TargetSuggestion[] };
  if (t.module === '') return { ...base, kind: 'module-missing', message: 'ValueError: Empty module name', certain: true };
  const { found, missing } = resolveModulePrefix(loader.host, t.module, loader.searchPaths);
  if (missing !== undefined) {
    // importlib takes `app.py` for package `app` + submodule `py`; gunicorn then hints at the right form.
    if (t.module.endsWith('.py')) {
      const stem = t.module.slice(0, -3);
      const exists = loader.searchPaths.some((p) => loader.host.stat(posix.join(p, t.module))?.type === 'file');
      if (exists) {
        const obj = t.explicit ? t.raw.slice(t.objStart) : 'application';
        return {
          ...base,
          kind: 'module-missing',
          message: `Failed to find application, did you mean '${stem}:${obj}'?`,
          certain: true,
          suggestions: [{ target: `${stem}:${obj}`, message: `name the module, not the file: ${stem}:${obj}` }],
        };
      }
    }
    return {
      ...base,
      kind: 'module-missing',
      message: `ModuleNotFoundError: No module named '${missing}'${found ? '' : ` (searched ${loader.searchPaths.join(', ')}; it may be installed in the virtualenv)`}`,
      // A missing submodule of a workspace package is certain; a missing top-level name may be installed.
      certain: found !== undefined,
      ...(found ? { module: found } : {}),
    };
  }
  const mod = found ? loader.load(t.module) : undefined;
  const withModule = { ...base, ...(found ? { module: found } : {}) };
  // import_app imports the module first: its failures come before any problem with `obj`.
  if (mod) {
    const problem = findImportError(loader, mod);
    if (problem) return { ...withModule, kind: 'import-error', message: problem.message, errorAt: problem.at, certain: problem.certain };
  }
  if (t.error) {
    const m = /^\s*(\w+)\($/.exec(t.raw.slice(t.objStart));
    return {
      ...withModule,
      kind: 'parse-error',
      message: t.error,
      certain: true,
      suggestions: m ? [{ target: withObj(t, `${m[1]}()`), message: `close the call: ${t.module}:${m[1]}()` }] : [],
    };
  }
  if (!mod) return { ...withModule, kind: 'found', message: `${t.module} could not be read`, certain: false };
  const b = mod.scope.vars.get(t.name);
  if (!b) {
    const dynamic = mod.scope.vars.get('__getattr__')?.fn !== undefined;
    const opaque = hasOpaqueStar(mod, loader);
    const suggestions = suggest(mod, t);
    let hint = !t.explicit ? ` (without ':NAME' gunicorn looks for 'application')` : '';
    if (found?.kind === 'namespace') hint += namespaceHint(loader, found, t.module);
    return {
      ...withModule,
      kind: dynamic ? 'found' : 'attribute-missing',
      message: `Failed to find attribute '${t.name}' in '${t.module}'.${hint}${suggestions[0] ? ` ${suggestions[0].message.replace(/^did/, 'Did')}` : ''}`,
      certain: !dynamic && !opaque,
      suggestions,
    };
  }
  return verdictForBinding(b, t, withModule);
}

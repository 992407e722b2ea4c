// Evaluates workspace Python modules on demand, following imports through the host: the bridge
// between the pure evaluator (which cannot read files) and the project. One loader per analysis.
import { posix } from 'node:path';
import { MAX_FILE_BYTES, type ProjectHost } from '../../common/host';
import { absoluteModuleName, type ImportRequest } from '../../python/context';
import { evaluateModule, type ImportHook, type PyModule } from '../../python/evaluate';
import { isModuleName, resolveModule, type ResolvedModule } from './modules';

/** Loads and caches evaluated modules. */
export interface ModuleLoader {
  host: ProjectHost;
  searchPaths: string[];
  /** The module a dotted name resolves to (no evaluation). */
  resolve(name: string): ResolvedModule | undefined;
  /** Evaluates the module `name` (absolute), or undefined when it is not in the workspace or unreadable. */
  load(name: string): PyModule | undefined;
  /** Evaluates a file as module `moduleName`. */
  loadFile(file: string, moduleName: string, isPackage: boolean): PyModule | undefined;
  /** Every module evaluated so far, by file (or by name for namespace packages). */
  modules(): PyModule[];
  /** The import hook to evaluate a module again (with a statement visitor) against the same cache. */
  hook: ImportHook;
  /** The cwd given to the evaluator (`os.path.abspath`). */
  cwd?: string;
  /** The process environment given to the evaluator. */
  environ?: Record<string, string>;
}

/** Bounds the work on very large trees: an app import rarely touches more modules than this. */
const MAX_MODULES = 400;

/** A loader over `searchPaths` (sys.path order). `cwd` is what `os.path.abspath` resolves against. */
export function createModuleLoader(host: ProjectHost, options: { searchPaths: string[]; cwd?: string; environ?: Record<string, string> }): ModuleLoader {
  const byFile = new Map<string, PyModule | undefined>();
  const byName = new Map<string, PyModule>();
  const inProgress = new Set<string>();

  function evaluateFile(file: string, moduleName: string, isPackage: boolean): PyModule | null | undefined {
    if (byFile.has(file)) return byFile.get(file);
    if (inProgress.has(file)) return null; // an import cycle: Python sees a partial module
    if (byFile.size >= MAX_MODULES) return undefined;
    const st = host.stat(file);
    const text = st && st.type === 'file' && st.size <= MAX_FILE_BYTES ? host.readFile(file) : undefined;
    if (text === undefined) {
      byFile.set(file, undefined);
      return undefined;
    }
    inProgress.add(file);
    try {
      const mod = evaluateModule(text, { file, moduleName, isPackage, ...(options.cwd ? { cwd: options.cwd } : {}), ...(options.environ ? { environ: options.environ } : {}), importModule: hook });
      byFile.set(file, mod);
      return mod;
    } finally {
      inProgress.delete(file);
    }
  }

  function fromResolved(r: ResolvedModule): PyModule | null | undefined {
    if (r.kind === 'namespace') {
      let mod = byName.get(r.name);
      if (!mod) {
        mod = evaluateModule('', { moduleName: r.name, isPackage: true });
        byName.set(r.name, mod);
      }
      return mod;
    }
    return evaluateFile(r.file, r.name, r.kind === 'package');
  }

  function resolveRelative(req: ImportRequest): ResolvedModule | undefined {
    if (!req.fromFile) return undefined;
    let base = posix.dirname(req.fromFile);
    for (let i = 1; i < req.level; i++) base = posix.dirname(base);
    const absName = absoluteModuleName(req);
    if (req.name === '') {
      const init = posix.join(base, '__init__.py');
      if (host.stat(init)?.type === 'file') return { kind: 'package', name: absName, file: init, dir: base };
      return host.stat(base)?.type === 'directory' ? { kind: 'namespace', name: absName, dirs: [base] } : undefined;
    }
    const r = resolveModule(host, req.name, [base]);
    return r ? { ...r, name: absName } : undefined;
  }

  function hook(req: ImportRequest): PyModule | null | undefined {
    const r = req.level > 0 ? resolveRelative(req) : isModuleName(req.name) ? resolveModule(host, req.name, options.searchPaths) : undefined;
    return r ? fromResolved(r) : undefined;
  }

  return {
    host,
    searchPaths: options.searchPaths,
    resolve: (name) => resolveModule(host, name, options.searchPaths),
    load(name) {
      const r = resolveModule(host, name, options.searchPaths);
      return (r ? fromResolved(r) : undefined) ?? undefined;
    },
    loadFile: (file, moduleName, isPackage) => evaluateFile(file, moduleName, isPackage) ?? undefined,
    modules: () => [...[...byFile.values()].filter((m): m is PyModule => m !== undefined), ...byName.values()],
    hook,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.environ ? { environ: options.environ } : {}),
  };
}

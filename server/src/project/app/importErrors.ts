// Importing the target module fails when a module it imports at load time has a syntax error, or
// imports a workspace module (or a name of one) that does not exist. Walks the module-level imports.
import { LineIndex } from '../../common/text';
import { absoluteModuleName } from '../../python/context';
import type { PyImport, PyModule } from '../../python/evaluate';
import type { ModuleLoader } from './loader';
import { resolveModulePrefix } from './modules';
import type { PyLocation } from './wsgi';

/** Why importing `root` fails, if the workspace shows it. */
export interface ImportProblem {
  message: string;
  at: PyLocation;
  certain: boolean;
}

function modulesOf(loader: ModuleLoader, mod: PyModule, imp: PyImport): PyModule[] {
  const out: PyModule[] = [];
  const isPackage = mod.file?.endsWith('/__init__.py') ?? false;
  const add = (name: string) => {
    const m = loader.load(name);
    if (m) out.push(m);
  };
  if (imp.kind === 'import') {
    for (const n of imp.names) {
      const parts = n.name.split('.');
      for (let i = 1; i <= parts.length; i++) add(parts.slice(0, i).join('.'));
    }
    return out;
  }
  const base = absoluteModuleName({ name: imp.module, level: imp.level, fromModule: mod.moduleName, fromPackage: isPackage });
  if (base) add(base);
  for (const n of imp.names) if (base && loader.resolve(`${base}.${n.name}`)) add(`${base}.${n.name}`);
  return out;
}

function relativeFile(loader: ModuleLoader, file: string): string {
  const root = loader.searchPaths.find((p) => file.startsWith(p + '/'));
  return root ? file.slice(root.length + 1) : file;
}

/**
 * Django's `application = get_wsgi_application()` imports DJANGO_SETTINGS_MODULE while the WSGI module
 * loads: the caller's env value, else the module's `os.environ.setdefault`. The settings module, or why
 * it cannot be imported.
 */
function djangoSettings(loader: ModuleLoader, mod: PyModule): { settings?: PyModule; problem?: ImportProblem } {
  const call = [...mod.scope.vars.values()].find((b) => !b.conditional && b.value.kind === 'call' && b.value.callee === 'django.core.wsgi.get_wsgi_application');
  if (!call || !mod.file) return {};
  const at = call.value.kind === 'call' ? { file: mod.file, start: call.value.start, end: call.value.end } : { file: mod.file, start: 0, end: 0 };
  const setdefault = mod.envDefaults.find((e) => e.name === 'DJANGO_SETTINGS_MODULE');
  const fromEnv = loader.environ?.DJANGO_SETTINGS_MODULE;
  const name = fromEnv ?? (setdefault?.value.kind === 'str' ? setdefault.value.value : undefined);
  if (!name) {
    return {
      problem: {
        message: "django.core.exceptions.ImproperlyConfigured: Requested settings, but settings are not configured. You must either define the environment variable DJANGO_SETTINGS_MODULE or call settings.configure()",
        at,
        // The server's environment may set it (an EnvironmentFile the workspace does not have).
        certain: false,
      },
    };
  }
  const r = resolveModulePrefix(loader.host, name, loader.searchPaths);
  if (r.missing !== undefined) {
    const where = fromEnv === undefined && setdefault ? { file: mod.file, start: setdefault.valueStart, end: setdefault.valueEnd } : at;
    return { problem: { message: `ModuleNotFoundError: No module named '${r.missing}' (DJANGO_SETTINGS_MODULE=${name})`, at: where, certain: r.found !== undefined } };
  }
  const settings = loader.load(name);
  return settings ? { settings } : {};
}

/** The first load-time import failure reachable from `root` through module-level imports (breadth-first). */
export function findImportError(loader: ModuleLoader, root: PyModule): ImportProblem | undefined {
  const seen = new Set<PyModule>();
  const queue: PyModule[] = [root];
  while (queue.length > 0) {
    const mod = queue.shift()!;
    if (seen.has(mod)) continue;
    seen.add(mod);
    if (!mod.file) continue;
    const err = mod.errors[0];
    if (err) {
      const line = new LineIndex(mod.tree.text).humanAt(err.start).line;
      return { message: `SyntaxError: ${err.message} (${relativeFile(loader, mod.file)}, line ${line})`, at: { file: mod.file, start: err.start, end: err.end }, certain: true };
    }
    for (const imp of mod.imports) {
      if (imp.nested) continue;
      for (const miss of imp.missing ?? []) {
        // An absolute import may be an installed package, unless its top-level package is in the workspace.
        const top = miss.name.split('.')[0];
        const inWorkspace = imp.level > 0 || loader.resolve(top) !== undefined;
        if (!inWorkspace) continue;
        const at = { file: mod.file, start: imp.start, end: imp.end };
        if (miss.kind === 'module') return { message: `ModuleNotFoundError: No module named '${miss.name}'`, at, certain: true };
        const dot = miss.name.lastIndexOf('.');
        return { message: `ImportError: cannot import name '${miss.name.slice(dot + 1)}' from '${miss.name.slice(0, dot)}'`, at, certain: false };
      }
      queue.push(...modulesOf(loader, mod, imp));
    }
    const django = djangoSettings(loader, mod);
    if (django.problem) return django.problem;
    if (django.settings) queue.push(django.settings);
  }
  return undefined;
}

import type { PyNode } from './parse';
import type { PyClass, PyEnvDefault, PyFunction, PyImport, PyModule, PyReturn, Scope } from './scope';
import type { PyAssignment } from './values';

/** What an import statement asks for: `from ..a.b import c` is `{ name: 'a.b', level: 2 }`. */
export interface ImportRequest {
  name: string;
  level: number;
  /** The importing file and module, to resolve relative imports. */
  fromFile?: string;
  fromModule: string;
  fromPackage: boolean;
}

/**
 * Gives the evaluated module for an import; `undefined` when it is not in the workspace (stdlib,
 * site-packages) or cannot be read; `null` when it exists but is being evaluated (an import cycle:
 * Python would see a partly initialised module). Supplied by the project layer, which reads files
 * through the host.
 */
export type ImportHook = (request: ImportRequest) => PyModule | null | undefined;

/** Called after each statement runs, with the scope as it is then: how app readers see `app.register_blueprint(bp)`. */
export type StatementVisitor = (node: PyNode, scope: Scope, ctx: EvalContext) => void;

/** The state of one evaluation: which file, where its findings go, and the hooks. Internal to the evaluator and its readers. */
export interface EvalContext {
  file?: string;
  moduleName: string;
  /** The file is a package's `__init__.py` (relative imports start at the module itself). */
  isPackage: boolean;
  /** The directory relative paths are resolved against by `Path.resolve()`/`abspath` (the process cwd = chdir). */
  cwd?: string;
  importModule?: ImportHook;
  onStatement?: StatementVisitor;
  /** The process environment when the caller knows it (systemd Environment=): env lookups give these values. */
  environ?: Record<string, string>;
  /** Module-level collections: only the module's own statements fill them. */
  assignments: PyAssignment[];
  functions: PyFunction[];
  classes: PyClass[];
  imports: PyImport[];
  envDefaults: PyEnvDefault[];
  /** Inside a function body: where `return` values go. */
  returns?: PyReturn[];
  /** True while running code that may not run (an unknown `if`, a loop, an except handler). */
  conditional: boolean;
  /** Env vars the current branch depends on (an `if os.environ.get(...)`), added to values bound in it. */
  condEnv: string[];
  /** The qualified name prefix for defs and classes (`pkg.mod` or `pkg.mod.Class`). */
  qualifier: string;
  /** True inside a function or class body (assignments there are not module-level). */
  nested: boolean;
  /** Workspace modules imported so far, by absolute dotted name: how `mod.attr` finds `attr`. */
  loaded: Map<string, PyModule>;
  /** Workspace defs and classes seen so far, by qualified name: how a call finds the function it calls. */
  defs: Map<string, PyFunction | PyClass>;
  /** The returns of a function (evaluated on first use, then cached on it). */
  returnsOf: (fn: PyFunction) => PyReturn[];
  /** Functions being evaluated, to stop recursion. */
  active: Set<PyFunction>;
}

/** The absolute dotted name a (possibly relative) import names, from the importing module's name. */
export function absoluteModuleName(req: ImportRequest): string {
  if (req.level === 0) return req.name;
  const parts = req.fromModule.split('.');
  const pkg = req.fromPackage ? parts : parts.slice(0, -1);
  const base = pkg.slice(0, Math.max(0, pkg.length - (req.level - 1)));
  return [...base, ...(req.name ? [req.name] : [])].join('.');
}

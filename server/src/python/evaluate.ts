import type { EvalContext, ImportHook, StatementVisitor } from './context';
import { execBlock, returnsOf } from './exec';
import { evaluate } from './expr';
import type { PyNode, PyTree } from './parse';
import { parseTolerant } from './recover';
import { baseName, dirName } from './pathOps';
import { newScope, type PyModule, type Scope } from './scope';
import type { PyValue } from './values';

export type { EvalContext, ImportHook, ImportRequest, StatementVisitor } from './context';
export { evaluate as evaluateWith, evaluateArgs } from './expr';
export type { CallArgs } from './expr';
export type { Binding, PyClass, PyDecorator, PyEnvDefault, PyFunction, PyImport, PyImportedName, PyModule, PyParam, PyReturn, Scope } from './scope';
export { lookup } from './scope';
export { runFunction, returnsOf } from './exec';
export { arityError } from './params';

/** How to evaluate a module. Everything is optional: a bare text evaluates with `__file__` unknown. */
export interface EvaluateOptions {
  /** The module's path (workspace path): the value of `__file__`, and what relative imports start from. */
  file?: string;
  /** `__name__`; default: from the file name (`pkg/__init__.py` -> `pkg`, `wsgi.py` -> `wsgi`). */
  moduleName?: string;
  /** The file is a package's `__init__.py`; default: from the file name. */
  isPackage?: boolean;
  /** The process cwd (gunicorn's chdir), for `Path('x').resolve()` / `os.path.abspath('x')`. */
  cwd?: string;
  /** Evaluates imported workspace modules (follow `from .base import *`, re-exports). */
  importModule?: ImportHook;
  /** Sees every statement of the module after it ran. */
  onStatement?: StatementVisitor;
  /**
   * The environment the code will run with, when known (systemd Environment=, gunicorn --env):
   * `os.environ.get('K', d)` is then its value instead of the default (still marked with `env: [K]`).
   */
  environ?: Record<string, string>;
}

function defaultModuleName(file: string | undefined): { name: string; pkg: boolean } {
  if (!file) return { name: '__module__', pkg: false };
  const base = baseName(file);
  if (base === '__init__.py') return { name: baseName(dirName(file)) || '__module__', pkg: true };
  return { name: base.replace(/\.pyw?$/, ''), pkg: false };
}

/** A fresh evaluation context for one module (exported for readers that evaluate detached expressions). */
export function newContext(options: EvaluateOptions = {}): EvalContext {
  const guess = defaultModuleName(options.file);
  return {
    ...(options.file !== undefined ? { file: options.file } : {}),
    moduleName: options.moduleName ?? guess.name,
    isPackage: options.isPackage ?? guess.pkg,
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.importModule ? { importModule: options.importModule } : {}),
    ...(options.onStatement ? { onStatement: options.onStatement } : {}),
    ...(options.environ ? { environ: options.environ } : {}),
    assignments: [],
    functions: [],
    classes: [],
    imports: [],
    envDefaults: [],
    conditional: false,
    condEnv: [],
    qualifier: options.moduleName ?? guess.name,
    nested: false,
    loaded: new Map(),
    defs: new Map(),
    returnsOf,
    active: new Set(),
  };
}

/**
 * Evaluates a Python module statically: its module-level assignments (in order, later ones win),
 * defs, classes, imports and env defaults, with every expression turned into a PyValue. Never
 * throws and never runs code: a broken file gives a partial result and `errors` (text input is parsed
 * with `parseTolerant`, which keeps the statements after an unfinished line).
 */
export function evaluateModule(input: string | PyTree, options: EvaluateOptions = {}): PyModule {
  const tree = typeof input === 'string' ? parseTolerant(input) : input;
  const ctx = newContext(options);
  const scope = newScope();
  execBlock(tree.root, scope, ctx);
  // Functions see the final globals; compute their returns now that the module has run.
  for (const fn of ctx.functions) returnsOf(fn);
  return {
    ...(ctx.file !== undefined ? { file: ctx.file } : {}),
    moduleName: ctx.moduleName,
    tree,
    errors: tree.errors,
    assignments: ctx.assignments,
    scope,
    functions: ctx.functions,
    classes: ctx.classes,
    imports: ctx.imports,
    envDefaults: ctx.envDefaults,
  };
}

/** Evaluates one expression node in a module's final scope (for readers that look at a node themselves). */
export function evaluateIn(node: PyNode, scope: Scope, options: EvaluateOptions = {}): PyValue {
  return evaluate(node, scope, newContext(options));
}

/** The final value of a module-level name, if bound. */
export function valueOf(mod: PyModule, name: string): PyValue | undefined {
  return mod.scope.vars.get(name)?.value;
}

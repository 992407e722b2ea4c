import type { Span } from '../nginx/ast';
import type { PyNode, PySyntaxError, PyTree } from './parse';
import type { PyAssignment, PyValue } from './values';

/** What a name is bound to, where, and (for defs, classes and imported modules) the thing itself. */
export interface Binding {
  value: PyValue;
  /** The file of the binding statement, when known. */
  file?: string;
  nameSpan?: Span;
  valueSpan?: Span;
  /** Bound under an `if`/loop/`try` whose outcome is not known statically. */
  conditional?: boolean;
  fn?: PyFunction;
  cls?: PyClass;
  module?: PyModule;
}

/** A namespace: module globals, a function's locals, a class body. Lookups fall back to `parent`. */
export interface Scope {
  vars: Map<string, Binding>;
  parent?: Scope;
}

/** A new scope, empty or over a parent. */
export function newScope(parent?: Scope): Scope {
  return parent ? { vars: new Map(), parent } : { vars: new Map() };
}

/** The binding of `name`, searching outwards. */
export function lookup(scope: Scope, name: string): Binding | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const b = s.vars.get(name);
    if (b) return b;
  }
  return undefined;
}

/** One parameter of a def. `kind` follows Python's inspect.Parameter kinds. */
export interface PyParam {
  name: string;
  kind: 'positional-only' | 'positional' | 'keyword-only' | 'var-positional' | 'var-keyword';
  hasDefault: boolean;
  default?: PyValue;
  start: number;
  end: number;
}

/** A `return` of a function, its value evaluated with the parameters unknown. */
export interface PyReturn {
  value: PyValue;
  /** The returned expression (or the `return` keyword when bare). */
  start: number;
  end: number;
}

/** A decorator line (`@app.route('/x', methods=['GET'])`), evaluated. */
export interface PyDecorator {
  value: PyValue;
  start: number;
  end: number;
}

/** A `def` (module level or nested), with its signature, decorators and returns. */
export interface PyFunction {
  name: string;
  /** `module.name` (or `module.Class.name`), the name gunicorn and tracebacks use. */
  qualifiedName: string;
  file?: string;
  /** The whole definition, decorators included. */
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  params: PyParam[];
  decorators: PyDecorator[];
  isAsync: boolean;
  /** Filled for module-level functions once the module is evaluated (lazily for the others). */
  returns?: PyReturn[];
  /** The function_definition node, for readers that walk the body (Flask factories). */
  node: PyNode;
}

/** A `class` statement: its bases (evaluated) and the names bound in its body. */
export interface PyClass {
  name: string;
  qualifiedName: string;
  file?: string;
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  bases: PyValue[];
  attributes: Scope;
  node: PyNode;
}

/** One imported name: `b` in `from a import b as c` (alias `c`), or `os.path` in `import os.path`. */
export interface PyImportedName {
  name: string;
  alias?: string;
  start: number;
  end: number;
}

/** An import statement. `level` counts the leading dots of a relative import (0 = absolute). */
export interface PyImport {
  kind: 'import' | 'from';
  /** The `from` module (without its dots); '' for `import a, b` (the names are the modules). */
  module: string;
  level: number;
  /** The names; `star` is true for `from m import *`. */
  names: PyImportedName[];
  star: boolean;
  start: number;
  end: number;
  /** True when the statement is not at module level (in a function body) or under a condition. */
  nested: boolean;
  /**
   * What the import hook could not find (only set when a hook was given): a module (absolute dotted
   * name), or a name missing from a workspace module (`from .a import nope`). Installed packages are
   * not in the workspace either, so callers decide what is an error.
   */
  missing?: Array<{ name: string; kind: 'module' | 'name' }>;
}

/** `os.environ.setdefault(K, V)` or `os.environ[K] = V` (how wsgi.py/manage.py pick DJANGO_SETTINGS_MODULE). */
export interface PyEnvDefault {
  name: string;
  value: PyValue;
  /** setdefault only applies when the variable is unset; an assignment always does. */
  overrides: boolean;
  start: number;
  end: number;
  valueStart: number;
  valueEnd: number;
}

/** The result of evaluating one Python file. */
export interface PyModule {
  file?: string;
  /** The dotted name (`__name__`), e.g. `pybo` for pybo/__init__.py. */
  moduleName: string;
  tree: PyTree;
  errors: PySyntaxError[];
  /** Every assignment to a plain name this file makes at module level (also under if/try), in order. */
  assignments: PyAssignment[];
  /** The module's globals after the whole file ran, star-imported names included. */
  scope: Scope;
  functions: PyFunction[];
  classes: PyClass[];
  imports: PyImport[];
  envDefaults: PyEnvDefault[];
}

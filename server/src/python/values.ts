import type { Span } from '../nginx/ast';

/**
 * A Python value as the static evaluator (`evaluate.ts`) sees it: never by running the code.
 * `env` lists the environment variables the value depends on (e.g. `os.environ.get('PORT', '8000')`
 * gives the default, with env ['PORT']); `unknown` is a value that cannot be known from the files.
 */
export type PyValue = (
  | { kind: 'str'; value: string }
  /** A bytes literal; `value` holds one char per byte (code points 0-255). */
  | { kind: 'bytes'; value: string }
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'none' }
  | { kind: 'list'; items: PyValue[] }
  | { kind: 'tuple'; items: PyValue[] }
  | { kind: 'dict'; entries: Array<[PyValue, PyValue]> }
  /** A pathlib.Path (or os.path result) with a known absolute or relative path. */
  | { kind: 'path'; value: string }
  /**
   * What a call the evaluator does not model returned, named by the callee's qualified name
   * (`flask.Flask`, `django.core.wsgi.get_wsgi_application`, `werkzeug.middleware.proxy_fix.ProxyFix`),
   * with the evaluated arguments and the call's range in `file`. This is how an app object is recognised.
   */
  | {
      kind: 'call';
      callee: string;
      args: PyValue[];
      kwargs: Record<string, PyValue>;
      file?: string;
      start: number;
      end: number;
      /** For a method of an object the evaluator tracks (`bp.route('/')`): that object (the Blueprint call). */
      receiver?: PyValue;
    }
  /**
   * A name bound to something that is not a plain value: a module (`import os` -> `os`), a function or a
   * class (`pkg.mod.create_app`), or an attribute of one. `file`/`start`/`end` locate its definition when known.
   */
  | {
      kind: 'ref';
      target: string;
      what: 'module' | 'function' | 'class' | 'name';
      file?: string;
      start?: number;
      end?: number;
      /** For an attribute of a `call` value (`app.route`, `bp.static_folder`): that object. */
      self?: PyValue;
    }
  /**
   * Not knowable statically. `machine`: depends on the host (cpu_count); `env`: an environment
   * variable without a default; `unsupported`: an expression the evaluator does not model.
   */
  | { kind: 'unknown'; reason: 'machine' | 'env' | 'unsupported'; detail?: string }
) & { env?: string[] };

/** A module-level assignment `name = value`, with the ranges of both sides. */
export interface PyAssignment {
  name: string;
  value: PyValue;
  nameSpan: Span;
  valueSpan: Span;
  /** The file the assignment is in (set by the evaluator when it knows the module's path). */
  file?: string;
  /** True when the assignment sits under an `if`/`try`/loop whose outcome is not known statically. */
  conditional?: boolean;
}

import type { Span } from '../nginx/ast';

/**
 * A Python value as the static evaluator (`evaluate.ts`) sees it: never by running the code.
 * `env` lists the environment variables the value depends on (e.g. `os.environ.get('PORT', '8000')`
 * gives the default, with env ['PORT']); `unknown` is a value that cannot be known from the files.
 */
export type PyValue = (
  | { kind: 'str'; value: string }
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
}

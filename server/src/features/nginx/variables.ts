/**
 * nginx variables for completion and hover: the built-in ones (from the docs, by module family)
 * and the ones the workspace's configuration defines (`set`, `map`, `geo`, regex named captures).
 */
import type { DirectiveContext } from '../../nginx/directiveSpec';
import type { NginxFile } from '../../nginx/ast';
import { NGINX_VARIABLES, type BuiltinVariable } from './tables.generated';
import { variableDefinitions, type NameSpan } from './names';

/** The module family whose variables exist in a context (stream servers have their own). */
export function familyOf(context: DirectiveContext | undefined): BuiltinVariable['family'] {
  if (context?.startsWith('stream')) return 'stream';
  if (context?.startsWith('mail')) return 'mail';
  return 'http';
}

/** The built-in variables of a family. */
export function builtinVariables(family: BuiltinVariable['family']): BuiltinVariable[] {
  return NGINX_VARIABLES.filter((v) => v.family === family);
}

/** The built-in variable a name refers to: exact (`host`), a family (`http_user_agent`), or a capture (`1`). */
export function lookupBuiltin(name: string, family: BuiltinVariable['family'] = 'http'): BuiltinVariable | undefined {
  const list = builtinVariables(family);
  const exact = list.find((v) => v.prefix === null && v.name === name);
  if (exact) return exact;
  let best: BuiltinVariable | undefined;
  for (const v of list) if (v.prefix && name.startsWith(v.prefix) && name.length > v.prefix.length && (!best || v.prefix.length > best.prefix!.length)) best = v;
  return best;
}

/** A `$N` capture of the last matched regex. */
export function isCaptureVariable(name: string): boolean {
  return /^[0-9]$/.test(name);
}

/** Variables defined in the given files, with where (the first definition of each name first). */
export function definedVariables(files: readonly NginxFile[]): Array<NameSpan & { file: string }> {
  const out: Array<NameSpan & { file: string }> = [];
  for (const f of files) for (const d of variableDefinitions(f)) out.push({ ...d, file: f.path });
  return out;
}

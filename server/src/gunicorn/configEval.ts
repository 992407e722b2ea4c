/**
 * The bridge from the Python evaluator (`python/evaluate.ts`) to gunicorn config files: the module's
 * final globals become `ConfigBinding`s, which is what gunicorn's `vars(module)` sees after running it.
 * Needs the Python parser initialised (`isPythonReady()`); the caller (CLI, server) does that once.
 */
import { evaluateModule } from '../python/evaluate';
import { isPythonReady } from '../python/parse';
import type { ConfigBinding, ConfigEvaluator, ConfigFileModel } from './configfile';

/** Evaluates a config file with the static Python evaluator; undefined when the parser is not initialised. */
export const evaluateConfigFile: ConfigEvaluator = (text, file, cwd, environ) => {
  if (!isPythonReady()) return undefined;
  const mod = evaluateModule(text, { file, ...(cwd !== undefined ? { cwd } : {}), ...(environ ? { environ } : {}), moduleName: '__config__', isPackage: false });
  const bindings: ConfigBinding[] = [];
  // Names an import statement binds (`import os` -> os, `from os import path as p` -> p).
  const imported = new Set(mod.imports.filter((i) => !i.star).flatMap((i) => i.names.map((n) => n.alias ?? n.name.split('.')[0])));
  const fnByName = new Map(mod.functions.filter((f) => f.qualifiedName.split('.').length <= 2).map((f) => [f.name, f]));
  for (const [name, b] of mod.scope.vars) {
    const v = b.value as { kind: string; what?: string };
    const kind: ConfigBinding['kind'] = b.fn || v.what === 'function' ? 'function' : b.cls || v.what === 'class' ? 'class' : b.module || v.what === 'module' || imported.has(name) ? 'module' : 'value';
    const fn = b.fn ?? (kind === 'function' ? fnByName.get(name) : undefined);
    const nameSpan = b.nameSpan ?? (fn ? { start: fn.nameStart, end: fn.nameEnd } : { start: 0, end: 0 });
    const valueSpan = b.valueSpan ?? nameSpan;
    const binding: ConfigBinding = { name, value: b.value, kind, nameStart: nameSpan.start, nameEnd: nameSpan.end, valueStart: valueSpan.start, valueEnd: valueSpan.end };
    if (b.conditional) binding.conditional = true;
    if (fn) binding.arity = fn.params.filter((p) => p.kind === 'positional' || p.kind === 'positional-only').length;
    bindings.push(binding);
  }
  bindings.sort((a, b) => a.nameStart - b.nameStart);
  const model: ConfigFileModel = {
    file,
    text,
    bindings,
    syntaxErrors: mod.errors.map((e) => ({ start: e.start, end: e.end, message: e.message })),
  };
  return model;
};

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { initPython } from '../python/parse';

const RUNTIME = 'web-tree-sitter.wasm';
const GRAMMAR = 'tree-sitter-python.wasm';

/**
 * Where the two wasm files are: next to the bundle (`dist/`, where scripts/build.mjs copies them),
 * else in node_modules above this file (running from sources with tsx). Undefined when neither is found.
 */
export function findPythonWasm(startDir: string = here()): { runtime: string; python: string } | undefined {
  if (existsSync(join(startDir, GRAMMAR)) && existsSync(join(startDir, RUNTIME))) {
    return { runtime: join(startDir, RUNTIME), python: join(startDir, GRAMMAR) };
  }
  for (let dir = startDir; ; dir = dirname(dir)) {
    const modules = join(dir, 'node_modules');
    const runtime = join(modules, 'web-tree-sitter', RUNTIME);
    const python = join(modules, 'tree-sitter-python', GRAMMAR);
    if (existsSync(runtime) && existsSync(python)) return { runtime, python };
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Reads the wasm files and initialises the Python parser (once per process). Rejects with a clear
 * message when the files are missing, so an entry point can report it and go on without Python analysis.
 */
export async function loadPythonParser(startDir?: string): Promise<void> {
  const found = findPythonWasm(startDir);
  if (!found) throw new Error(`cannot find ${GRAMMAR} and ${RUNTIME} next to the bundle or in node_modules`);
  await initPython({ runtime: readFileSync(found.runtime), python: readFileSync(found.python) });
}

function here(): string {
  // CJS (the esbuild bundle, tsx on a non-module package) defines __dirname; fall back to the cwd otherwise.
  return typeof __dirname === 'string' ? __dirname : process.cwd();
}

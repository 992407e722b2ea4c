// Python module resolution over a ProjectHost, as importlib's PathFinder/FileFinder do it for source
// files: in each search path, a package dir (with __init__.py) beats a module file (`x.py`), which
// beats a namespace dir (a dir without __init__.py counts only if no path has a package or module).
import { posix } from 'node:path';
import type { ProjectHost } from '../../common/host';

/** Where a dotted module name resolves to. `namespace` modules have no file, only directories. */
export type ResolvedModule =
  | { kind: 'module'; name: string; file: string }
  | { kind: 'package'; name: string; file: string; dir: string }
  | { kind: 'namespace'; name: string; dirs: string[] };

const IDENT = /^[A-Za-z_\u00C0-\uFFFF][\w\u00C0-\uFFFF]*$/;

/** True when `name` is a syntactically valid dotted module name (`a.b_c`), as importlib accepts it. */
export function isModuleName(name: string): boolean {
  return name.split('.').every((p) => IDENT.test(p));
}

function findIn(host: ProjectHost, part: string, paths: string[], fullName: string): ResolvedModule | undefined {
  const namespaceDirs: string[] = [];
  for (const dir of paths) {
    const candidate = posix.join(dir, part);
    const isDir = host.stat(candidate)?.type === 'directory';
    if (isDir) {
      const init = posix.join(candidate, '__init__.py');
      if (host.stat(init)?.type === 'file') return { kind: 'package', name: fullName, file: init, dir: candidate };
    }
    const file = candidate + '.py';
    if (host.stat(file)?.type === 'file') return { kind: 'module', name: fullName, file };
    if (isDir) namespaceDirs.push(candidate);
  }
  return namespaceDirs.length > 0 ? { kind: 'namespace', name: fullName, dirs: namespaceDirs } : undefined;
}

/**
 * Resolves `dottedName` (e.g. `pybo.views.main_views`) against `searchPaths` (absolute dirs, in
 * sys.path order). Each parent must resolve to a package (or namespace) whose dirs hold the next part.
 * Undefined when some part is missing; `resolveModulePrefix` tells how far it got.
 */
export function resolveModule(host: ProjectHost, dottedName: string, searchPaths: string[]): ResolvedModule | undefined {
  const r = resolveModulePrefix(host, dottedName, searchPaths);
  return r.missing === undefined ? r.found : undefined;
}

/** The deepest resolvable prefix of a dotted name, and the first part that was not found (if any). */
export function resolveModulePrefix(
  host: ProjectHost,
  dottedName: string,
  searchPaths: string[],
): { found?: ResolvedModule; missing?: string } {
  if (!isModuleName(dottedName)) return { missing: dottedName };
  const parts = dottedName.split('.');
  let paths = searchPaths;
  let found: ResolvedModule | undefined;
  for (let i = 0; i < parts.length; i++) {
    const name = parts.slice(0, i + 1).join('.');
    const next = findIn(host, parts[i], paths, name);
    if (!next) return { ...(found ? { found } : {}), missing: name };
    if (i < parts.length - 1) {
      // A plain module has no submodules: `pkg.mod.x` fails at `pkg.mod.x` ("'pkg.mod' is not a package").
      if (next.kind === 'module') return { found: next, missing: parts.slice(0, i + 2).join('.') };
      paths = next.kind === 'package' ? [next.dir] : next.dirs;
    }
    found = next;
  }
  return { ...(found ? { found } : {}) };
}

/**
 * sys.path as gunicorn 20.1 builds it for the app import: each `--pythonpath` entry inserted at 0 in
 * turn (so the last one comes first; relative ones against the final chdir), then the final `--chdir`,
 * then the startup cwd (gunicorn's first chdir() inserted it before the config was read).
 */
export function gunicornSearchPaths(options: { chdir: string; cwd?: string; pythonpath?: string[] }): string[] {
  const out: string[] = [];
  const add = (p: string) => {
    const norm = posix.normalize(posix.isAbsolute(p) ? p : posix.join(options.chdir, p));
    const abs = norm.length > 1 ? norm.replace(/\/+$/, '') : norm;
    if (!out.includes(abs)) out.push(abs);
  };
  for (const p of [...(options.pythonpath ?? [])].reverse()) if (p.trim() !== '') add(p.trim());
  add(options.chdir);
  if (options.cwd) add(options.cwd);
  return out;
}

/**
 * The top-level Python modules of an app folder: what `gunicorn MODULE:APP` could name when gunicorn
 * runs with the folder as its chdir. Plain modules (`app.py`) and packages (`pybo/__init__.py`);
 * tooling and test files are left out, since nobody serves them.
 */
import type { ProjectHost } from '../../common/host';
import { isModuleName } from '../../project/app/modules';

/** Files and folders that are never the app gunicorn serves. */
const NOT_APP = new Set(['setup', 'manage', 'conftest', 'noxfile', 'fabfile', 'tasks', 'tests', 'test', 'docs', 'migrations', 'venv', 'env', 'node_modules', 'build', 'dist', 'site-packages']);

/** One importable top-level module of the folder. */
export interface TopModule {
  name: string;
  isPackage: boolean;
}

/** The folder's top-level modules, packages first, each group by name. */
export function topModules(host: ProjectHost, root: string): TopModule[] {
  const out: TopModule[] = [];
  for (const e of host.readDirectory(root)) {
    if (e.name.startsWith('.') || e.name.startsWith('_')) continue;
    if (e.type === 'directory') {
      if (NOT_APP.has(e.name) || !isModuleName(e.name)) continue;
      if (host.stat(`${root}/${e.name}/__init__.py`)?.type === 'file') out.push({ name: e.name, isPackage: true });
    } else if (e.type === 'file' && e.name.endsWith('.py')) {
      const name = e.name.slice(0, -3);
      if (NOT_APP.has(name) || /^(test_|gunicorn)|_test$/.test(name) || !isModuleName(name)) continue;
      out.push({ name, isPackage: false });
    }
  }
  return out.sort((a, b) => (a.isPackage === b.isPackage ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.isPackage ? -1 : 1));
}

/** A short deployment name from a folder name: lowercase letters, digits, `-` and `_` (`My App` -> `my-app`). */
export function deploymentName(folder: string, fallback: string): string {
  const n = folder
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return n === '' ? fallback : n;
}

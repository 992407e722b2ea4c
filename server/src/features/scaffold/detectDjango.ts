/**
 * Finds the Django project of an app folder: the settings module the server should run with and the
 * WSGI module gunicorn loads. The settings module is the one `wsgi.py`/`manage.py` default to; with
 * split settings (`settings/{base,dev,prod}.py`) defaulting to a development module, the production
 * sibling is chosen and must then be given to gunicorn as DJANGO_SETTINGS_MODULE.
 */
import { posix } from 'node:path';
import { findSettingsModule } from '../../project/app/django';
import { createModuleLoader, type ModuleLoader } from '../../project/app/loader';
import { analyzeTarget } from '../../project/app/wsgi';
import type { TopModule } from './modules';

/** What the folder's Django project is, before its settings are read in full. */
export interface DjangoFound {
  settingsModule: string;
  settingsEnv?: string;
  wsgiModule: string;
  target: string;
  notes: string[];
}

/** Module names of settings meant for a developer's machine. */
const DEV = new Set(['dev', 'development', 'local', 'debug', 'test', 'testing', 'tests', 'ci']);
/** Module names of settings meant for the server, preferred in this order. */
const PROD = ['production', 'prod', 'live', 'deploy', 'deployment', 'server', 'staging'];

/** The production module inside a settings package (`mysite.settings` -> `mysite.settings.prod`), if any. */
function prodModuleIn(loader: ModuleLoader, pkg: string): string | undefined {
  const r = loader.resolve(pkg);
  if (!r || r.kind === 'module') return undefined;
  const dirs = r.kind === 'package' ? [r.dir] : r.dirs;
  for (const name of PROD) {
    for (const dir of dirs) {
      if (loader.host.stat(posix.join(dir, `${name}.py`))?.type === 'file') return `${pkg}.${name}`;
    }
  }
  return undefined;
}

/** Whether a module defines settings itself (a settings package whose `__init__.py` is empty does not). */
function definesSettings(loader: ModuleLoader, name: string): boolean {
  const mod = loader.load(name);
  return mod !== undefined && (mod.scope.vars.has('INSTALLED_APPS') || mod.scope.vars.has('ROOT_URLCONF'));
}

/** `<pkg>.settings` for a top-level package holding `settings.py` or `settings/`. */
function guessSettings(loader: ModuleLoader, tops: readonly TopModule[]): string | undefined {
  for (const t of tops) {
    if (!t.isPackage) continue;
    if (loader.resolve(`${t.name}.settings`)) return `${t.name}.settings`;
  }
  return undefined;
}

/** The settings module to deploy with, from the one the project defaults to. */
function productionSettings(loader: ModuleLoader, name: string): string {
  const parts = name.split('.');
  const last = parts[parts.length - 1];
  if (parts.length > 1 && DEV.has(last)) return prodModuleIn(loader, parts.slice(0, -1).join('.')) ?? name;
  if (!definesSettings(loader, name)) return prodModuleIn(loader, name) ?? name;
  return name;
}

/** The WSGI module: WSGI_APPLICATION's, else `<project>.wsgi` next to the settings, else any top-level package's `wsgi.py`. */
function wsgiTarget(loader: ModuleLoader, settings: string, tops: readonly TopModule[]): { module: string; attr: string } | undefined {
  const v = loader.load(settings)?.scope.vars.get('WSGI_APPLICATION')?.value;
  if (v?.kind === 'str' && /^[\w.]+\.\w+$/.test(v.value)) {
    const dot = v.value.lastIndexOf('.');
    const module = v.value.slice(0, dot);
    if (loader.resolve(module)) return { module, attr: v.value.slice(dot + 1) };
  }
  const parts = settings.split('.');
  for (let n = parts.length - 1; n > 0; n--) {
    const module = `${parts.slice(0, n).join('.')}.wsgi`;
    if (loader.resolve(module)?.kind === 'module') return { module, attr: 'application' };
  }
  for (const t of tops) if (t.isPackage && loader.resolve(`${t.name}.wsgi`)?.kind === 'module') return { module: `${t.name}.wsgi`, attr: 'application' };
  return undefined;
}

/** The Django project of the folder, or undefined when it holds none. */
export function detectDjango(loader: ModuleLoader, root: string, tops: readonly TopModule[]): DjangoFound | undefined {
  const notes: string[] = [];
  const origin = findSettingsModule(loader, { chdir: root });
  const defaultName = origin?.name ?? guessSettings(loader, tops);
  if (!defaultName || !loader.resolve(defaultName)) return undefined;
  const settingsModule = productionSettings(loader, defaultName);
  const wsgi = wsgiTarget(loader, settingsModule, tops);
  if (!wsgi) {
    notes.push(`found the Django settings ${defaultName}, but no WSGI module (create ${defaultName.split('.')[0]}/wsgi.py with \`application = get_wsgi_application()\`)`);
    return undefined;
  }
  // Without a setdefault, nothing names the settings unless the unit does.
  const settingsEnv = settingsModule !== defaultName || origin === undefined ? settingsModule : undefined;
  if (settingsModule !== defaultName) notes.push(`the project defaults to ${defaultName}; the server runs with ${settingsModule} (DJANGO_SETTINGS_MODULE in the unit)`);
  const target = `${wsgi.module}:${wsgi.attr}`;
  // Judged as the unit runs it: with DJANGO_SETTINGS_MODULE in the environment when the unit sets it.
  const env = settingsEnv ? createModuleLoader(loader.host, { searchPaths: loader.searchPaths, ...(loader.cwd ? { cwd: loader.cwd } : {}), environ: { DJANGO_SETTINGS_MODULE: settingsEnv } }) : loader;
  const verdict = analyzeTarget(env, target);
  if (verdict.kind !== 'found') notes.push(`gunicorn may not load ${target}: ${verdict.message}`);
  return { settingsModule, ...(settingsEnv ? { settingsEnv } : {}), wsgiModule: wsgi.module, target, notes };
}

/**
 * `detectApp(host, root)`: what app an app folder holds, as the scaffold needs it. The WSGI target
 * comes from the Django or Flask finder; everything nginx must mirror (static folders, STATIC_ROOT,
 * MEDIA_ROOT, the body size limit) comes from the same app reader the checks use (`readApp`), so
 * the generated files agree with what the checks will compare them against. Needs the Python parser.
 */
import { posix } from 'node:path';
import type { ProjectHost } from '../../common/host';
import { readApp, type AppModel } from '../../project/app/index';
import { createModuleLoader } from '../../project/app/loader';
import { detectDjango } from './detectDjango';
import { flaskCandidates } from './detectFlask';
import { deploymentName, topModules } from './modules';
import type { Detection, DjangoApp, FlaskApp, ServedDir } from './types';

function within(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir.endsWith('/') ? dir : dir + '/');
}

function stripSlash(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

/** A body limit nginx can mirror: a number that no environment variable changes. */
function bodyLimit(model: AppModel): number | undefined {
  const max = model.proxy.maxBodyBytes;
  return typeof max === 'number' && max > 0 && !model.proxy.maxBodyEnv?.length ? max : undefined;
}

function flaskStatics(host: ProjectHost, root: string, model: AppModel, notes: string[]): ServedDir[] {
  const out: ServedDir[] = [];
  for (const m of model.staticMounts) {
    if (!m.effective || !m.dir || m.env?.length) continue;
    // A folder that is not there has nothing to serve; nginx would only answer 404 for it.
    if (host.stat(m.dir)?.type !== 'directory') continue;
    if (m.url === '/' || !m.url.startsWith('/')) {
      notes.push(`${m.owner === 'app' ? 'the app' : m.owner} serves static files at ${m.url}: left to Flask, since nginx cannot tell them from the app's pages`);
      continue;
    }
    if (!within(m.dir, root)) continue;
    out.push({ url: m.url, dir: m.dir, owner: m.owner, filledOnServer: false });
  }
  return out;
}

function djangoStatics(root: string, model: AppModel, notes: string[]): ServedDir[] {
  const out: ServedDir[] = [];
  const dj = model.django;
  if (!dj) return out;
  for (const m of [...model.staticMounts, ...model.media]) {
    if (!m.dir || m.env?.length) continue;
    const dir = stripSlash(m.dir);
    out.push({ url: m.url, ...(within(dir, root) ? { dir } : { serverDir: dir }), owner: m.owner, filledOnServer: true });
  }
  if (dj.installedApps.includes('django.contrib.staticfiles') && dj.staticRoot === undefined && !dj.whitenoise) {
    notes.push('STATIC_ROOT is not set: set it (e.g. STATIC_ROOT = BASE_DIR / "staticfiles"), run collectstatic on the server, and run the scaffold again to serve it with nginx');
  }
  return out;
}

/**
 * Finds the app in `importRoot` (gunicorn's chdir), for the project folder `root` (the same folder,
 * or its parent for a `src/` layout).
 */
function detectIn(host: ProjectHost, root: string, importRoot: string): Detection {
  const notes: string[] = [];
  const tops = topModules(host, importRoot);
  const loader = createModuleLoader(host, { searchPaths: [importRoot], cwd: importRoot });
  const folderName = posix.basename(root);
  const importDir = importRoot !== root ? { importDir: importRoot } : {};

  const django = detectDjango(loader, importRoot, tops);
  if (django) {
    notes.push(...django.notes);
    const model = readApp(host, { chdir: importRoot, target: django.target, ...(django.settingsEnv ? { env: { DJANGO_SETTINGS_MODULE: django.settingsEnv } } : {}) });
    const dj = model.django;
    const max = bodyLimit(model);
    const app: DjangoApp = {
      framework: 'django',
      root,
      ...importDir,
      name: deploymentName(folderName, django.wsgiModule.split('.')[0]),
      settingsModule: django.settingsModule,
      ...(django.settingsEnv ? { settingsEnv: django.settingsEnv } : {}),
      ...(dj?.settingsFile ? { settingsFile: dj.settingsFile } : {}),
      wsgiModule: django.wsgiModule,
      target: django.target,
      ...(dj?.staticUrl !== undefined ? { staticUrl: dj.staticUrl } : {}),
      ...(dj?.staticRoot !== undefined ? { staticRoot: dj.staticRoot } : {}),
      ...(dj?.mediaUrl !== undefined ? { mediaUrl: dj.mediaUrl } : {}),
      ...(dj?.mediaRoot !== undefined ? { mediaRoot: dj.mediaRoot } : {}),
      ...(dj?.allowedHosts ? { allowedHosts: dj.allowedHosts } : {}),
      statics: djangoStatics(root, model, notes),
      ...(max !== undefined ? { maxBodyBytes: max } : {}),
      alternatives: [],
    };
    return { app, notes };
  }

  const candidates = flaskCandidates(loader, tops);
  const best = candidates[0];
  if (!best) {
    const where = posix.relative(root, importRoot) || folderName;
    notes.push(tops.length === 0 ? `no Python module or package in ${where}` : `no Flask app or Django project found in ${tops.map((t) => (t.isPackage ? `${t.name}/` : `${t.name}.py`)).join(', ')}`);
    return { notes };
  }
  if (best.factory && best.factory.required > 0) {
    notes.push(`${best.callable}() needs ${best.factory.required} argument${best.factory.required === 1 ? '' : 's'} (${best.factory.params.join(', ')}): give ${best.factory.required === 1 ? 'it' : 'them'} in the target (gunicorn accepts literals: ${best.module}:${best.callable}('production'))`);
  }
  const model = readApp(host, { chdir: importRoot, target: best.target });
  const max = bodyLimit(model);
  const app: FlaskApp = {
    framework: 'flask',
    root,
    ...importDir,
    name: deploymentName(folderName, best.module),
    shape: best.shape,
    module: best.module,
    isPackage: best.isPackage,
    callable: best.callable,
    ...(best.factory ? { factory: best.factory } : {}),
    target: best.target,
    definedAt: best.definedAt,
    statics: flaskStatics(host, root, model, notes),
    ...(max !== undefined ? { maxBodyBytes: max } : {}),
    alternatives: [...new Set(candidates.slice(1).map((c) => c.target))].filter((t) => t !== best.target),
  };
  return { app, notes };
}

/**
 * Finds the app in `root` (an absolute workspace folder): Django first (manage.py, settings), then
 * Flask; in `root/src` when the folder itself holds none (the `src/` layout of packaged projects).
 */
export function detectApp(host: ProjectHost, root: string): Detection {
  const here = detectIn(host, root, root);
  if (here.app) return here;
  const src = posix.join(root, 'src');
  if (host.stat(src)?.type !== 'directory') return here;
  const inSrc = detectIn(host, root, src);
  return inSrc.app ? inSrc : here;
}

// Reads a Django project's settings statically: the settings module (from the caller's env, else
// os.environ.setdefault in wsgi.py/asgi.py/manage.py), split settings through `import *`, and the
// static/media/proxy settings nginx has to agree with. Django 3.2-5.x semantics.
import { posix } from 'node:path';
import type { PyModule } from '../../python/evaluate';
import type { PyValue } from '../../python/values';
import { DJANGO_SETTINGS_OF_INTEREST, type DjangoModel, type DjangoSetting, type SettingsModuleOrigin, type StaticfilesDir } from './djangoModel';
import type { StaticMount } from './flaskModel';
import type { ModuleLoader } from './loader';
import { readUrlStatic } from './djangoUrls';

function text(v: PyValue | undefined): string | undefined {
  return v && (v.kind === 'str' || v.kind === 'path') ? v.value : undefined;
}

function strings(v: PyValue | undefined): string[] | undefined {
  if (!v || (v.kind !== 'list' && v.kind !== 'tuple')) return undefined;
  return v.items.map((i) => text(i)).filter((s): s is string => s !== undefined);
}

/** The `os.environ.setdefault('DJANGO_SETTINGS_MODULE', ...)` of a module, if any. */
function setdefaultIn(mod: PyModule | undefined): SettingsModuleOrigin | undefined {
  const d = mod?.envDefaults.find((e) => e.name === 'DJANGO_SETTINGS_MODULE');
  const name = text(d?.value);
  if (!d || !name || !mod?.file) return undefined;
  return { name, via: 'setdefault', source: { file: mod.file, start: d.valueStart, end: d.valueEnd } };
}

/**
 * Finds DJANGO_SETTINGS_MODULE: the caller's env wins (systemd Environment=, gunicorn --env), then
 * the WSGI module's setdefault, then wsgi.py/asgi.py in the project's packages, then manage.py.
 */
export function findSettingsModule(loader: ModuleLoader, options: { env?: Record<string, string>; wsgiModule?: PyModule; chdir: string }): SettingsModuleOrigin | undefined {
  const fromEnv = options.env?.DJANGO_SETTINGS_MODULE;
  if (fromEnv) return { name: fromEnv, via: 'caller' };
  const direct = setdefaultIn(options.wsgiModule);
  if (direct) return direct;
  const host = loader.host;
  for (const entry of host.readDirectory(options.chdir)) {
    if (entry.type !== 'directory') continue;
    for (const f of ['wsgi.py', 'asgi.py']) {
      const file = posix.join(options.chdir, entry.name, f);
      if (host.stat(file)?.type !== 'file') continue;
      const found = setdefaultIn(loader.loadFile(file, `${entry.name}.${f.slice(0, -3)}`, false));
      if (found) return found;
    }
  }
  const manage = posix.join(options.chdir, 'manage.py');
  if (host.stat(manage)?.type === 'file') {
    // manage.py calls setdefault inside main(); the evaluator runs function bodies, so it is recorded too.
    const found = setdefaultIn(loader.loadFile(manage, 'manage', false));
    if (found) return found;
  }
  return undefined;
}

function setting(mod: PyModule, name: string): DjangoSetting | undefined {
  const b = mod.scope.vars.get(name);
  if (!b || b.fn || b.cls || b.module) return undefined;
  return {
    value: b.value,
    ...(b.file !== undefined ? { file: b.file } : {}),
    ...(b.nameSpan ? { nameStart: b.nameSpan.start, nameEnd: b.nameSpan.end } : {}),
    ...(b.valueSpan ? { valueStart: b.valueSpan.start, valueEnd: b.valueSpan.end } : {}),
    ...(b.conditional ? { conditional: true } : {}),
  };
}

/** Django's `_add_script_prefix`: a relative URL is served under SCRIPT_NAME (`/` at the root). */
export function effectiveUrl(url: string | undefined, scriptName = '/'): string | undefined {
  if (url === undefined || url === '') return url;
  if (url.startsWith('/') || /^https?:\/\//.test(url)) return url;
  return scriptName.replace(/\/?$/, '/') + url;
}

function stripSlash(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

function staticfilesDirs(v: PyValue | undefined, s: DjangoSetting | undefined): StaticfilesDir[] {
  if (!v || (v.kind !== 'list' && v.kind !== 'tuple')) return [];
  const source = s?.file && s.valueStart !== undefined ? { file: s.file, start: s.valueStart, end: s.valueEnd ?? s.valueStart } : undefined;
  return v.items.map((item) => {
    if (item.kind === 'tuple' || item.kind === 'list') {
      const prefix = text(item.items[0]);
      const dir = text(item.items[1]);
      return { ...(prefix !== undefined ? { prefix } : {}), ...(dir !== undefined ? { dir } : {}), ...(source ? { source } : {}) };
    }
    const dir = text(item);
    return { ...(dir !== undefined ? { dir } : {}), ...(source ? { source } : {}) };
  });
}

/** `<app>/static/` for each INSTALLED_APPS entry that is a workspace package (`polls`, `polls.apps.PollsConfig`). */
function appStaticDirs(loader: ModuleLoader, apps: string[]): Array<{ app: string; dir: string }> {
  const out: Array<{ app: string; dir: string }> = [];
  for (const app of apps) {
    const parts = app.split('.');
    for (let n = parts.length; n > 0; n--) {
      const r = loader.resolve(parts.slice(0, n).join('.'));
      if (!r) continue;
      // `shop.apps.ShopConfig` names an AppConfig in shop/apps.py: the app is the package around it.
      const dir = r.kind === 'package' ? r.dir : r.kind === 'namespace' ? r.dirs[0] : n < parts.length ? posix.dirname(r.file) : undefined;
      if (dir) {
        const stat = posix.join(dir, 'static');
        if (loader.host.stat(stat)?.type === 'directory') out.push({ app, dir: stat });
      }
      break;
    }
  }
  return out;
}

function mountOf(url: string | undefined, dir: string | undefined, owner: string, s: DjangoSetting | undefined, v: PyValue | undefined, u: PyValue | undefined): StaticMount | undefined {
  if (url === undefined || url === '' || /^https?:\/\//.test(url)) return undefined;
  const env = [...new Set([...(v?.env ?? []), ...(u?.env ?? [])])];
  return {
    url: url.endsWith('/') ? url : url + '/',
    ...(dir !== undefined ? { dir: stripSlash(dir) } : {}),
    owner,
    ...(s?.file && s.nameStart !== undefined ? { source: { file: s.file, start: s.nameStart, end: s.nameEnd ?? s.nameStart } } : {}),
    ...(env.length ? { env } : {}),
    effective: true,
  };
}

/** Reads the settings module `origin` names (through the loader, so `from .base import *` is followed). */
export function readDjango(loader: ModuleLoader, origin: SettingsModuleOrigin | undefined): DjangoModel {
  const model: DjangoModel = { settings: {}, staticfilesDirs: [], whitenoise: false, installedApps: [], appStaticDirs: [], mounts: [] };
  if (origin) model.settingsModule = origin;
  const mod = origin ? loader.load(origin.name) : undefined;
  if (!mod) return model;
  if (mod.file) model.settingsFile = mod.file;
  for (const name of DJANGO_SETTINGS_OF_INTEREST) {
    const s = setting(mod, name);
    if (s) model.settings[name] = s;
  }
  const v = (name: string) => model.settings[name]?.value;
  const debug = v('DEBUG');
  if (debug?.kind === 'bool') model.debug = debug.value;
  const staticUrl = text(v('STATIC_URL'));
  if (staticUrl !== undefined) model.staticUrl = effectiveUrl(staticUrl);
  const staticRoot = text(v('STATIC_ROOT'));
  if (staticRoot !== undefined) model.staticRoot = staticRoot;
  model.staticfilesDirs = staticfilesDirs(v('STATICFILES_DIRS'), model.settings.STATICFILES_DIRS);
  const mediaUrl = text(v('MEDIA_URL'));
  if (mediaUrl !== undefined) model.mediaUrl = effectiveUrl(mediaUrl);
  const mediaRoot = text(v('MEDIA_ROOT'));
  if (mediaRoot !== undefined) model.mediaRoot = mediaRoot;
  const hosts = strings(v('ALLOWED_HOSTS'));
  if (hosts) model.allowedHosts = hosts;
  const ssl = strings(v('SECURE_PROXY_SSL_HEADER'));
  if (ssl && ssl.length === 2) model.secureProxySslHeader = [ssl[0], ssl[1]];
  const fwdHost = v('USE_X_FORWARDED_HOST');
  if (fwdHost?.kind === 'bool') model.useXForwardedHost = fwdHost.value;
  const upload = v('DATA_UPLOAD_MAX_MEMORY_SIZE');
  if (upload?.kind === 'int') model.dataUploadMaxMemorySize = upload.value;
  else if (upload?.kind === 'none') model.dataUploadMaxMemorySize = null;
  model.whitenoise = (strings(v('MIDDLEWARE')) ?? []).some((m) => m.startsWith('whitenoise.'));
  model.installedApps = strings(v('INSTALLED_APPS')) ?? [];
  model.appStaticDirs = appStaticDirs(loader, model.installedApps);
  const staticMount = mountOf(model.staticUrl, model.staticRoot, 'STATIC_ROOT', model.settings.STATIC_ROOT ?? model.settings.STATIC_URL, v('STATIC_ROOT'), v('STATIC_URL'));
  if (staticMount) model.mounts.push(staticMount);
  const mediaMount = model.mediaRoot ? mountOf(model.mediaUrl, model.mediaRoot, 'MEDIA_ROOT', model.settings.MEDIA_ROOT, v('MEDIA_ROOT'), v('MEDIA_URL')) : undefined;
  if (mediaMount) model.mounts.push(mediaMount);
  const urlconf = model.settings.ROOT_URLCONF;
  const urlconfName = urlconf && !urlconf.conditional && !urlconf.value.env?.length ? text(urlconf.value) : undefined;
  if (urlconfName) model.urlStatic = readUrlStatic(loader, urlconfName, model.staticUrl);
  return model;
}

// The app layout: from gunicorn's view (chdir, pythonpath, APP_MODULE, env) to a plain AppModel of
// the Flask or Django app behind it: static mounts, media, routes, settings of interest, the WSGI
// target verdict and the app-side findings. Pure core: files come through the ProjectHost.
import type { Finding } from '../../common/diagnostics';
import { compareFindings } from '../../common/diagnostics';
import type { ProjectHost } from '../../common/host';
import type { PyFunction } from '../../python/evaluate';
import type { PyValue } from '../../python/values';
import { APP_CALLEES, appFramework } from './appObjects';
import { findSettingsModule, readDjango } from './django';
import { djangoFindings } from './djangoFindings';
import type { DjangoModel } from './djangoModel';
import { flaskStaticMounts, readFlask } from './flask';
import { flaskFindings } from './flaskFindings';
import type { AppRoute, FlaskModel, ProxyFixUse, StaticMount } from './flaskModel';
import { createModuleLoader, type ModuleLoader } from './loader';
import { gunicornSearchPaths } from './modules';
import { analyzeTarget, type WsgiVerdict } from './wsgi';
import { wsgiFindings, type TargetLocation } from './wsgiFindings';

export type { DjangoModel, DjangoSetting, StaticfilesDir } from './djangoModel';
export type { AppRoute, ConfigEntry, FlaskBlueprint, FlaskModel, ProxyFixUse, StaticMount } from './flaskModel';
export type { PyLocation, TargetSuggestion, WsgiVerdict, WsgiVerdictKind } from './wsgi';
export type { WsgiTarget } from './target';
export type { TargetLocation } from './wsgiFindings';
export { parseTarget } from './target';
export { resolveModule, gunicornSearchPaths, type ResolvedModule } from './modules';

/** How gunicorn runs the app, in workspace terms. */
export interface ReadAppOptions {
  /** gunicorn's final `--chdir` (else the WorkingDirectory): the first import root. Workspace path. */
  chdir: string;
  /** The startup cwd when it differs from chdir (gunicorn also puts it on sys.path). */
  cwd?: string;
  /** `--pythonpath` entries (relative ones are against chdir). */
  pythonpath?: string[];
  /** APP_MODULE (`pkg:create_app()`); without it only Django settings discovery runs. */
  target?: string;
  /** Where the target string is written, to place WSGI findings on it. */
  targetLocation?: TargetLocation;
  /**
   * The process environment gunicorn gets (systemd Environment=/EnvironmentFile=, gunicorn --env):
   * DJANGO_SETTINGS_MODULE, and the values `os.environ.get(...)` / `env(...)` read in settings.
   */
  env?: Record<string, string>;
}

/** Settings that matter to the proxy in front of the app, whatever the framework. */
export interface AppProxySettings {
  proxyFix?: ProxyFixUse;
  /** Django SECURE_PROXY_SSL_HEADER, USE_X_FORWARDED_HOST. */
  secureProxySslHeader?: [string, string];
  useXForwardedHost?: boolean;
  allowedHosts?: string[];
  /** The largest request body the app accepts (Flask MAX_CONTENT_LENGTH, Django DATA_UPLOAD_MAX_MEMORY_SIZE); null: no limit. */
  maxBodyBytes?: number | null;
  maxBodyEnv?: string[];
}

/** Everything DeployLens knows about the Python app. Plain data. */
export interface AppModel {
  framework: 'flask' | 'django' | 'other' | 'unknown';
  searchPaths: string[];
  target?: WsgiVerdict;
  flask?: FlaskModel;
  django?: DjangoModel;
  /** URL prefixes the app's static files are (to be) served at, and their dirs: what nginx should mirror. */
  staticMounts: StaticMount[];
  media: StaticMount[];
  routes: AppRoute[];
  proxy: AppProxySettings;
  /** The Python files read, for re-analysis when one changes. */
  files: string[];
  findings: Finding[];
}

/** Middleware wraps the app: `ProxyFix(app)`, `WhiteNoise(application)`. The framework app is inside. */
function unwrap(v: PyValue | undefined): { app?: PyValue & { kind: 'call' }; wrappers: Array<PyValue & { kind: 'call' }> } {
  const wrappers: Array<PyValue & { kind: 'call' }> = [];
  let cur = v;
  for (let i = 0; i < 5 && cur?.kind === 'call'; i++) {
    const fw = appFramework(cur);
    if (fw === 'flask' || fw === 'django') return { app: cur, wrappers };
    if (!APP_CALLEES.has(cur.callee)) break;
    wrappers.push(cur);
    cur = cur.args[0] ?? cur.kwargs.app ?? cur.kwargs.application;
  }
  return { wrappers, ...(cur?.kind === 'call' && appFramework(cur) ? { app: cur } : {}) };
}

/** The function that builds `app` (its returns include this very call), among the loaded modules. */
function factoryOf(loader: ModuleLoader, app: PyValue & { kind: 'call' }): PyFunction | undefined {
  for (const m of loader.modules()) {
    for (const fn of m.functions) {
      if ((fn.returns ?? []).some((r) => r.value.kind === 'call' && r.value.file === app.file && r.value.start === app.start)) return fn;
    }
  }
  return undefined;
}

function flaskProxy(model: FlaskModel, wrappers: Array<PyValue & { kind: 'call' }>): AppProxySettings {
  const out: AppProxySettings = {};
  if (model.proxyFix) out.proxyFix = model.proxyFix;
  const wrapper = wrappers.find((w) => w.callee.endsWith('ProxyFix'));
  if (!out.proxyFix && wrapper) {
    const n = (k: string, pos: number, d: number) => {
      const x = wrapper.kwargs[k] ?? wrapper.args[pos];
      return x?.kind === 'int' ? x.value : d;
    };
    out.proxyFix = { x_for: n('x_for', 1, 1), x_proto: n('x_proto', 2, 1), x_host: n('x_host', 3, 0), x_port: n('x_port', 4, 0), x_prefix: n('x_prefix', 5, 0), source: { file: wrapper.file ?? '', start: wrapper.start, end: wrapper.end } };
  }
  const max = model.config.MAX_CONTENT_LENGTH?.value;
  if (max?.kind === 'int') out.maxBodyBytes = max.value;
  else if (max?.kind === 'none') out.maxBodyBytes = null;
  if (max?.env) out.maxBodyEnv = max.env;
  return out;
}

function djangoProxy(model: DjangoModel): AppProxySettings {
  const upload = model.settings.DATA_UPLOAD_MAX_MEMORY_SIZE?.value;
  return {
    ...(model.secureProxySslHeader ? { secureProxySslHeader: model.secureProxySslHeader } : {}),
    ...(model.useXForwardedHost !== undefined ? { useXForwardedHost: model.useXForwardedHost } : {}),
    ...(model.allowedHosts ? { allowedHosts: model.allowedHosts } : {}),
    ...(model.dataUploadMaxMemorySize !== undefined ? { maxBodyBytes: model.dataUploadMaxMemorySize } : {}),
    ...(upload?.env ? { maxBodyEnv: upload.env } : {}),
  };
}

/**
 * Reads the app gunicorn would load. Never throws: missing or broken files give a partial model and findings.
 * Requires the Python parser to be initialised (`initPython`).
 */
export function readApp(host: ProjectHost, options: ReadAppOptions): AppModel {
  const searchPaths = gunicornSearchPaths({ chdir: options.chdir, ...(options.cwd ? { cwd: options.cwd } : {}), ...(options.pythonpath ? { pythonpath: options.pythonpath } : {}) });
  const loader = createModuleLoader(host, { searchPaths, cwd: options.chdir, ...(options.env ? { environ: options.env } : {}) });
  const model: AppModel = { framework: 'unknown', searchPaths, staticMounts: [], media: [], routes: [], proxy: {}, files: [], findings: [] };

  let verdict: WsgiVerdict | undefined;
  if (options.target !== undefined) {
    verdict = analyzeTarget(loader, options.target);
    model.target = verdict;
    model.findings.push(...wsgiFindings(verdict, options.targetLocation));
  }
  const { app, wrappers } = unwrap(verdict?.app);
  const framework = app ? appFramework(app) : verdict?.framework;

  if (framework === 'flask' && app) {
    const factory = factoryOf(loader, app);
    const flask = readFlask(loader, app, { ...(factory ? { factory } : {}), cwd: options.chdir });
    model.framework = 'flask';
    model.flask = flask;
    model.staticMounts = flaskStaticMounts(flask);
    model.routes = flask.routes;
    model.proxy = flaskProxy(flask, wrappers);
    model.findings.push(...flaskFindings(flask));
  } else if (framework === 'django' || framework === undefined) {
    const wsgiModule = verdict?.target.module ? loader.load(verdict.target.module) : undefined;
    const origin = findSettingsModule(loader, { ...(options.env ? { env: options.env } : {}), ...(wsgiModule ? { wsgiModule } : {}), chdir: options.chdir });
    if (origin || framework === 'django') {
      const django = readDjango(loader, origin);
      // The WSGI object around Django's handler (static-not-served: a wrapper may serve files).
      if (app && appFramework(app) === 'django') django.wsgiWrappers = wrappers.map((w) => w.callee);
      model.framework = 'django';
      model.django = django;
      model.staticMounts = django.mounts.filter((m) => m.owner === 'STATIC_ROOT');
      model.media = django.mounts.filter((m) => m.owner === 'MEDIA_ROOT');
      model.proxy = djangoProxy(django);
      model.findings.push(...djangoFindings(django, host));
    }
  } else if (framework) model.framework = framework;

  model.files = loader.modules().flatMap((m) => (m.file ? [m.file] : [])).sort();
  model.findings.sort(compareFindings);
  return model;
}

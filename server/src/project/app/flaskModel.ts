import type { PyValue } from '../../python/values';
import type { PyLocation } from './wsgi';

/** A URL prefix the app serves files under, and the directory they come from (workspace path). */
export interface StaticMount {
  /** The URL prefix with a trailing slash, e.g. `/static/` (a request `/static/a.css` serves `<dir>/a.css`). */
  url: string;
  /** The directory; undefined when it depends on something unknown. */
  dir?: string;
  /** Who serves it: `app`, `blueprint:<name>`, or Django's `STATIC_ROOT` / `MEDIA_ROOT`. */
  owner: string;
  /** Where the folder (or the URL) is configured, to point findings at. */
  source?: PyLocation;
  /** Environment variables the URL or dir depend on. */
  env?: string[];
  /** False when another rule with the same URL wins (a blueprint static shadowed by the app's). */
  effective: boolean;
}

/** A URL rule the app answers (`@app.route('/x')`, `@bp.route` with the registration prefix). */
export interface AppRoute {
  rule: string;
  methods?: string[];
  endpoint?: string;
  blueprint?: string;
  source: PyLocation;
}

/** A Blueprint object and how it is registered. */
export interface FlaskBlueprint {
  name: string;
  source: PyLocation;
  /** The blueprint module's dir (its root_path): static_folder is relative to it. */
  rootPath?: string;
  staticFolder?: string | null;
  staticUrlPath?: string | null;
  /** The prefix in effect (registration's, else the Blueprint's own); undefined when none. */
  urlPrefix?: string;
  registered: boolean;
  registration?: PyLocation;
  static?: StaticMount;
}

/** werkzeug's ProxyFix as applied to the app: how many proxy hops each X-Forwarded-* header trusts. */
export interface ProxyFixUse {
  x_for: number;
  x_proto: number;
  x_host: number;
  x_port: number;
  x_prefix: number;
  source: PyLocation;
}

/** A config key set on the app (`app.config['K'] = v`, `config.update`, `from_object`, `from_pyfile`). */
export interface ConfigEntry {
  value: PyValue;
  source?: PyLocation;
  /** How it was set: `item`, `update`, `from_object`, `from_pyfile`, `from_mapping`. */
  via: string;
}

/** What DeployLens knows about a Flask application. Paths are workspace paths. */
export interface FlaskModel {
  /** The `Flask(...)` call. */
  source: PyLocation;
  importName?: string;
  rootPath: string;
  /** Absolute static dir; null when `static_folder=None` (no static route); undefined when unknown. */
  staticFolder?: string | null;
  /** The static URL path without trailing slash ('' serves at `/`); undefined when unknown. */
  staticUrlPath?: string;
  static?: StaticMount;
  blueprints: FlaskBlueprint[];
  routes: AppRoute[];
  proxyFix?: ProxyFixUse;
  config: Record<string, ConfigEntry>;
  /** Config sources that depend on the environment (`from_envvar('APP_CONFIG_FILE')`). */
  configEnv: string[];
  /** Statements after construction that change static serving (`app.static_folder = …`). */
  staticOverrides: Array<{ attribute: 'static_folder' | 'static_url_path'; value: PyValue; source: PyLocation }>;
}

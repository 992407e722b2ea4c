/**
 * The plain data of the scaffold feature: what `detectApp` finds in an app folder, what the user
 * answers (or the workspace suggests), and the files `scaffold` writes. Paths inside the workspace
 * are absolute workspace paths (as the ProjectHost sees them); paths on the server are absolute
 * server paths, always named so (`serverPath`, `serverDir`).
 */

/** A directory nginx should serve under a URL prefix: the app's static folder, STATIC_ROOT, MEDIA_ROOT. */
export interface ServedDir {
  /** The URL prefix, with leading and trailing slash (`/static/`). */
  url: string;
  /** The directory in the workspace (absolute), when it lies in the app folder. */
  dir?: string;
  /** The directory on the server, when it is given as an absolute path outside the app folder. */
  serverDir?: string;
  /** Who defines it: `app`, `blueprint:<name>`, `STATIC_ROOT`, `MEDIA_ROOT`. */
  owner: string;
  /** Filled on the server (collectstatic, uploads) rather than shipped with the code. */
  filledOnServer: boolean;
}

/** How a Flask app is found. */
export type FlaskShape =
  /** A module-level app object in a plain module (`app.py`: `app = Flask(__name__)`). */
  | 'module'
  /** A module-level app object in a package's `__init__.py`. */
  | 'package'
  /** A function returning the app (`create_app()`), gunicorn calls it once at start. */
  | 'factory';

/** A Flask app gunicorn can load. */
export interface FlaskApp {
  framework: 'flask';
  /** The app folder (the project): gunicorn.conf.py goes here, and it is the server path. */
  root: string;
  /** The import root when it is not `root` (`root/src`): gunicorn gets `--chdir` to it. */
  importDir?: string;
  /** A short name for the deployment (site file name, unit description). */
  name: string;
  shape: FlaskShape;
  /** The module gunicorn imports (`pybo`, `app`, `wsgi`). */
  module: string;
  /** The module is a package (`pybo/__init__.py`). */
  isPackage: boolean;
  /** The attribute: the app object or the factory function. */
  callable: string;
  /** For a factory: its parameters, and how many of them need a value (none: callable as `create_app()`). */
  factory?: { params: string[]; required: number };
  /** The WSGI target for gunicorn (`pybo:create_app()`, `app:app`). */
  target: string;
  /** Where the app object or the factory is defined. */
  definedAt: { file: string; start: number; end: number };
  statics: ServedDir[];
  /** The largest request body the app accepts (MAX_CONTENT_LENGTH), when it sets one. */
  maxBodyBytes?: number;
  /** Other apps found in the folder, as targets, best first (the command may offer them). */
  alternatives: string[];
}

/** A Django project gunicorn can load. */
export interface DjangoApp {
  framework: 'django';
  root: string;
  importDir?: string;
  name: string;
  /** The settings module the server should use (`mysite.settings`, `mysite.settings.prod`). */
  settingsModule: string;
  /**
   * Set when the server needs DJANGO_SETTINGS_MODULE in the environment: the project defaults to
   * another module (split settings, `dev` by default) than the one for production.
   */
  settingsEnv?: string;
  /** The settings file in the workspace. */
  settingsFile?: string;
  /** The WSGI module (`mysite.wsgi`) and the target (`mysite.wsgi:application`). */
  wsgiModule: string;
  target: string;
  staticUrl?: string;
  /** STATIC_ROOT as the settings compute it (a workspace path when BASE_DIR-relative). */
  staticRoot?: string;
  mediaUrl?: string;
  mediaRoot?: string;
  allowedHosts?: string[];
  statics: ServedDir[];
  /** DATA_UPLOAD_MAX_MEMORY_SIZE, when the settings set a number. */
  maxBodyBytes?: number;
  alternatives: string[];
}

/** What `detectApp` found. */
export type DetectedApp = FlaskApp | DjangoApp;

/** The outcome of a detection: the app, or why none was found; notes on choices made either way. */
export interface Detection {
  app?: DetectedApp;
  /** Why nothing was detected, or what the user should know about the choice (a factory that needs arguments). */
  notes: string[];
}

/** What the user answers, with what DeployLens inferred as defaults. */
export interface ScaffoldAnswers {
  /** The site's names (`server_name`), space-separated; the first one names the certificate. */
  domain: string;
  /** Where the app folder lives on the server (`/srv/pybo`): WorkingDirectory, alias paths. */
  serverPath: string;
  /** gunicorn behind a unix socket or a TCP port on the loopback. */
  bind: 'socket' | 'port';
  /** An HTTPS server with Certbot's certificate paths, and the HTTP server redirecting to it. */
  https: boolean;
  /** The unix socket path (default `/run/gunicorn.sock`). */
  socketPath?: string;
  /** The loopback port (default 8000). */
  port?: number;
  /** The user and group gunicorn runs as (default www-data, nginx's user on Debian). */
  user?: string;
  group?: string;
  /** The virtualenv on the server (default `<serverPath>/venv`). */
  venv?: string;
  /** The site's file name and the deployment's short name (default: the app's name). */
  name?: string;
}

/** Where the generated files go, relative to the app folder. */
export interface ScaffoldLayout {
  /** The folder of the nginx site (`deploy/nginx`, or `deploy/nginx/sites-available` when the workspace uses that). */
  nginxDir: string;
  /** The folder of the systemd units (`deploy/systemd`). */
  systemdDir: string;
}

/** One file to write: absolute workspace path and content. */
export interface ScaffoldFile {
  path: string;
  text: string;
  /** What the file is, for the editor's messages. */
  kind: 'nginx' | 'systemd-service' | 'systemd-socket' | 'gunicorn-config';
}

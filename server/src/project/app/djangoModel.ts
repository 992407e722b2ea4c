import type { PyValue } from '../../python/values';
import type { StaticMount } from './flaskModel';
import type { UrlStatic } from './djangoUrls';
import type { PyLocation } from './wsgi';

/** One setting as the settings module leaves it: its value and where it is written (after `import *`). */
export interface DjangoSetting {
  value: PyValue;
  /** The assignment's name and value ranges (in `file`), when the setting is written in the workspace. */
  file?: string;
  nameStart?: number;
  nameEnd?: number;
  valueStart?: number;
  valueEnd?: number;
  /** Assigned under a condition the evaluator could not decide. */
  conditional?: boolean;
}

/** Where DJANGO_SETTINGS_MODULE came from. */
export interface SettingsModuleOrigin {
  name: string;
  /** `caller` (systemd Environment=, gunicorn --env…), `setdefault` (wsgi.py/asgi.py/manage.py), or `guess`. */
  via: 'caller' | 'setdefault' | 'guess';
  source?: PyLocation;
}

/** A STATICFILES_DIRS entry: a dir, optionally with the prefix it is collected under. */
export interface StaticfilesDir {
  dir?: string;
  prefix?: string;
  source?: PyLocation;
}

/** What DeployLens knows about a Django project. Paths are workspace paths (`__file__`-relative expressions evaluated). */
export interface DjangoModel {
  settingsModule?: SettingsModuleOrigin;
  /** The settings file, when the module resolved in the workspace. */
  settingsFile?: string;
  /** The settings of interest, as the module leaves them (absent when not set: Django's default applies). */
  settings: Record<string, DjangoSetting>;
  debug?: boolean;
  /** STATIC_URL as requests see it: a relative value gets the SCRIPT_NAME prefix, so `static/` is `/static/`. */
  staticUrl?: string;
  staticRoot?: string;
  staticfilesDirs: StaticfilesDir[];
  mediaUrl?: string;
  mediaRoot?: string;
  allowedHosts?: string[];
  secureProxySslHeader?: [string, string];
  useXForwardedHost?: boolean;
  /** null means "no limit" (DATA_UPLOAD_MAX_MEMORY_SIZE = None); undefined: Django's default 2621440. */
  dataUploadMaxMemorySize?: number | null;
  /** WhiteNoise middleware serves STATIC_ROOT from the app itself. */
  whitenoise: boolean;
  installedApps: string[];
  /** `<app>/static/` dirs of workspace INSTALLED_APPS (what collectstatic copies, besides STATICFILES_DIRS). */
  appStaticDirs: Array<{ app: string; dir: string }>;
  /** STATIC_URL -> STATIC_ROOT and MEDIA_URL -> MEDIA_ROOT: what nginx should serve. */
  mounts: StaticMount[];
  /** How ROOT_URLCONF serves static files (development helpers, serve views), when ROOT_URLCONF is a literal. */
  urlStatic?: UrlStatic;
  /**
   * The middleware callees around `get_wsgi_application()` in the WSGI object gunicorn loads ([] when
   * it is the plain handler); undefined when that object is not known.
   */
  wsgiWrappers?: string[];
}

/** The settings DeployLens reads (and reports spans for). */
export const DJANGO_SETTINGS_OF_INTEREST = [
  'BASE_DIR',
  'DEBUG',
  'STATIC_URL',
  'STATIC_ROOT',
  'STATICFILES_DIRS',
  'MEDIA_URL',
  'MEDIA_ROOT',
  'ALLOWED_HOSTS',
  'SECURE_PROXY_SSL_HEADER',
  'USE_X_FORWARDED_HOST',
  'USE_X_FORWARDED_PORT',
  'DATA_UPLOAD_MAX_MEMORY_SIZE',
  'FILE_UPLOAD_MAX_MEMORY_SIZE',
  'FORCE_SCRIPT_NAME',
  'MIDDLEWARE',
  'INSTALLED_APPS',
  'WSGI_APPLICATION',
  'ROOT_URLCONF',
  'STATICFILES_STORAGE',
  'STORAGES',
  'CSRF_TRUSTED_ORIGINS',
] as const;

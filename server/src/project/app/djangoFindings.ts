// Django's own static/media checks (staticfiles.E001-E003, urls.E006, the ImproperlyConfigured
// "must have different values" errors), run on the statically read settings, with fixes where the
// value is a plain literal.
import type { Finding, Fix } from '../../common/diagnostics';
import type { ProjectHost } from '../../common/host';
import type { PyValue } from '../../python/values';
import type { DjangoModel, DjangoSetting } from './djangoModel';

function where(s: DjangoSetting | undefined, part: 'name' | 'value' = 'value'): { file: string; start: number; end: number } | undefined {
  if (!s?.file) return undefined;
  const start = part === 'name' ? s.nameStart : s.valueStart;
  const end = part === 'name' ? s.nameEnd : s.valueEnd;
  return start === undefined || end === undefined ? undefined : { file: s.file, start, end };
}

function norm(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

function text(v: PyValue | undefined): string | undefined {
  return v && (v.kind === 'str' || v.kind === 'path') ? v.value : undefined;
}

/** An edit inserting '/' before the closing quote of a string literal setting (`'/static'` -> `'/static/'`). */
function appendSlashFix(s: DjangoSetting, source: string | undefined, name: string): Fix[] {
  const at = where(s);
  if (!at || source === undefined) return [];
  const literal = source.slice(at.start, at.end);
  const m = /^([rRuU]?)(['"])([^'"\\\n]*)\2$/.exec(literal);
  if (!m) return [];
  return [{ title: `Add a trailing slash to ${name}`, edits: [{ file: at.file, start: at.end - 1, end: at.end - 1, newText: '/' }], preferred: true }];
}

/** The settings findings for a Django model. `host` reads the settings files (for literal-only fixes). */
export function djangoFindings(model: DjangoModel, host: ProjectHost): Finding[] {
  const out: Finding[] = [];
  const s = model.settings;
  const sourceOf = (x: DjangoSetting | undefined) => (x?.file ? host.readFile(x.file) : undefined);
  const push = (x: DjangoSetting | undefined, f: Omit<Finding, 'file' | 'start' | 'end'>, part: 'name' | 'value' = 'value') => {
    const at = where(x, part);
    if (at) out.push({ ...at, ...f });
  };

  for (const name of ['STATIC_URL', 'MEDIA_URL'] as const) {
    const url = text(s[name]?.value);
    if (url && !url.endsWith('/')) {
      push(s[name], {
        severity: 'error',
        code: name === 'STATIC_URL' ? 'django-static-url-slash' : 'django-media-url-slash',
        message: `${name} '${url}' must end with a slash (Django urls.E006): URLs built from it lose the separator`,
        fixes: appendSlashFix(s[name]!, sourceOf(s[name]), name),
      });
    }
  }

  const dirsV = s.STATICFILES_DIRS?.value;
  if (dirsV && dirsV.kind !== 'list' && dirsV.kind !== 'tuple' && dirsV.kind !== 'unknown') {
    const at = where(s.STATICFILES_DIRS);
    const src = sourceOf(s.STATICFILES_DIRS);
    const fixes: Fix[] = at && src !== undefined ? [{ title: 'Make STATICFILES_DIRS a list', edits: [{ file: at.file, start: at.start, end: at.end, newText: `[${src.slice(at.start, at.end)}]` }], preferred: true }] : [];
    push(s.STATICFILES_DIRS, { severity: 'error', code: 'django-staticfiles-dirs-not-list', message: 'STATICFILES_DIRS must be a list or tuple (Django staticfiles.E001); a string is read character by character', fixes });
  }

  if (model.staticRoot) {
    const root = norm(model.staticRoot);
    if (model.staticfilesDirs.some((d) => d.dir !== undefined && norm(d.dir) === root)) {
      push(s.STATICFILES_DIRS, {
        severity: 'error',
        code: 'django-staticfiles-dirs-contains-root',
        message: `STATICFILES_DIRS contains STATIC_ROOT (${root}) (Django staticfiles.E002): collectstatic would copy files onto themselves`,
        related: where(s.STATIC_ROOT, 'name') ? [{ ...where(s.STATIC_ROOT, 'name')!, message: 'STATIC_ROOT is set here' }] : [],
      });
    }
  }
  for (const d of model.staticfilesDirs) {
    if (d.prefix !== undefined && d.prefix.endsWith('/')) {
      push(s.STATICFILES_DIRS, { severity: 'error', code: 'django-staticfiles-prefix-slash', message: `The STATICFILES_DIRS prefix '${d.prefix}' must not end with a slash (Django staticfiles.E003)` });
    }
  }

  if (model.mediaUrl && model.staticUrl && model.mediaUrl === model.staticUrl) {
    push(s.MEDIA_URL, {
      severity: 'error',
      code: 'django-media-url-equals-static-url',
      message: `MEDIA_URL and STATIC_URL must have different values (both '${model.staticUrl}'): Django refuses to start`,
      related: where(s.STATIC_URL, 'name') ? [{ ...where(s.STATIC_URL, 'name')!, message: 'STATIC_URL is set here' }] : [],
    });
  }
  if (model.mediaRoot && model.staticRoot && norm(model.mediaRoot) === norm(model.staticRoot)) {
    push(s.MEDIA_ROOT, {
      severity: 'error',
      code: 'django-media-root-equals-static-root',
      message: `MEDIA_ROOT and STATIC_ROOT must have different values (both ${norm(model.staticRoot)}): uploads would mix with collected static files`,
      related: where(s.STATIC_ROOT, 'name') ? [{ ...where(s.STATIC_ROOT, 'name')!, message: 'STATIC_ROOT is set here' }] : [],
    });
  }

  const staticfilesApp = model.installedApps.includes('django.contrib.staticfiles');
  if (staticfilesApp && s.STATIC_ROOT === undefined && model.settingsFile && model.debug !== true) {
    const anchor = s.STATIC_URL ?? s.INSTALLED_APPS;
    push(
      anchor,
      {
        severity: 'warning',
        code: 'django-static-root-unset',
        message: 'STATIC_ROOT is not set: collectstatic fails (ImproperlyConfigured) and there is no directory for nginx (or WhiteNoise) to serve static files from',
      },
      'name',
    );
  } else if (staticfilesApp && model.staticRoot && host.stat(model.staticRoot)?.type !== 'directory' && s.STATIC_ROOT?.file) {
    push(
      s.STATIC_ROOT,
      {
        severity: 'information',
        code: 'django-static-not-collected',
        message: `STATIC_ROOT (${model.staticRoot}) does not exist in the workspace: run 'manage.py collectstatic' on the server before nginx can serve ${model.staticUrl ?? 'STATIC_URL'}`,
      },
      'name',
    );
  }
  return out;
}

/**
 * Does the Django project serve static files itself under gunicorn? The WSGI handler gunicorn runs
 * (`get_wsgi_application()`) has no static-file handler: only `runserver` wraps one
 * (`django.contrib.staticfiles.handlers.StaticFilesHandler`). What is left are URL patterns in the
 * URLconf: the development helpers `static(prefix, document_root=...)` (django/conf/urls/static.py)
 * and `staticfiles_urlpatterns()` / `include('django.contrib.staticfiles.urls')`, which return a
 * pattern only when DEBUG is True (an empty list otherwise), and views routed by hand
 * (`django.views.static.serve`, which serves whatever DEBUG is). This reads ROOT_URLCONF and the
 * workspace modules it includes by name, and lists those uses.
 */
import type { PyNode } from '../../python/parse';
import type { PyModule } from '../../python/scope';
import type { ModuleLoader } from './loader';
import type { PyLocation } from './wsgi';

/** One way the URLconf serves files. */
export interface UrlStaticUse {
  /**
   * `static`: `static(prefix, ...)`, a pattern only with DEBUG; `staticfiles`: `staticfiles_urlpatterns()`
   * or an include of `django.contrib.staticfiles.urls` (STATIC_URL, only with DEBUG); `serve`: a serve
   * view routed by hand (may serve whatever DEBUG is).
   */
  kind: 'static' | 'staticfiles' | 'serve';
  /** The prefix is STATIC_URL (`settings.STATIC_URL`, or the same literal); false for MEDIA_URL and others. */
  staticUrl: boolean;
  at: PyLocation;
}

/** What the URLconf says about static files. */
export interface UrlStatic {
  /** The URLconf module was found and read in the workspace (else nothing can be said). */
  known: boolean;
  uses: UrlStaticUse[];
  /** The modules read (ROOT_URLCONF first). */
  modules: string[];
}

const STATIC_HELPER = 'django.conf.urls.static.static';
const STATICFILES_HELPER = 'django.contrib.staticfiles.urls.staticfiles_urlpatterns';
const SERVE_VIEWS = new Set(['django.views.static.serve', 'django.contrib.staticfiles.views.serve']);
const STATICFILES_URLS = 'django.contrib.staticfiles.urls';

/** Bounds the walk over included URLconfs. */
const MAX_MODULES = 30;

/** The qualified names the module's imports bind (`static` -> `django.conf.urls.static.static`; `views` -> `django.views`). */
function importedNames(mod: PyModule): Map<string, string> {
  const out = new Map<string, string>();
  for (const imp of mod.imports) {
    if (imp.star || imp.level > 0) continue;
    for (const n of imp.names) {
      if (imp.kind === 'from') out.set(n.alias ?? n.name, `${imp.module}.${n.name}`);
      else out.set(n.alias ?? n.name.split('.')[0], n.alias ? n.name : n.name.split('.')[0]);
    }
  }
  return out;
}

/** The qualified name of `a.b.c` through the imports, or undefined. */
function qualified(node: PyNode | null, names: Map<string, string>): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return names.get(node.text);
  if (node.type === 'attribute') {
    const obj = qualified(node.childForFieldName('object'), names);
    const attr = node.childForFieldName('attribute')?.text;
    return obj && attr ? `${obj}.${attr}` : undefined;
  }
  return undefined;
}

/** The first positional argument of a call, if any. */
function firstArg(call: PyNode): PyNode | undefined {
  const args = call.childForFieldName('arguments');
  return args?.namedChildren.find((c) => c !== null && c.type !== 'keyword_argument' && c.type !== 'comment') ?? undefined;
}

/** The value of a plain string literal node (no f-string, no concatenation). */
function literal(node: PyNode | undefined): string | undefined {
  if (!node || node.type !== 'string' || node.descendantsOfType('interpolation').length) return undefined;
  const content = node.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join('');
  return content;
}

/**
 * Reads the URLconf `urlconf` (ROOT_URLCONF) and what it includes by name. `staticUrl`: STATIC_URL's
 * value, to recognise a literal prefix.
 */
export function readUrlStatic(loader: ModuleLoader, urlconf: string | undefined, staticUrl: string | undefined): UrlStatic {
  const result: UrlStatic = { known: false, uses: [], modules: [] };
  if (!urlconf) return result;
  const queue = [urlconf];
  const seen = new Set<string>();
  while (queue.length && seen.size < MAX_MODULES) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const mod = loader.load(name);
    if (!mod?.file) {
      // The root URLconf must be readable; an included module outside the workspace is a package's (no static serving).
      if (name === urlconf) return result;
      continue;
    }
    if (name === urlconf) result.known = true;
    result.modules.push(name);
    const names = importedNames(mod);
    const file = mod.file;
    const at = (n: PyNode): PyLocation => ({ file, start: n.startIndex, end: n.endIndex });
    const isStaticPrefix = (n: PyNode | undefined): boolean => {
      if (!n) return true; // staticfiles_urlpatterns() defaults to STATIC_URL
      if (/\bSTATIC_URL\b/.test(n.text)) return true;
      const lit = literal(n);
      return lit !== undefined && staticUrl !== undefined && lit.replace(/^\/?/, '/') === staticUrl;
    };
    for (const call of mod.tree.root.descendantsOfType('call')) {
      if (!call) continue;
      const fn = call.childForFieldName('function');
      const q = qualified(fn, names);
      if (q === STATIC_HELPER) result.uses.push({ kind: 'static', staticUrl: isStaticPrefix(firstArg(call)), at: at(call) });
      else if (q === STATICFILES_HELPER) result.uses.push({ kind: 'staticfiles', staticUrl: isStaticPrefix(firstArg(call)), at: at(call) });
      else if (q === 'django.urls.include' || q === 'django.conf.urls.include' || fn?.text === 'include') {
        const target = literal(firstArg(call));
        if (target === STATICFILES_URLS) result.uses.push({ kind: 'staticfiles', staticUrl: true, at: at(call) });
        else if (target) queue.push(target);
      }
    }
    // A serve view named anywhere (path('static/<path>', serve, {...})) serves files whatever DEBUG is.
    for (const id of [...mod.tree.root.descendantsOfType('identifier'), ...mod.tree.root.descendantsOfType('attribute')]) {
      if (!id || id.parent?.type === 'attribute' || id.parent?.type === 'import_from_statement' || id.parent?.type === 'dotted_name' || id.parent?.type === 'aliased_import') continue;
      const q = qualified(id, names);
      if (q && SERVE_VIEWS.has(q)) result.uses.push({ kind: 'serve', staticUrl: true, at: at(id) });
    }
  }
  return result;
}

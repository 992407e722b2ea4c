// Recognising WSGI application objects and app factories from evaluated values.
import { returnsOf, type PyFunction } from '../../python/evaluate';
import type { PyValue } from '../../python/values';

/** Calls whose result is a WSGI application (the framework's app object, or a middleware wrapping one). */
export const APP_CALLEES = new Set([
  'flask.Flask',
  'quart.Quart',
  'django.core.wsgi.get_wsgi_application',
  'django.core.handlers.wsgi.WSGIHandler',
  'werkzeug.middleware.proxy_fix.ProxyFix',
  'werkzeug.contrib.fixers.ProxyFix',
  'werkzeug.middleware.dispatcher.DispatcherMiddleware',
  'werkzeug.middleware.shared_data.SharedDataMiddleware',
  'whitenoise.WhiteNoise',
  'whitenoise.django.DjangoWhiteNoise',
  'bottle.Bottle',
  'falcon.App',
  'falcon.API',
]);

/** The framework an app value belongs to, when it is a recognised app object. */
export function appFramework(v: PyValue | undefined): 'flask' | 'django' | 'other' | undefined {
  if (!v || v.kind !== 'call' || !APP_CALLEES.has(v.callee)) return undefined;
  if (v.callee.startsWith('flask.') || v.callee.startsWith('quart.')) return 'flask';
  if (v.callee.startsWith('django.')) return 'django';
  return 'other';
}

/** Conventional factory names (Flask's docs and tutorials), a weaker signal than the returned value. */
const FACTORY_NAME = /^(create|make|build|get|init)_?(wsgi_?)?app(lication)?$/i;

/**
 * Whether a function is an app factory: it returns a recognised app object (`return Flask(...)`,
 * `app = Flask(...); return app`, `return get_wsgi_application()`), or it is named like one.
 * `app` is the returned app object when known.
 */
export function factoryInfo(fn: PyFunction): { factory: boolean; app?: PyValue & { kind: 'call' }; byName: boolean } {
  for (const r of returnsOf(fn)) {
    if (r.value.kind === 'call' && APP_CALLEES.has(r.value.callee)) return { factory: true, app: r.value, byName: false };
  }
  const byName = FACTORY_NAME.test(fn.name);
  return { factory: byName, byName };
}

/** Short description of a value for messages ("a str", "a list"). */
export function describeValue(v: PyValue): string {
  switch (v.kind) {
    case 'none':
      return 'None';
    case 'str':
    case 'bytes':
    case 'int':
    case 'float':
    case 'bool':
    case 'list':
    case 'tuple':
    case 'dict':
      return `${v.kind === 'int' ? 'an' : 'a'} ${v.kind}`;
    case 'path':
      return 'a Path';
    case 'ref':
      return v.what === 'module' ? 'a module' : `${v.target}`;
    case 'call':
      return `the result of ${v.callee}()`;
    default:
      return 'an unknown value';
  }
}

import { relative } from 'node:path';
import type { Finding, Fix, RelatedLocation } from '../common/diagnostics';
import type { DjangoModel } from '../project/app/djangoModel';
import { staticProbes, type StaticProbe } from '../project/staticRoutes';
import { insertLineBefore } from './edits';
import { locationOf, uniqueBy } from './staticShared';
import { where, type Rule, type RuleContext } from './rule';

/**
 * No nginx location serves the app's static URL, so nginx passes it to gunicorn. Under gunicorn
 * Django serves static files only through a URL pattern (`static()` / `staticfiles_urlpatterns()`
 * in the URLconf, which exist only with DEBUG = True), WhiteNoise, or a WSGI wrapper; runserver's
 * static handler is not there. So: an error when the URLconf has no such pattern (whatever DEBUG is:
 * measured on the real stack), or has one and the settings say DEBUG = False outright; a warning
 * when it depends (DEBUG from the environment or Django's default, an unread URLconf, a wrapper);
 * a hint when DEBUG = True and a helper serves them (works, through Python, only while DEBUG is on).
 * The fix adds `location /static/ { alias STATIC_ROOT/; }`. Flask serves its static folder itself:
 * that works, only slower (a hint).
 */
export const staticNotServed: Rule = {
  id: 'static-not-served',
  severity: 'warning',
  description: 'no nginx location serves the static URL while the app does not serve it either (Django, DEBUG off)',
  check(ctx: RuleContext): Finding[] {
    const probes = staticProbes(ctx).filter((p) => p.kind === 'static' && p.verdict === 'proxied-to-app');
    const out: Finding[] = [];
    for (const p of uniqueBy(probes, (x) => `${x.server.index}:${x.site.config.main.path}:${x.mount.url}`)) {
      const loc = locationOf(p, p.result.location?.ref);
      const at = loc?.at ?? p.server.at;
      if (!at) continue;
      const app = p.entry.app!;
      if (app.framework === 'django') {
        const dj = app.django!;
        if (dj.whitenoise) continue;
        const verdict = djangoServes(dj);
        if (verdict.serves === 'yes') continue;
        const debug = dj.settings.DEBUG;
        const debugAt = debug?.file && debug.nameStart !== undefined ? ` (DEBUG = ${dj.debug === undefined ? '?' : dj.debug ? 'True' : 'False'} at ${where(ctx.host, debug.file, debug.nameStart, ctx.model.root)})` : ' (DEBUG is off by default)';
        const add = `Add "location ${p.mount.url} { alias ${p.mountServerDir ?? 'STATIC_ROOT'}/; }" (after collectstatic), or use WhiteNoise`;
        out.push({
          file: at.file.path,
          start: at.directive.start,
          end: at.directive.end,
          severity: verdict.sure ? 'error' : verdict.serves === 'debug-only' && dj.debug === true ? 'hint' : this.severity,
          code: this.id,
          message: `no location serves ${p.mount.url}: nginx passes ${p.url} to gunicorn, and ${verdict.why(debugAt)}. ${add}`,
          related: [...related(p), ...verdict.related],
          ...fixFor(ctx, p, at.file.path, at.directive.start),
        });
            } else if (app.framework === 'flask') {
        out.push({
          file: at.file.path,
          start: at.directive.start,
          end: at.directive.end,
          severity: 'hint',
          code: this.id,
          message: `no location serves ${p.mount.url}: Flask serves ${p.mount.dir ? relative(ctx.model.root, p.mount.dir) : 'its static folder'} itself through gunicorn (it works; a "location ${p.mount.url} { alias ${p.mountServerDir ?? '…'}/; }" would let nginx send the files without a Python worker)`,
          related: related(p),
          ...fixFor(ctx, p, at.file.path, at.directive.start),
        });
      }
    }
    return out;
  },
};

function related(p: StaticProbe) {
  const s = p.mount.source;
  return s ? [{ file: s.file, start: s.start, end: s.end, message: `${p.mount.url} -> ${p.mount.dir ?? '?'}` }] : [];
}

/** Inserts `location /static/ { alias DIR/; }` before the location that proxies it, when DIR is known in server terms. */
function fixFor(ctx: RuleContext, p: StaticProbe, file: string, before: number): { fixes?: Fix[] } {
  if (!p.mountServerDir || !p.result.location) return {};
  const url = p.mount.url.endsWith('/') ? p.mount.url : p.mount.url + '/';
  const edit = insertLineBefore(ctx.host, file, before, `location ${url} { alias ${p.mountServerDir}/; }`);
  return edit ? { fixes: [{ title: `Serve ${url} from ${p.mountServerDir} with nginx`, edits: [edit], preferred: true }] } : {};
}

/** Whether Django itself answers STATIC_URL under gunicorn, how sure that is, and why (for the message). */
interface DjangoServes {
  /** `no`: nothing serves them; `debug-only`: a helper that needs DEBUG = True; `yes`: a serve view or wrapper may; `unknown`. */
  serves: 'no' | 'debug-only' | 'yes' | 'unknown';
  /** A 404 for every static file, for sure. */
  sure: boolean;
  why: (debugAt: string) => string;
  related: RelatedLocation[];
}

const debugSure = (dj: DjangoModel): boolean => {
  const d = dj.settings.DEBUG;
  return d !== undefined && dj.debug !== undefined && !d.conditional && d.value.kind === 'bool' && !d.value.env?.length;
};

/** Reads the URLconf and the WSGI object of a Django app for what serves its static files. */
function djangoServes(dj: DjangoModel): DjangoServes {
  const urls = dj.urlStatic;
  const staticUses = (urls?.uses ?? []).filter((u) => u.staticUrl);
  const related = staticUses.map((u) => ({ ...u.at, message: u.kind === 'serve' ? 'a serve view' : 'static files served only with DEBUG = True' }));
  // Wrappers other than ProxyFix (WhiteNoise, dj-static's Cling, StaticFilesHandler) may serve the files.
  const plainWsgi = dj.wsgiWrappers !== undefined && dj.wsgiWrappers.every((w) => w.endsWith('ProxyFix'));
  if (staticUses.some((u) => u.kind === 'serve') || (dj.wsgiWrappers ?? []).some((w) => !w.endsWith('ProxyFix'))) {
    return { serves: 'yes', sure: false, why: () => '', related };
  }
  const offForSure = dj.debug === false && debugSure(dj);
  if (urls?.known && staticUses.length === 0) {
    // An unknown WSGI object may be a wrapper that serves files: then only DEBUG = False written is sure.
    const sure = plainWsgi || (dj.wsgiWrappers === undefined && offForSure);
    return {
      serves: 'no',
      sure,
      why: (debugAt) =>
        `under gunicorn Django serves no static files whatever DEBUG is${debugAt}: only runserver does, and the URLconf ${urls.modules[0]} adds no static() or staticfiles_urlpatterns() pattern; every static file is 404`,
      related,
    };
  }
  if (staticUses.length) {
    // The helpers return no pattern unless DEBUG is True.
    const off = dj.debug === false || (dj.settings.DEBUG === undefined && dj.debug === undefined);
    const sure = (plainWsgi || dj.wsgiWrappers === undefined) && offForSure;
    return {
      serves: 'debug-only',
      sure,
      why: (debugAt) =>
        off || dj.debug === undefined
          ? `the URLconf serves static files only with DEBUG = True${debugAt}: with DEBUG off every static file is 404`
          : `Django serves them through Python only because DEBUG = True${debugAt} (static() is a development helper; with DEBUG off they are 404)`,
      related,
    };
  }
  // The URLconf was not read: the old rule of thumb (DEBUG off certainly breaks them).
  const sure = offForSure;
  if (dj.settings.DEBUG && dj.debug !== false) return { serves: 'unknown', sure: false, why: (debugAt) => `Django serves static files under gunicorn only through URL patterns the workspace does not show${debugAt}: they may be 404`, related };
  return { serves: 'unknown', sure, why: (debugAt) => `Django does not serve static files with DEBUG off${debugAt}: every static file is 404`, related };
}

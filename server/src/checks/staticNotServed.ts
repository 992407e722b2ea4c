import { relative } from 'node:path';
import type { Finding, Fix } from '../common/diagnostics';
import { staticProbes, type StaticProbe } from '../project/staticRoutes';
import { insertLineBefore } from './edits';
import { locationOf, uniqueBy } from './staticShared';
import { where, type Rule, type RuleContext } from './rule';

/**
 * No nginx location serves the app's static URL, so nginx passes it to gunicorn. Django with DEBUG
 * off (and no WhiteNoise) does not serve static files: every stylesheet and the admin's assets are
 * 404 (the fix adds `location /static/ { alias STATIC_ROOT/; }`): an error when the settings say
 * DEBUG = False outright, a warning when that is Django's default or the environment's choice.
 * Flask serves its static folder itself: that works, only slower (a hint).
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
        const debug = dj.settings.DEBUG;
        if (debug && dj.debug !== false) continue; // DEBUG on, or unknown: Django may serve them
        const debugAt = debug?.file && debug.nameStart !== undefined ? ` (DEBUG = False at ${where(ctx.host, debug.file, debug.nameStart, ctx.model.root)})` : ' (DEBUG is off by default)';
        // DEBUG = False written in the settings (not from the environment): every static file is a sure 404.
        const sure = debug !== undefined && dj.debug === false && !debug.conditional && debug.value.kind === 'bool' && !debug.value.env?.length;
        out.push({
          file: at.file.path,
          start: at.directive.start,
          end: at.directive.end,
          severity: sure ? 'error' : this.severity,
          code: this.id,
          message: `no location serves ${p.mount.url}: nginx passes ${p.url} to gunicorn, and Django does not serve static files with DEBUG off${debugAt}: every static file is 404. Add "location ${p.mount.url} { alias ${p.mountServerDir ?? 'STATIC_ROOT'}/; }" (after collectstatic), or use WhiteNoise`,
          related: related(p),
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

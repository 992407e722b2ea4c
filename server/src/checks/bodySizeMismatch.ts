import type { Finding } from '../common/diagnostics';
import { inherited } from '../nginx/routing/content';
import { backendsOf } from '../project/backends';
import { scopeOfPass } from '../project/proxyHeaders';
import { parseNginxSize, showSize } from './nginxTime';
import type { AppModel } from '../project/app/index';
import { where, type Rule, type RuleContext } from './rule';

/**
 * The app accepts request bodies up to a limit it sets (Flask MAX_CONTENT_LENGTH, Django
 * DATA_UPLOAD_MAX_MEMORY_SIZE) larger than nginx's `client_max_body_size` (default 1m): bodies in
 * between get 413 from nginx and never reach the app. Information: often intended.
 */
export const bodySizeMismatch: Rule = {
  id: 'body-size-mismatch',
  severity: 'information',
  description: "nginx's client_max_body_size is smaller than the body limit the app sets (413 from nginx first)",
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const b of backendsOf(ctx.model, ctx.proxies)) {
      const app = b.entry.app;
      const limit = app?.proxy.maxBodyBytes;
      if (typeof limit !== 'number' || app?.proxy.maxBodyEnv?.length) continue;
      const found = inherited(scopeOfPass(b.proxy), ['client_max_body_size']);
      const written = found?.at.directive.args[0]?.value;
      const nginxMax = written === undefined ? 1024 * 1024 : parseNginxSize(written);
      if (nginxMax === undefined || nginxMax === 0 || nginxMax >= limit) continue;
      const anchor = found ? { file: found.at.file.path, start: found.at.directive.start, end: found.at.directive.end } : { file: b.proxy.file.path, start: b.proxy.directive.start, end: b.proxy.directive.end };
      const key = `${anchor.file}:${anchor.start}:${b.entry.instance.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const setting = app!.framework === 'django' ? 'DATA_UPLOAD_MAX_MEMORY_SIZE' : 'MAX_CONTENT_LENGTH';
      const at = settingAt(app!, setting);
      const shown = at ? `${setting}, ${where(ctx.host, at.file, at.start, ctx.model.root)}` : setting;
      out.push({
        ...anchor,
        severity: this.severity,
        code: this.id,
        ...(at ? { related: [{ ...at, message: setting }] } : {}),
        message: `nginx accepts request bodies up to ${written ?? '1m (the default client_max_body_size)'}, the app up to ${showSize(limit)} (${shown}): bodies in between get 413 from nginx. Set client_max_body_size ${showSize(limit)} if the app should get them`,
      });
    }
    return out;
  },
};

/** Where the app sets its body limit, when the workspace shows it. */
function settingAt(app: AppModel, name: string): { file: string; start: number; end: number } | undefined {
  if (app.django) {
    const s = app.django.settings[name];
    return s?.file && s.nameStart !== undefined ? { file: s.file, start: s.nameStart, end: s.nameEnd ?? s.nameStart } : undefined;
  }
  const src = app.flask?.config[name]?.source;
  return src?.file ? { file: src.file, start: src.start, end: src.end } : undefined;
}

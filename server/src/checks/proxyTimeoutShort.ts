import type { Finding } from '../common/diagnostics';
import { inherited } from '../nginx/routing/content';
import { backendsOf } from '../project/backends';
import { scopeOfPass } from '../project/proxyHeaders';
import { parseNginxTime } from './nginxTime';
import { insertLineBefore } from './edits';
import { replaceInRange, where, type Rule, type RuleContext } from './rule';

/**
 * nginx waits `proxy_read_timeout` (default 60s) for the app's answer; gunicorn lets a sync worker
 * run `timeout` seconds (default 30) before killing it. With nginx's wait shorter, requests between
 * the two get 504 from nginx while the worker keeps working for nobody. Reported only when one side
 * is set explicitly (the defaults agree).
 */
export const proxyTimeoutShort: Rule = {
  id: 'proxy-timeout-short',
  severity: 'warning',
  description: "nginx's proxy_read_timeout is shorter than gunicorn's worker timeout (504 for slow requests gunicorn would allow)",
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const b of backendsOf(ctx.model, ctx.proxies)) {
      if (b.proxy.directive.name !== 'proxy_pass') continue;
      const i = b.entry.instance;
      const timeout = i.timeout;
      const tSetting = i.settings.timeout;
      if (timeout === null || timeout <= 0) continue;
      const found = inherited(scopeOfPass(b.proxy), ['proxy_read_timeout']);
      const nginxSet = found?.at.directive.args[0]?.value;
      const read = nginxSet === undefined ? 60 : parseNginxTime(nginxSet);
      if (read === undefined || read >= timeout) continue;
      if (nginxSet === undefined && tSetting?.origin === 'default') continue;
      const anchor = found ? { file: found.at.file.path, start: found.at.directive.start, end: found.at.directive.end } : { file: b.proxy.file.path, start: b.proxy.directive.start, end: b.proxy.directive.end };
      const key = `${anchor.file}:${anchor.start}:${i.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const fix = found
        ? replaceInRange(ctx.host, found.at.file.path, found.at.directive.args[0].start, found.at.directive.args[0].end, nginxSet!, `${timeout}s`)
        : insertLineBefore(ctx.host, b.proxy.file.path, b.proxy.directive.start, `proxy_read_timeout ${timeout}s;`);
      const tAt = tSetting?.source ? ` (${where(ctx.host, tSetting.source.file, tSetting.source.start, ctx.model.root)})` : ' (its default)';
      out.push({
        ...anchor,
        severity: this.severity,
        code: this.id,
        message: `nginx waits ${nginxSet ?? '60s (the default proxy_read_timeout)'} for the app, but gunicorn lets a request run ${timeout}s${tAt}: requests between the two get 504 from nginx while the worker keeps running. Set proxy_read_timeout ${timeout}s (or more)`,
        ...(tSetting?.source ? { related: [{ ...tSetting.source, message: `gunicorn timeout ${timeout}` }] } : {}),
        ...(fix ? { fixes: [{ title: `Wait as long as gunicorn: proxy_read_timeout ${timeout}s`, edits: [fix], preferred: true }] } : {}),
      });
    }
    return out;
  },
};

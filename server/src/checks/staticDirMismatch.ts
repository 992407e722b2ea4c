import type { Finding, Fix } from '../common/diagnostics';
import { staticProbes, type StaticProbe } from '../project/staticRoutes';
import { normPath, toWorkspace } from '../project/serverPaths';
import { appRelated, appSide, staticProblems, uniqueBy, type StaticProblem } from './staticShared';
import { replaceInRange, type Rule, type RuleContext } from './rule';

/**
 * nginx serves an app's static URL from another directory than the one the app means: a wrong
 * alias or root (404 for the app's files), or, for Django, an app's `static/` folder or a
 * STATICFILES_DIRS entry instead of STATIC_ROOT (only the files of that one folder are found; the
 * admin's and other apps' are 404). The fix rewrites the alias or root to the folder in server terms.
 */
export const staticDirMismatch: Rule = {
  id: 'static-dir-mismatch',
  severity: 'error',
  description: "nginx serves the app's static URL from another directory than the app's static folder (or Django's STATIC_ROOT)",
  check(ctx: RuleContext): Finding[] {
    const problems = staticProblems(ctx, staticProbes(ctx)).filter((p) => p.cause === 'dir-mismatch');
    const out: Finding[] = [];
    for (const p of uniqueBy(problems, (x) => (x.mapping ? `${x.mapping.at.file.path}:${x.mapping.at.directive.start}` : `${x.probe.server.index}:${x.probe.url}`))) {
      const f = finding(ctx, p);
      if (f) out.push({ ...f, severity: this.severity, code: this.id });
    }
    return out;
  },
};

function finding(ctx: RuleContext, p: StaticProblem): Omit<Finding, 'severity' | 'code'> | undefined {
  if (!p.mapping) return undefined;
  const d = p.mapping.at.directive;
  const arg = d.args[0];
  if (!arg) return undefined;
  const file = p.mapping.at.file.path;
  const probe = p.probe;
  const fixes: Fix[] = [];
  const target = probe.mountServerDir;
  const owner = p.mapping.owner;
  if (target && !/\$/.test(arg.value) && (!owner || owner.modifier === '' || owner.modifier === '^~')) {
    let value: string | undefined;
    if (d.name === 'alias' && owner) value = arg.value.endsWith('/') || owner.pattern.endsWith('/') ? target + '/' : target;
    else if (d.name === 'root') {
      // root R serves R + URI: R is the folder minus the URL prefix, when the folder ends with it.
      const prefix = probe.mount.url.replace(/\/+$/, '');
      if (target.endsWith(prefix) && target.length > prefix.length) value = target.slice(0, target.length - prefix.length);
    }
    const edit = value !== undefined ? replaceInRange(ctx.host, file, arg.start, arg.end, arg.value, value) : undefined;
    if (edit) fixes.push({ title: `Serve ${probe.mount.url} from ${target}: ${d.name} ${value}`, edits: [edit], preferred: true });
    // root cannot name a folder whose path does not end with the URL prefix: alias can.
    if (!edit && d.name === 'root' && owner && owner.pattern.replace(/\/$/, '') === probe.mount.url.replace(/\/$/, '')) {
      const aliasValue = owner.pattern.endsWith('/') ? target + '/' : target;
      const name = replaceInRange(ctx.host, file, d.nameWord.start, d.nameWord.end, 'root', 'alias');
      const val = replaceInRange(ctx.host, file, arg.start, arg.end, arg.value, aliasValue);
      if (name && val) fixes.push({ title: `Serve ${probe.mount.url} from ${target}: alias ${aliasValue}`, edits: [name, val], preferred: true });
    }
  }
  return {
    file,
    start: arg.start,
    end: arg.end,
    message: `${d.name} ${arg.value} serves ${probe.url} from ${probe.served ?? '?'}, but the files are in ${appSide(ctx, probe)}${djangoHint(ctx, probe)}: nginx answers 404 for the app's files`,
    related: appRelated(probe),
    ...(fixes.length ? { fixes } : {}),
  };
}

/** For Django: say when nginx points at a folder collectstatic copies from instead of STATIC_ROOT. */
function djangoHint(ctx: RuleContext, probe: StaticProbe): string {
  const dj = probe.entry.app?.django;
  if (!dj || probe.mount.owner !== 'STATIC_ROOT' || !probe.served) return '';
  const servedWs = toWorkspace(ctx, probe.served, false);
  if (!servedWs) return '';
  for (const a of dj.appStaticDirs) {
    if (servedWs.startsWith(normPath(a.dir) + '/')) return ` (${a.dir.slice(ctx.model.root.length + 1)} is the app ${a.app}'s static folder: collectstatic copies it into STATIC_ROOT, and only STATIC_ROOT holds every app's files, the admin's included)`;
  }
  for (const s of dj.staticfilesDirs) {
    if (s.dir && servedWs.startsWith(normPath(s.dir) + '/')) return ` (${s.dir.slice(ctx.model.root.length + 1)} is a STATICFILES_DIRS entry: collectstatic copies it into STATIC_ROOT, which nginx should serve)`;
  }
  return '';
}

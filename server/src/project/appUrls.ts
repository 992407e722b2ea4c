/**
 * The app's URLs and what nginx does with each: every file under the app's static folders
 * (`/static/style.css`) and every route (`/question/list/`, converters filled with sample values),
 * routed through the deployment (graphRoute.ts) and summed up as "served by nginx from disk",
 * "proxied to the app" or "404". The topology preview lists them and offers them as suggestions.
 */
import { posix } from 'node:path';
import type { ProjectHost } from '../common/host';
import type { AppUrl, DeploymentGraph, GraphRoute } from '../../../shared/src/graph';
import type { DeploymentModel } from './model';
import { routeOnGraph } from './graphRoute';

/** At most this many static files per mount, and URLs in all (a vendored asset folder can hold thousands). */
const PER_MOUNT = 60;
const TOTAL = 300;

/** The app's URLs with their outcomes, static files first, then routes; sorted within each group. */
export function appUrls(model: DeploymentModel, graph: DeploymentGraph, host: ProjectHost): AppUrl[] {
  const base = baseUrl(model);
  const paths: Array<{ path: string; source: AppUrl['source'] }> = [];
  const seen = new Set<string>();
  const push = (path: string, source: AppUrl['source']) => {
    if (seen.has(path) || paths.length >= TOTAL) return;
    seen.add(path);
    paths.push({ path, source });
  };
  for (const { app } of model.gunicorn) {
    for (const m of app?.staticMounts ?? []) {
      if (!m.effective || !m.dir) continue;
      for (const f of listFiles(host, m.dir, PER_MOUNT).sort()) push(m.url.replace(/\/?$/, '/') + f, 'static-file');
    }
  }
  const routes = model.gunicorn.flatMap((g) => g.app?.routes ?? []).map((r) => sampleRule(r.rule));
  for (const r of [...new Set(routes)].sort()) push(r, 'route');
  return paths.map(({ path, source }) => {
    const url = base + path;
    const route = routeOnGraph(model, graph, host, url);
    return { path, url, source, ...verdict(route) };
  });
}

/** A URL prefix that reaches the deployment: the first plain server_name, its first port and scheme. */
export function baseUrl(model: DeploymentModel): string {
  for (const site of model.nginx) {
    for (const s of site.routing.servers) {
      const name = s.nameTexts.find((n) => n !== '' && n !== '_' && !/[*~$]/.test(n) && !n.startsWith('.'));
      const entry = site.routing.addresses.find((a) => a.servers.includes(s));
      if (!name && !entry) continue;
      const scheme = entry?.ssl ? 'https' : 'http';
      const port = entry?.port ?? 80;
      const defaultPort = scheme === 'https' ? 443 : 80;
      return `${scheme}://${name ?? 'localhost'}${port === defaultPort ? '' : `:${port}`}`;
    }
  }
  return 'http://localhost';
}

/** A rule with sample values for its converters (`<int:id>` -> 1), so that it can be routed. */
export function sampleRule(rule: string): string {
  return rule.replace(/<(?:([A-Za-z_][A-Za-z0-9_]*)(?:\([^)]*\))?:)?[A-Za-z_][A-Za-z0-9_]*>/g, (_m, conv: string | undefined) =>
    conv === 'int' ? '1' : conv === 'float' ? '1.0' : conv === 'path' ? 'a/b' : conv === 'uuid' ? '00000000-0000-0000-0000-000000000000' : 'x',
  );
}

function verdict(r: GraphRoute): Pick<AppUrl, 'outcome' | 'detail'> {
  if (r.outcome === 'static') return r.status === 404 ? { outcome: 'not-found', detail: r.summary } : { outcome: 'nginx-disk', detail: r.summary };
  if (r.outcome === 'proxy') {
    if (r.status === 404) return { outcome: 'not-found', detail: r.summary + ' (no app route matches: 404)' };
    return r.nodeIds.some((id) => id.startsWith('gunicorn:')) ? { outcome: 'app', detail: r.summary } : { outcome: 'other', detail: r.summary };
  }
  if (r.status === 404) return { outcome: 'not-found', detail: r.summary };
  return { outcome: 'other', detail: r.summary };
}

/** Files below `dir` (relative paths), at most `limit`, skipping hidden folders. */
function listFiles(host: ProjectHost, dir: string, limit: number): string[] {
  const out: string[] = [];
  const stack = [''];
  while (stack.length > 0 && out.length < limit) {
    const rel = stack.pop()!;
    for (const e of host.readDirectory(rel ? posix.join(dir, rel) : dir)) {
      if (e.name.startsWith('.')) continue;
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.type === 'directory') stack.push(p);
      else if (e.type === 'file' && out.length < limit) out.push(p);
    }
  }
  return out;
}

/**
 * Static files through nginx: for each URL prefix an app serves files under (Flask's static folders,
 * Django's STATIC_URL -> STATIC_ROOT and MEDIA_URL -> MEDIA_ROOT), a representative request is routed
 * through every nginx server that passes requests to that app, and the file nginx would open is
 * compared with the file the app means. One probe per (server, app, mount); the static rules read them.
 *
 * The representative file is a real one when the workspace has it (`/static/style.css`); for a Django
 * STATIC_ROOT that is not collected yet, it is where collectstatic will put an app's or a
 * STATICFILES_DIRS file. The router is told that this expected file exists (so `try_files $uri @app`
 * takes the file, as it will once deployed) and asks the workspace about every other path.
 */
import { posix } from 'node:path';
import type { ProjectHost } from '../common/host';
import { routeRequest, type RouteResult, type ServerModel } from '../nginx/routing/index';
import type { StaticMount } from './app/index';
import { reaches } from './endpoints';
import type { AppInstance, DeploymentModel, NginxSite } from './model';
import { backendsOf, instancesBehind, type Backend } from './backends';
import type { ProxyTarget } from './proxies';
import { normPath, toServer, toWorkspace } from './serverPaths';

/** What happened to a probe request. */
export type ProbeVerdict =
  /** nginx opens the file the app means. */
  | 'ok'
  /** nginx opens another file (404 or the wrong content). */
  | 'wrong-file'
  /** nginx passes the static URL to this app (gunicorn answers; Django with DEBUG off gives 404). */
  | 'proxied-to-app'
  /** Passed to some other backend, returned, redirected, refused: not a static question. */
  | 'other'
  /** The files cannot tell (variables, unmapped paths, a construct the router does not model). */
  | 'unknown';

/** One representative static request through one nginx server. */
export interface StaticProbe {
  site: NginxSite;
  server: ServerModel;
  entry: AppInstance;
  mount: StaticMount;
  kind: 'static' | 'media';
  /** The request path (`/static/style.css`). */
  url: string;
  /** The file's path under the mount's directory (`style.css`). */
  rel: string;
  /** The file the app means, in workspace terms (may not exist: STATIC_ROOT before collectstatic). */
  expectedWorkspace: string;
  /** The same in server terms, when an anchor maps the mount's directory. */
  expectedServer?: string;
  /** The mount's directory in server terms. */
  mountServerDir?: string;
  result: RouteResult;
  /** The file nginx opens (server terms, normalized), for a static outcome. */
  served?: string;
  verdict: ProbeVerdict;
}

/** The inputs the probes need: a rule context has them. */
export interface ProbeContext {
  model: DeploymentModel;
  host: ProjectHost;
  proxies: ProxyTarget[];
}

const cache = new WeakMap<DeploymentModel, StaticProbe[]>();

/** The probes of a model (computed once per model). */
export function staticProbes(ctx: ProbeContext): StaticProbe[] {
  let probes = cache.get(ctx.model);
  if (!probes) {
    probes = computeProbes(ctx, backendsOf(ctx.model, ctx.proxies));
    cache.set(ctx.model, probes);
  }
  return probes;
}

function computeProbes(ctx: ProbeContext, backends: Backend[]): StaticProbe[] {
  const out: StaticProbe[] = [];
  for (const site of ctx.model.nginx) {
    for (const server of site.routing.servers) {
      for (const entry of instancesBehind(backends, server)) {
        const app = entry.app;
        if (!app) continue;
        const mounts: Array<[StaticMount, 'static' | 'media']> = [...app.staticMounts.map((m) => [m, 'static'] as [StaticMount, 'static']), ...app.media.map((m) => [m, 'media'] as [StaticMount, 'media'])];
        for (const [mount, kind] of mounts) {
          if (!mount.effective || mount.dir === undefined || !mount.url.startsWith('/') || mount.env?.length) continue;
          const probe = probeOne(ctx, site, server, entry, mount, kind);
          if (probe) out.push(probe);
        }
      }
    }
  }
  return out;
}

function probeOne(ctx: ProbeContext, site: NginxSite, server: ServerModel, entry: AppInstance, mount: StaticMount, kind: 'static' | 'media'): StaticProbe | undefined {
  const dir = mount.dir!;
  const rel = representativeFile(ctx, entry, mount, kind);
  const url = (mount.url.endsWith('/') ? mount.url : mount.url + '/') + rel.split('/').map(encodeURIComponent).join('/');
  const expectedWorkspace = posix.join(dir, rel);
  const mountServerDir = toServer(ctx.model, dir);
  const expectedServer = mountServerDir ? posix.join(mountServerDir, rel) : undefined;
  const fileType = (p: string): 'file' | 'directory' | undefined => {
    const n = normPath(p);
    if (expectedServer && n === expectedServer) return 'file';
    const ws = toWorkspace(ctx, n);
    if (ws === expectedWorkspace) return 'file';
    const t = ws ? ctx.host.stat(ws)?.type : undefined;
    return t === 'file' || t === 'directory' ? t : undefined;
  };
  let result = routeFor(site, server, url, fileType);
  if (!result) return undefined;
  // A file nginx does not find is a 404 decided by the static module: route again without asking
  // the disk, to learn which file it looked for.
  if (result.target.kind === 'error' && (result.target.status === 404 || result.target.status === 403)) {
    const blind = routeFor(site, server, url, undefined);
    if (blind?.target.kind === 'static') result = blind;
  }
  const probe: StaticProbe = { site, server, entry, mount, kind, url, rel, expectedWorkspace, result, verdict: 'unknown', ...(expectedServer ? { expectedServer, mountServerDir } : {}) };
  const t = result.target;
  if (t.kind === 'static') {
    // try_files that falls back to a named location or URI is a proxy in disguise: follow what the router said.
    if (t.tryFiles && t.outcome && !t.tryFiles.candidates.some((c) => c.found)) {
      probe.verdict = 'other';
      return probe;
    }
    const path = t.tryFiles?.candidates.find((c) => c.found && !c.directory)?.path ?? t.path;
    probe.served = normPath(path);
    if (expectedServer) probe.verdict = probe.served === expectedServer ? 'ok' : 'wrong-file';
    else {
      const ws = toWorkspace(ctx, probe.served, false);
      probe.verdict = ws === undefined ? 'unknown' : ws === normPath(expectedWorkspace) ? 'ok' : 'wrong-file';
    }
  } else if (t.kind === 'proxy') {
    const toApp = t.endpoints.some((e) => entry.instance.binds.some((b) => reaches(e, b.address) !== 'no'));
    probe.verdict = toApp ? 'proxied-to-app' : 'other';
  } else if (t.kind === 'not-modelled') probe.verdict = 'unknown';
  else probe.verdict = 'other';
  return probe;
}

/** Routes `url` to `server`: with one of its names as Host, on one of its ports; undefined when no request lands there. */
function routeFor(site: NginxSite, server: ServerModel, url: string, fileType: ((p: string) => 'file' | 'directory' | undefined) | undefined): RouteResult | undefined {
  const listen = server.listens.find((l) => l.spec.addresses.some((a) => a.kind === 'tcp')) ?? server.listens[0];
  const addr = listen?.spec.addresses.find((a) => a.kind === 'tcp');
  const port = addr && 'port' in addr ? addr.port : 80;
  const scheme = listen?.spec.ssl ? 'https' : 'http';
  const names = server.nameTexts.filter((n) => n !== '' && n !== '_' && !n.startsWith('~') && !n.includes('*'));
  const hosts: Array<string | null> = [...names.slice(0, 1), 'localhost', null];
  for (const host of hosts) {
    const result = routeRequest(site.config, { host, port, path: url, scheme }, fileType ? { fileType } : {});
    if (result.server?.index === server.index) return result;
  }
  return undefined;
}

const MAX_ENTRIES = 400;

/** A file under the mount to request: a stylesheet when there is one, else the first file; `style.css` when none. */
function representativeFile(ctx: ProbeContext, entry: AppInstance, mount: StaticMount, kind: 'static' | 'media'): string {
  const found = firstFile(ctx.host, mount.dir!);
  if (found) return found;
  // A STATIC_ROOT before collectstatic: where an app's or a STATICFILES_DIRS file will be copied.
  const django = entry.app?.django;
  if (kind === 'static' && django) {
    for (const d of django.appStaticDirs) {
      const f = firstFile(ctx.host, d.dir);
      if (f) return f;
    }
    for (const d of django.staticfilesDirs) {
      const f = d.dir ? firstFile(ctx.host, d.dir) : undefined;
      if (f) return d.prefix ? `${d.prefix}/${f}` : f;
    }
  }
  return kind === 'media' ? 'upload.png' : 'style.css';
}

/** Breadth-first, sorted: the shallowest `.css` file, else the shallowest file (paths relative to `dir`). */
function firstFile(host: ProjectHost, dir: string): string | undefined {
  let queue: string[] = [''];
  let any: string | undefined;
  let seen = 0;
  while (queue.length && seen < MAX_ENTRIES) {
    const next: string[] = [];
    for (const rel of queue) {
      for (const e of host.readDirectory(rel ? posix.join(dir, rel) : dir)) {
        if (++seen > MAX_ENTRIES) break;
        if (e.name.startsWith('.')) continue;
        const p = rel ? `${rel}/${e.name}` : e.name;
        if (e.type === 'directory') next.push(p);
        else if (e.type === 'file') {
          if (e.name.endsWith('.css')) return p;
          any ??= p;
        }
      }
    }
    if (any) return any;
    queue = next;
  }
  return any;
}

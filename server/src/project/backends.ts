/**
 * Which gunicorn instance (and so which app) each nginx pass directive reaches: the edges of the
 * deployment graph from nginx locations to apps, compared the way the kernel connects (`reaches`).
 */
import { posix } from 'node:path';
import type { BindInfo } from '../gunicorn/index';
import type { ServerModel } from '../nginx/routing/index';
import { reaches } from './endpoints';
import type { AppInstance, DeploymentModel } from './model';
import type { ProxyTarget, WrittenEndpoint } from './proxies';

/** One pass directive's endpoint that reaches one gunicorn bind. */
export interface Backend {
  proxy: ProxyTarget;
  endpoint: WrittenEndpoint;
  entry: AppInstance;
  bind: BindInfo;
  /** `maybe`: a remote name (a container) on a port a wildcard bind listens on. */
  sure: boolean;
}

const cache = new WeakMap<readonly ProxyTarget[], WeakMap<DeploymentModel, Backend[]>>();

/**
 * Every (pass directive, gunicorn bind) pair that connects. Computed once per rule run (the rules
 * share `ctx.proxies`), with the binds indexed by socket path and port, so that a workspace of
 * hundreds of sites costs one lookup per endpoint rather than one comparison per bind.
 */
export function backendsOf(model: DeploymentModel, proxies: readonly ProxyTarget[]): Backend[] {
  let byModel = cache.get(proxies);
  if (!byModel) cache.set(proxies, (byModel = new WeakMap()));
  let out = byModel.get(model);
  if (!out) byModel.set(model, (out = computeBackends(model, proxies)));
  return out;
}

function bindKey(address: string): string | undefined {
  if (address.startsWith('unix:')) return `unix:${posix.normalize(address.slice(5))}`;
  const port = /:(\d+)$/.exec(address);
  return port ? `tcp:${port[1]}` : undefined;
}

function computeBackends(model: DeploymentModel, proxies: readonly ProxyTarget[]): Backend[] {
  const index = new Map<string, Array<{ entry: AppInstance; bind: BindInfo }>>();
  for (const entry of model.gunicorn) {
    for (const bind of entry.instance.binds) {
      const key = bindKey(bind.address);
      if (key) index.set(key, [...(index.get(key) ?? []), { entry, bind }]);
    }
  }
  const out: Backend[] = [];
  for (const proxy of proxies) {
    if (proxy.dynamic) continue;
    for (const endpoint of proxy.endpoints) {
      const e = endpoint.endpoint;
      if (!e) continue;
      const key = e.kind === 'unix' ? `unix:${posix.normalize(e.path)}` : e.kind === 'tcp' && e.port !== null ? `tcp:${e.port}` : undefined;
      for (const { entry, bind } of (key && index.get(key)) || []) {
        const r = reaches(e, bind.address);
        if (r !== 'no') out.push({ proxy, endpoint, entry, bind, sure: r === 'yes' });
      }
    }
  }
  return out;
}

/** The app instances an nginx server passes requests to (in any of its locations), each once. */
export function instancesBehind(backends: readonly Backend[], server: ServerModel): AppInstance[] {
  const out: AppInstance[] = [];
  for (const b of backends) if (b.proxy.server === server && !out.includes(b.entry)) out.push(b.entry);
  return out;
}

/** The servers (with their site) that pass requests to an app instance. */
export function serversFor(backends: readonly Backend[], entry: AppInstance): Array<Pick<ProxyTarget, 'site' | 'server'>> {
  const out: Array<Pick<ProxyTarget, 'site' | 'server'>> = [];
  for (const b of backends) if (b.entry === entry && !out.some((o) => o.server === b.proxy.server)) out.push({ site: b.proxy.site, server: b.proxy.server });
  return out;
}

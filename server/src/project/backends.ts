/**
 * Which gunicorn instance (and so which app) each nginx pass directive reaches: the edges of the
 * deployment graph from nginx locations to apps, compared the way the kernel connects (`reaches`).
 */
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

/** Every (pass directive, gunicorn bind) pair that connects. */
export function backendsOf(model: DeploymentModel, proxies: readonly ProxyTarget[]): Backend[] {
  const out: Backend[] = [];
  for (const proxy of proxies) {
    if (proxy.dynamic) continue;
    for (const endpoint of proxy.endpoints) {
      for (const entry of model.gunicorn) {
        for (const bind of entry.instance.binds) {
          const r = reaches(endpoint.endpoint, bind.address);
          if (r !== 'no') out.push({ proxy, endpoint, entry, bind, sure: r === 'yes' });
        }
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

/**
 * Both directions between server paths (what nginx and systemd name: `/home/ubuntu/projects/myproject/pybo/static`)
 * and workspace paths (`<root>/pybo/static`), for any directory or file, not only the deployment
 * files the path mapper of discovery knows. The anchors are the places where both sides are known
 * for sure: the user's `deploylens.pathMappings`, and each gunicorn instance's chdir with the
 * workspace folder it was mapped to. Without an anchor, a path inside the workspace is itself (a
 * workspace deployed where it lies, as the integration tests do), else the longest tail of the
 * server path that exists under the workspace root stands for it.
 */
import { posix } from 'node:path';
import type { ProjectHost } from '../common/host';
import type { DeploymentModel } from './model';

/** One known correspondence: the server directory `server` is the workspace directory `workspace`. */
export interface PathAnchor {
  server: string;
  workspace: string;
}

/** Normalizes a path for comparison: `//` and `.` collapsed, `..` applied, no trailing slash (except `/`). */
export function normPath(p: string): string {
  const n = posix.normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/** True when `p` is `dir` or lies below it (both normalized). */
export function isWithin(p: string, dir: string): boolean {
  return p === dir || dir === '/' || p.startsWith(dir + '/');
}

const anchorCache = new WeakMap<DeploymentModel, PathAnchor[]>();

/** The anchors of a model, longest server path first (explicit mappings before instance chdirs of equal length). */
export function pathAnchors(model: DeploymentModel): PathAnchor[] {
  let list = anchorCache.get(model);
  if (list) return list;
  list = [];
  for (const [server, ws] of Object.entries(model.settings.pathMappings ?? {})) {
    list.push({ server: normPath(server), workspace: normPath(ws.startsWith('/') ? ws : posix.join(model.root, ws)) });
  }
  for (const { instance } of model.gunicorn) {
    const chdir = instance.chdir?.value;
    // `/` is gunicorn's start directory when nothing sets one, never a project folder (no-working-directory).
    if (!chdir || !chdir.startsWith('/') || normPath(chdir) === '/' || !instance.chdirWorkspace) continue;
    // A Procfile's directory is a workspace path, not where the app is deployed: it says nothing of the server.
    if (instance.startDirIsWorkspace && normPath(chdir) === normPath(instance.chdirWorkspace)) continue;
    list.push({ server: normPath(chdir), workspace: normPath(instance.chdirWorkspace) });
  }
  // An anchor must land in the workspace (a mapping that failed may leave the server path itself).
  const seen = new Set<string>();
  list = list.filter((a) => isWithin(a.workspace, normPath(model.root)) && !seen.has(a.server) && seen.add(a.server)).sort((a, b) => b.server.length - a.server.length);
  anchorCache.set(model, list);
  return list;
}

/** What the mapping needs: the model and the host that shows the workspace (a RuleContext is one). */
export interface PathContext {
  model: DeploymentModel;
  host: ProjectHost;
}

/**
 * The workspace path a server path stands for, or undefined when the workspace does not hold it
 * ("on the server only": /etc/nginx/proxy_params, /var/www/certbot, a STATIC_ROOT not collected).
 * `mustExist` false keeps an anchored path even when nothing is there yet.
 */
export function toWorkspace(ctx: PathContext, serverPath: string, mustExist = true): string | undefined {
  if (!serverPath.startsWith('/')) return undefined;
  const p = normPath(serverPath);
  const exists = (ws: string) => ctx.host.stat(ws) !== undefined;
  for (const a of pathAnchors(ctx.model)) {
    if (isWithin(p, a.server)) {
      const ws = normPath(posix.join(a.workspace, p.slice(a.server.length)));
      return !mustExist || exists(ws) ? ws : undefined;
    }
  }
  if (isWithin(p, ctx.model.root) && exists(p)) return p;
  // The longest tail that exists under the root, at least two components ("pybo/static", not "static").
  const parts = p.split('/').filter(Boolean);
  for (let i = 0; i <= parts.length - 2; i++) {
    const ws = posix.join(ctx.model.root, ...parts.slice(i));
    if (exists(ws)) return ws;
  }
  return undefined;
}

/** The server path of a workspace path, when an anchor covers it. */
export function toServer(model: DeploymentModel, workspacePath: string): string | undefined {
  const p = normPath(workspacePath);
  let best: PathAnchor | undefined;
  for (const a of pathAnchors(model)) {
    if (isWithin(p, a.workspace) && (!best || a.workspace.length > best.workspace.length)) best = a;
  }
  return best ? normPath(posix.join(best.server, p.slice(best.workspace.length))) : undefined;
}

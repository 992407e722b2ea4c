/**
 * Paths written for the server (`alias /home/ubuntu/projects/myproject/static/;`) and the folders
 * of the workspace they stand for. The user's `deploylens.pathMappings` win; then the path itself
 * when it exists in the workspace (a copy of /etc/nginx checked out at the root); then the longest
 * tail of the path that names a workspace folder (`.../myproject/pybo/static` -> `<root>/pybo/static`).
 */
import { posix } from 'node:path';
import type { FeatureContext } from './context';
import { rootOf } from './context';

/** The workspace directory a server directory stands for, or undefined. */
export function workspaceDir(ctx: FeatureContext, serverPath: string, fromFile?: string): string | undefined {
  const p = posix.normalize(serverPath).replace(/(.)\/$/, '$1');
  const roots = fromFile && rootOf(ctx, fromFile) ? [rootOf(ctx, fromFile)!] : [...ctx.roots];
  for (const root of roots) {
    const mapped = explicitMapping(ctx, root, p);
    if (mapped !== undefined) return ctx.host.stat(mapped)?.type === 'directory' ? mapped : undefined;
  }
  if (roots.some((r) => p === r || p.startsWith(r.endsWith('/') ? r : r + '/')) && ctx.host.stat(p)?.type === 'directory') return p;
  const parts = p.split('/').filter(Boolean);
  for (const root of roots) {
    // Longest tail first: /home/u/projects/app/static -> root/home/u/..., root/u/..., ..., root/static.
    for (let i = 0; i < parts.length; i++) {
      const candidate = posix.join(root, ...parts.slice(i));
      if (ctx.host.stat(candidate)?.type === 'directory') return candidate;
    }
    if (parts.length === 0) return root;
  }
  return undefined;
}

/** The workspace file a server file path stands for (same rules as `workspaceDir`). */
export function workspaceFile(ctx: FeatureContext, serverPath: string, fromFile?: string): string | undefined {
  const dir = workspaceDir(ctx, posix.dirname(serverPath), fromFile);
  if (!dir) return undefined;
  const candidate = posix.join(dir, posix.basename(serverPath));
  return ctx.host.stat(candidate)?.type === 'file' ? candidate : undefined;
}

function explicitMapping(ctx: FeatureContext, root: string, p: string): string | undefined {
  const entries = Object.entries(ctx.settings.pathMappings)
    .map(([server, ws]) => [posix.normalize(server).replace(/(.)\/$/, '$1'), ws.startsWith('/') ? ws : posix.join(root, ws)] as const)
    .sort((a, b) => b[0].length - a[0].length);
  for (const [server, ws] of entries) {
    if (p === server || p.startsWith(server === '/' ? '/' : server + '/')) return posix.join(ws, p.slice(server.length));
  }
  return undefined;
}

/**
 * Where nginx starts relative `include` targets: the conf dir, i.e. the nearest ancestor (up to
 * three levels) holding an nginx.conf; else the parent of a sites-* / conf.d folder; else the file's folder.
 */
export function confDirOf(ctx: FeatureContext, file: string): string {
  let dir = posix.dirname(file);
  for (let level = 0; level < 4; level++) {
    if (ctx.host.stat(posix.join(dir, 'nginx.conf'))?.type === 'file') return dir;
    if (dir === '/') break;
    dir = posix.dirname(dir);
  }
  const own = posix.dirname(file);
  return /\/(sites-available|sites-enabled|conf\.d|snippets)$/.test(own) ? posix.dirname(own) : own;
}

/**
 * Server paths (what the launcher says: `/home/ubuntu/projects/myproject/gunicorn.conf.py`) to
 * workspace paths (where the file is in the repository). In order: the user's explicit mappings
 * (`deploylens.pathMappings`), the path itself when it lies in the workspace, a file of the same name
 * next to the launcher, then the workspace file sharing the longest suffix of path components.
 */
import { posix } from 'node:path';
import type { ProjectHost } from '../common/host';

/** Maps server paths to workspace paths; plain data plus two functions. */
export interface PathMapper {
  /** The workspace file a server file path stands for, if any. `near`: the launcher's workspace directory. */
  file(serverPath: string, near?: string): string | undefined;
  /** The workspace directory a server directory stands for, if any. */
  dir(serverPath: string, near?: string): string | undefined;
}

/** Inputs of `createPathMapper`. */
export interface PathMapperOptions {
  host: ProjectHost;
  root: string;
  /** Every workspace file (from discovery). */
  allFiles: readonly string[];
  /** Server path prefix -> workspace folder (relative to root, or absolute). */
  pathMappings?: Record<string, string>;
}

const parts = (p: string) => p.split('/').filter((x) => x !== '' && x !== '.');

/** Number of trailing path components two paths share. */
export function sharedSuffix(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  let n = 0;
  while (n < pa.length && n < pb.length && pa[pa.length - 1 - n] === pb[pb.length - 1 - n]) n++;
  return n;
}

function sharedPrefix(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  let n = 0;
  while (n < pa.length && n < pb.length && pa[n] === pb[n]) n++;
  return n;
}

/** Builds a mapper over one workspace. */
export function createPathMapper(options: PathMapperOptions): PathMapper {
  const { host, root, allFiles } = options;
  const dirs = new Set<string>([root]);
  for (const f of allFiles) {
    for (let d = posix.dirname(f); d.length >= root.length && !dirs.has(d); d = posix.dirname(d)) dirs.add(d);
  }
  const mappings = Object.entries(options.pathMappings ?? {})
    .map(([server, ws]) => [posix.normalize(server).replace(/\/$/, ''), ws.startsWith('/') ? ws : posix.join(root, ws)] as const)
    .sort((a, b) => b[0].length - a[0].length);

  const explicit = (serverPath: string): string | undefined => {
    const p = posix.normalize(serverPath);
    for (const [server, ws] of mappings) {
      if (p === server || p.startsWith(server + '/') || server === '') return posix.join(ws, p.slice(server.length));
    }
    return undefined;
  };

  const best = (serverPath: string, candidates: Iterable<string>, near: string | undefined, minSuffix: number) => {
    let pick: string | undefined;
    let score = [-1, -1, 0];
    for (const c of candidates) {
      const s = sharedSuffix(serverPath, c);
      if (s < minSuffix) continue;
      const n = near ? sharedPrefix(near, c) : 0;
      const cand = [s, n, -c.length];
      if (cand[0] > score[0] || (cand[0] === score[0] && (cand[1] > score[1] || (cand[1] === score[1] && cand[2] > score[2])))) {
        score = cand;
        pick = c;
      }
    }
    return pick;
  };

  return {
    file(serverPath, near) {
      const mapped = explicit(serverPath);
      if (mapped !== undefined) return host.stat(mapped)?.type === 'file' ? mapped : undefined;
      if (serverPath.startsWith(root + '/') && host.stat(serverPath)?.type === 'file') return serverPath;
      const name = posix.basename(serverPath);
      if (near) {
        const beside = posix.join(near, name);
        if (host.stat(beside)?.type === 'file') return beside;
      }
      return best(serverPath, allFiles.filter((f) => posix.basename(f) === name), near, 1);
    },
    dir(serverPath, near) {
      const mapped = explicit(serverPath);
      if (mapped !== undefined) return host.stat(mapped)?.type === 'directory' ? mapped : undefined;
      if ((serverPath === root || serverPath.startsWith(root + '/')) && host.stat(serverPath)?.type === 'directory') return serverPath;
      // A directory needs its own name to match: "/srv/app" is not the workspace's "app" unless named so.
      return best(serverPath, dirs, near, 1);
    },
  };
}

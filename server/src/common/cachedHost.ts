/**
 * A read cache over the disk. The language server: every analysis reads the whole workspace
 * (discovery, includes, gunicorn launchers, Python modules); while the user types, the disk does
 * not change, so the same stats and reads would repeat on every keystroke. Entries are dropped when
 * the client reports file events (`workspace/didChangeWatchedFiles`, saves), and expire after
 * `ttlMs` in any case, so a client that reports nothing sees disk changes within that delay.
 * The CLI: one run reads each file once (loading, the rules' fixes, the output's line numbers),
 * with no expiry, and forgets a file it rewrites (`--fix`).
 */
import type { DirEntry, FileStat, ProjectHost } from '../common/host';

interface Entry<T> {
  value: T;
  at: number;
}

/** The cache, plus the calls that invalidate it. */
export interface CachedHost extends ProjectHost {
  /** Forgets everything (a file event the server cannot narrow down). */
  clear(): void;
  /** Forgets one path, its directory listing and its parent's. */
  invalidate(path: string): void;
}

/** Wraps `base`; `now` is injectable for tests. */
export function createCachedHost(base: ProjectHost, ttlMs = 3000, now: () => number = () => performance.now()): CachedHost {
  const files = new Map<string, Entry<string | undefined>>();
  const stats = new Map<string, Entry<FileStat | undefined>>();
  const dirs = new Map<string, Entry<DirEntry[]>>();
  const reals = new Map<string, Entry<string>>();
  const get = <T>(map: Map<string, Entry<T>>, key: string, load: () => T): T => {
    const t = now();
    const hit = map.get(key);
    if (hit && t - hit.at < ttlMs) return hit.value;
    const value = load();
    map.set(key, { value, at: t });
    return value;
  };
  const parentOf = (p: string): string => {
    const i = p.lastIndexOf('/');
    return i <= 0 ? '/' : p.slice(0, i);
  };
  return {
    readFile: (p) => get(files, p, () => base.readFile(p)),
    stat: (p) => get(stats, p, () => base.stat(p)),
    // A copy: callers may sort or extend the list they get.
    readDirectory: (p) => [...get(dirs, p, () => base.readDirectory(p))],
    realpath: (p) => get(reals, p, () => base.realpath?.(p) ?? p),
    clear() {
      files.clear();
      stats.clear();
      dirs.clear();
      reals.clear();
    },
    invalidate(p) {
      files.delete(p);
      stats.delete(p);
      dirs.delete(p);
      reals.delete(p);
      dirs.delete(parentOf(p));
      stats.delete(parentOf(p));
    },
  };
}

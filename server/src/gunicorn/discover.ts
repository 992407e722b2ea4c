/**
 * Finds the files that start gunicorn or configure it, through the host, by name and by content:
 * systemd `*.service`/`*.socket`, `Procfile`, `Dockerfile*`, compose files, supervisor `*.conf`/`*.ini` with a
 * `[program:…]` section, `gunicorn*.py` config files, and shell scripts or other text files that
 * mention gunicorn. Also returns every file path seen, which path mapping needs. Bounded in files,
 * depth and bytes read; skips dependency, VCS and virtualenv folders.
 */
import { posix } from 'node:path';
import type { ProjectHost } from '../common/host';

/** What a discovered file is to gunicorn. */
export type LauncherFileKind = 'systemd-service' | 'systemd-socket' | 'procfile' | 'dockerfile' | 'compose' | 'supervisor' | 'gunicorn-config' | 'script';

/** A launcher or configuration file. */
export interface LauncherFile {
  path: string;
  kind: LauncherFileKind;
}

/** The discovery result: launcher files (sorted by path) and every file path walked. */
export interface GunicornDiscovery {
  files: LauncherFile[];
  allFiles: string[];
  /** True when a bound stopped the walk early. */
  truncated: boolean;
}

/** Limits of one walk. */
export interface DiscoverLimits {
  maxFiles?: number;
  maxDepth?: number;
  /** Files larger than this are not sniffed for content. */
  maxSniffBytes?: number;
}

const SKIP_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__', '.venv', 'venv', 'virtualenv', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', 'site-packages', 'dist-packages', '.idea', '.vscode-test']);
// Extensions never sniffed for "mentions gunicorn": documentation, data, code of other kinds.
const NO_SNIFF = /\.(md|rst|txt|json|ya?ml|lock|toml|cfg|html?|css|js|ts|map|png|jpe?g|gif|svg|ico|woff2?|ttf|pyc|mo|po|gz|zip|tar|whl|db|sqlite3|pem|crt|key|csv|xml|log)$/i;

/** Classifies a file by name, and when the name is not enough by a sniff of its text. */
export function classifyLauncherFile(path: string, read: () => string | undefined): LauncherFileKind | undefined {
  const name = posix.basename(path);
  const lower = name.toLowerCase();
  if (lower.endsWith('.service')) return 'systemd-service';
  if (lower.endsWith('.socket')) return 'systemd-socket';
  if (lower === 'procfile' || lower.startsWith('procfile.')) return 'procfile';
  if (lower === 'dockerfile' || lower.startsWith('dockerfile.') || lower.endsWith('.dockerfile') || lower === 'containerfile') return 'dockerfile';
  if (/^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/.test(lower)) return 'compose';
  if (/^gunicorn.*\.py$/.test(lower) || /gunicorn[._-]?conf(ig)?\.py$/.test(lower)) return 'gunicorn-config';
  if (lower.endsWith('.py') || NO_SNIFF.test(lower)) return undefined;
  const text = read();
  if (text === undefined || text.includes('\u0000')) return undefined;
  if ((lower.endsWith('.conf') || lower.endsWith('.ini')) && /^\s*\[program:[^\]]+\]/m.test(text)) return 'supervisor';
  if (/(^|[\s/"'])gunicorn3?(\s|$|["'])|-m\s+gunicorn\b/m.test(text)) {
    // A shell script, a runit `run` file, an entrypoint: anything whose text starts gunicorn.
    if (/^\s*\[(Unit|Service|Socket)\]/m.test(text)) return undefined;
    if (/^\s*(server|location|upstream)\b[^\n]*[{;]/m.test(text)) return undefined;
    return 'script';
  }
  return undefined;
}

/** Walks `root` and returns the launcher files in it. */
export function discoverGunicornFiles(host: ProjectHost, root: string, limits: DiscoverLimits = {}): GunicornDiscovery {
  const maxFiles = limits.maxFiles ?? 20000;
  const maxDepth = limits.maxDepth ?? 12;
  const maxSniff = limits.maxSniffBytes ?? 256 * 1024;
  const files: LauncherFile[] = [];
  const allFiles: string[] = [];
  const seen = new Set<string>();
  const rootReal = host.realpath ? host.realpath(root) : root;
  const insideRoot = (p: string) => p === rootReal || p.startsWith(rootReal.endsWith('/') ? rootReal : rootReal + '/');
  let truncated = false;
  const walk = (dir: string, depth: number) => {
    if (depth > maxDepth) {
      truncated = true;
      return;
    }
    const real = host.realpath ? host.realpath(dir) : dir;
    // A symlink that leads out of the workspace (`ln -s / ws/root`) is not walked.
    if (seen.has(real) || !insideRoot(real)) return;
    seen.add(real);
    for (const entry of host.readDirectory(dir)) {
      if (allFiles.length >= maxFiles) {
        truncated = true;
        return;
      }
      const path = posix.join(dir, entry.name);
      if (entry.type === 'directory') {
        if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(path, depth + 1);
        continue;
      }
      if (entry.type !== 'file') continue;
      allFiles.push(path);
      const kind = classifyLauncherFile(path, () => {
        const st = host.stat(path);
        if (!st || st.size > maxSniff) return undefined;
        return host.readFile(path);
      });
      if (kind) files.push({ path, kind });
    }
  };
  walk(root, 0);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, allFiles, truncated };
}

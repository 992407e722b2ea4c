import type { ProjectHost } from '../common/host';
import { MAX_FILE_BYTES } from '../common/host';
import { posix } from 'node:path';

/** What a deployment file is, decided by its path and content (never by an editor's language id). */
export type DeployFileKind =
  | 'nginx'
  | 'systemd-service'
  | 'systemd-socket'
  | 'gunicorn-config'
  | 'procfile'
  | 'dockerfile'
  | 'supervisor'
  | 'env'
  | 'python'
  | 'other';

export interface DiscoveredFile {
  path: string;
  kind: DeployFileKind;
}

/** Folders never walked: dependencies, VCS data, build output, virtualenvs. */
const SKIP_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__', '.venv', 'venv', 'env', '.tox', '.mypy_cache', '.pytest_cache', 'dist', 'build', '.vscode-test', 'site-packages', 'staticfiles']);

/** Upper bounds that keep discovery fast on any workspace. */
const MAX_FILES = 20000;
const MAX_DEPTH = 12;

const NGINX_DIRS = new Set(['sites-available', 'sites-enabled', 'conf.d', 'nginx', 'snippets', 'streams-enabled', 'streams-available']);
const NGINX_NAMES = new Set(['nginx.conf', 'proxy_params', 'fastcgi_params', 'fastcgi.conf', 'uwsgi_params', 'scgi_params', 'mime.types']);
const TEXT_EXTENSIONS_NOT_NGINX = new Set(['.py', '.pyc', '.js', '.ts', '.json', '.md', '.rst', '.txt', '.html', '.htm', '.css', '.scss', '.yml', '.yaml', '.toml', '.ini', '.cfg', '.lock', '.png', '.jpg', '.jpeg', '.gif', '.svg', '.ico', '.woff', '.woff2', '.ttf', '.map', '.sh', '.sql', '.db', '.sqlite3', '.pem', '.crt', '.key', '.csv', '.xml', '.mo', '.po', '.gz', '.zip', '.tar', '.whl']);

/** Words that begin lines of nginx configs and rarely of anything else. */
const NGINX_LINE = /^[ \t]*(server|location|http|events|upstream|worker_processes|worker_connections|server_name|listen|proxy_pass|uwsgi_pass|fastcgi_pass|root|alias|include|error_log|access_log|ssl_certificate|add_header|try_files|client_max_body_size|gzip|sendfile|map|return|rewrite)\b[^\n]*[;{]/m;

/**
 * Walks the workspace through the host and classifies every deployment file it finds, wherever the
 * user keeps them (`deploy/`, `etc/nginx/sites-available/` without extension, `nginx/`, `conf/`, the root).
 * Bounded: at most MAX_FILES files, MAX_DEPTH levels, symlinked folders visited once.
 */
export function discoverWorkspace(host: ProjectHost, root: string): DiscoveredFile[] {
  const out: DiscoveredFile[] = [];
  const seenDirs = new Set<string>();
  let budget = MAX_FILES;
  const rootReal = host.realpath ? host.realpath(root) : root;
  const insideRoot = (p: string) => p === rootReal || p.startsWith(rootReal.endsWith('/') ? rootReal : rootReal + '/');
  const walk = (dir: string, depth: number): void => {
    const real = host.realpath ? host.realpath(dir) : dir;
    // A symlink that leads out of the workspace (`ln -s / ws/root`) is not walked.
    if (seenDirs.has(real) || depth > MAX_DEPTH || !insideRoot(real)) return;
    seenDirs.add(real);
    for (const entry of host.readDirectory(dir)) {
      if (budget <= 0) return;
      const path = posix.join(dir, entry.name);
      if (entry.type === 'directory') {
        if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(path, depth + 1);
        continue;
      }
      if (entry.type !== 'file') continue;
      budget--;
      const kind = classifyFile(host, path);
      if (kind !== 'other') out.push({ path, kind });
    }
  };
  walk(root, 0);
  return out;
}

/**
 * Classifies paths another walk already listed (the gunicorn discovery lists every workspace file):
 * the same result as `discoverWorkspace` without walking the tree a second time. Paths under the
 * folders `discoverWorkspace` skips are left out.
 */
export function classifyPaths(host: ProjectHost, root: string, paths: readonly string[]): DiscoveredFile[] {
  const out: DiscoveredFile[] = [];
  const prefix = root.endsWith('/') ? root : root + '/';
  for (const path of paths) {
    if (!path.startsWith(prefix)) continue;
    const dirs = path.slice(prefix.length).split('/').slice(0, -1);
    if (dirs.length > MAX_DEPTH || dirs.some((d) => SKIP_DIRS.has(d) || d.startsWith('.'))) continue;
    const kind = classifyFile(host, path);
    if (kind !== 'other') out.push({ path, kind });
  }
  return out;
}

/** Classifies one file by name, folder and (for ambiguous names) a sniff of its content. */
export function classifyFile(host: ProjectHost, path: string, text?: string): DeployFileKind {
  const name = posix.basename(path);
  const lower = name.toLowerCase();
  const ext = posix.extname(lower);
  const parent = posix.basename(posix.dirname(path));
  const ancestors = posix.dirname(path).split('/');
  if (lower.endsWith('.service')) return 'systemd-service';
  if (lower.endsWith('.socket')) return 'systemd-socket';
  if (lower === 'procfile' || lower.startsWith('procfile.')) return 'procfile';
  if (lower === 'dockerfile' || lower.startsWith('dockerfile.') || lower.endsWith('.dockerfile') || lower === 'containerfile') return 'dockerfile';
  if (lower === '.env' || lower.endsWith('.env') || (ext === '' && parent === 'default' && ancestors.includes('etc'))) return 'env';
  if (ext === '.py') return /^gunicorn.*\.py$/.test(lower) ? 'gunicorn-config' : 'python';
  if (NGINX_NAMES.has(lower) || ext === '.nginx' || ext === '.nginxconf') return 'nginx';
  const sniff = (): string => {
    if (text !== undefined) return text.slice(0, 65536);
    const st = host.stat(path);
    if (!st || st.size > MAX_FILE_BYTES) return '';
    return (host.readFile(path) ?? '').slice(0, 65536);
  };
  if (ext === '.conf' || ext === '.ini' || ext === '') {
    const head = sniff();
    if (/^\s*\[program:[^\]]+\]/m.test(head)) return 'supervisor';
    if (ext === '.ini') return 'other';
    if (head.includes('\u0000')) return ancestors.some((a) => NGINX_DIRS.has(a)) ? 'nginx' : 'other';
    if (ancestors.some((a) => NGINX_DIRS.has(a)) && (ext === '.conf' || ext === '')) {
      // A file in an nginx folder is nginx unless it is clearly something else.
      if (/^\s*\[(Unit|Service|Socket|Install)\]/m.test(head)) return 'other';
      return 'nginx';
    }
    if (NGINX_LINE.test(head)) return 'nginx';
    return 'other';
  }
  if (!TEXT_EXTENSIONS_NOT_NGINX.has(ext) && ancestors.some((a) => NGINX_DIRS.has(a))) {
    const head = sniff();
    if (NGINX_LINE.test(head)) return 'nginx';
  }
  return 'other';
}

/**
 * What every editor feature may read: the files (through the host), the workspace folders, the
 * settings, and two caches the language server keeps between requests (parsed nginx files and the
 * list of deployment files its last analysis discovered). Features take this as their first
 * argument and never keep state of their own.
 */
import type { ProjectHost } from '../common/host';
import type { NginxFile } from '../nginx/ast';
import { parseNginx } from '../nginx/index';
import { classifyFile, discoverWorkspace, type DeployFileKind, type DiscoveredFile } from '../project/discover';
import { defaultSettings, type DeployLensSettings } from '../../../shared/src/settings';
import { readGunicornWorkspace, type GunicornInstance } from '../gunicorn/index';

/** The environment of a feature request. */
export interface FeatureContext {
  host: ProjectHost;
  /** Absolute paths of the workspace folders (may be empty: single files opened). */
  roots: readonly string[];
  settings: DeployLensSettings;
  /** The parsed nginx file at `path` (through a cache); undefined when it cannot be read. */
  nginx(path: string): NginxFile | undefined;
  /** The deployment files of the workspace, as discovery classified them. */
  files(): readonly DiscoveredFile[];
  /** What a file is (by path and content; the server may add what the editor says of an open document). */
  kindOf(path: string): DeployFileKind;
  /** The gunicorn instances the workspace's files describe (every root), with effective settings. */
  gunicorn(): readonly GunicornInstance[];
}

/** A parse cache keyed by path and text: an unchanged file is parsed once. */
export function createParseCache(limit = 2000): (host: ProjectHost, path: string) => NginxFile | undefined {
  const cache = new Map<string, NginxFile>();
  return (host, path) => {
    const text = host.readFile(path);
    if (text === undefined) return undefined;
    const hit = cache.get(path);
    if (hit && hit.text === text) return hit;
    const file = parseNginx(text, path);
    if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
    cache.set(path, file);
    return file;
  };
}

/**
 * A context over a host with its own caches (discovery runs once, on first use). Tests use it
 * directly; the language server passes the discovery result of its latest analysis instead.
 */
export function createFeatureContext(host: ProjectHost, roots: readonly string[], settings: DeployLensSettings = defaultSettings, files?: readonly DiscoveredFile[]): FeatureContext {
  const parse = createParseCache();
  let discovered = files;
  let instances: GunicornInstance[] | undefined;
  return {
    host,
    roots,
    settings,
    nginx: (path) => parse(host, path),
    files: () => (discovered ??= roots.flatMap((r) => discoverWorkspace(host, r))),
    kindOf: (path) => classifyFile(host, path),
    gunicorn: () => (instances ??= readGunicorn(host, roots, settings)),
  };
}

/** The gunicorn instances of every root, read with the user's version and path mappings. */
export function readGunicorn(host: ProjectHost, roots: readonly string[], settings: DeployLensSettings): GunicornInstance[] {
  return roots.flatMap((root) => readGunicornWorkspace(host, root, { gunicornVersion: settings.gunicornVersion || undefined, pathMappings: settings.pathMappings }).instances);
}

/** The workspace folder that holds `path` (the longest match), or undefined. */
export function rootOf(ctx: FeatureContext, path: string): string | undefined {
  let best: string | undefined;
  for (const r of ctx.roots) {
    const prefix = r.endsWith('/') ? r : r + '/';
    if ((path === r || path.startsWith(prefix)) && (!best || r.length > best.length)) best = r;
  }
  return best;
}

/** The nginx files of the workspace, parsed (the open document included even if discovery missed it). */
export function nginxFiles(ctx: FeatureContext, also?: string): NginxFile[] {
  const paths = new Set(ctx.files().filter((f) => f.kind === 'nginx').map((f) => f.path));
  if (also) paths.add(also);
  const out: NginxFile[] = [];
  for (const p of paths) {
    const f = ctx.nginx(p);
    if (f) out.push(f);
  }
  return out;
}

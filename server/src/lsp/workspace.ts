/**
 * The server's view of the workspace between requests: folders, the overlay of open documents,
 * the parse cache, the deployment files the last analysis discovered, the gunicorn instances (read
 * once per state of the files), and what each file is. Feature requests get a `FeatureContext`
 * from here; nothing in it outlives a change of the files except the caches keyed by content.
 */
import type { ProjectHost } from '../common/host';
import type { FeatureContext } from '../features/context';
import { createParseCache, readGunicorn } from '../features/context';
import { classifyFile, discoverWorkspace, type DeployFileKind, type DiscoveredFile } from '../project/discover';
import type { GunicornInstance } from '../gunicorn/index';
import type { DocumentRegistry } from './documents';
import type { SettingsStore } from './settings';
import { OverlayHost } from './overlayHost';
import type { NginxFile } from '../nginx/ast';
import { parseNginx } from '../nginx/index';

/** Mutable workspace state owned by the server. */
export interface WorkspaceState {
  host: OverlayHost;
  roots: string[];
  /**
   * Bumps the state version: caches derived from file contents are dropped. With the path of an
   * edited nginx file, the gunicorn instances are kept (no nginx text changes what gunicorn runs).
   */
  touch(path?: string): void;
  /** Records the deployment files an analysis discovered. */
  setDiscovered(files: readonly DiscoveredFile[]): void;
  /** What a file is: by path and content, or nginx when the editor says so and the content does not say otherwise. */
  kindOf(path: string): DeployFileKind;
  /** The workspace folder holding a path, if any. */
  rootOf(path: string): string | undefined;
  /** A feature context for a request on `path`. */
  context(path?: string): FeatureContext;
  /** Parses nginx text through the server's cache (the same tree for the same path and text). */
  parse(text: string, path: string): NginxFile;
}

/** Creates the state over the disk (or any host). */
export function createWorkspaceState(base: ProjectHost, documents: DocumentRegistry, settings: SettingsStore, log: (message: string) => void = () => undefined): WorkspaceState {
  const host = new OverlayHost(base);
  const parse = createParseCache();
  let version = 0;
  let gunicornVersion = 0;
  let discovered: { version: number; files: readonly DiscoveredFile[] } | undefined;
  let gunicorn: { version: number; instances: GunicornInstance[] } | undefined;
  const kinds = new Map<string, DeployFileKind>();
  const state: WorkspaceState = {
    host,
    roots: [],
    touch(path) {
      const nginxOnly = path !== undefined && state.kindOf(path) === 'nginx';
      version++;
      kinds.clear();
      if (!nginxOnly) gunicornVersion++;
    },
    setDiscovered(files) {
      discovered = { version, files };
    },
    kindOf(path) {
      const hit = kinds.get(path);
      if (hit) return hit;
      let kind = classifyFile(host, path, host.readFile(path));
      const languageId = documents.byPath(path)?.languageId;
      if (kind === 'other' && languageId === 'nginx') kind = 'nginx';
      kinds.set(path, kind);
      return kind;
    },
    rootOf(path) {
      let best: string | undefined;
      for (const r of state.roots) if ((path === r || path.startsWith(r.endsWith('/') ? r : r + '/')) && (!best || r.length > best.length)) best = r;
      return best;
    },
    parse(text, path) {
      const cached = parse(host, path);
      return cached && cached.text === text ? cached : parseNginx(text, path);
    },
    context(path) {
      const s = settings.forPath(path);
      return {
        host,
        roots: state.roots,
        settings: s,
        nginx: (p) => parse(host, p),
        files: () => {
          // The last analysis's discovery is kept across edits (new files appear after the next run).
          if (!discovered) discovered = { version, files: state.roots.flatMap((r) => discoverWorkspace(host, r)) };
          return discovered.files;
        },
        kindOf: (p) => state.kindOf(p),
        gunicorn: () => {
          if (!gunicorn || gunicorn.version !== gunicornVersion) {
            // A reader failure must not take nginx completion or hover down with it: no instances, logged.
            let instances: GunicornInstance[] = [];
            try {
              instances = readGunicorn(host, state.roots, s);
            } catch (e) {
              log(`deploylens: reading the gunicorn instances failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
            }
            gunicorn = { version: gunicornVersion, instances };
          }
          return gunicorn.instances;
        },
      };
    },
  };
  return state;
}

/**
 * The deployment model: everything DeployLens reads from one workspace, joined. nginx configurations
 * (entry files with their includes, compiled for routing), gunicorn instances (effective settings per
 * launcher), the app each instance loads, and the mapping between server paths and workspace paths.
 * Computed from the current texts the host shows (unsaved editor buffers included); plain data that
 * the cross-checks (`server/src/checks`), the topology graph and the CLI read.
 */
import type { ProjectHost } from '../common/host';
import { dedupeFindings, type Finding } from '../common/diagnostics';
import { runSteps, type Steps } from '../common/steps';
import type { DeployLensSettings } from '../../../shared/src/settings';
import { checkNginx, loadNginxConfig, parseNginx, type NginxConfig } from '../nginx/index';
import type { NginxFile } from '../nginx/ast';
import { routingModelSteps, type RoutingModel } from '../nginx/routing/index';
import { readGunicornWorkspace, type GunicornInstance } from '../gunicorn/index';
import { createPathMapper, type PathMapper } from '../gunicorn/pathmap';
import { discoverGunicornFiles } from '../gunicorn/discover';
import { readApp, type AppModel } from './app/index';
import { isPythonReady } from '../python/parse';
import { classifyPaths, type DiscoveredFile } from './discover';

/** One nginx entry configuration and its routing tables. */
export interface NginxSite {
  config: NginxConfig;
  routing: RoutingModel;
}

/** A gunicorn instance and the app it loads (when the workspace holds it). */
export interface AppInstance {
  instance: GunicornInstance;
  app?: AppModel;
}

export interface DeploymentModel {
  root: string;
  settings: DeployLensSettings;
  files: DiscoveredFile[];
  nginx: NginxSite[];
  gunicorn: AppInstance[];
  /** Server path -> workspace path. */
  paths: PathMapper;
  /** What each layer found on its own (syntax, settings, app layout); cross-checks add theirs. */
  findings: Finding[];
  /** Facts that limit the analysis (e.g. the Python parser could not be loaded). */
  notes: string[];
}

/** Builds the model of the workspace at `root`. Never throws on bad input: problems become findings. */
export function buildDeploymentModel(host: ProjectHost, root: string, settings: DeployLensSettings): DeploymentModel {
  return runSteps(buildDeploymentModelSteps(host, root, settings));
}

/** `buildDeploymentModel`, pausing after the discovery and after each configuration, instance and app. */
export function* buildDeploymentModelSteps(host: ProjectHost, root: string, settings: DeployLensSettings): Steps<DeploymentModel> {
  // One walk of the workspace: the gunicorn discovery lists every file (static folders included, for the
  // server-path mapping) and its launchers; the deployment files are classified from that list.
  const discovery = discoverGunicornFiles(host, root);
  const files = classifyPaths(host, root, discovery.allFiles);
  const findings: Finding[] = [];
  const notes: string[] = [];
  yield;

  const nginx = yield* loadNginxEntriesSteps(host, files.filter((f) => f.kind === 'nginx').map((f) => f.path), root);
  for (const site of nginx) {
    findings.push(...checkNginx(site.config));
    yield;
  }

  const paths = createPathMapper({ host, root, allFiles: discovery.allFiles, pathMappings: settings.pathMappings });
  const gunicorn: AppInstance[] = [];
  if (isPythonReady()) {
    const gw = readGunicornWorkspace(host, root, { discovery, pathMappings: settings.pathMappings, gunicornVersion: settings.gunicornVersion || undefined });
    findings.push(...gw.findings);
    yield;
    for (const instance of gw.instances) {
      const entry: AppInstance = { instance };
      if (instance.app && instance.chdirWorkspace) {
        entry.app = readApp(host, {
          chdir: instance.chdirWorkspace,
          target: instance.app.value,
          ...(instance.app.source ? { targetLocation: targetStart(host, instance.app.source) } : {}),
          env: Object.fromEntries(Object.entries(instance.env).flatMap(([k, v]) => (v.value === undefined ? [] : [[k, v.value]]))),
          pythonpath: pythonpathOf(instance, paths),
        });
        findings.push(...entry.app.findings);
      }
      gunicorn.push(entry);
      yield;
    }
  } else {
    notes.push('the Python parser is not loaded: gunicorn.conf.py and the app were not analysed');
  }

  return { root, settings, files, nginx, gunicorn, paths, findings: dedupeFindings(findings), notes };
}

/** A model holding nginx configurations only (a single file checked on its own): no gunicorn, no app. */
export function nginxOnlyModel(host: ProjectHost, root: string, settings: DeployLensSettings, nginx: NginxSite[], files: DiscoveredFile[]): DeploymentModel {
  const dir = root.slice(0, root.lastIndexOf('/')) || '/';
  return { root: dir, settings, files, nginx, gunicorn: [], paths: createPathMapper({ host, root: dir, allFiles: [], pathMappings: settings.pathMappings }), findings: [], notes: [] };
}

/** Loads nginx files and keeps the entry points: files that no other loaded file includes. */
export function loadNginxEntries(host: ProjectHost, paths: string[], workspaceRoot?: string): NginxSite[] {
  return runSteps(loadNginxEntriesSteps(host, paths, workspaceRoot));
}

/** `loadNginxEntries`, pausing after each configuration loaded and each compiled for routing. */
export function* loadNginxEntriesSteps(host: ProjectHost, paths: string[], workspaceRoot?: string): Steps<NginxSite[]> {
  const configs: NginxConfig[] = [];
  // A folder's site files are entries of their own and included by its nginx.conf: each text is parsed once.
  const parsed = new Map<string, NginxFile>();
  const parse = (text: string, path: string): NginxFile => {
    const known = parsed.get(path);
    if (known && known.text === text) return known;
    const file = parseNginx(text, path);
    parsed.set(path, file);
    return file;
  };
  for (const p of paths) {
    configs.push(loadNginxConfig(host, p, workspaceRoot ? { workspaceRoot, parse } : { parse }));
    yield;
  }
  const included = new Set<string>();
  for (const c of configs) for (const p of c.files.keys()) if (p !== c.main.path) included.add(p);
  const sites: NginxSite[] = [];
  for (const config of configs) {
    if (included.has(config.main.path)) continue;
    sites.push({ config, routing: yield* routingModelSteps(config) });
    yield;
  }
  return sites;
}

/** Where the target's first character is: just inside the quote when the source range starts with one. */
function targetStart(host: ProjectHost, source: { file: string; start: number }): { file: string; start: number } {
  const c = host.readFile(source.file)?.[source.start];
  return { file: source.file, start: c === '"' || c === "'" ? source.start + 1 : source.start };
}

/** `--pythonpath` entries in workspace terms: absolute server paths mapped, relative ones kept (readApp joins them to chdir). */
function pythonpathOf(instance: GunicornInstance, paths: PathMapper): string[] | undefined {
  const v = instance.settings.pythonpath?.value;
  if (typeof v !== 'string' || v === '') return undefined;
  return v
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => (p.startsWith('/') ? (paths.dir(p) ?? p) : p));
}


/**
 * The server side of two editor commands: `deploylens/scaffold` (detect the app of a folder, suggest
 * answers, render the deployment files and check them as if they were written) and
 * `deploylens/effectiveGunicornConfig` (every gunicorn instance with its effective settings and
 * where each came from). Both read the workspace as the editor shows it (unsaved buffers included)
 * and write nothing: the client writes the files, after asking.
 */
import { posix } from 'node:path';
import type { Connection } from 'vscode-languageserver';
import type { DirEntry, FileStat, ProjectHost } from '../common/host';
import { LineIndex } from '../common/text';
import { checkAnswers, detectApp, scaffold, suggestAnswers, type DetectedApp, type ScaffoldFile } from '../features/scaffold/index';
import { readGunicornWorkspace } from '../gunicorn/index';
import { instancesToJson } from '../cli/gunicorn';
import { checkPath } from '../project/check';
import {
  EffectiveGunicornConfigRequest,
  ScaffoldRequest,
  type EffectiveGunicornConfigParams,
  type EffectiveGunicornConfigResult,
  type ScaffoldFinding,
  type ScaffoldParams,
  type ScaffoldResult,
} from '../../../shared/src/protocol';
import { guarded, type Logger } from './guard';
import { OverlayHost } from './overlayHost';
import { URI } from './uri';
import type { WorkspaceState } from './workspace';

/** What the handlers need from the server. */
export interface ScaffoldDeps {
  state: WorkspaceState;
  /**
   * The disk without the server's cache: these commands run rarely, right after the user may have
   * added or removed files the watcher has not reported yet.
   */
  disk?: ProjectHost;
  /** Resolves when the Python parser is ready (detection and gunicorn config files need it). */
  ready: () => Promise<unknown>;
  log: Logger;
}

/** The workspace as the editor shows it, read from the uncached disk when there is one. */
function currentHost(deps: ScaffoldDeps): ProjectHost {
  if (!deps.disk) return deps.state.host;
  const host = new OverlayHost(deps.disk);
  for (const p of deps.state.host.openPaths()) host.setDocument(p, deps.state.host.readFile(p) ?? '');
  return host;
}

/** `base` with `files` added on top (new folders included), to check files before they exist. */
export function withFiles(base: ProjectHost, files: ReadonlyArray<{ path: string; text: string }>): ProjectHost {
  const texts = new Map(files.map((f) => [posix.normalize(f.path), f.text]));
  const dirs = new Map<string, Set<string>>();
  for (const p of texts.keys()) {
    for (let child = p, dir = posix.dirname(p); child !== dir; child = dir, dir = posix.dirname(dir)) {
      if (!dirs.has(dir)) dirs.set(dir, new Set());
      dirs.get(dir)!.add(child);
    }
  }
  return {
    readFile: (p) => texts.get(posix.normalize(p)) ?? base.readFile(p),
    stat(p): FileStat | undefined {
      const text = texts.get(posix.normalize(p));
      if (text !== undefined) return { type: 'file', size: Buffer.byteLength(text) };
      return base.stat(p) ?? (dirs.has(posix.normalize(p)) ? { type: 'directory', size: 0 } : undefined);
    },
    readDirectory(p): DirEntry[] {
      const entries = base.readDirectory(p);
      const names = new Set(entries.map((e) => e.name));
      for (const child of dirs.get(posix.normalize(p)) ?? []) {
        const name = posix.basename(child);
        if (!names.has(name)) entries.push({ name, type: texts.has(child) ? 'file' : 'directory' });
      }
      return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    ...(base.realpath ? { realpath: (p: string) => (texts.has(posix.normalize(p)) ? p : base.realpath!(p)) } : {}),
  };
}

function describe(app: DetectedApp): string {
  const rel = (f: string) => posix.relative(app.root, f) || f;
  if (app.framework === 'django') return `Django project, settings ${app.settingsModule}${app.settingsEnv ? ' (given in the unit as DJANGO_SETTINGS_MODULE)' : ''}`;
  if (app.shape === 'factory') return `Flask factory ${app.callable}() in ${rel(app.definedAt.file)}`;
  return `Flask app ${app.callable} in ${rel(app.definedAt.file)}`;
}

/** The error and warning findings in the generated files, with those files in the workspace. */
function checkGenerated(state: WorkspaceState, base: ProjectHost, folder: string, files: ScaffoldFile[]): ScaffoldFinding[] {
  const host = withFiles(base, files);
  const root = state.rootOf(folder) ?? folder;
  const generated = new Set(files.map((f) => f.path));
  const out: ScaffoldFinding[] = [];
  for (const f of checkPath(host, root, state.context(root).settings).findings) {
    if (!generated.has(f.file) || (f.severity !== 'error' && f.severity !== 'warning')) continue;
    out.push({ uri: URI.fromPath(f.file), line: new LineIndex(host.readFile(f.file) ?? '').humanAt(f.start).line, severity: f.severity, code: f.code, message: f.message });
  }
  return out;
}

const EMPTY: ScaffoldResult = { app: null, notes: [], suggestions: null, problems: [], files: [], findings: [] };

/** Answers `deploylens/scaffold`. */
export async function answerScaffold(deps: ScaffoldDeps, params: ScaffoldParams): Promise<ScaffoldResult> {
  const folder = URI.toPath(params.folderUri);
  const { state } = deps;
  const host = currentHost(deps);
  if (!folder || host.stat(folder)?.type !== 'directory') return { ...EMPTY, notes: [`${params.folderUri} is not a folder on disk`] };
  await deps.ready();
  const detection = detectApp(host, folder);
  const app = detection.app;
  if (!app) return { ...EMPTY, notes: detection.notes };
  const s = suggestAnswers(host, folder, app);
  const result: ScaffoldResult = {
    app: { framework: app.framework, name: app.name, target: app.target, description: describe(app), alternatives: app.alternatives },
    notes: detection.notes,
    suggestions: {
      serverPath: s.serverPath,
      ...(s.serverPathFrom ? { serverPathFrom: s.serverPathFrom } : {}),
      ...(s.domain ? { domain: s.domain, domainFrom: s.domainFrom } : {}),
      ...(s.user ? { user: s.user } : {}),
      ...(s.group ? { group: s.group } : {}),
      ...(s.venv ? { venv: s.venv } : {}),
    },
    problems: [],
    files: [],
    findings: [],
  };
  if (!params.answers) return result;
  result.problems = checkAnswers(params.answers);
  if (result.problems.length) return result;
  const files = scaffold(app, params.answers, s.layout);
  result.files = files.map((f) => ({ uri: URI.fromPath(f.path), text: f.text, kind: f.kind, exists: host.stat(f.path) !== undefined }));
  result.findings = checkGenerated(state, host, folder, files);
  return result;
}

/** Answers `deploylens/effectiveGunicornConfig`. */
export async function answerEffectiveConfig(deps: ScaffoldDeps, params: EffectiveGunicornConfigParams): Promise<EffectiveGunicornConfigResult> {
  const { state } = deps;
  const host = currentHost(deps);
  const wanted = (params.folderUris ?? []).map((u) => URI.toPath(u)).filter((p): p is string => !!p);
  const roots = wanted.length ? state.roots.filter((r) => wanted.includes(r)) : state.roots;
  await deps.ready();
  const instances: EffectiveGunicornConfigResult['instances'] = [];
  for (const root of roots) {
    const settings = state.context(root).settings;
    const gw = readGunicornWorkspace(host, root, { pathMappings: settings.pathMappings, ...(settings.gunicornVersion ? { gunicornVersion: settings.gunicornVersion } : {}) });
    // instancesToJson keeps the order of the instances it is given.
    instancesToJson(gw.instances, root, (p) => host.readFile(p) ?? '', true).forEach((i, n) => {
      const { chdirWorkspace: _ignored, ...rest } = i;
      instances.push({ folderUri: URI.fromPath(root), ...rest, version: gw.instances[n].version ?? null });
    });
  }
  return { instances };
}

/** Registers both requests on the connection. */
export function registerScaffold(connection: Connection, deps: ScaffoldDeps): void {
  // By method name, as server.ts does: the protocol's message types come from another copy of vscode-jsonrpc.
  connection.onRequest(
    ScaffoldRequest.method,
    guarded<ScaffoldParams, ScaffoldResult>(deps.log, 'scaffold', EMPTY, (p) => answerScaffold(deps, p)),
  );
  connection.onRequest(
    EffectiveGunicornConfigRequest.method,
    guarded<EffectiveGunicornConfigParams, EffectiveGunicornConfigResult>(deps.log, 'effectiveGunicornConfig', { instances: [] }, (p) => answerEffectiveConfig(deps, p)),
  );
}

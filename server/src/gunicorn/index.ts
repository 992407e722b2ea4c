/**
 * The gunicorn side of a workspace: every gunicorn instance its files describe (systemd units with
 * their sockets, Procfiles, Dockerfiles, supervisor programs, scripts, and config files no launcher
 * reads), each with its effective configuration and sources, plus the findings about them.
 * Entry point: `readGunicornWorkspace(host, root, options)`.
 */
import { posix } from 'node:path';
import type { Finding } from '../common/diagnostics';
import { compareFindings, dedupeFindings } from '../common/diagnostics';
import type { ProjectHost } from '../common/host';
import { GUNICORN_SETTINGS } from './catalog';
import type { ConfigEvaluator } from './configfile';
import { evaluateConfigFile } from './configEval';
import { discoverGunicornFiles, type DiscoverLimits, type GunicornDiscovery } from './discover';
import { computeInstance, mapStartDir, type EffectiveContext } from './effective';
import type { GunicornInstance } from './instance';
import type { Launcher } from './launcher';
import { createPathMapper } from './pathmap';
import type { ReaderContext } from './readers/context';
import { readCompose } from './readers/compose';
import { readDockerfile } from './readers/dockerfile';
import { readProcfile } from './readers/procfile';
import { readScript } from './readers/script';
import { readSupervisor } from './readers/supervisor';
import { readServiceUnit, readSocketUnit, serviceSockets, type SocketUnit } from './readers/systemd';
import { pinnedVersions } from './version';
import { plainWord } from './words';

export type { GunicornInstance, BindInfo, EffectiveSetting, SettingOrigin, ConfigFileInfo } from './instance';
export type { Launcher, SocketActivation } from './launcher';

/** Options of `readGunicornWorkspace`. */
export interface GunicornWorkspaceOptions {
  /** The gunicorn release to assume (`deploylens.gunicornVersion`); else a pin found in the workspace; else none. */
  gunicornVersion?: string;
  /** Server path -> workspace folder (`deploylens.pathMappings`). */
  pathMappings?: Record<string, string>;
  /** Evaluates config files; default: the static Python evaluator (needs `initPython` first). */
  evaluate?: ConfigEvaluator;
  /** A discovery already made (the server caches it); default: walk `root`. */
  discovery?: GunicornDiscovery;
  limits?: DiscoverLimits;
}

/** Every gunicorn instance in the workspace, and the findings about them (sorted). */
export interface GunicornWorkspace {
  instances: GunicornInstance[];
  findings: Finding[];
}

function pairSockets(launchers: Launcher[], sockets: SocketUnit[], host: ProjectHost): void {
  for (const l of launchers) {
    if (l.kind !== 'systemd') continue;
    const service = l.name ?? posix.basename(l.file);
    const base = service.replace(/\.service$/, '');
    const listed = serviceSockets(host.readFile(l.file) ?? '', l.file);
    // A socket unit pairs with a service in its own folder; one elsewhere only when no service of that
    // name sits next to it (the same unit name in two folders means two machines).
    const dirOf = posix.dirname;
    const serviceNamesIn = (dir: string) => new Set(launchers.filter((x) => x.kind === 'systemd' && dirOf(x.file) === dir).map((x) => x.name));
    const candidates = sockets
      .filter((s) => !s.accept && (dirOf(s.file) === dirOf(l.file) || !serviceNamesIn(dirOf(s.file)).has(service)))
      .sort((a, b) => (dirOf(a.file) === dirOf(l.file) ? 0 : 1) - (dirOf(b.file) === dirOf(l.file) ? 0 : 1));
    const byListed = candidates.find((s) => listed.includes(s.unitName));
    const byService = candidates.find((s) => s.service === service);
    const byName = candidates.find((s) => s.unitName === `${base}.socket` && (s.service === undefined || s.service === service));
    const pick = byListed ? ([byListed, 'Sockets='] as const) : byService ? ([byService, 'Service='] as const) : byName ? ([byName, 'name'] as const) : undefined;
    if (!pick) continue;
    const [s, pairedBy] = pick;
    l.socket = { file: s.file, unitName: s.unitName, listen: s.listen, socketUser: s.socketUser, socketGroup: s.socketGroup, socketMode: s.socketMode, pairedBy };
  }
}

function readLaunchers(discovery: GunicornDiscovery, rc: ReaderContext, versions: ReturnType<typeof pinnedVersions>): { launchers: Launcher[]; sockets: SocketUnit[]; findings: Finding[] } {
  const launchers: Launcher[] = [];
  const sockets: SocketUnit[] = [];
  const findings: Finding[] = [];
  // Dockerfiles a compose service builds: the compose service is their launcher.
  const builtByCompose = new Set<string>();
  for (const f of discovery.files) {
    if (f.kind !== 'compose') continue;
    const text = rc.host.readFile(f.path);
    if (text === undefined) continue;
    const r = readCompose(text, f.path, rc, builtByCompose);
    findings.push(...r.findings);
    launchers.push(...r.launchers);
  }
  for (const f of discovery.files) {
    if (f.kind === 'dockerfile' && builtByCompose.has(f.path)) continue;
    const text = rc.host.readFile(f.path);
    if (text === undefined) continue;
    const r =
      f.kind === 'systemd-service'
        ? readServiceUnit(text, f.path, rc)
        : f.kind === 'procfile'
          ? readProcfile(text, f.path, rc.host)
          : f.kind === 'dockerfile'
            ? readDockerfile(text, f.path, rc)
            : f.kind === 'supervisor'
              ? readSupervisor(text, f.path)
              : f.kind === 'script'
                ? readScript(text, f.path)
                : undefined;
    if (f.kind === 'systemd-socket') {
      const s = readSocketUnit(text, f.path);
      sockets.push(s.socket);
      findings.push(...s.findings);
    }
    if (!r) continue;
    findings.push(...r.findings);
    launchers.push(...r.launchers);
  }
  // A script a Dockerfile runs as its entrypoint is read in the Dockerfile's context, not alone.
  const viaDocker = new Set(launchers.filter((l) => (l.kind === 'dockerfile' || l.kind === 'compose') && l.range.file !== l.file).map((l) => l.range.file));
  const kept = launchers.filter((l) => !(l.kind === 'script' && viaDocker.has(l.file)));
  for (const l of kept) {
    const pin = versions.forLauncher(l);
    if (pin) l.version = pin;
  }
  return { launchers: kept, sockets, findings };
}

const SETTING_LINE = new RegExp(`^(?:(${GUNICORN_SETTINGS.map((x) => x.name).join('|')})\\s*=|def\\s+(${GUNICORN_SETTINGS.filter((x) => x.kind === 'hook').map((x) => x.name).join('|')})\\s*\\()`, 'm');

/**
 * A `gunicorn*.py` no launcher names is taken for a config file only when it sets a setting or
 * defines a hook at module level; a helper module that happens to be called `gunicorn_utils.py` is not.
 */
function looksLikeConfig(text: string): boolean {
  return SETTING_LINE.test(text);
}

/** A launcher standing for a config file that no launcher reads: gunicorn started from the file's directory. */
function configOnlyLauncher(file: string): Launcher {
  const dir = posix.dirname(file);
  const args = posix.basename(file) === 'gunicorn.conf.py' ? [] : [plainWord(file, '-c', 0), { ...plainWord(file, file, 0), end: 0, offsets: undefined }];
  return {
    kind: 'script',
    file,
    range: { file, start: 0, end: 0 },
    program: plainWord(file, 'gunicorn', 0),
    args,
    startDir: { value: dir },
    startDirIsWorkspace: true,
    env: new Map(),
    envComplete: false,
    findings: [],
  };
}


/** Reads the gunicorn instances of the workspace at `root` (absolute path) through `host`. */
export function readGunicornWorkspace(host: ProjectHost, root: string, options: GunicornWorkspaceOptions = {}): GunicornWorkspace {
  const discovery = options.discovery ?? discoverGunicornFiles(host, root, options.limits);
  const paths = createPathMapper({ host, root, allFiles: discovery.allFiles, pathMappings: options.pathMappings });
  const rc: ReaderContext = { host, root, paths };
  const versions = pinnedVersions(host, discovery.allFiles);
  const { launchers, sockets, findings } = readLaunchers(discovery, rc, versions);
  pairSockets(launchers, sockets, host);
  const ctx: EffectiveContext = { host, root, paths, version: options.gunicornVersion || undefined, evaluate: options.evaluate ?? evaluateConfigFile, allFiles: discovery.allFiles };
  const instances: GunicornInstance[] = [];
  const read = new Set<string>();
  const claimed = new Set<string>();
  for (const l of launchers) {
    const r = computeInstance(l, ctx);
    instances.push(r.instance);
    findings.push(...r.findings);
    r.configFilesRead.forEach((f) => read.add(f));
    findings.push(...configNotRead(r.instance, l, ctx, claimed));
  }
  for (const f of discovery.files) {
    if (f.kind !== 'gunicorn-config' || read.has(f.path) || claimed.has(f.path)) continue;
    if (!looksLikeConfig(host.readFile(f.path) ?? '')) continue;
    const r = computeInstance(configOnlyLauncher(f.path), ctx);
    r.instance.kind = 'config-only';
    r.instance.program = undefined;
    instances.push(r.instance);
    findings.push(...r.findings.filter((x) => x.code !== 'gunicorn-no-app'));
  }
  instances.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start - b.range.start));
  return { instances, findings: dedupeFindings(findings).sort(compareFindings) };
}

/**
 * A default-named gunicorn.conf.py in the --chdir directory that gunicorn does not read, because it
 * looks for the default file in the directory it starts in (DEPLOY-FACTS §1.3, verified).
 */
function configNotRead(instance: GunicornInstance, launcher: Launcher, ctx: EffectiveContext, claimed: Set<string>): Finding[] {
  const chdir = instance.chdir;
  if (!chdir || chdir.origin === 'default' || !instance.startDir || chdir.value === instance.startDir.value) return [];
  const dir = mapStartDir(chdir.value, launcher, ctx);
  const candidate = dir ? posix.join(dir, 'gunicorn.conf.py') : undefined;
  if (!candidate || ctx.host.stat(candidate)?.type !== 'file' || instance.configFile?.file === candidate) return [];
  claimed.add(candidate);
  const text = ctx.host.readFile(candidate) ?? '';
  const firstLine = text.split('\n')[0].length;
  return [
    {
      file: candidate,
      start: 0,
      end: firstLine,
      severity: 'warning',
      code: 'gunicorn-config-not-read',
      message: `gunicorn does not read this file: ${posix.basename(launcher.file)} starts it in ${instance.startDir.value} and it looks for gunicorn.conf.py there, not in --chdir ${chdir.value}; pass -c ${posix.join(chdir.value, 'gunicorn.conf.py')} or start it in that directory`,
      related: chdir.source ? [{ ...chdir.source, message: '--chdir is set here' }] : undefined,
    },
  ];
}

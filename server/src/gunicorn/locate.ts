/**
 * Where things are: the workspace directory a server directory stands for (explicit and launcher
 * mappings, suffix matching, the directory holding the app's module), and which config file gunicorn
 * opens (`-c`, `--config` in GUNICORN_CMD_ARGS, or `gunicorn.conf.py` in the start directory).
 */
import { posix } from 'node:path';
import { parseArgv, type ParsedArgv } from './argv';
import type { EffectiveContext } from './effective';
import type { GunicornInstance } from './instance';
import type { Launcher } from './launcher';
import { sharedSuffix } from './pathmap';
import { sourceOf } from './words';

/**
 * The workspace directory that holds the app's top-level module (`pybo` for `pybo:create_app()`:
 * a `pybo/` package or `pybo.py`), which is where the server's chdir must be. The candidate whose
 * path shares the longest suffix with the server directory wins; ties go to the one nearest the launcher.
 */
export function appAnchor(app: string | undefined, serverDir: string, near: string, allFiles: readonly string[]): string | undefined {
  const top = app?.split(':')[0].split('.')[0].trim();
  if (!top || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(top)) return undefined;
  // A regular module or package (`top.py`, `top/__init__.py`) anchors first; a namespace directory (any
  // `.../top/...py`, every occurrence, so that a workspace folder itself named `top` is not mistaken
  // for the package) only when there is none.
  const regular = new Set<string>();
  const namespace = new Set<string>();
  for (const f of allFiles) {
    if (f.endsWith(`/${top}.py`)) regular.add(posix.dirname(f));
    if (f.endsWith(`/${top}/__init__.py`)) regular.add(posix.dirname(posix.dirname(f)));
    if (!f.endsWith('.py')) continue;
    for (let k = f.indexOf(`/${top}/`); k >= 0; k = f.indexOf(`/${top}/`, k + 1)) {
      if (!f.slice(k + top.length + 2).includes('/site-packages/')) namespace.add(f.slice(0, k) || '/');
    }
  }
  const dirs = regular.size > 0 ? regular : namespace;
  let best: string | undefined;
  let score = [-1, -1];
  for (const d of dirs) {
    const s = [sharedSuffix(serverDir, d), sharedPrefixLength(near, d)];
    if (s[0] > score[0] || (s[0] === score[0] && s[1] > score[1])) {
      score = s;
      best = d;
    }
  }
  return best;
}

function sharedPrefixLength(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  let n = 0;
  while (n < pa.length && n < pb.length && pa[n] === pb[n]) n++;
  return n;
}

/**
 * Adds a server-to-workspace mapping for the app's directory when nothing maps the start directory:
 * the command-line app and --chdir (or the start directory) tell where the module must be.
 */
export function withAppAnchor(launcher: Launcher, ctx: EffectiveContext): Launcher {
  if (launcher.startDirIsWorkspace || !ctx.allFiles) return launcher;
  const quick = parseArgv(launcher.args);
  const app = quick.positionals[0]?.value;
  const chdirOpt = [...quick.options].reverse().find((o) => o.spec.name === 'chdir');
  const start = launcher.startDir?.value;
  const serverDir = chdirOpt ? posix.resolve(start ?? '/', String(chdirOpt.value)) : start;
  if (!serverDir || !app || mapStartDir(serverDir, launcher, ctx)) return launcher;
  const ws = appAnchor(app, serverDir, posix.dirname(launcher.file), ctx.allFiles);
  return ws ? { ...launcher, mappings: [...(launcher.mappings ?? []), { server: serverDir, workspace: ws }] } : launcher;
}

/** Where gunicorn reads its config from (see the module comment). */
export function chooseConfigFile(
  launcher: Launcher,
  cli: ParsedArgv,
  envArgs: ParsedArgv,
  startDir: string | undefined,
  ctx: EffectiveContext,
): { info?: GunicornInstance['configFile']; maybeDefault?: string; misplaced?: string } {
  const near = posix.dirname(launcher.file);
  const pick = (p: ParsedArgv, name: string) => [...p.options].reverse().find((o) => o.spec.name === name);
  const fromCli = pick(cli, 'config');
  const fromEnv = fromCli ? undefined : pick(envArgs, 'config');
  const chosen = fromCli ?? fromEnv;
  if (chosen) {
    const raw = String(chosen.value).trim();
    const path = resolveConfigPath(raw, startDir);
    const info = { path, chosenBy: fromCli ? ('command-line' as const) : ('GUNICORN_CMD_ARGS' as const), source: sourceOf(chosen.valueWord) };
    const rel = raw.startsWith('file:') ? raw.slice(5) : raw;
    const startWs = startDir ? mapStartDir(startDir, launcher, ctx) : undefined;
    if (raw.startsWith('python:') || rel.startsWith('/') || !startWs) return { info: { ...info, file: mapConfig(path, startDir, launcher, near, ctx) } };
    // A relative -c is opened from the start directory (gunicorn has not chdir'ed to --chdir yet).
    const here = posix.join(startWs, rel);
    if (ctx.host.stat(here)?.type === 'file') return { info: { ...info, file: here } };
    const chdirOpt = pick(cli, 'chdir') ?? pick(envArgs, 'chdir');
    const chdirWs = chdirOpt && startDir ? mapStartDir(posix.resolve(startDir, String(chdirOpt.value)), launcher, ctx) : undefined;
    const there = chdirWs ? posix.join(chdirWs, rel) : undefined;
    return { info, ...(there && ctx.host.stat(there)?.type === 'file' ? { misplaced: there } : {}) };
  }
  if (!startDir) return {};
  const path = posix.join(startDir, 'gunicorn.conf.py');
  const file = mapConfig(path, startDir, launcher, near, ctx, true);
  if (file) return { info: { path, file, chosenBy: 'default' } };
  return mapStartDir(startDir, launcher, ctx) ? {} : { maybeDefault: path };
}

/** `PATH`, `file:PATH` or `python:module`, with relative paths resolved against the start directory. */
function resolveConfigPath(raw: string, startDir: string | undefined): string {
  if (raw.startsWith('python:')) return raw;
  const p = raw.startsWith('file:') ? raw.slice(5) : raw;
  return startDir ? posix.resolve(startDir, p) : p;
}

/** The workspace directory standing for a server directory, using the launcher's own mappings first. */
export function mapStartDir(dir: string, launcher: Launcher, ctx: EffectiveContext): string | undefined {
  // A Procfile's directories are workspace paths already; a server path (a config file's chdir) is not.
  if (launcher.startDirIsWorkspace && (dir === ctx.root || dir.startsWith(ctx.root + '/'))) return dir;
  for (const m of launcher.mappings ?? []) {
    if (dir === m.server || dir.startsWith(m.server + '/')) return posix.join(m.workspace, dir.slice(m.server.length));
  }
  return ctx.paths.dir(dir, posix.dirname(launcher.file));
}

function mapConfig(path: string, startDir: string | undefined, launcher: Launcher, near: string, ctx: EffectiveContext, exactDir = false): string | undefined {
  if (path.startsWith('python:')) {
    const mod = path.slice(7).replace(/\./g, '/');
    const base = startDir ? mapStartDir(startDir, launcher, ctx) : undefined;
    for (const cand of base ? [posix.join(base, mod + '.py'), posix.join(base, mod, '__init__.py')] : []) if (ctx.host.stat(cand)?.type === 'file') return cand;
    return undefined;
  }
  if (launcher.startDirIsWorkspace || (launcher.mappings ?? []).length) {
    const dir = mapStartDir(posix.dirname(path), launcher, ctx);
    if (dir) {
      const cand = posix.join(dir, posix.basename(path));
      if (ctx.host.stat(cand)?.type === 'file') return cand;
    }
    if (launcher.startDirIsWorkspace) return undefined;
  }
  if (exactDir) {
    // The default file counts only in the start directory itself, never "a gunicorn.conf.py somewhere".
    const dir = mapStartDir(posix.dirname(path), launcher, ctx);
    const cand = dir ? posix.join(dir, 'gunicorn.conf.py') : undefined;
    return cand && ctx.host.stat(cand)?.type === 'file' ? cand : undefined;
  }
  return ctx.paths.file(path, near);
}


import { posix } from 'node:path';
import type { Finding, Fix } from '../common/diagnostics';
import { parseTarget } from '../project/app/index';
import type { AppInstance } from '../project/model';
import { insertLineAfter } from './edits';
import { type Rule, type RuleContext } from './rule';

/**
 * gunicorn imports the app module from its chdir (default: the directory it starts in). A systemd
 * unit without WorkingDirectory= (and no --chdir) starts it in `/`, so `pybo:create_app()` fails
 * with `ModuleNotFoundError: No module named 'pybo'` (exit 3, then 502 for nginx); so does a
 * Dockerfile without WORKDIR. Reported when the workspace holds the module (it is not an installed
 * package). The fix adds `WorkingDirectory=` with the project's server path, when the other files
 * (nginx aliases, sockets, the venv path) tell it unambiguously.
 */
export const noWorkingDirectory: Rule = {
  id: 'no-working-directory',
  severity: 'error',
  description: 'gunicorn starts in / (no WorkingDirectory=, WORKDIR or --chdir) and cannot import the app module',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const entry of ctx.model.gunicorn) {
      const i = entry.instance;
      if (!i.app) continue;
      const inRoot = i.chdir?.value === '/' && i.chdir.origin === 'default' && (i.kind === 'systemd' || i.kind === 'dockerfile');
      const dockerNoWorkdir = i.kind === 'dockerfile' && i.chdir?.value === undefined && !i.startDir;
      if (!inRoot && !dockerNoWorkdir) continue;
      const pp = i.settings.pythonpath?.value;
      if (typeof pp === 'string' && pp.split(',').some((p) => p.trim().startsWith('/'))) continue;
      const top = parseTarget(i.app.value).module.split('.')[0];
      if (!top) continue;
      const dirs = moduleDirs(ctx, top);
      if (dirs.length === 0) continue;
      const serverDir = dirs.length === 1 ? inferServerDir(ctx, entry, dirs[0]) : undefined;
      const fixes: Fix[] = [];
      if (serverDir && i.kind === 'systemd') {
        const edit = afterSection(ctx, i.file, 'Service', `WorkingDirectory=${serverDir}`);
        if (edit) fixes.push({ title: `Add WorkingDirectory=${serverDir}`, edits: [edit], preferred: true });
      }
      const what = i.kind === 'systemd' ? 'the unit has no WorkingDirectory=' : 'the Dockerfile has no WORKDIR';
      out.push({
        file: i.range.file,
        start: i.range.start,
        end: i.range.end,
        severity: this.severity,
        code: this.id,
        message: `gunicorn starts in / (${what} and no --chdir), so it cannot import '${top}' (${dirs.map((d) => posix.relative(ctx.model.root, d) || '.').join(', ')} in the workspace): it exits with "No module named '${top}'" and nginx answers 502. ${serverDir ? `Set WorkingDirectory=${serverDir}` : 'Set WorkingDirectory= (or --chdir) to the project directory on the server'}`,
        ...(i.app.source ? { related: [{ ...i.app.source, message: `the app target ${i.app.value}` }] } : {}),
        ...(fixes.length ? { fixes } : {}),
      });
    }
    return out;
  },
};

/** Workspace directories that hold the top-level module `top` (a package folder or a .py file). */
function moduleDirs(ctx: RuleContext, top: string): string[] {
  const out = new Set<string>();
  for (const f of ctx.model.files) {
    if (f.kind !== 'python') continue;
    if (posix.basename(f.path) === `${top}.py`) out.add(posix.dirname(f.path));
    const at = f.path.indexOf(`/${top}/`);
    if (at >= 0 && posix.basename(f.path) === '__init__.py' && f.path === `${f.path.slice(0, at)}/${top}/__init__.py`) out.add(f.path.slice(0, at));
  }
  return [...out].sort();
}

/**
 * The server path of workspace directory `dir`, from absolute server paths the other files name
 * (nginx root/alias, unix sockets, the gunicorn program in a venv): `/home/u/proj/pybo/static`
 * with `<dir>/pybo/static` in the workspace says `dir` is `/home/u/proj`. Undefined unless one answer.
 */
function inferServerDir(ctx: RuleContext, entry: AppInstance, dir: string): string | undefined {
  const paths: string[] = [];
  for (const site of ctx.model.nginx) {
    for (const f of site.config.files.values()) {
      if (!f.path.startsWith(ctx.model.root + '/')) continue;
      const walk = (cs: readonly import('../nginx/ast').Statement[]) => {
        for (const c of cs) {
          if (c.type !== 'directive') continue;
          if ((c.name === 'root' || c.name === 'alias') && c.args[0]?.value.startsWith('/')) paths.push(c.args[0].value);
          if (c.block) walk(c.block.children);
        }
      };
      walk(f.children);
    }
  }
  for (const p of ctx.proxies) for (const w of p.endpoints) if (w.endpoint.kind === 'unix' && w.endpoint.path.startsWith('/')) paths.push(w.endpoint.path);
  if (entry.instance.program?.startsWith('/')) paths.push(entry.instance.program);
  const votes = new Set<string>();
  for (const p of paths) {
    const parts = p.split('/').filter(Boolean);
    for (let k = parts.length - 1; k >= 1; k--) {
      if (ctx.host.stat(posix.join(dir, ...parts.slice(parts.length - k))) !== undefined) {
        votes.add('/' + parts.slice(0, parts.length - k).join('/'));
        break;
      }
    }
  }
  return votes.size === 1 ? [...votes][0] : undefined;
}

/** Inserts `line` right after the `[section]` header of an ini-style file. */
function afterSection(ctx: RuleContext, file: string, section: string, line: string) {
  const text = ctx.host.readFile(file);
  if (text === undefined) return undefined;
  const m = new RegExp(`^\\[${section}\\][ \\t]*$`, 'm').exec(text);
  return m ? insertLineAfter(ctx.host, file, m.index, line) : undefined;
}

/**
 * `deploylens gunicorn <workspace> [--format text|json] [--all]`: every gunicorn instance the
 * workspace describes, with its effective configuration as `gunicorn --print-config` would show it on
 * the server, computed from the files without running anything.
 *
 * JSON: an array, one object per instance:
 * `{"file", "line", "kind", "name", "app", "chdir", "chdirWorkspace", "startDir", "binds", "workers", "workerClass",
 *   "configFile", "unknownSources", "settings": {"<name>": {"value", "origin", "file", "line"}}}`
 * with `file` relative to the workspace and `line` 1-based. `settings` lists the values some file
 * sets (all settings with `--all`); `value` is null when unknown (then `unknown` says why).
 * Text: one block per instance, then the problems found. Exit 0 (2 on bad usage).
 */
import { posix } from 'node:path';
import type { Finding } from '../common/diagnostics';
import { LineIndex } from '../common/text';
import { readGunicornWorkspace, type GunicornInstance } from '../gunicorn/index';
import { loadPythonParser } from '../node/python';
import { readWorkspaceSettings } from '../project/settings';
import { parseArgs, UsageError } from './args';
import type { CliIO } from './io';

interface Located {
  file: string | null;
  line: number | null;
}

/** The JSON shape of one instance (see the module comment). */
export interface InstanceJson extends Located {
  kind: string;
  name: string | null;
  app: string | null;
  chdir: string | null;
  /** The workspace folder standing for `chdir` (where the app module is), relative to the workspace. */
  chdirWorkspace: string | null;
  startDir: string | null;
  binds: string[];
  bindsIgnored: string[];
  workers: number | null;
  workerClass: string | null;
  configFile: string | null;
  unknownSources: string[];
  settings: Record<string, { value: unknown; origin: string; unknown?: string } & Located>;
}

/** Converts instances to the JSON contract; `all` includes settings left at gunicorn's defaults. */
export function instancesToJson(instances: GunicornInstance[], root: string, readText: (file: string) => string, all = false): InstanceJson[] {
  const indexes = new Map<string, LineIndex>();
  const locate = (file: string | undefined, offset: number | undefined): Located => {
    if (!file) return { file: null, line: null };
    let idx = indexes.get(file);
    if (!idx) indexes.set(file, (idx = new LineIndex(readText(file))));
    return { file: posix.relative(root, file) || posix.basename(file), line: idx.humanAt(offset ?? 0).line };
  };
  return instances.map((i) => {
    // Workspace directories (a Procfile's app root) are shown relative to the workspace, like files.
    const ws = (dir: string | undefined) => (dir !== undefined && i.startDirIsWorkspace && i.startDir && (dir === i.startDir.value || dir.startsWith(i.startDir.value + '/')) ? posix.relative(root, dir) || '.' : dir);
    const settings: InstanceJson['settings'] = {};
    for (const name of Object.keys(i.settings).sort()) {
      const s = i.settings[name];
      if (!all && s.origin === 'default' && !s.source) continue;
      settings[name] = {
        value: name === 'chdir' && typeof s.value === 'string' ? ws(s.value) : (s.value ?? null),
        origin: s.origin,
        ...(s.unknown ? { unknown: s.unknown.reason + (s.unknown.detail ? `: ${s.unknown.detail}` : '') } : {}),
        ...locate(s.source?.file, s.source?.start),
      };
    }
    const where = locate(i.file, i.range.start);
    return {
      ...where,
      kind: i.kind,
      name: i.name ?? null,
      app: i.app?.value ?? null,
      chdir: ws(i.chdir?.value) ?? null,
      chdirWorkspace: i.chdirWorkspace !== undefined ? posix.relative(root, i.chdirWorkspace) || '.' : null,
      startDir: ws(i.startDir?.value) ?? null,
      binds: i.binds.map((b) => b.address),
      bindsIgnored: i.bindsIgnored.map((b) => b.address),
      workers: i.workers,
      workerClass: i.workerClass,
      configFile: i.configFile ? (i.configFile.file ? posix.relative(root, i.configFile.file) : i.configFile.path) : null,
      unknownSources: i.unknownSources,
      settings,
    };
  });
}

function formatValue(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (Array.isArray(v)) return `[${v.map((x) => `'${x}'`).join(', ')}]`;
  if (typeof v === 'object') return JSON.stringify(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}

/** The text rendering: a `--print-config`-like block per instance. */
export function instancesToText(rows: InstanceJson[]): string[] {
  const out: string[] = [];
  for (const r of rows) {
    out.push(`${r.file}:${r.line}: ${r.kind}${r.name ? ` ${r.name}` : ''}`);
    out.push(`  app      ${r.app ?? '(none)'}`);
    out.push(`  chdir    ${r.chdir ?? '(unknown)'}${r.startDir && r.startDir !== r.chdir ? `   (started in ${r.startDir})` : ''}`);
    out.push(`  binds    ${r.binds.join(', ') || '(none)'}${r.bindsIgnored.length ? `   (ignored: ${r.bindsIgnored.join(', ')})` : ''}`);
    out.push(`  workers  ${r.workers ?? '(depends on the machine or the environment)'}`);
    out.push(`  config   ${r.configFile ?? '(none)'}`);
    for (const u of r.unknownSources) out.push(`  unknown  ${u}`);
    const names = Object.keys(r.settings);
    const width = Math.max(0, ...names.map((n) => n.length));
    for (const n of names) {
      const s = r.settings[n];
      const value = s.unknown ? `<unknown: ${s.unknown}>` : formatValue(s.value);
      const from = s.file ? `${s.file}:${s.line}` : 'gunicorn default';
      out.push(`    ${n.padEnd(width)} = ${value}   # ${from} (${s.origin})`);
    }
    out.push('');
  }
  return out;
}

function findingLine(f: Finding, root: string, readText: (file: string) => string): string {
  const pos = new LineIndex(readText(f.file)).humanAt(f.start);
  return `${posix.relative(root, f.file) || f.file}:${pos.line}:${pos.column}: ${f.severity} ${f.code}: ${f.message}`;
}

/** Runs `deploylens gunicorn`. */
export async function run(argv: string[], io: CliIO): Promise<number> {
  let format = 'text';
  let target: string;
  let all = false;
  try {
    const args = parseArgs(argv, ['format'], ['all']);
    format = String(args.options.get('format') ?? 'text');
    all = args.options.get('all') === true;
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format}'`);
    if (args.positional.length !== 1) throw new UsageError('gunicorn needs exactly one workspace folder');
    target = args.positional[0];
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`deploylens gunicorn: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const root = posix.resolve(io.cwd, target);
  if (io.host.stat(root)?.type !== 'directory') {
    io.err(`deploylens gunicorn: not a folder: ${target}`);
    return 2;
  }
  try {
    await loadPythonParser();
  } catch (e) {
    io.err(`deploylens gunicorn: config files are not evaluated: ${e instanceof Error ? e.message : String(e)}`);
  }
  const { settings, messages } = readWorkspaceSettings(io.host, root);
  for (const m of messages) io.err(`deploylens gunicorn: ${m}`);
  const ws = readGunicornWorkspace(io.host, root, { gunicornVersion: settings.gunicornVersion, pathMappings: settings.pathMappings });
  const readText = (file: string) => io.host.readFile(file) ?? '';
  const rows = instancesToJson(ws.instances, root, readText, all);
  if (format === 'json') {
    io.out(JSON.stringify(rows, null, 2));
    return 0;
  }
  for (const line of instancesToText(rows)) io.out(line);
  if (rows.length === 0) io.out('no gunicorn instance found');
  if (ws.findings.length) {
    io.out('problems:');
    for (const f of ws.findings) io.out('  ' + findingLine(f, root, readText));
  }
  return 0;
}

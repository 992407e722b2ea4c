/**
 * Loading a configuration: the entry file and everything its `include` directives reach, the way
 * nginx pastes them in. Relative targets start from the conf directory (the directory of the
 * `-c` file, /etc/nginx on Debian), not from the including file; masks expand like glob(3). All
 * reading goes through the host, and every way a file can be unusable (missing, a directory,
 * binary, huge, not UTF-8, a cycle, a mask matching thousands of files) becomes a finding.
 */
import type { Finding, Fix, Severity } from '../common/diagnostics';
import { MAX_FILE_BYTES, type ProjectHost } from '../common/host';
import type { Directive, NginxFile, Statement } from './ast';
import type { NginxConfig, NginxContext } from './config';
import { inferContext } from './context';
import { editDistance } from './catalog';
import { DEBIAN_CONF_DIR, DEBIAN_NGINX_FILES, debianFile } from './debian';
import { expandGlob, isGlob } from './glob';
import { parseNginx } from './parser';

/** Options of `loadNginxConfig`. */
export interface LoadOptions {
  /** The context the entry file is read in; inferred from its path and contents when absent. */
  context?: NginxContext;
  /** The directory relative include targets start from (nginx's conf prefix); found when absent. */
  confDir?: string;
  /**
   * The workspace root. An absolute include target under it that does not exist is an error; one
   * outside it (`/etc/nginx/...` on the server) is only a hint, since nginx may well find it there.
   */
  workspaceRoot?: string;
  /** Parses one file; defaults to `parseNginx` (the language server passes its cache). */
  parse?: (text: string, path: string) => NginxFile;
}

/** At most this many files are included into one configuration, besides the entry file (more is reported). */
export const MAX_INCLUDED_FILES = 1000;

/** Files that are not on the host but known by their Debian contents (`proxy_params`, `mime.types`, ...). */
const builtinFiles = new WeakSet<NginxFile>();

/** True for a file the loader supplied from Debian's defaults rather than read from the workspace. */
export function isBuiltinFile(file: NginxFile): boolean {
  return builtinFiles.has(file);
}

/** Where relative targets start, and whether the workspace is expected to hold them. */
interface Bases {
  /** Directories tried in order for a relative target. */
  dirs: string[];
  /** True when the first directory is the real conf dir (a missing file there is an error). */
  known: boolean;
}

/**
 * Parses a file exactly as nginx reads it: a statement runs until `;` or `{`, across lines. The
 * parser could split a statement where a line starts with a directive name (a likely missing
 * `;`), but nginx accepts `server_name a.org\n root /x;` (root becomes a server name) and
 * `access_log x fmt\n gzip;` (gzip is an access_log parameter), so splitting would turn valid
 * configs into errors. The directive rule reports those line breaks instead, as nginx would see them.
 */
function defaultParse(text: string, path: string): NginxFile {
  return parseNginx(text, path);
}

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

function join(dir: string, rel: string): string {
  const parts = (dir.endsWith('/') ? dir + rel : `${dir}/${rel}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return '/' + out.join('/');
}

function emptyFile(path: string): NginxFile {
  return { path, text: '', children: [], errors: [] };
}

/**
 * The conf dir of an entry file: its own directory for a main config; for a fragment, the closest
 * ancestor (up to three levels, not above the workspace root) holding an nginx.conf, i.e. a
 * workspace copy of /etc/nginx; else
 * unknown, and the file's directory (and the parent of a sites-enabled-like directory) are tried.
 */
function findBases(host: ProjectHost, mainPath: string, context: NginxContext, options: LoadOptions): Bases {
  if (options.confDir) return { dirs: [options.confDir], known: true };
  const dir = dirname(mainPath);
  if (context === 'main') return { dirs: [dir], known: true };
  let a = dir;
  const root = options.workspaceRoot?.replace(/\/$/, '');
  for (let level = 0; level < 3; level++) {
    const candidate = join(a, 'nginx.conf');
    if (candidate !== mainPath && host.stat(candidate)?.type === 'file') return { dirs: [a], known: true };
    // Never look above the workspace: an nginx.conf there belongs to something else.
    if (a === '/' || a === root) break;
    a = dirname(a);
  }
  const dirs = [dir];
  if (/\/(sites-available|sites-enabled|conf\.d|snippets)$/.test(dir)) dirs.push(dirname(dir));
  return { dirs, known: false };
}

/** Every `include` directive of a file, in order, at any depth (not inside raw blocks). */
function includeDirectives(children: readonly Statement[], out: Directive[] = []): Directive[] {
  for (const s of children) {
    if (s.type !== 'directive') continue;
    if (s.name === 'include' && !s.block) out.push(s);
    if (s.block && s.block.kind !== 'raw') includeDirectives(s.block.children, out);
  }
  return out;
}

/**
 * Loads `mainPath` and every file its includes reach. Never throws; problems are in `findings`.
 * Each file is parsed once even when included from many places; `includes` maps each include
 * directive to the files it pulls in, in nginx's order.
 */
export function loadNginxConfig(host: ProjectHost, mainPath: string, options: LoadOptions = {}): NginxConfig {
  const parse = options.parse ?? defaultParse;
  const findings: Finding[] = [];
  const files = new Map<string, NginxFile>();
  const includes = new Map<Directive, NginxFile[]>();
  const byReal = new Map<string, NginxFile>();
  const realOf = new Map<NginxFile, string>();
  const real = (p: string): string => {
    try {
      return host.realpath?.(p) ?? p;
    } catch {
      return p;
    }
  };

  const entry = readConfigFile(host, mainPath, parse);
  const main = entry.file ?? emptyFile(mainPath);
  if (entry.problem) findings.push({ file: mainPath, start: 0, end: 0, ...entry.problem });
  files.set(mainPath, main);
  const mainReal = real(mainPath);
  byReal.set(mainReal, main);
  realOf.set(main, mainReal);

  const context = options.context ?? inferContext(main);
  const bases = findBases(host, mainPath, context, options);
  const confDir = bases.dirs[0];
  let budgetWarned = false;

  const report = (file: NginxFile, d: Directive, severity: Severity, code: string, message: string, fixes?: Fix[]): void => {
    const arg = d.args[0] ?? d.nameWord;
    findings.push({ file: file.path, start: arg.start, end: arg.end, severity, code, message, ...(fixes?.length ? { fixes } : {}) });
  };

  /** Loads one target file (cached by real path); undefined after reporting when it cannot be used. */
  const load = (path: string, from: NginxFile, d: Directive): NginxFile | undefined => {
    const r = real(path);
    const cached = byReal.get(r);
    if (cached) return cached;
    if (files.size > MAX_INCLUDED_FILES) {
      if (!budgetWarned) report(from, d, 'warning', 'nginx-include-too-many', `more than ${MAX_INCLUDED_FILES} files are included; the rest were not checked`);
      budgetWarned = true;
      return undefined;
    }
    const { file, problem } = readConfigFile(host, path, parse);
    if (problem) report(from, d, problem.severity, problem.code, problem.message);
    if (!file) return undefined;
    files.set(path, file);
    byReal.set(r, file);
    realOf.set(file, r);
    return file;
  };

  const loadBuiltin = (target: string): NginxFile | undefined => {
    const known = debianFile(target);
    if (!known) return undefined;
    const cached = byReal.get(known.path);
    if (cached) return cached;
    const file = parse(known.text, known.path);
    builtinFiles.add(file);
    files.set(known.path, file);
    byReal.set(known.path, file);
    realOf.set(file, known.path);
    return file;
  };

  /** The files one include directive names, reporting what cannot be found. */
  const resolve = (d: Directive, from: NginxFile): NginxFile[] => {
    const target = d.args[0].value;
    if (target === '') {
      report(from, d, 'error', 'nginx-include-missing', 'include needs a file name');
      return [];
    }
    const absolute = target.startsWith('/');
    // A workspace copy of /etc/nginx stands in for the real one: `/etc/nginx/sites-enabled/*` is read there.
    const candidates = absolute
      ? [...(bases.known && confDir !== DEBIAN_CONF_DIR && target.startsWith(DEBIAN_CONF_DIR + '/') ? [join(confDir, target.slice(DEBIAN_CONF_DIR.length + 1))] : []), target]
      : bases.dirs.map((b) => join(b, target));

    if (isGlob(target)) {
      for (const mask of candidates) {
        const g = expandGlob(host, mask, MAX_INCLUDED_FILES);
        if (g.files.length === 0) continue;
        if (g.truncated) report(from, d, 'warning', 'nginx-include-too-many', `"${target}" matches more than ${MAX_INCLUDED_FILES} files; only the first ${MAX_INCLUDED_FILES} were checked`);
        return g.files.map((p) => load(p, from, d)).filter((f): f is NginxFile => f !== undefined);
      }
      // nginx accepts a mask that matches nothing.
      return [];
    }

    for (const p of candidates) {
      const st = host.stat(p);
      if (st === undefined) continue;
      if (st.type === 'directory') {
        report(from, d, 'error', 'nginx-include-not-file', `"${p}" is a directory; include needs a file or a mask such as "${target.replace(/\/$/, '')}/*.conf"`);
        return [];
      }
      const f = load(p, from, d);
      return f ? [f] : [];
    }
    const builtin = loadBuiltin(target);
    if (builtin) return [builtin];

    const where = candidates[0];
    const underWorkspace = options.workspaceRoot !== undefined && where.startsWith(options.workspaceRoot.replace(/\/?$/, '/'));
    // `proxy_param` for `proxy_params`, `proxy_params_missing`: a near miss of a file every Debian
    // server has, or a Debian name with something appended, is not a file the server has either
    // (it ships the stock names only), and the workspace does not hold it: nginx -t fails with
    // open() failed (measured on the real stack). A plausible snippet of the user's own
    // (`snippets/ssl-params.conf`, made on the server in the DigitalOcean tutorials) falls through
    // to the cases below: a hint when it lives on the server outside the workspace.
    const rel = absolute ? (target.startsWith(DEBIAN_CONF_DIR + '/') ? target.slice(DEBIAN_CONF_DIR.length + 1) : undefined) : target;
    const debianNames = Object.keys(DEBIAN_NGINX_FILES);
    const budget = (k: string) => Math.max(1, Math.min(2, Math.floor(k.length / 4)));
    const typo = rel === undefined ? [] : debianNames.filter((k) => editDistance(rel, k, budget(k)) <= budget(k));
    const near = typo.length || rel === undefined ? typo : debianNames.filter((k) => rel.startsWith(k));
    if (near.length) {
      const arg = d.args[0];
      const fixes: Fix[] = near.map((k) => ({
        title: `Change to "${absolute ? `${DEBIAN_CONF_DIR}/${k}` : k}"`,
        edits: [{ file: from.path, start: arg.start, end: arg.end, newText: absolute ? `${DEBIAN_CONF_DIR}/${k}` : k }],
        preferred: near.length === 1,
      }));
      const serverPath = absolute ? target : join(bases.known ? confDir : DEBIAN_CONF_DIR, target);
      report(
        from,
        d,
        'error',
        'nginx-include-missing',
        `included file "${target}" is not in the workspace${bases.known ? '' : ' nor a file Debian installs'}: nginx -t fails with open() "${serverPath}" failed; did you mean ${near.map((k) => `"${k}"`).join(' or ')} (installed by Debian's nginx)?`,
        fixes,
      );
      return [];
    }
    if ((absolute && underWorkspace) || (!absolute && bases.known)) {
      report(from, d, 'error', 'nginx-include-missing', `included file "${target}" does not exist (looked for ${where}); nginx -t fails with "open() failed"`);
    } else {
      const serverPath = absolute ? target : join(DEBIAN_CONF_DIR, target);
      report(from, d, 'hint', 'nginx-include-missing', `"${target}" is not in the workspace; nginx will read ${serverPath} on the server, so its directives are not checked here`);
    }
    return [];
  };

  /** Depth-first over include directives; `stack` holds the real paths of files being expanded. */
  const visit = (file: NginxFile, stack: string[]): void => {
    for (const d of includeDirectives(file.children)) {
      if (d.args.length !== 1) continue;
      const targets: NginxFile[] = [];
      for (const t of resolve(d, file)) {
        const r = realOf.get(t) ?? t.path;
        const at = stack.indexOf(r);
        if (at >= 0) {
          const cycle = [...stack.slice(at), r].map((p) => p.slice(p.lastIndexOf('/') + 1)).join(' -> ');
          report(file, d, 'error', 'nginx-include-cycle', `include cycle: ${cycle}; nginx would include these files forever`);
          continue;
        }
        targets.push(t);
      }
      includes.set(d, targets);
      for (const t of targets) {
        if (visited.has(t)) continue;
        visited.add(t);
        visit(t, [...stack, realOf.get(t) ?? t.path]);
      }
    }
  };
  const visited = new Set<NginxFile>([main]);
  visit(main, [mainReal]);

  return { main, context, files, includes, findings };
}

/** Why a file cannot be used as it is. */
interface ReadProblem {
  severity: Severity;
  code: string;
  message: string;
}

/**
 * Reads and parses one file, checking it first: size from `stat` (so a huge file is never read),
 * NUL bytes (binary: not parsed), U+FFFD (bytes that are not UTF-8: parsed, with a warning).
 * `file` is absent when the file cannot be used at all.
 */
export function readConfigFile(
  host: ProjectHost,
  path: string,
  parse: (text: string, path: string) => NginxFile = defaultParse,
): { file?: NginxFile; problem?: ReadProblem } {
  const st = host.stat(path);
  if (!st) return { problem: { severity: 'error', code: 'nginx-include-missing', message: `cannot read "${path}": it does not exist or is not accessible (a broken or looping symlink?)` } };
  if (st.type !== 'file') return { problem: { severity: 'error', code: 'nginx-include-not-file', message: `"${path}" is not a regular file` } };
  if (st.size > MAX_FILE_BYTES) {
    const mb = (n: number) => `${Math.round(n / 1048576)} MB`;
    return { problem: { severity: 'warning', code: 'nginx-file-too-large', message: `"${path}" is ${mb(st.size)}, over the ${mb(MAX_FILE_BYTES)} limit; it was not checked` } };
  }
  const text = host.readFile(path);
  if (text === undefined) return { problem: { severity: 'error', code: 'nginx-include-missing', message: `cannot read "${path}"` } };
  if (text.includes('\0')) return { problem: { severity: 'error', code: 'nginx-binary-file', message: `"${path}" is a binary file (it contains NUL bytes), not an nginx configuration` } };
  const file = parse(text, path);
  if (text.includes('\uFFFD')) {
    return { file, problem: { severity: 'warning', code: 'nginx-encoding', message: `"${path}" is not valid UTF-8; nginx reads bytes, but the invalid ones show as U+FFFD here` } };
  }
  return { file };
}

/**
 * How to run `nginx -t` on one file of the workspace without touching the system's nginx: pure
 * planning and output parsing (no I/O), so both are unit-tested; run.ts carries the plan out.
 *
 * A whole configuration (it has an `events` or `http` block) is tested as the main file. A site
 * file (server blocks, as in sites-available/) is wrapped the way Debian's /etc/nginx/nginx.conf
 * includes it: dynamic modules, then `http { include mime.types; include <site>; }`. The wrapper
 * sits in a temp folder that also links the system's snippets (proxy_params, fastcgi_params,
 * snippets/...), because nginx resolves a site's relative `include proxy_params` against the
 * folder of the main file.
 */

/** What to create and run. Paths are absolute. */
export interface NginxTestPlan {
  /** The file nginx -t reads first (-c). */
  mainFile: string;
  /** Files to write before running (the wrapper, the copy of an unsaved site). */
  writes: { path: string; content: string }[];
  /** Symbolic links to create: the system's include files next to the wrapper. */
  links: { path: string; target: string }[];
  /** nginx's arguments. */
  args: string[];
  /** Messages about `from` (a temp copy) are about `to` (the user's file). */
  pathMap: { from: string; to: string }[];
}

/** The input of a plan. */
export interface NginxTestInput {
  /** The user's file, absolute. */
  file: string;
  /** Its current text (maybe unsaved). */
  text: string;
  /** True if the editor holds changes not on disk. */
  dirty: boolean;
  /** A fresh temp folder the plan may fill. */
  tmp: string;
  /** The system's nginx folder (Debian: /etc/nginx), and its entries, to link; empty if absent. */
  systemDir: string;
  systemEntries: string[];
}

/** True when the text is a whole nginx configuration rather than an included fragment. */
export function isMainConfig(text: string): boolean {
  const code = text.replace(/#[^\n]*/g, '');
  return /(^|[;{}\s])(events|http|stream)\s*\{/.test(code);
}

function quote(path: string): string {
  return /[\s;{}"'#$]/.test(path) ? `"${path.replace(/(["\\\\$])/g, '\\$1')}"` : path;
}

/** Plans the run; returns a reason instead when the file cannot be tested as it is. */
export function planNginxTest(input: NginxTestInput): NginxTestPlan | { refused: string } {
  const common = ['-t', '-q', '-p', `${input.tmp}/`, '-e', `${input.tmp}/error.log`];
  if (isMainConfig(input.text)) {
    // Relative includes of a main file resolve against its own folder: it must be tested in place.
    if (input.dirty) return { refused: 'Save the file first: nginx -t reads a whole configuration from disk.' };
    return { mainFile: input.file, writes: [], links: [], args: [...common, '-c', input.file], pathMap: [] };
  }
  const writes: NginxTestPlan['writes'] = [];
  const pathMap: NginxTestPlan['pathMap'] = [];
  let site = input.file;
  if (input.dirty) {
    site = `${input.tmp}/unsaved/${input.file.split('/').pop() || 'site'}`;
    writes.push({ path: site, content: input.text });
    pathMap.push({ from: site, to: input.file });
  }
  const linked = input.systemEntries.filter((e) => e !== 'nginx.conf');
  const main = `${input.tmp}/nginx.conf`;
  const lines = ['# Written by DeployLens to test one site the way Debian\'s nginx.conf includes it.'];
  if (linked.includes('modules-enabled')) lines.push('include modules-enabled/*.conf;');
  lines.push('events {}', 'http {');
  if (linked.includes('mime.types')) lines.push('    include mime.types;');
  lines.push(`    include ${quote(site)};`, '}', '');
  writes.push({ path: main, content: lines.join('\n') });
  return {
    mainFile: main,
    writes,
    links: linked.map((e) => ({ path: `${input.tmp}/${e}`, target: `${input.systemDir}/${e}` })),
    // The pid file is not written by -t, but nginx checks its folder exists: keep it in tmp.
    args: [...common, '-c', main, '-g', `pid ${input.tmp}/nginx.pid;`],
    pathMap,
  };
}

/** One message of nginx -t. `file`/`line` are absent for messages without a place. */
export interface NginxMessage {
  level: 'emerg' | 'alert' | 'crit' | 'error' | 'warn' | 'notice';
  message: string;
  file?: string;
  line?: number;
}

/** Parses nginx -t's stderr; messages about temp copies are mapped back to the user's files. */
export function parseNginxTestOutput(stderr: string, pathMap: NginxTestPlan['pathMap'] = []): NginxMessage[] {
  const out: NginxMessage[] = [];
  for (const raw of stderr.split('\n')) {
    const m = /^nginx: \[(emerg|alert|crit|error|warn|notice)\] (.*?)(?: in (\/.*):(\d+))?$/.exec(raw.trim());
    if (!m) continue;
    const file = m[3] === undefined ? undefined : (pathMap.find((p) => p.from === m[3])?.to ?? m[3]);
    out.push({ level: m[1] as NginxMessage['level'], message: m[2], ...(file ? { file, line: Number(m[4]) } : {}) });
  }
  return out;
}

// Moving a deployment into a temp root: every server path a deployed file names
// (`/home/ubuntu/...`, `/run/x.sock`, `/tmp/x.sock`, the Docker WORKDIR) is prefixed with the
// root, every TCP port the app side uses is mapped to a free port, and nginx `listen` lines move to
// loopback high ports. One pass per text, so a rewritten path is never rewritten again.

/** Server directories that always move into the temp root (plus the case's own mount points). */
export const SERVER_ROOTS = ['/home', '/run', '/var/run', '/tmp', '/var/tmp', '/srv', '/opt', '/var/www', '/etc/nginx', '/etc/letsencrypt'];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A function that rewrites the server paths in a text: a root counts only at a word start (after
 * a space, quote, `=`, `:`, `(`, `,`, `[` or `/`, so `unix:///tmp/x` and `http://unix:/run/x` are
 * caught) and only as a whole path component (`/app` but not `/apple`, `/tmp` but not `/tmpfs`).
 */
export function pathRewriter(root: string, extraRoots: string[] = []): (text: string) => string {
  const roots = [...new Set([...SERVER_ROOTS, ...extraRoots.map((r) => r.replace(/\/+$/, ''))])].filter((r) => r !== '').sort((a, b) => b.length - a.length);
  const re = new RegExp(`(^|[\\s"'=:(,\\[/])(${roots.map(escape).join('|')})(?=/|$|[\\s"';,)\\]:])`, 'gm');
  return (text) => text.replace(re, (_, before: string, path: string) => `${before}${root}${path}`);
}

/**
 * A function that maps the app-side TCP ports (`127.0.0.1:8000`, `0.0.0.0:8000`, `PORT=8000`,
 * `server localhost:8000`) to the free ports chosen for this deployment: a port counts after `:`
 * or `=` and only as a whole number.
 */
export function portRewriter(ports: ReadonlyMap<number, number>): (text: string) => string {
  if (ports.size === 0) return (t) => t;
  const re = new RegExp(`(?<=[:=])(${[...ports.keys()].join('|')})(?!\\d)`, 'g');
  return (text) => text.replace(re, (p: string) => String(ports.get(Number(p))));
}

/**
 * Moves every `listen` of an nginx text to 127.0.0.1 on a port chosen per original port (servers
 * that shared a port still share one), keeping the other parameters (`default_server`, ...).
 * IPv6 and unix listens are commented out: the same servers stay reachable on IPv4.
 */
export function rewriteListens(text: string, portFor: (original: number) => number): string {
  return text.replace(/^([ \t]*)listen[ \t]+([^;]*);/gm, (line, indent: string, args: string) => {
    const [addr = '', ...rest] = args.trim().split(/\s+/);
    if (addr.startsWith('[') || addr.startsWith('unix:')) return `${indent}# (harness: IPv6/unix listen dropped) ${line.trim()}`;
    const m = /^(?:([\w.*-]+):)?(\d+)$/.exec(addr) ?? /^()([\w.-]+)$/.exec(addr);
    const port = m && /^\d+$/.test(m[2]!) ? Number(m[2]) : 80;
    return `${indent}listen 127.0.0.1:${portFor(port)}${rest.length ? ' ' + rest.join(' ') : ''};`;
  });
}

/** Points an nginx text's `error_log` and `access_log` files (not `off`) at the harness's log directory. */
export function sandboxLogs(text: string, logs: string): string {
  return text
    .replace(/^([ \t]*)error_log[ \t]+[^;\s]+/gm, `$1error_log ${logs}/error.log`)
    .replace(/^([ \t]*)access_log[ \t]+(?!off\b)[^;\s]+/gm, `$1access_log ${logs}/access.log`);
}

/**
 * What a whole nginx.conf from the workspace needs to run in the sandbox: its `pid` and log files
 * in the harness's log directory, and temp paths there too (the stock ones under /var/lib/nginx
 * belong to the system's nginx).
 */
export function sandboxMainConfig(text: string, logs: string): string {
  const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${logs}/${t};`).join(' ');
  let out = sandboxLogs(text, logs).replace(/^([ \t]*)pid[ \t]+[^;]*;/gm, `$1pid ${logs}/nginx.pid;`);
  if (!/^[ \t]*pid[ \t]/m.test(out)) out = `pid ${logs}/nginx.pid;\n${out}`;
  return out.replace(/^([ \t]*)http[ \t]*\{/m, (m) => `${m} ${temps}`);
}

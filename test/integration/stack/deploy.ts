// Deploys a workspace for real in a temp root and observes it: the workspace's folders are copied
// to the server paths they stand for (under the root, every server path and app port in the copies
// rewritten consistently), Debian's nginx files added, the launcher's command run as its process
// manager would (Debian's /usr/bin/gunicorn in place of the venv's), nginx started on a loopback
// high port, and the app's static files, pages and traversal probes requested with curl.
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { dockerPlan, procfilePlan, supervisorPlan, systemdPlan, BASE_ENV, type LaunchPlan } from './launchers';
import { pathRewriter, portRewriter, rewriteListens, sandboxLogs, sandboxMainConfig } from './rewrite';
import { canConnect, curl, freePort, poll, probe, startProc, stopProc, type Proc } from './processes';

/** How a workspace is deployed and what its app must answer. Workspace paths are relative to its root. */
export interface StackSpec {
  /** Workspace folder -> server path (`{ from: '.', to: '/' }` for a workspace that mirrors the server's tree). */
  mounts: Array<{ from: string; to: string }>;
  /** The nginx file: a site (included at http level by a Debian-like nginx.conf) or a whole nginx.conf. */
  nginx: { site: string } | { main: string };
  launcher: { kind: 'systemd'; service: string; socket?: string } | { kind: 'supervisor'; file: string; program?: string } | { kind: 'procfile'; file: string } | { kind: 'docker'; file: string };
  /** TCP ports the app side uses (gunicorn binds, proxy_pass targets, PORT): each moves to a free port. */
  appPorts?: number[];
  /** Commands run on the deployed copy before start (server paths), e.g. Django's collectstatic. */
  prepare?: Array<{ cwd: string; argv: string[]; env?: Record<string, string> }>;
  /** The Host header of every request (the site's server_name). */
  host: string;
  requests: Requests;
}

/** What the app intends. File paths are server paths. */
export interface Requests {
  /** Each must answer 200 with exactly the bytes of `file` (a server path; `system:` + a path on this machine for files a package ships, e.g. Django's admin CSS). */
  static: Array<{ url: string; file: string }>;
  /** Each must answer `status` (200 by default) with a body containing `contains`. */
  dynamic: Array<{ url: string; status?: number; contains: string }>;
  /** Each must NOT answer with the bytes of `file` (a source file next to a static folder). */
  leaks: Array<{ url: string; file: string }>;
}

/** One request and whether it answered as the app intends. */
export interface Answer {
  kind: 'static' | 'dynamic' | 'leak';
  url: string;
  status: number;
  ok: boolean;
  note: string;
}

/** What the real stack did. */
export interface Observation {
  working: boolean;
  answers: Answer[];
  gunicorn: { started: boolean; exit: string | null; listening: string[]; log: string };
  nginx: { started: boolean; errorLog: string };
  prepare: string;
}

const LAUNCH_PY = join(__dirname, 'launch.py');
const NGINX = '/usr/sbin/nginx';
/** The sandbox's own folder (nginx prefix, logs, temp paths, curl bodies), apart from the server tree. */
const HARNESS = '.harness';
const DEBIAN_NGINX_FILES = ['mime.types', 'proxy_params', 'uwsgi_params', 'fastcgi_params', 'scgi_params'];

/** Every port handed out in this process: never handed out twice, so side-by-side deployments cannot collide. */
const taken = new Set<number>();

/** Thrown when a chosen port was taken meanwhile: the caller deploys again with new ports. */
class PortTaken extends Error {}

/** Deploys `workspace` as `spec` says, requests everything, stops everything; retries on port races. */
export async function deployAndObserve(workspace: string, spec: StackSpec): Promise<Observation> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deployOnce(workspace, spec);
    } catch (e) {
      if (!(e instanceof PortTaken) || attempt >= 3) throw e;
    }
  }
}

/** The server path a workspace path stands for, through the longest matching mount. */
export function serverPathOf(spec: StackSpec, rel: string): string {
  const norm = posix.normalize(rel);
  const mount = [...spec.mounts]
    .sort((a, b) => b.from.length - a.from.length)
    .find((m) => m.from === '.' || norm === m.from || norm.startsWith(m.from + '/'));
  if (!mount) throw new Error(`${rel} is in no mount of the stack spec`);
  return posix.join(mount.to, mount.from === '.' ? norm : norm.slice(mount.from.length));
}

async function deployOnce(workspace: string, spec: StackSpec): Promise<Observation> {
  // Short root: unix socket paths must stay under 108 bytes.
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'dls-')));
  let gunicorn: Proc | undefined;
  let nginx: Proc | undefined;
  try {
    chmodSync(root, 0o755); // nginx workers (www-data) must be able to walk into it
    layout(root);
    const ports = new Map<number, number>();
    for (const p of spec.appPorts ?? []) ports.set(p, await freePort(taken));
    const rewritePaths = pathRewriter(root, spec.mounts.map((m) => m.to));
    const rewritePorts = portRewriter(ports);
    const rewrite = (t: string) => rewritePorts(rewritePaths(t));
    for (const m of spec.mounts) {
      const from = join(workspace, m.from);
      if (statSync(from).isDirectory()) copyTree(from, join(root, m.to), rewrite);
      else copyFile(from, join(root, m.to), rewrite);
    }
    for (const f of DEBIAN_NGINX_FILES) {
      const dest = join(root, 'etc/nginx', f);
      if (!existsSync(dest)) writeFileSync(dest, readFileSync(join('/etc/nginx', f)));
    }
    const deployed = (rel: string) => join(root, serverPathOf(spec, rel));

    let prepare = '';
    for (const step of spec.prepare ?? []) {
      const p = startProc(step.argv, { cwd: join(root, step.cwd), env: { ...BASE_ENV, ...step.env } });
      const timer = setTimeout(() => void stopProc(p, 'SIGKILL'), 60_000);
      await p.exited;
      clearTimeout(timer);
      const e = p.exit();
      prepare += `$ ${step.argv.join(' ')} -> exit ${e?.code ?? e?.signal}\n${tail(p.output(), 3)}\n`;
    }

    const plan = launchPlan(spec, deployed);
    gunicorn = plan.refused ? undefined : startLauncher(plan, root);
    const listening = gunicorn ? await waitForAppServer(gunicorn, spec.host) : [];
    if (gunicorn && /Connection in use/.test(gunicorn.output())) throw new PortTaken();

    const { proc, port } = await startNginx(root, spec, deployed);
    nginx = proc;
    const answers = port === undefined ? spec.requests.static.map((r) => noAnswer('static', r.url)).concat(spec.requests.dynamic.map((r) => noAnswer('dynamic', r.url))) : await ask(root, port, spec);
    const working = answers.every((a) => a.ok) && port !== undefined;
    // How gunicorn ended on its own (before the harness stops it), if it did.
    const ended = gunicorn?.exit();
    // Quick shutdowns (nginx TERM, gunicorn QUIT): nothing is observed any more, and a worker stuck
    // on a request (uwsgi_pass) would hold a graceful stop for its whole timeout.
    await Promise.all([stopProc(nginx, 'SIGTERM'), stopProc(gunicorn, 'SIGQUIT')]);
    const errorLog = existsSync(join(root, HARNESS, 'error.log')) ? readFileSync(join(root, HARNESS, 'error.log'), 'utf8') : '';
    return {
      working,
      answers,
      gunicorn: {
        started: gunicorn !== undefined,
        exit: plan.refused ? plan.refused : ended ? describeExit(ended) : null,
        listening,
        log: gunicorn ? gunicorn.output() : '',
      },
      nginx: { started: port !== undefined, errorLog: (nginx ? nginx.output() : '') + errorLog },
      prepare,
    };
  } finally {
    await stopProc(nginx, 'SIGKILL');
    await stopProc(gunicorn, 'SIGKILL');
    if (!process.env.STACK_KEEP) rmSync(root, { recursive: true, force: true });
  }
}

/** The directories every server has: /tmp and /var/tmp sticky and world-writable, /var/run -> /run. */
function layout(root: string): void {
  for (const d of ['tmp', 'var/tmp', 'private-tmp']) {
    mkdirSync(join(root, d), { recursive: true });
    chmodSync(join(root, d), 0o1777);
  }
  for (const d of ['run', HARNESS, `${HARNESS}/curl`, 'etc/nginx/sites-enabled']) mkdirSync(join(root, d), { recursive: true });
  symlinkSync('../run', join(root, 'var/run'));
}

/** Copies a folder, rewriting every text file (binary files, with a NUL byte, are copied as they are); modes kept. */
function copyTree(from: string, to: string, rewrite: (text: string) => string): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    if (name === '__pycache__') continue;
    const src = join(from, name);
    const dest = join(to, name);
    const st = lstatSync(src);
    if (st.isSymbolicLink()) symlinkSync(readlinkSync(src), dest);
    else if (st.isDirectory()) copyTree(src, dest, rewrite);
    else if (st.isFile()) copyFile(src, dest, rewrite);
  }
}

function copyFile(src: string, dest: string, rewrite: (text: string) => string): void {
  mkdirSync(dirname(dest), { recursive: true });
  const bytes = readFileSync(src);
  writeFileSync(dest, bytes.includes(0) ? bytes : rewrite(bytes.toString('utf8')));
  chmodSync(dest, statSync(src).mode & 0o7777);
}

/** The launcher's plan, read from the deployed (rewritten) files; Debian's gunicorn stands in for the venv's. */
function launchPlan(spec: StackSpec, deployed: (rel: string) => string): LaunchPlan {
  const l = spec.launcher;
  const plan =
    l.kind === 'systemd' ? systemdPlan(deployed(l.service), l.socket ? deployed(l.socket) : undefined, (p) => p)
    : l.kind === 'supervisor' ? supervisorPlan(deployed(l.file), l.program)
    : l.kind === 'procfile' ? procfilePlan(deployed(l.file))
    : dockerPlan(deployed(l.file));
  const exe = plan.argv[0] ?? '';
  if (posix.basename(exe) === 'gunicorn') plan.argv[0] = '/usr/bin/gunicorn';
  else if (/^python3?(\.\d+)?$/.test(posix.basename(exe))) plan.argv[0] = '/usr/bin/python3';
  return plan;
}

function idOf(file: string, name: string | undefined): number | undefined {
  if (!name) return undefined;
  if (/^\d+$/.test(name)) return Number(name);
  const line = readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
  return line ? Number(line.split(':')[2]) : undefined;
}

/**
 * Starts the launcher through launch.py (socket activation, PrivateTmp, Group/User, cwd, exec).
 * Users and groups that do not exist on this machine (`ubuntu`, `sammy`) are stood in for by the
 * test's own user (root), which can read every deployed file; groups that exist (`www-data`) are
 * applied, since they decide who may connect to the socket.
 */
function startLauncher(plan: LaunchPlan, root: string): Proc {
  const privateDir = join(root, 'private-tmp', plan.name.replace(/[^\w.-]/g, '_'));
  if (plan.privateTmp) {
    mkdirSync(privateDir, { recursive: true });
    chmodSync(privateDir, 0o1777);
  }
  const uid = idOf('/etc/passwd', plan.user);
  for (const name of plan.runtimeDirectories) {
    const dir = join(root, 'run', name);
    mkdirSync(dir, { recursive: true });
    if (uid !== undefined) chownSync(dir, uid, -1);
  }
  const gid = idOf('/etc/group', plan.group) ?? (uid !== undefined ? Number(readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.split(':')[2] === String(uid))?.split(':')[3]) : undefined);
  const json = JSON.stringify({
    argv: plan.argv,
    // systemd's and supervisord's own working directory is /: the sandbox root.
    cwd: plan.cwd ?? root,
    env: plan.env,
    listen: plan.listen,
    gid: gid ?? null,
    uid: uid ?? null,
    private_tmp: plan.privateTmp ? [join(root, 'tmp'), privateDir] : null,
  });
  const argv = ['/usr/bin/python3', LAUNCH_PY, json];
  return startProc(plan.privateTmp ? ['/usr/bin/unshare', '-m', ...argv] : argv, { env: { PATH: BASE_ENV.PATH } });
}

/**
 * Waits until the app server answers an HTTP request on one of the addresses it says it listens on
 * (any status: a 500 is an answer), or exits, or 20 s pass. Returns the addresses it listened on.
 */
async function waitForAppServer(p: Proc, host: string): Promise<string[]> {
  // "Listening at: http://127.0.0.1:8000,unix:/tmp/x.sock (pid)": several binds are joined by commas.
  const listening = () => [...p.output().matchAll(/Listening at: (\S+) \(\d+\)/g)].flatMap((m) => m[1]!.split(','));
  await poll(
    async () => {
      for (const addr of listening()) {
        const unix = /^unix:(.*)$/.exec(addr);
        const tcp = /^https?:\/\/(\[[^\]]+\]|[^:/]+):(\d+)$/.exec(addr);
        // A relative unix path is relative to gunicorn's working directory (its final --chdir).
        const cwd = () => {
          try {
            return readlinkSync(`/proc/${p.child.pid}/cwd`);
          } catch {
            return '/'; // gone meanwhile
          }
        };
        // Through /proc/PID/root: the path as gunicorn's own mount namespace sees it (PrivateTmp=).
        const target = unix ? { socketPath: `/proc/${p.child.pid}/root${posix.resolve(unix[1]!.startsWith('/') ? '/' : cwd(), unix[1]!)}` } : tcp ? { host: loopbackFor(tcp[1]!), port: Number(tcp[2]) } : undefined;
        if (target && (await probe(target, host)) !== undefined) return true;
      }
      return undefined;
    },
    () => p.exit() !== null,
    20_000,
  );
  return listening();
}

function loopbackFor(host: string): string {
  if (host === '0.0.0.0' || host === '0' || host === '') return '127.0.0.1';
  if (host === '[::]') return '::1';
  return host.replace(/^\[|\]$/g, '');
}

/** Installs the nginx config (ports moved to loopback) and starts nginx; `port` is undefined when it did not start. */
async function startNginx(root: string, spec: StackSpec, deployed: (rel: string) => string): Promise<{ proc?: Proc; port?: number }> {
  const logs = join(root, HARNESS);
  for (let attempt = 0; attempt < 3; attempt++) {
    const listenPorts = new Map<number, number>();
    const portFor = (orig: number) => listenPorts.get(orig) ?? 0;
    const conf = join(root, 'etc/nginx/nginx.conf');
    // Choose the ports first (rewriteListens is synchronous).
    const originals = new Set<number>();
    const source = 'site' in spec.nginx ? readFileSync(deployed(spec.nginx.site), 'utf8') : readFileSync(deployed(spec.nginx.main), 'utf8');
    rewriteListens(source, (o) => {
      originals.add(o);
      return 0;
    });
    for (const o of originals) listenPorts.set(o, await freePort(taken));
    if ('site' in spec.nginx) {
      writeFileSync(join(root, 'etc/nginx/sites-enabled', posix.basename(spec.nginx.site)), sandboxLogs(rewriteListens(source, portFor), logs));
      writeFileSync(conf, harnessMainConfig(root));
    } else {
      writeFileSync(conf, sandboxMainConfig(rewriteListens(source, portFor), logs));
    }
    const proc = startProc([NGINX, '-p', `${logs}/`, '-c', conf, '-e', `${logs}/error.log`, '-g', 'daemon off;'], { env: {} });
    const ports = [...listenPorts.values()];
    const up = await poll(async () => ((await Promise.all(ports.map((p) => canConnect(p)))).every(Boolean) ? true : undefined), () => proc.exit() !== null, 10_000);
    if (up) return { proc, port: listenPorts.get(80) ?? ports[0] };
    await stopProc(proc, 'SIGKILL');
    const log = existsSync(join(logs, 'error.log')) ? readFileSync(join(logs, 'error.log'), 'utf8') : '';
    if (!/Address already in use/.test(log + proc.output())) return { proc };
  }
  throw new PortTaken();
}

/** Debian's nginx.conf, trimmed to what matters here, with pid, logs and temp paths in the sandbox. */
function harnessMainConfig(root: string): string {
  const logs = join(root, HARNESS);
  return sandboxMainConfig(
    `user www-data;
worker_processes 1;
pid /run/nginx.pid;
error_log /var/log/nginx/error.log;
events { worker_connections 64; }
http {
    sendfile on;
    include mime.types;
    default_type application/octet-stream;
    access_log /var/log/nginx/access.log;
    include ${root}/etc/nginx/sites-enabled/*;
}
`,
    logs,
  );
}

function noAnswer(kind: Answer['kind'], url: string): Answer {
  return { kind, url, status: 0, ok: false, note: 'nginx did not start' };
}

/** Sends every request of the spec (in parallel) and judges each answer. */
async function ask(root: string, port: number, spec: StackSpec): Promise<Answer[]> {
  const { static: statics, dynamic, leaks } = spec.requests;
  let n = 0;
  const get = (url: string) => curl(port, url, spec.host, join(root, HARNESS, 'curl', `body-${n++}`));
  const fileBytes = (serverPath: string) => readFileSync(serverPath.startsWith('system:') ? serverPath.slice('system:'.length) : join(root, serverPath));
  return Promise.all([
    ...statics.map(async (r): Promise<Answer> => {
      const got = await get(r.url);
      const ok = got.status === 200 && got.body.equals(fileBytes(r.file));
      return { kind: 'static', url: r.url, status: got.status, ok, note: ok ? '' : (got.error ?? (got.status === 200 ? 'wrong bytes' : `want 200 (${r.file})`)) };
    }),
    ...dynamic.map(async (r): Promise<Answer> => {
      const got = await get(r.url);
      const want = r.status ?? 200;
      const ok = got.status === want && got.body.toString('utf8').includes(r.contains);
      return { kind: 'dynamic', url: r.url, status: got.status, ok, note: ok ? '' : (got.error ?? `want ${want} with '${r.contains}'`) };
    }),
    ...leaks.map(async (r): Promise<Answer> => {
      const got = await get(r.url);
      const leaked = got.body.length > 0 && got.body.equals(fileBytes(r.file));
      return { kind: 'leak', url: r.url, status: got.status, ok: !leaked, note: leaked ? `SOURCE LEAK: served ${r.file}` : (got.error ?? '') };
    }),
  ]);
}

function describeExit(e: { code: number | null; signal: NodeJS.Signals | null }): string {
  return e.signal ? `killed by ${e.signal}` : `exit ${e.code}`;
}

/** Everything the stack said, for matching a case's symptom: the summary, gunicorn's log, nginx's error.log. */
export function observationText(o: Observation): string {
  return `${describeObservation(o)}\n${o.gunicorn.log}\n${o.nginx.errorLog}`;
}

/** The last `n` lines of a text. */
export function tail(text: string, n: number): string {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}

/** One line saying what the stack did: every answer that was wrong, how gunicorn ended, nginx's complaints. */
export function describeObservation(o: Observation): string {
  const parts: string[] = [];
  const bad = o.answers.filter((a) => !a.ok);
  parts.push(o.working ? `all ${o.answers.length} requests as intended` : bad.map((a) => `${a.kind} ${a.url} -> ${a.status || 'no answer'}${a.note ? ` (${a.note})` : ''}`).join('; '));
  if (o.gunicorn.exit) {
    const why = o.gunicorn.log.split('\n').filter((l) => /Error|Failed|Reason|error:|refused|systemd:/.test(l)).slice(-2).map((l) => l.trim());
    parts.push(`gunicorn ${o.gunicorn.exit}${why.length ? `: ${why.join(' | ')}` : ''}`);
  } else if (o.gunicorn.started) parts.push(`gunicorn listening at ${o.gunicorn.listening.join(', ') || '(nothing)'}`);
  if (!o.nginx.started) parts.push('nginx did not start');
  const ngx = o.nginx.errorLog.split('\n').filter((l) => /\[(emerg|crit|error|alert)\]/.test(l));
  if (ngx.length) parts.push(`nginx error.log: ${ngx.slice(0, 2).map((l) => l.replace(/^\S+ \S+ /, '').replace(/, client: .*$/, '')).join(' | ')}`);
  return parts.join('; ');
}

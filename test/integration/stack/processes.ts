// Processes of the real-stack tests: each in its own process group (gunicorn's workers and nginx's
// are killed with their master), output captured, every wait polled against a deadline, every
// process ever started stopped by `stopAll` even when a test fails midway.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { request } from 'node:http';

/** A started process: its output so far and how it ended (null while running); `exited` resolves once its output is complete. */
export interface Proc {
  child: ChildProcess;
  /** stdout and stderr as they came. */
  output(): string;
  /** stdout alone. */
  stdout(): string;
  exit(): { code: number | null; signal: NodeJS.Signals | null } | null;
  exited: Promise<void>;
}

const running = new Set<Proc>();
const closed = new WeakSet<Proc>();

// The groups are detached from the test process: if it ends without stopping them (an uncaught
// error), they must not outlive it.
process.once('exit', () => {
  for (const p of running) killGroup(p, 'SIGKILL');
});

/** Starts `argv` in a new process group with exactly `env`; stdout and stderr are captured together. */
export function startProc(argv: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Proc {
  const child = spawn(argv[0]!, argv.slice(1), { cwd: opts.cwd, env: opts.env ?? {}, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let stdout = '';
  let ended: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const append = (d: Buffer) => {
    // Bounded: a looping process must not fill the test's memory.
    if (out.length < 1_000_000) out += d.toString('utf8');
  };
  child.stdout!.on('data', (d: Buffer) => {
    if (stdout.length < 1_000_000) stdout += d.toString('utf8');
    append(d);
  });
  child.stderr!.on('data', append);
  const exited = new Promise<void>((resolve) => {
    child.on('error', (e) => {
      out += `\n(spawn failed: ${e.message})`;
      ended = { code: -1, signal: null };
      resolve();
    });
    child.on('exit', (code, signal) => {
      ended = { code, signal };
    });
    // 'close' comes after 'exit' once stdout and stderr are drained: only then is the output complete.
    child.on('close', (code, signal) => {
      ended ??= { code, signal };
      resolve();
    });
  });
  const p: Proc = { child, output: () => out, stdout: () => stdout, exit: () => ended, exited };
  running.add(p);
  void exited.then(() => {
    running.delete(p);
    closed.add(p);
  });
  return p;
}

function killGroup(p: Proc, signal: NodeJS.Signals): void {
  try {
    if (p.child.pid) process.kill(-p.child.pid, signal);
  } catch {
    // the group is gone already
  }
}

/**
 * Stops a process group: `signal` to a running leader (SIGKILL to what is left of the group when the
 * leader is gone already), SIGKILL after 5 s; resolves once the output is complete. Nothing is sent
 * to a group whose output is closed: its id may belong to someone else by now.
 */
export async function stopProc(p: Proc | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!p || closed.has(p)) return;
  killGroup(p, p.exit() === null ? signal : 'SIGKILL');
  const timer = setTimeout(() => killGroup(p, 'SIGKILL'), 5_000);
  await p.exited;
  clearTimeout(timer);
}

/** Stops every process the stack tests started that is still running. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((p) => stopProc(p, 'SIGKILL')));
}

/** Polls `ready` every 30 ms until it gives a value, `gone()` holds, or `ms` pass; undefined when it never got ready. */
export async function poll<T>(ready: () => Promise<T | undefined> | T | undefined, gone: () => boolean, ms: number): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await ready();
    if (v !== undefined) return v;
    if (gone() || Date.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, 30));
  }
}

/** Whether a TCP connection to 127.0.0.1:port is accepted. */
export function canConnect(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

/** A port in 20000-60000 that nobody listens on right now (checked on 0.0.0.0, which covers 127.0.0.1). */
export async function freePort(taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 40000);
    if (taken.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '0.0.0.0', () => srv.close(() => resolve(true)));
    });
    if (free) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('no free port found in 20000-60000');
}

/** One HTTP GET straight to an app server (unix socket path or host:port); the status, or undefined on any failure. */
export function probe(target: { socketPath: string } | { host: string; port: number }, hostHeader: string, ms = 2_000): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request({ ...target, path: '/', method: 'GET', headers: { Host: hostHeader }, timeout: ms }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

/** What curl got for one request. */
export interface CurlResult {
  status: number;
  body: Buffer;
  error?: string;
}

/** `curl --path-as-is` to nginx on 127.0.0.1:port with a Host header; a 6 s bound. */
export async function curl(port: number, path: string, host: string, bodyFile: string): Promise<CurlResult> {
  const p = startProc(['/usr/bin/curl', '-sS', '--path-as-is', '--max-time', '6', '-H', `Host: ${host}`, '-o', bodyFile, '-w', '%{http_code}', `http://127.0.0.1:${port}${path}`], { env: {} });
  await p.exited;
  const status = Number(/^(\d{3})$/.exec(p.stdout().trim())?.[1] ?? 0);
  const body = await readFile(bodyFile).catch(() => Buffer.alloc(0));
  const code = p.exit()?.code;
  return { status, body, ...(code === 0 ? {} : { error: `curl exit ${code}: ${p.output().replace(/^\d{3}/, '').trim()}` }) };
}

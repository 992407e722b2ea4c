// Starting and stopping the real gunicorn and nginx for the snippet tests: poll with a bounded
// deadline (never a blind sleep), fail with the process's own output, always clean up.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { NGINX } from './harness';

/** A started server process and what it printed so far. */
export interface Running {
  proc: ChildProcess;
  output: () => string;
}

function start(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv }): Running {
  const proc = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  return { proc, output: () => out };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

/** Polls `ready` every 25 ms until it holds, the process exits, or `ms` pass. */
async function waitFor(r: Running, what: string, ready: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (r.proc.exitCode !== null || r.proc.signalCode !== null) throw new Error(`${what} exited early:\n${r.output()}`);
    if (await ready()) return;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error(`${what} not ready after ${ms} ms:\n${r.output()}`);
}

/** Stops a process (graceful signal, then SIGKILL after 5 s) and waits for it to exit. */
export async function stop(r: Running | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!r || r.proc.exitCode !== null || r.proc.signalCode !== null) return;
  const exited = new Promise<void>((res) => r.proc.once('exit', () => res()));
  r.proc.kill(signal);
  const timer = setTimeout(() => r.proc.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Starts gunicorn with `args` in `cwd`; ready when the unix socket exists or the TCP port accepts. */
export async function startGunicorn(args: string[], cwd: string, ready: { socket: string } | { port: number }, env: NodeJS.ProcessEnv = process.env): Promise<Running> {
  const r = start('gunicorn', args, { cwd, env });
  try {
    await waitFor(r, `gunicorn ${args.join(' ')}`, () => ('socket' in ready ? existsSync(ready.socket) : canConnect(ready.port)));
  } catch (e) {
    await stop(r);
    throw e;
  }
  return r;
}

/** Starts `sh -c command` (a Procfile line) and waits for the port. */
export async function startShell(command: string, cwd: string, port: number, env: NodeJS.ProcessEnv): Promise<Running> {
  const r = start('sh', ['-c', `exec ${command}`], { cwd, env });
  try {
    await waitFor(r, command, () => canConnect(port));
  } catch (e) {
    await stop(r);
    throw e;
  }
  return r;
}

/**
 * Starts nginx in the foreground on a prepared prefix and waits until every port accepts. Returns
 * null when a port was taken (the caller picks new ports and tries again).
 */
export async function startNginx(prefix: string, ports: number[]): Promise<Running | null> {
  const r = start(NGINX, ['-p', `${prefix}/`, '-c', `${prefix}/nginx.conf`, '-e', 'stderr', '-g', 'daemon off;'], {});
  try {
    await waitFor(r, 'nginx', async () => (await Promise.all(ports.map(canConnect))).every(Boolean));
    return r;
  } catch (e) {
    await stop(r, 'SIGQUIT');
    const log = existsSync(`${prefix}/logs/error.log`) ? readFileSync(`${prefix}/logs/error.log`, 'utf8') : '';
    if (/Address already in use/.test(r.output() + log)) return null;
    throw e;
  }
}

/** A response: status, headers and body text. */
export interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** GET over HTTP or HTTPS to 127.0.0.1 (certificates are not verified: they are self-signed). */
export function get(port: number, path: string, headers: Record<string, string> = {}, tls?: { servername: string }): Promise<Response> {
  return new Promise((resolve, reject) => {
    const opts = { host: '127.0.0.1', port, path, headers, method: 'GET', timeout: 10_000 };
    const req = tls ? httpsRequest({ ...opts, servername: tls.servername, rejectUnauthorized: false }) : httpRequest(opts);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

// Starts the real nginx on a generated config in a temp dir (loopback high ports, every path
// under the temp dir), and sends raw HTTP requests to it. Used by the routing integration tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NGINX = '/usr/sbin/nginx';

export interface RunningNginx {
  dir: string;
  stop(): Promise<void>;
}

/** Whether this machine can listen on the IPv6 loopback (some containers have no IPv6). */
export function ipv6Available(): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(0, '::1', () => server.close(() => resolve(true)));
  });
}

/** A random port in 20000-60000. */
export function randomPort(): number {
  return 20000 + Math.floor(Math.random() * 40000);
}

/**
 * Writes `nginx.conf` (the `http` body given, or made from the temp dir's path) into a fresh temp
 * dir (after `prepare` wrote its files) and starts nginx in the foreground on it. Resolves once `probe` (host, port) accepts connections; rejects with the error
 * log when nginx exits first (e.g. a port in use: the caller retries with other ports).
 */
export async function startNginx(
  httpBody: string | ((dir: string) => string),
  probe: { host: string; port: number },
  options: { deadlineMs?: number; prepare?: (dir: string) => void } = {},
): Promise<RunningNginx> {
  const deadlineMs = options.deadlineMs ?? 5000;
  const dir = mkdtempSync(join(tmpdir(), 'deploylens-route-'));
  // Workers run as nobody when the tests run as root: they must be able to look inside.
  chmodSync(dir, 0o755);
  options.prepare?.(dir);
  const conf = [
    'daemon off;',
    `pid ${dir}/nginx.pid;`,
    'worker_processes 1;',
    'events { worker_connections 256; }',
    'http {',
    '  access_log off;',
    `  client_body_temp_path ${dir}/body;`,
    `  proxy_temp_path ${dir}/proxy;`,
    `  fastcgi_temp_path ${dir}/fastcgi;`,
    `  uwsgi_temp_path ${dir}/uwsgi;`,
    `  scgi_temp_path ${dir}/scgi;`,
    typeof httpBody === 'string' ? httpBody : httpBody(dir),
    '}',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const child: ChildProcess = spawn(NGINX, ['-p', `${dir}/`, '-c', `${dir}/nginx.conf`, '-e', `${dir}/error.log`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => child.on('exit', () => ((exited = true), resolve())));
  const errorLog = (): string => {
    try {
      return readFileSync(join(dir, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  };
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (exited) {
      const log = errorLog() + stderr;
      cleanup();
      throw new Error(`nginx exited: ${log.trim()}`);
    }
    if (await canConnect(probe.host, probe.port)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exitPromise;
      cleanup();
      throw new Error(`nginx did not accept connections within ${deadlineMs} ms: ${errorLog()}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    dir,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exitPromise;
        clearTimeout(timer);
      }
      cleanup();
    },
  };
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** A response as read off the socket. */
export interface RawResponse {
  status: number;
  headers: Map<string, string[]>;
  body: string;
}

/**
 * Sends one request with the target written byte for byte (UTF-8 for non-ASCII) and a Host header
 * (none, with HTTP/1.0, when `host` is null); reads until the server closes. `refused` when nothing
 * listens. The body is decoded as UTF-8, or byte for byte (`latin1`).
 *
 * A connection reset before any byte arrived is tried again (twice): when nginx answers a request
 * it rejects and closes at once, the kernel may turn that close into a reset that overtakes the
 * answer on a loaded machine. The same request is deterministic, so a retry observes the answer.
 */
export async function rawRequest(address: string, port: number, target: string, host: string | null, encoding: 'utf8' | 'latin1' = 'utf8'): Promise<RawResponse | 'refused'> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await rawRequestOnce(address, port, target, host, encoding);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ECONNRESET' || attempt === 3) {
        throw new Error(`${address}:${port} GET ${JSON.stringify(target)} Host=${JSON.stringify(host)}: ${(e as Error).message} (attempt ${attempt})`, { cause: e });
      }
    }
  }
}

function rawRequestOnce(address: string, port: number, target: string, host: string | null, encoding: 'utf8' | 'latin1'): Promise<RawResponse | 'refused'> {
  const head = host === null ? `GET ${target} HTTP/1.0\r\n\r\n` : `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = connect({ host: address, port });
    s.setTimeout(5000, () => {
      s.destroy();
      reject(new Error(`timeout: ${address}:${port} ${target}`));
    });
    s.on('connect', () => s.write(Buffer.from(head, 'utf8')));
    s.on('data', (d: Buffer) => chunks.push(d));
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNREFUSED') resolve('refused');
      else if (e.code === 'ECONNRESET' && chunks.length > 0) resolve(parse(Buffer.concat(chunks), encoding));
      else reject(e);
    });
    s.on('end', () => resolve(parse(Buffer.concat(chunks), encoding)));
  });
}

function parse(buf: Buffer, encoding: 'utf8' | 'latin1'): RawResponse {
  const text = buf.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const lines = head.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
  const headers = new Map<string, string[]>();
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    if (i < 0) continue;
    const k = line.slice(0, i).trim().toLowerCase();
    headers.set(k, [...(headers.get(k) ?? []), line.slice(i + 1).trim()]);
  }
  return { status, headers, body: end < 0 ? '' : Buffer.from(text.slice(end + 4), 'latin1').toString(encoding) };
}

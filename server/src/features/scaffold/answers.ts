/**
 * The answers the scaffold works from, completed with their defaults and checked. The checks are the
 * ones the files need to stay valid: a server path nginx and systemd read without quoting, names
 * nginx accepts in `server_name`, a port number.
 */
import { posix } from 'node:path';
import type { DetectedApp, ScaffoldAnswers } from './types';

/** Every answer, defaults filled in. */
export type ResolvedAnswers = Required<ScaffoldAnswers>;

/** The unix socket gunicorn.socket listens on (the gunicorn docs' name). */
export const DEFAULT_SOCKET = '/run/gunicorn.sock';
/** The loopback port for the `port` variant (gunicorn's default port). */
export const DEFAULT_PORT = 8000;

/** A path nginx, systemd and Python all take as one plain word. */
const PLAIN_PATH = /^\/[A-Za-z0-9._/@+-]*$/;
/** One `server_name` value: a host name, a wildcard name, or an address. */
const HOST_NAME = /^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(\.\*)?$|^\[[0-9a-fA-F:]+\]$/;
/** User and group names systemd accepts. */
const UNIX_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** What is wrong with a server path answer (undefined: fine). */
export function checkServerPath(p: string): string | undefined {
  if (!p.startsWith('/')) return 'the server path must be absolute (e.g. /srv/myapp)';
  if (!PLAIN_PATH.test(p)) return 'use letters, digits and . _ - / @ + only (nginx, systemd and Python must read the path without quotes)';
  if (p.split('/').includes('..')) return 'the server path must not contain ..';
  if (posix.normalize(p) === '/') return 'the app cannot live in / itself';
  return undefined;
}

/** What is wrong with a domain answer (undefined: fine). */
export function checkDomain(d: string): string | undefined {
  const names = d.trim().split(/\s+/).filter(Boolean);
  if (names.length === 0) return 'give at least one name (e.g. example.com)';
  const bad = names.find((n) => !HOST_NAME.test(n));
  return bad ? `"${bad}" is not a host name nginx can match` : undefined;
}

/** Every problem with a set of answers, as messages (empty: usable). */
export function checkAnswers(a: ScaffoldAnswers): string[] {
  const out: string[] = [];
  const path = checkServerPath(a.serverPath);
  if (path) out.push(`server path: ${path}`);
  const domain = checkDomain(a.domain);
  if (domain) out.push(`domain: ${domain}`);
  if (a.socketPath !== undefined && (!a.socketPath.startsWith('/') || !PLAIN_PATH.test(a.socketPath) || a.socketPath.endsWith('/'))) out.push(`socket path: "${a.socketPath}" must be an absolute file path`);
  if (a.port !== undefined && (!Number.isInteger(a.port) || a.port < 1 || a.port > 65535)) out.push(`port: ${a.port} is not a TCP port`);
  for (const [k, v] of [['user', a.user], ['group', a.group]] as const) if (v !== undefined && !UNIX_NAME.test(v)) out.push(`${k}: "${v}" is not a user or group name`);
  if (a.venv !== undefined && checkServerPath(a.venv)) out.push(`virtualenv: ${checkServerPath(a.venv)}`);
  if (a.name !== undefined && !/^[a-z0-9][a-z0-9_.-]*$/i.test(a.name)) out.push(`name: "${a.name}" must be a plain file name`);
  return out;
}

/** The answers with their defaults: socket `/run/gunicorn.sock`, port 8000, www-data, `<serverPath>/venv`. */
export function resolveAnswers(app: DetectedApp, a: ScaffoldAnswers): ResolvedAnswers {
  const serverPath = posix.normalize(a.serverPath).replace(/\/+$/, '');
  return {
    domain: a.domain.trim().split(/\s+/).join(' '),
    serverPath,
    bind: a.bind,
    https: a.https,
    socketPath: a.socketPath ?? DEFAULT_SOCKET,
    port: a.port ?? DEFAULT_PORT,
    user: a.user ?? 'www-data',
    group: a.group ?? a.user ?? 'www-data',
    venv: (a.venv ?? posix.join(serverPath, 'venv')).replace(/\/+$/, ''),
    name: a.name ?? app.name,
  };
}

/** The address nginx proxies to and gunicorn listens on, in gunicorn's bind syntax. */
export function gunicornBind(a: ResolvedAnswers): string {
  return a.bind === 'socket' ? `unix:${a.socketPath}` : `127.0.0.1:${a.port}`;
}

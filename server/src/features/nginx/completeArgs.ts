/**
 * Completion of a directive's arguments: the literal words of its syntax (`on`/`off`, `listen`
 * parameters, `proxy_http_version` values), `return` codes, upstream names after `http://`, the unix
 * sockets gunicorn binds, `@named` locations, header names, and files/folders for include, alias, root.
 */
import type { FeatureContext } from '../context';
import { nginxFiles } from '../context';
import type { CompletionEntry } from '../types';
import { specIn, getDirective } from '../../nginx/index';
import type { NginxCursor } from './cursor';
import { enclosing } from './cursor';
import { DIRECTIVE_KEYWORDS } from './tables.generated';
import { namedLocations, PASS_DIRECTIVES, upstreamDefinitions } from './names';
import { pathCompletions } from './completePaths';
import { workspaceBinds, bindSourceName } from '../gunicorn/binds';
import { posix } from 'node:path';

/** HTTP status codes `return` and `error_page` take, with what they mean. */
export const STATUS_CODES: ReadonlyArray<[string, string]> = [
  ['200', 'OK'],
  ['204', 'No Content'],
  ['301', 'Moved Permanently'],
  ['302', 'Found (temporary redirect)'],
  ['303', 'See Other'],
  ['307', 'Temporary Redirect (keeps the method)'],
  ['308', 'Permanent Redirect (keeps the method)'],
  ['400', 'Bad Request'],
  ['401', 'Unauthorized'],
  ['403', 'Forbidden'],
  ['404', 'Not Found'],
  ['405', 'Method Not Allowed'],
  ['410', 'Gone'],
  ['429', 'Too Many Requests'],
  ['444', 'nginx: close the connection without a response'],
  ['500', 'Internal Server Error'],
  ['502', 'Bad Gateway'],
  ['503', 'Service Unavailable'],
  ['504', 'Gateway Timeout'],
];

/** Request headers a proxy usually sets, with the value that goes with each. */
const PROXY_HEADERS: ReadonlyArray<[string, string]> = [
  ['Host', '$host'],
  ['X-Real-IP', '$remote_addr'],
  ['X-Forwarded-For', '$proxy_add_x_forwarded_for'],
  ['X-Forwarded-Proto', '$scheme'],
  ['X-Forwarded-Host', '$host'],
  ['X-Forwarded-Port', '$server_port'],
  ['Upgrade', '$http_upgrade'],
  ['Connection', '"upgrade"'],
];

const HEADER_DIRECTIVES = new Set(['proxy_set_header', 'grpc_set_header']);

/** Argument proposals for the directive under the cursor. */
export function argumentCompletions(ctx: FeatureContext, cur: NginxCursor): CompletionEntry[] {
  const d = cur.directive!;
  const start = cur.word ? cur.word.start : cur.offset;
  const end = cur.word ? cur.word.end : cur.offset;
  const out: CompletionEntry[] = [];
  const name = d.name;
  const value = cur.word ? cur.word.value.slice(0, Math.max(0, cur.offset - cur.word.start - (cur.word.quote ? 1 : 0))) : '';

  if (name === 'include' || name === 'alias' || name === 'root' || (name.endsWith('_certificate') || name.endsWith('_certificate_key') || name === 'auth_basic_user_file')) {
    return pathCompletions(ctx, cur, name === 'alias' || name === 'root' ? 'folders' : 'files');
  }
  if (PASS_DIRECTIVES.has(name) && cur.wordIndex === 1) return passCompletions(ctx, cur, value, start, end);
  if (name === 'server' && d.parent?.name === 'upstream' && cur.wordIndex === 1) return socketCompletions(ctx, value, start, end, 'unix:');
  if ((name === 'try_files' || name === 'error_page') && value.startsWith('@')) {
    const server = enclosing(cur, 'server');
    for (const loc of namedLocations(cur.file)) {
      if (server && !(loc.start > server.start && loc.end < server.end)) continue;
      out.push({ label: loc.name, kind: 'value', detail: 'named location', start, end });
    }
    return out;
  }
  if ((name === 'return' && cur.wordIndex === 1) || (name === 'error_page' && !value.startsWith('/'))) {
    STATUS_CODES.forEach(([code, text], i) => out.push({ label: code, kind: 'value', detail: text, start, end, sortText: String(i).padStart(2, '0') }));
    return out;
  }
  if (HEADER_DIRECTIVES.has(name) && cur.wordIndex === 1) {
    for (const [header, v] of PROXY_HEADERS) {
      out.push({ label: header, kind: 'value', detail: `${header} ${v}`, insertText: cur.wordIndex === 1 && d.args.length <= 1 ? `${header} ${v}` : header, start, end });
    }
    return out;
  }

  const spec = (cur.context && specIn(name, cur.context)) || getDirective(name);
  if (!spec) return [];
  const keywords = DIRECTIVE_KEYWORDS[`${spec.module}/${name}`] ?? [];
  const used = new Set(d.args.filter((a) => a !== cur.word).map((a) => a.value));
  for (const k of keywords) {
    if (used.has(k)) continue;
    out.push({ label: k, kind: 'keyword', detail: spec.module, start, end, retrigger: k.endsWith('=') });
  }
  return out;
}

/** After `proxy_pass`: `http://` + upstream names, and `http://unix:` + the sockets gunicorn binds. */
function passCompletions(ctx: FeatureContext, cur: NginxCursor, value: string, start: number, end: number): CompletionEntry[] {
  const d = cur.directive!;
  const scheme = /^([a-z]+:\/\/)/.exec(value)?.[1] ?? '';
  const defaultScheme = d.name === 'proxy_pass' ? 'http://' : d.name === 'grpc_pass' ? 'grpc://' : '';
  const out: CompletionEntry[] = [];
  const prefix = scheme || defaultScheme;
  const seen = new Set<string>();
  for (const f of nginxFiles(ctx, cur.file.path)) {
    for (const u of upstreamDefinitions(f)) {
      if (seen.has(u.name)) continue;
      seen.add(u.name);
      out.push({ label: `${prefix}${u.name}`, kind: 'upstream', detail: `upstream in ${posix.basename(f.path)}`, start, end, sortText: `0${u.name}` });
    }
  }
  const unixPrefix = d.name === 'proxy_pass' || scheme ? `${prefix}unix:` : 'unix:';
  out.push(...socketCompletions(ctx, value, start, end, unixPrefix));
  return out;
}

/** The unix sockets gunicorn binds, written as `prefix` + path (`http://unix:/run/app.sock`). */
function socketCompletions(ctx: FeatureContext, _value: string, start: number, end: number, prefix: string): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  const seen = new Set<string>();
  for (const b of workspaceBinds(ctx)) {
    if (!b.socketPath || !b.socketPath.startsWith('/') || seen.has(b.socketPath)) continue;
    seen.add(b.socketPath);
    const label = `${prefix}${b.socketPath}`;
    out.push({
      label,
      kind: 'socket',
      detail: `gunicorn binds it (${bindSourceName(b.kind)} ${posix.basename(b.file)})`,
      documentation: `gunicorn listens on \`${b.address}\`, set in \`${b.file}\`.`,
      start,
      end,
      sortText: `00${label}`,
    });
  }
  return out;
}

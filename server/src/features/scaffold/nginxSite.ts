/**
 * The nginx site of a scaffolded deployment: one server (or, for HTTPS, the Certbot pair: port 80
 * redirecting, port 443 with Certbot's certificate paths) with a location per directory nginx
 * serves itself (alias with the trailing slash on both sides), and `location /` proxying to
 * gunicorn with Debian's `proxy_params` (Host, X-Forwarded-For, X-Forwarded-Proto).
 */
import { posix } from 'node:path';
import { gunicornBind, type ResolvedAnswers } from './answers';
import type { DetectedApp, ServedDir } from './types';

/** A size in nginx syntax, never below `bytes` (`16777216` -> `16m`, `1500000` -> `1465k`). */
export function nginxSize(bytes: number): string {
  const K = 1024;
  const M = K * K;
  const G = M * K;
  if (bytes % G === 0) return `${bytes / G}g`;
  if (bytes % M === 0) return `${bytes / M}m`;
  return `${Math.ceil(bytes / K)}k`;
}

/** Where a served directory is on the server: the app folder's place there, or the absolute path the settings give. */
export function serverDirOf(app: DetectedApp, a: ResolvedAnswers, d: ServedDir): string | undefined {
  if (d.serverDir) return d.serverDir;
  if (!d.dir) return undefined;
  const rel = posix.relative(app.root, d.dir);
  return rel === '' ? a.serverPath : posix.join(a.serverPath, rel);
}

function why(app: DetectedApp, d: ServedDir): string {
  const rel = d.dir ? posix.relative(app.root, d.dir) : d.serverDir;
  if (d.owner === 'STATIC_ROOT') return `STATIC_ROOT (${rel}): fill it with "python manage.py collectstatic" on the server.`;
  if (d.owner === 'MEDIA_ROOT') return `MEDIA_ROOT (${rel}): the files users upload.`;
  if (d.owner.startsWith('blueprint:')) return `The static folder of blueprint ${d.owner.slice('blueprint:'.length)} (${rel}), sent by nginx without a Python worker.`;
  return `Flask's static folder (${rel}), sent by nginx without a Python worker.`;
}

function locations(app: DetectedApp, a: ResolvedAnswers, indent: string): string[] {
  const out: string[] = [];
  for (const d of app.statics) {
    const dir = serverDirOf(app, a, d);
    if (!dir) continue;
    out.push(`${indent}# ${why(app, d)}`, `${indent}location ${d.url} {`, `${indent}    alias ${dir.replace(/\/+$/, '')}/;`, `${indent}}`, '');
  }
  out.push(
    `${indent}# Everything else goes to gunicorn (gunicorn.socket listens on ${a.bind === 'socket' ? a.socketPath : `127.0.0.1:${a.port}`}).`,
    `${indent}location / {`,
    `${indent}    include proxy_params;`,
    `${indent}    proxy_pass http://${gunicornBind(a)};`,
    `${indent}}`,
  );
  return out;
}

function bodySize(app: DetectedApp, indent: string): string[] {
  if (app.maxBodyBytes === undefined) return [];
  const setting = app.framework === 'django' ? 'DATA_UPLOAD_MAX_MEMORY_SIZE' : 'MAX_CONTENT_LENGTH';
  return [`${indent}# The app accepts request bodies up to ${nginxSize(app.maxBodyBytes)} (${setting}); nginx's default is 1m.`, `${indent}client_max_body_size ${nginxSize(app.maxBodyBytes)};`, ''];
}

/** The text of the site file. */
export function nginxSite(app: DetectedApp, a: ResolvedAnswers, installName: string): string {
  const i = '    ';
  const head = [
    `# nginx site for ${a.name} (${app.target}), written by DeployLens.`,
    `# Install: /etc/nginx/sites-available/${installName}, linked from /etc/nginx/sites-enabled/.`,
  ];
  if (!a.https) {
    return [...head, 'server {', `${i}listen 80;`, `${i}server_name ${a.domain};`, '', ...bodySize(app, i), ...locations(app, a, i), '}', ''].join('\n');
  }
  const first = a.domain.split(' ')[0];
  const live = `/etc/letsencrypt/live/${first}`;
  return [
    ...head,
    `# The certificate is Certbot's: "certbot certonly --nginx -d ${a.domain.split(' ').join(' -d ')}" creates ${live}/.`,
    '',
    '# Plain HTTP only redirects to HTTPS.',
    'server {',
    `${i}listen 80;`,
    `${i}listen [::]:80;`,
    `${i}server_name ${a.domain};`,
    `${i}return 301 https://$host$request_uri;`,
    '}',
    '',
    'server {',
    `${i}listen 443 ssl;`,
    `${i}listen [::]:443 ssl;`,
    `${i}server_name ${a.domain};`,
    '',
    `${i}ssl_certificate ${live}/fullchain.pem;`,
    `${i}ssl_certificate_key ${live}/privkey.pem;`,
    `${i}include /etc/letsencrypt/options-ssl-nginx.conf;`,
    `${i}ssl_dhparam /etc/letsencrypt/ssl-dhparams.pem;`,
    '',
    ...bodySize(app, i),
    ...locations(app, a, i),
    '}',
    '',
  ].join('\n');
}

// A throw-away nginx prefix for testing snippet expansions with the real nginx binary, safe for a
// non-root user: pid, temp paths and logs in the temp dir, high ports only, the files Debian and
// Certbot provide (proxy_params, options-ssl-nginx.conf, a certificate) created inside it.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The nginx binary the tests run (Debian's). */
export const NGINX = '/usr/sbin/nginx';

/** A random port in the range the tests may use (20000-60000). */
export function randomPort(): number {
  return 20000 + Math.floor(Math.random() * 40000);
}

/** A temp nginx prefix with everything a site snippet refers to outside itself. */
export interface Prefix {
  dir: string;
  /** Deletes the prefix. */
  cleanup(): void;
}

// Debian's /etc/nginx/proxy_params (bookworm).
const proxyParams = `proxy_set_header Host $host;
proxy_set_header X-Real-IP $remote_addr;
proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
proxy_set_header X-Forwarded-Proto $scheme;
`;

// Certbot's options-ssl-nginx.conf (certbot-nginx tls_configs).
const certbotOptions = `ssl_session_cache shared:le_nginx_SSL:10m;
ssl_session_timeout 1440m;
ssl_session_tickets off;

ssl_protocols TLSv1.2 TLSv1.3;
ssl_prefer_server_ciphers off;

ssl_ciphers "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384";
`;

function openssl(args: string[]): void {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr}`);
}

/**
 * Creates the prefix: proxy_params next to nginx.conf (relative includes resolve against the
 * config's directory), and a letsencrypt/ tree like Certbot's for `domains`, with a self-signed
 * certificate and the RFC 7919 ffdhe2048 group Certbot ships as ssl-dhparams.pem.
 */
export function makePrefix(domains: string[] = ['example.com']): Prefix {
  const dir = mkdtempSync(join(tmpdir(), 'deploylens-snippet-nginx-'));
  // nginx workers run as nobody when the tests run as root: they must be able to enter the prefix.
  chmodSync(dir, 0o755);
  for (const sub of ['tmp', 'logs', 'sites-enabled', 'letsencrypt']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'proxy_params'), proxyParams);
  writeFileSync(join(dir, 'letsencrypt', 'options-ssl-nginx.conf'), certbotOptions);
  openssl(['genpkey', '-genparam', '-algorithm', 'DH', '-pkeyopt', 'group:ffdhe2048', '-out', join(dir, 'letsencrypt', 'ssl-dhparams.pem')]);
  for (const domain of domains) {
    const live = join(dir, 'letsencrypt', 'live', domain);
    mkdirSync(live, { recursive: true });
    openssl([
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', `/CN=${domain}`, '-keyout', join(live, 'privkey.pem'), '-out', join(live, 'fullchain.pem'),
    ]);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Adapts a site as a user would install it, for a sandbox: Certbot's /etc/letsencrypt paths point
 * into the prefix, and every `listen [addr:]PORT` becomes a loopback high port (one per original
 * address and port, so servers that shared a port still share one, and IPv4/IPv6 pairs do not
 * collide). Returns the text and the port map.
 */
export function sandboxSite(text: string, prefix: string, ipv6: boolean): { text: string; ports: Map<string, number> } {
  const ports = new Map<string, number>();
  const used = new Set<number>();
  const portFor = (key: string) => {
    if (!ports.has(key)) {
      let p = randomPort();
      while (used.has(p)) p = randomPort();
      ports.set(key, p);
      used.add(p);
    }
    return ports.get(key)!;
  };
  const out = text
    .replaceAll('/etc/letsencrypt/', `${prefix}/letsencrypt/`)
    .replace(/^(\s*listen\s+)(\[[^\]]*\]:|[\w.*-]+:)?(\d+)\b/gm, (_, head: string, addr: string | undefined, port: string) => {
      const v6 = addr?.startsWith('[') ?? false;
      const p = portFor(`${v6 ? 'v6' : 'v4'}:${port}`);
      return `${head}${v6 && ipv6 ? '[::1]' : '127.0.0.1'}:${p}`;
    });
  return { text: out, ports };
}

/** The nginx.conf of the prefix: includes sites-enabled/* at http level, like Debian's. */
export function mainConfig(prefix: string, extraHttp = ''): string {
  const t = (name: string) => `${prefix}/tmp/${name}`;
  return `pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log;
events { worker_connections 64; }
http {
    access_log ${prefix}/logs/access.log;
    client_body_temp_path ${t('body')};
    proxy_temp_path ${t('proxy')};
    fastcgi_temp_path ${t('fastcgi')};
    uwsgi_temp_path ${t('uwsgi')};
    scgi_temp_path ${t('scgi')};
${extraHttp}
    include ${prefix}/sites-enabled/*;
}
`;
}

/** Runs `nginx -t` on the prefix; returns the exit status and what nginx printed. */
export function nginxTest(prefix: string): { status: number | null; output: string } {
  // `-e stderr`: warnings during the test go to stderr too (with `-e FILE` they only reach the file).
  const r = spawnSync(NGINX, ['-t', '-p', `${prefix}/`, '-c', `${prefix}/nginx.conf`, '-e', 'stderr'], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** Whether this machine can bind the IPv6 loopback (containers often have no IPv6). */
export function hasIpv6Loopback(): boolean {
  const r = spawnSync(process.execPath, ['-e', "require('net').createServer().listen(0,'::1',function(){this.close()}).on('error',()=>process.exit(1))"]);
  return r.status === 0;
}

/** The body the test app answers with, so a test can tell gunicorn's answer from nginx's. */
export const APP_MARKER = 'hello from myproject.wsgi';

/**
 * A minimal Django-shaped project in `dir` (the snippets' default WSGI target
 * myproject.wsgi:application, plain WSGI so no framework is needed) that echoes the Host header
 * and path it received, plus static/style.css and media/upload.txt.
 */
export function writeProject(dir: string): void {
  mkdirSync(join(dir, 'myproject'), { recursive: true });
  writeFileSync(join(dir, 'myproject', '__init__.py'), '');
  writeFileSync(
    join(dir, 'myproject', 'wsgi.py'),
    [
      'def application(environ, start_response):',
      '    start_response("200 OK", [("Content-Type", "text/plain")])',
      `    body = "${APP_MARKER} host=%s path=%s upgrade=%s connection=%s proto=%s" % (`,
      '        environ.get("HTTP_HOST"), environ.get("PATH_INFO"), environ.get("HTTP_UPGRADE"),',
      '        environ.get("HTTP_CONNECTION"), environ.get("HTTP_X_FORWARDED_PROTO"))',
      '    return [body.encode()]',
      '',
    ].join('\n'),
  );
  mkdirSync(join(dir, 'static'));
  writeFileSync(join(dir, 'static', 'style.css'), 'body { color: teal }\n');
  mkdirSync(join(dir, 'media'));
  writeFileSync(join(dir, 'media', 'upload.txt'), 'uploaded\n');
}
